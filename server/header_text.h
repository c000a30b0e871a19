// Case folding of header names, splitting and trimming of header values (the Authorization header's
// comma-separated fields, a credential scope's slash-separated parts), shared by the SigV4 parser
// and the identity read from the same header. Views into the caller's text; nothing is copied.
#pragma once

#include <string_view>
#include <vector>

namespace ecl {

// Every part between separators, empty ones included ("a,,b" is three parts).
inline std::vector<std::string_view> SplitView(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return parts;
}

// A header's byte in lower case. Names and the tokens compared (a content type) are ASCII,
// so this is the whole of it; std::tolower asks the C locale once per byte (a thousand
// instructions per request).
inline char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

// Without the spaces and tabs at either end.
inline std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace ecl

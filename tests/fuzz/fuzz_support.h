// Shared by the libFuzzer targets: a failed property is a crash (abort with the evidence), so
// libFuzzer keeps the input as a reproducer; inputs are split into parts at one separator.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace ecl::fuzz {

[[noreturn]] inline void Fail(const std::string& what) {
  std::fprintf(stderr, "\n=== fuzz property violated ===\n%s\n", what.c_str());
  std::abort();
}

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The parts of `input` between occurrences of `separator`, at most `max_parts` (the last one
// keeps the rest).
inline std::vector<std::string_view> SplitInput(std::string_view input, char separator,
                                                size_t max_parts) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    size_t at = input.find(separator);
    if (at == std::string_view::npos) break;
    parts.push_back(input.substr(0, at));
    input.remove_prefix(at + 1);
  }
  parts.push_back(input);
  return parts;
}

}  // namespace ecl::fuzz

#include "server/query_params.h"

#include <algorithm>

#include "model/aws_error.h"

namespace ecl {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string UrlDecode(std::string_view encoded) {
  std::string out;
  out.reserve(encoded.size());
  size_t copied = 0;  // bytes before this were copied or decoded; the plain ones go in runs
  for (size_t i = 0; i < encoded.size(); ++i) {
    const char c = encoded[i];
    if (c != '+' && c != '%') continue;
    out.append(encoded.data() + copied, i - copied);
    if (c == '+') {
      out.push_back(' ');
    } else {
      int hi = i + 1 < encoded.size() ? HexValue(encoded[i + 1]) : -1;
      int lo = i + 2 < encoded.size() ? HexValue(encoded[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        std::string bad(encoded.substr(i, 3));
        throw common_errors::MalformedQueryString(
            "The query string contains a syntax error: invalid percent-encoding '" + bad +
            "' (a '%' must be followed by two hexadecimal digits).");
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    }
    copied = i + 1;
  }
  out.append(encoded.data() + copied, encoded.size() - copied);
  return out;
}

void AppendUrlEncoded(std::string_view encoded, QueryParams& out) {
  size_t pos = 0;
  while (pos <= encoded.size()) {
    size_t end = encoded.find('&', pos);
    if (end == std::string_view::npos) end = encoded.size();
    std::string_view pair = encoded.substr(pos, end - pos);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      if (eq == std::string_view::npos)
        out.emplace_back(UrlDecode(pair), std::string());
      else
        out.emplace_back(UrlDecode(pair.substr(0, eq)), UrlDecode(pair.substr(eq + 1)));
    }
    pos = end + 1;
  }
}

QueryParams ParseUrlEncoded(std::string_view encoded) {
  QueryParams params;
  AppendUrlEncoded(encoded, params);
  return params;
}

void AppendTargetQuery(std::string_view target, QueryParams& out) {
  size_t q = target.find('?');
  if (q == std::string_view::npos) return;
  std::string_view query = target.substr(q + 1);
  if (size_t hash = query.find('#'); hash != std::string_view::npos) query = query.substr(0, hash);
  AppendUrlEncoded(query, out);
}

std::optional<std::string_view> FindEncodedParam(std::string_view encoded,
                                                 std::string_view name) {
  while (!encoded.empty()) {
    const size_t end = std::min(encoded.find('&'), encoded.size());
    std::string_view pair = encoded.substr(0, end);
    encoded.remove_prefix(std::min(end + 1, encoded.size()));
    if (pair.size() > name.size() && pair[name.size()] == '=' && pair.starts_with(name))
      return pair.substr(name.size() + 1);
  }
  return std::nullopt;
}

const std::string* FindParam(const QueryParams& params, std::string_view name) {
  for (const auto& [k, v] : params)
    if (k == name) return &v;
  return nullptr;
}

}  // namespace ecl

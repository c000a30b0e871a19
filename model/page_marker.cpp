#include "model/page_marker.h"

#include <cstdint>

#include "model/naming.h"

namespace ecl {

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// Not a secret worth the name: it only has to make markers that were not issued unlikely to
// check out, across restarts and machines alike.
constexpr std::string_view kKey = "elasticache-local marker v1";

std::string Base64Url(std::string_view bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3F];
  return out;
}

std::optional<std::string> FromBase64Url(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    auto index = kAlphabet.find(c);
    if (index == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | uint32_t(index);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += char((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string Checksum(std::string_view operation, std::string_view position) {
  std::string text;
  text.reserve(kKey.size() + operation.size() + position.size() + 2);
  text.append(kKey).append(1, '\0').append(operation).append(1, '\0').append(position);
  uint64_t h = StableHash(text);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(12, '0');
  for (int i = 11; i >= 0; --i, h >>= 4) out[size_t(i)] = kHex[h & 0xF];
  return out;
}

}  // namespace

std::string EncodeMarker(std::string_view operation, std::string_view position) {
  return Base64Url(position) + "." + Checksum(operation, position);
}

std::optional<std::string> DecodeMarker(std::string_view operation, std::string_view marker) {
  if (marker.size() > kMaxMarkerLength) return std::nullopt;
  auto dot = marker.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto position = FromBase64Url(marker.substr(0, dot));
  if (!position || Checksum(operation, *position) != marker.substr(dot + 1)) return std::nullopt;
  return position;
}

}  // namespace ecl

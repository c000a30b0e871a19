// The two primitives SigV4 needs, from OpenSSL's libcrypto: SHA-256 and HMAC-SHA256.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ecl {

// The SHA-256 digest of `data` as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view data);
// HMAC-SHA256 of `data` under `key`: 32 raw bytes.
std::string HmacSha256(std::string_view key, std::string_view data);
// `bytes` as lower-case hex.
std::string HexEncode(std::string_view bytes);
// Equality that takes as long whatever the first difference, so a caller comparing a secret
// learns nothing from the time it takes.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace ecl

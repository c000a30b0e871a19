// Character classes the model's parsers and validators share (ASCII only, unlike <cctype>,
// which depends on the locale and takes int).
#pragma once

namespace ecl {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

inline bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace ecl

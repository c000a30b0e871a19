// UTF-8 as the protocol accepts it: well-formed sequences of characters XML 1.0 can carry
// (no overlong forms, no UTF-16 surrogates, nothing above U+10FFFF, not U+FFFE/U+FFFF), so
// whatever a request stores can be answered in XML. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace ecl {

// Length of the valid sequence at s[i] (lead byte >= 0x80), or 0 when it is not one.
size_t Utf8SequenceLength(std::string_view s, size_t i);
// Whether all of `s` is such UTF-8.
bool IsValidUtf8(std::string_view s);

}  // namespace ecl

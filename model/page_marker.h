// Page markers: the opaque Marker a describe operation returns when more results follow, and
// the check that a Marker sent back is one this server issued for that operation. A marker
// carries the position to continue after (the last id returned) and a keyed checksum of the
// operation and position, so a forged, truncated or foreign marker is refused instead of
// silently listing from an arbitrary string. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ecl {

// Markers longer than this were never issued (positions are ids of at most 255 characters).
inline constexpr std::size_t kMaxMarkerLength = 1024;

std::string EncodeMarker(std::string_view operation, std::string_view position);
// The position, or nullopt when `marker` was not issued for `operation`.
std::optional<std::string> DecodeMarker(std::string_view operation, std::string_view marker);

}  // namespace ecl

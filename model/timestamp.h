// Timestamp: a moment on the emulator clock, milliseconds since the Unix epoch (UTC), and its
// one ISO-8601 form ("2026-12-01T08:47:53.123Z") used by the API, the admin endpoints and logs.
// Plain data and pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace ecl {

// Kept distinct from integers so the serializer knows to print ISO-8601.
struct Timestamp {
  int64_t epoch_ms = 0;
  bool operator==(const Timestamp&) const = default;
  auto operator<=>(const Timestamp&) const = default;
};

// Appends "YYYY-MM-DDTHH:MM:SS.mmmZ" (years outside 0-9999 are printed as they are).
void AppendIso8601(std::string& out, Timestamp t);
std::string FormatIso8601(Timestamp t);

}  // namespace ecl

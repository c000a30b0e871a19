// Weekly maintenance windows ("ddd:hh24:mi-ddd:hh24:mi") and daily snapshot windows
// ("hh24:mi-hh24:mi"), both UTC: parsing, the 60-minute minimum, the no-overlap rule between
// them, when a window next opens, and the defaults ElastiCache assigns when none is given.
// Pure values and functions; thread-safe. Bad input throws AwsError InvalidParameterValue.
//
// Choices where AWS documents nothing exact:
// - Both windows must be at least 60 minutes (AWS: "Snapshot window must be at least 60
//   minutes."; the maintenance minimum is documented). No maximum is applied: ElastiCache
//   documents none (the 24-hour cap is RDS's).
// - A window whose end is earlier than its start wraps: over the week end (sat:23:30-sun:00:30)
//   or over midnight (23:30-00:30). Equal start and end is a zero-length window, rejected.
// - Hours and minutes take exactly two digits; day names are case-insensitive and stored lower.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ecl {

inline constexpr int kMinutesPerDay = 24 * 60;
inline constexpr int kMinutesPerWeek = 7 * kMinutesPerDay;
inline constexpr int kMinimumWindowMinutes = 60;

// A weekly range; minutes counted from Sunday 00:00 UTC.
struct MaintenanceWindow {
  int start_minute_of_week = 0;
  int end_minute_of_week = 0;

  int DurationMinutes() const;
  std::string ToString() const;  // canonical "sun:23:00-mon:01:30"
  bool operator==(const MaintenanceWindow&) const = default;
};

// A daily range; minutes counted from 00:00 UTC.
struct SnapshotWindow {
  int start_minute_of_day = 0;
  int end_minute_of_day = 0;

  int DurationMinutes() const;
  std::string ToString() const;  // canonical "05:00-09:00"
  bool operator==(const SnapshotWindow&) const = default;
};

MaintenanceWindow ParseMaintenanceWindow(std::string_view text);
SnapshotWindow ParseSnapshotWindow(std::string_view text);

// Validate and return the canonical (lower-case) text to store.
std::string NormalizeMaintenanceWindow(std::string_view text);
std::string NormalizeSnapshotWindow(std::string_view text);

// True when some day's snapshot window shares a minute with the maintenance window. Windows
// that only touch (one ends at 05:00, the other starts at 05:00) do not overlap.
bool WindowsOverlap(const MaintenanceWindow& maintenance, const SnapshotWindow& snapshot);
// Throws InvalidParameterValue "The snapshot window and maintenance window must not overlap."
void ValidateWindowsDoNotOverlap(const MaintenanceWindow& maintenance,
                                 const SnapshotWindow& snapshot);

// Epoch milliseconds of the first opening of the window at or after `now_ms` (UTC).
int64_t NextWindowStart(const MaintenanceWindow& window, int64_t now_ms);
int64_t NextWindowStart(const SnapshotWindow& window, int64_t now_ms);
// True while `now_ms` lies inside an opening of the window (start inclusive, end exclusive).
bool IsWithinWindow(const MaintenanceWindow& window, int64_t now_ms);

// The windows ElastiCache would assign when the request names none. AWS picks "a 60-minute
// window on a randomly selected day of the week"; the emulator derives it from `seed` (the
// group id) so that repeated runs agree: day = hash % 7, start on a half hour between 03:00
// and 10:30 UTC (a typical regional night-time block), 60 minutes long.
MaintenanceWindow DefaultMaintenanceWindow(std::string_view seed);
// A 60-minute daily window starting on a half hour chosen from the seed, moved later an hour
// at a time until it does not overlap `avoid`.
SnapshotWindow DefaultSnapshotWindow(std::string_view seed, const MaintenanceWindow& avoid);

}  // namespace ecl

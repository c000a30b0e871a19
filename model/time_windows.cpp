#include "model/time_windows.h"

#include <array>
#include <optional>

#include "model/aws_faults.h"
#include "model/naming.h"

namespace ecl {
namespace {

constexpr std::array<std::string_view, 7> kDayNames = {"sun", "mon", "tue", "wed",
                                                       "thu", "fri", "sat"};
constexpr int64_t kMsPerMinute = 60'000;
constexpr int64_t kMsPerDay = int64_t{kMinutesPerDay} * kMsPerMinute;
constexpr int64_t kMsPerWeek = int64_t{kMinutesPerWeek} * kMsPerMinute;
// 1970-01-01 was a Thursday: the Sunday before it began four days earlier.
constexpr int64_t kEpochSinceSundayMs = 4 * kMsPerDay;

int64_t FloorMod(int64_t value, int64_t modulus) {
  int64_t r = value % modulus;
  return r < 0 ? r + modulus : r;
}

std::optional<int> ParseTwoDigits(std::string_view text, int max_value) {
  if (text.size() != 2 || text[0] < '0' || text[0] > '9' || text[1] < '0' || text[1] > '9') {
    return std::nullopt;
  }
  int value = (text[0] - '0') * 10 + (text[1] - '0');
  if (value > max_value) return std::nullopt;
  return value;
}

// "hh:mi" -> minute of day.
std::optional<int> ParseTimeOfDay(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  auto hour = ParseTwoDigits(text.substr(0, 2), 23);
  auto minute = ParseTwoDigits(text.substr(3, 2), 59);
  if (!hour || !minute) return std::nullopt;
  return *hour * 60 + *minute;
}

// "ddd:hh:mi" -> minute of week.
std::optional<int> ParseTimeOfWeek(std::string_view text) {
  if (text.size() != 9 || text[3] != ':') return std::nullopt;
  const std::string day = [&] {
    std::string d(text.substr(0, 3));
    for (char& c : d) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return d;
  }();
  for (std::size_t i = 0; i < kDayNames.size(); ++i) {
    if (day == kDayNames[i]) {
      auto minute_of_day = ParseTimeOfDay(text.substr(4));
      if (!minute_of_day) return std::nullopt;
      return static_cast<int>(i) * kMinutesPerDay + *minute_of_day;
    }
  }
  return std::nullopt;
}

std::string FormatTimeOfDay(int minute_of_day) {
  std::string out(5, '0');
  int hour = minute_of_day / 60;
  int minute = minute_of_day % 60;
  out[0] = static_cast<char>('0' + hour / 10);
  out[1] = static_cast<char>('0' + hour % 10);
  out[2] = ':';
  out[3] = static_cast<char>('0' + minute / 10);
  out[4] = static_cast<char>('0' + minute % 10);
  return out;
}

std::string FormatTimeOfWeek(int minute_of_week) {
  return std::string(kDayNames[static_cast<std::size_t>(minute_of_week / kMinutesPerDay)]) + ":" +
         FormatTimeOfDay(minute_of_week % kMinutesPerDay);
}

int WrappedLength(int start, int end, int period) {
  return static_cast<int>(FloorMod(end - start, period));
}

// Two arcs [a, a+la) and [b, b+lb) on a circle of length `period` share a point.
bool ArcsIntersect(int64_t a, int64_t la, int64_t b, int64_t lb, int64_t period) {
  return FloorMod(b - a, period) < la || FloorMod(a - b, period) < lb;
}

}  // namespace

int MaintenanceWindow::DurationMinutes() const {
  return WrappedLength(start_minute_of_week, end_minute_of_week, kMinutesPerWeek);
}

std::string MaintenanceWindow::ToString() const {
  return FormatTimeOfWeek(start_minute_of_week) + "-" + FormatTimeOfWeek(end_minute_of_week);
}

int SnapshotWindow::DurationMinutes() const {
  return WrappedLength(start_minute_of_day, end_minute_of_day, kMinutesPerDay);
}

std::string SnapshotWindow::ToString() const {
  return FormatTimeOfDay(start_minute_of_day) + "-" + FormatTimeOfDay(end_minute_of_day);
}

MaintenanceWindow ParseMaintenanceWindow(std::string_view text) {
  std::optional<int> start, end;
  if (text.size() == 19 && text[9] == '-') {
    start = ParseTimeOfWeek(text.substr(0, 9));
    end = ParseTimeOfWeek(text.substr(10));
  }
  if (!start || !end) {
    throw faults::InvalidParameterValueException(
        "Invalid PreferredMaintenanceWindow '" + std::string(text) +
        "'. The format is ddd:hh24:mi-ddd:hh24:mi (24H clock, UTC) where ddd is one of sun, "
        "mon, tue, wed, thu, fri, sat; for example sun:23:00-mon:01:30.");
  }
  MaintenanceWindow window{*start, *end};
  if (window.DurationMinutes() < kMinimumWindowMinutes) {
    throw faults::InvalidParameterValueException(
        "Maintenance window must be at least 60 minutes. The window " + window.ToString() + " is " +
        std::to_string(window.DurationMinutes()) + " minutes long.");
  }
  return window;
}

SnapshotWindow ParseSnapshotWindow(std::string_view text) {
  std::optional<int> start, end;
  if (text.size() == 11 && text[5] == '-') {
    start = ParseTimeOfDay(text.substr(0, 5));
    end = ParseTimeOfDay(text.substr(6));
  }
  if (!start || !end) {
    throw faults::InvalidParameterValueException(
        "Invalid SnapshotWindow '" + std::string(text) +
        "'. The format is hh24:mi-hh24:mi (24H clock, UTC); for example 05:00-09:00.");
  }
  SnapshotWindow window{*start, *end};
  if (window.DurationMinutes() < kMinimumWindowMinutes) {
    throw faults::InvalidParameterValueException(
        "Snapshot window must be at least 60 minutes. The window " + window.ToString() + " is " +
        std::to_string(window.DurationMinutes()) + " minutes long.");
  }
  return window;
}

std::string NormalizeMaintenanceWindow(std::string_view text) {
  return ParseMaintenanceWindow(text).ToString();
}

std::string NormalizeSnapshotWindow(std::string_view text) {
  return ParseSnapshotWindow(text).ToString();
}

bool WindowsOverlap(const MaintenanceWindow& maintenance, const SnapshotWindow& snapshot) {
  for (int day = 0; day < 7; ++day) {
    if (ArcsIntersect(maintenance.start_minute_of_week, maintenance.DurationMinutes(),
                      day * kMinutesPerDay + snapshot.start_minute_of_day,
                      snapshot.DurationMinutes(), kMinutesPerWeek)) {
      return true;
    }
  }
  return false;
}

void ValidateWindowsDoNotOverlap(const MaintenanceWindow& maintenance,
                                 const SnapshotWindow& snapshot) {
  if (WindowsOverlap(maintenance, snapshot)) {
    throw faults::InvalidParameterValueException(
        "The snapshot window and maintenance window must not overlap.");
  }
}

int64_t NextWindowStart(const MaintenanceWindow& window, int64_t now_ms) {
  const int64_t week_start = now_ms - FloorMod(now_ms + kEpochSinceSundayMs, kMsPerWeek);
  int64_t candidate = week_start + window.start_minute_of_week * kMsPerMinute;
  if (candidate < now_ms) candidate += kMsPerWeek;
  return candidate;
}

int64_t NextWindowStart(const SnapshotWindow& window, int64_t now_ms) {
  const int64_t day_start = now_ms - FloorMod(now_ms, kMsPerDay);
  int64_t candidate = day_start + window.start_minute_of_day * kMsPerMinute;
  if (candidate < now_ms) candidate += kMsPerDay;
  return candidate;
}

bool IsWithinWindow(const MaintenanceWindow& window, int64_t now_ms) {
  const int64_t since_start = FloorMod(
      now_ms + kEpochSinceSundayMs - window.start_minute_of_week * kMsPerMinute, kMsPerWeek);
  return since_start < window.DurationMinutes() * kMsPerMinute;
}

MaintenanceWindow DefaultMaintenanceWindow(std::string_view seed) {
  const uint64_t h = StableHash("maintenance-window/" + std::string(seed));
  const int day = static_cast<int>(h % 7);
  const int half_hour_slot = static_cast<int>((h / 7) % 16);  // 03:00 .. 10:30
  const int start = day * kMinutesPerDay + 3 * 60 + half_hour_slot * 30;
  return {start, (start + kMinimumWindowMinutes) % kMinutesPerWeek};
}

SnapshotWindow DefaultSnapshotWindow(std::string_view seed, const MaintenanceWindow& avoid) {
  const uint64_t h = StableHash("snapshot-window/" + std::string(seed));
  int start = static_cast<int>(h % 48) * 30;
  SnapshotWindow window{start, (start + kMinimumWindowMinutes) % kMinutesPerDay};
  // A 60-minute maintenance window touches at most two clock hours of one day, so a few
  // one-hour steps always find a free slot; the bound only guards against a wide `avoid`.
  for (int step = 0; step < 24 && WindowsOverlap(avoid, window); ++step) {
    start = (start + 60) % kMinutesPerDay;
    window = {start, (start + kMinimumWindowMinutes) % kMinutesPerDay};
  }
  return window;
}

}  // namespace ecl

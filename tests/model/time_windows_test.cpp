#include "model/time_windows.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "model/aws_error.h"
#include "tests/model/sample_resources.h"

namespace ecl {
namespace {

using testing_support::ExpectInvalidValue;

// Sunday 2023-11-12 00:00:00 UTC.
constexpr int64_t kSunday = 1699747200000;
constexpr int64_t kMinute = 60'000;
constexpr int64_t kDay = 1440 * kMinute;
constexpr int64_t kWeek = 7 * kDay;

struct WindowCase {
  std::string input;
  std::string canonical;       // when valid
  int duration_minutes;        // when valid
  std::string error_fragment;  // non-empty: invalid
};

class MaintenanceWindowTest : public ::testing::TestWithParam<WindowCase> {};

TEST_P(MaintenanceWindowTest, ParsesOrRejects) {
  const WindowCase& c = GetParam();
  if (!c.error_fragment.empty()) {
    ExpectInvalidValue([&] { ParseMaintenanceWindow(c.input); }, c.error_fragment);
    return;
  }
  MaintenanceWindow w = ParseMaintenanceWindow(c.input);
  EXPECT_EQ(w.ToString(), c.canonical);
  EXPECT_EQ(w.DurationMinutes(), c.duration_minutes);
  EXPECT_EQ(NormalizeMaintenanceWindow(c.input), c.canonical);
}

INSTANTIATE_TEST_SUITE_P(
    Table, MaintenanceWindowTest,
    ::testing::Values(WindowCase{"sun:23:00-mon:01:30", "sun:23:00-mon:01:30", 150, ""},
                      WindowCase{"SUN:05:00-Sun:06:00", "sun:05:00-sun:06:00", 60, ""},
                      WindowCase{"sat:23:30-sun:00:30", "sat:23:30-sun:00:30", 60, ""},
                      WindowCase{"wed:00:00-thu:00:00", "wed:00:00-thu:00:00", 1440, ""},
                      WindowCase{"mon:10:00-mon:09:00", "mon:10:00-mon:09:00", 10080 - 60, ""},
                      WindowCase{"sun:05:00-sun:05:59", "", 0, "must be at least 60 minutes"},
                      WindowCase{"sun:05:00-sun:05:00", "", 0, "must be at least 60 minutes"},
                      WindowCase{"sat:23:30-sun:00:29", "", 0, "sat:23:30-sun:00:29 is 59 minutes"},
                      WindowCase{"sun:24:00-mon:01:00", "", 0, "'sun:24:00-mon:01:00'"},
                      WindowCase{"sun:05:60-mon:01:00", "", 0, "'sun:05:60-mon:01:00'"},
                      WindowCase{"sun:5:00-sun:09:00", "", 0, "'sun:5:00-sun:09:00'"},
                      WindowCase{"sunday:05:00-sunday:06:00", "", 0, "ddd:hh24:mi-ddd:hh24:mi"},
                      WindowCase{"xyz:05:00-sun:06:00", "", 0, "'xyz:05:00-sun:06:00'"},
                      WindowCase{"sun:05:00 sun:06:00", "", 0, "'sun:05:00 sun:06:00'"},
                      WindowCase{"05:00-06:00", "", 0, "'05:00-06:00'"},
                      WindowCase{"", "", 0, "''"}));

class SnapshotWindowTest : public ::testing::TestWithParam<WindowCase> {};

TEST_P(SnapshotWindowTest, ParsesOrRejects) {
  const WindowCase& c = GetParam();
  if (!c.error_fragment.empty()) {
    ExpectInvalidValue([&] { ParseSnapshotWindow(c.input); }, c.error_fragment);
    return;
  }
  SnapshotWindow w = ParseSnapshotWindow(c.input);
  EXPECT_EQ(w.ToString(), c.canonical);
  EXPECT_EQ(w.DurationMinutes(), c.duration_minutes);
  EXPECT_EQ(NormalizeSnapshotWindow(c.input), c.canonical);
}

INSTANTIATE_TEST_SUITE_P(
    Table, SnapshotWindowTest,
    ::testing::Values(
        WindowCase{"05:00-09:00", "05:00-09:00", 240, ""},
        WindowCase{"23:30-00:30", "23:30-00:30", 60, ""},
        WindowCase{"00:00-23:59", "00:00-23:59", 1439, ""},
        WindowCase{"05:00-05:30", "", 0, "Snapshot window must be at least 60 minutes."},
        WindowCase{"05:00-05:00", "", 0, "Snapshot window must be at least 60 minutes."},
        WindowCase{"25:00-26:00", "", 0, "'25:00-26:00'"},
        WindowCase{"5:00-9:00", "", 0, "'5:00-9:00'"},
        WindowCase{"sun:05:00-sun:06:00", "", 0, "hh24:mi-hh24:mi"},
        WindowCase{"05:00_09:00", "", 0, "'05:00_09:00'"}));

struct OverlapCase {
  std::string maintenance;
  std::string snapshot;
  bool overlap;
};

class OverlapTest : public ::testing::TestWithParam<OverlapCase> {};

TEST_P(OverlapTest, ComparesEveryDaysSnapshotWithTheWeeklyWindow) {
  const OverlapCase& c = GetParam();
  MaintenanceWindow m = ParseMaintenanceWindow(c.maintenance);
  SnapshotWindow s = ParseSnapshotWindow(c.snapshot);
  EXPECT_EQ(WindowsOverlap(m, s), c.overlap);
  if (c.overlap) {
    ExpectInvalidValue([&] { ValidateWindowsDoNotOverlap(m, s); },
                       "The snapshot window and maintenance window must not overlap.");
  } else {
    EXPECT_NO_THROW(ValidateWindowsDoNotOverlap(m, s));
  }
}

INSTANTIATE_TEST_SUITE_P(Table, OverlapTest,
                         ::testing::Values(OverlapCase{"sun:05:00-sun:06:00", "05:30-06:30", true},
                                           OverlapCase{"sun:05:00-sun:06:00", "06:00-07:00", false},
                                           OverlapCase{"sun:05:00-sun:06:00", "04:00-05:00", false},
                                           OverlapCase{"sun:05:00-sun:06:00", "04:00-05:01", true},
                                           OverlapCase{"wed:05:00-wed:06:00", "03:00-08:00", true},
                                           OverlapCase{"sat:23:30-sun:00:30", "00:00-01:00", true},
                                           OverlapCase{"sat:23:30-sun:00:30", "22:30-23:30", false},
                                           OverlapCase{"sat:23:30-sun:00:30", "22:00-23:45", true},
                                           OverlapCase{"mon:22:00-mon:23:00", "23:30-01:00", false},
                                           OverlapCase{"tue:00:00-tue:01:00", "23:30-00:30", true},
                                           OverlapCase{"mon:01:00-sun:00:00", "12:00-13:00",
                                                       true}));

struct NextStartCase {
  std::string window;
  int64_t now_ms;
  int64_t expected_ms;
};

class NextWindowStartTest : public ::testing::TestWithParam<NextStartCase> {};

TEST_P(NextWindowStartTest, FindsTheNextWeeklyOpening) {
  const NextStartCase& c = GetParam();
  EXPECT_EQ(NextWindowStart(ParseMaintenanceWindow(c.window), c.now_ms), c.expected_ms);
}

INSTANTIATE_TEST_SUITE_P(
    Table, NextWindowStartTest,
    ::testing::Values(
        // Tuesday 2023-11-14 22:13:20 UTC.
        NextStartCase{"wed:03:00-wed:04:00", 1700000000000, kSunday + 3 * kDay + 180 * kMinute},
        NextStartCase{"tue:22:00-tue:23:00", 1700000000000,
                      kSunday + kWeek + 2 * kDay + 1320 * kMinute},
        NextStartCase{"sun:00:00-sun:01:00", kSunday, kSunday},
        NextStartCase{"sun:00:00-sun:01:00", kSunday + 1, kSunday + kWeek},
        NextStartCase{"sat:23:30-sun:00:30", kSunday + 10 * kMinute,
                      kSunday + 6 * kDay + 1410 * kMinute},
        // The Sunday before the epoch (1969-12-28) and a Thursday epoch itself.
        NextStartCase{"sun:00:00-sun:01:00", -345600000, -345600000},
        NextStartCase{"thu:00:00-thu:01:00", 0, 0}, NextStartCase{"thu:00:00-thu:01:00", -1, 0}));

TEST(NextWindowStartTest, DailySnapshotWindow) {
  SnapshotWindow w = ParseSnapshotWindow("05:00-06:00");
  EXPECT_EQ(NextWindowStart(w, kSunday), kSunday + 300 * kMinute);
  EXPECT_EQ(NextWindowStart(w, kSunday + 300 * kMinute), kSunday + 300 * kMinute);
  EXPECT_EQ(NextWindowStart(w, kSunday + 301 * kMinute), kSunday + kDay + 300 * kMinute);
}

TEST(IsWithinWindowTest, StartInclusiveEndExclusiveAndWraps) {
  MaintenanceWindow w = ParseMaintenanceWindow("sat:23:30-sun:00:30");
  EXPECT_TRUE(IsWithinWindow(w, kSunday));
  EXPECT_TRUE(IsWithinWindow(w, kSunday - 30 * kMinute));
  EXPECT_FALSE(IsWithinWindow(w, kSunday - 31 * kMinute));
  EXPECT_TRUE(IsWithinWindow(w, kSunday + 29 * kMinute));
  EXPECT_FALSE(IsWithinWindow(w, kSunday + 30 * kMinute));
}

TEST(DefaultWindowsTest, DeterministicSixtyMinutesAndNonOverlapping) {
  for (std::string seed : {"my-redis-rg", "a", "cluster-x", "redis2x2", "z-9", "abc"}) {
    MaintenanceWindow m = DefaultMaintenanceWindow(seed);
    EXPECT_EQ(m, DefaultMaintenanceWindow(seed));
    EXPECT_EQ(m.DurationMinutes(), 60);
    const int minute_of_day = m.start_minute_of_week % kMinutesPerDay;
    EXPECT_GE(minute_of_day, 3 * 60);
    EXPECT_LE(minute_of_day, 10 * 60 + 30);
    EXPECT_EQ(ParseMaintenanceWindow(m.ToString()), m);

    SnapshotWindow s = DefaultSnapshotWindow(seed, m);
    EXPECT_EQ(s, DefaultSnapshotWindow(seed, m));
    EXPECT_EQ(s.DurationMinutes(), 60);
    EXPECT_FALSE(WindowsOverlap(m, s)) << m.ToString() << " vs " << s.ToString();
  }
}

TEST(DefaultWindowsTest, SnapshotMovesAwayFromAClashingMaintenanceWindow) {
  // Whatever slot the seed picks, a maintenance window on every day at that time forces a move.
  SnapshotWindow free =
      DefaultSnapshotWindow("seed", ParseMaintenanceWindow("sun:00:00-sun:01:00"));
  const int start = free.start_minute_of_day;
  MaintenanceWindow clash{start, start + 60};
  SnapshotWindow moved = DefaultSnapshotWindow("seed", clash);
  EXPECT_FALSE(WindowsOverlap(clash, moved));
}

}  // namespace
}  // namespace ecl

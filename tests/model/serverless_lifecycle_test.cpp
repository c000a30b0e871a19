// Lifecycle steps of serverless caches and their snapshots: creating → available with the daily
// snapshot scheduled, a modify applying a pending engine upgrade, the daily snapshot falling
// due and waiting for the next day, deleting → gone; snapshots becoming available, automated
// ones expiring, deleted ones going.
#include <gtest/gtest.h>

#include "model/lifecycle.h"
#include "tests/model/lifecycle_support.h"

namespace ecl {
namespace {

using testing_support::At;
using testing_support::Removed;

constexpr int64_t kHourMs = 3600 * 1000;
constexpr int64_t kDayMs = 24 * kHourMs;

ServerlessCache Creating(int retention_days) {
  ServerlessCache c;
  c.id = "sessions";
  c.engine = "redis";
  c.major_engine_version = "7";
  c.snapshot_retention_limit = retention_days;
  c.daily_snapshot_time = "09:00";
  c.status = ServerlessCacheStatus::kCreating;
  c.transition = StartTransition(kCreate, Timestamp{10 * kDayMs}, 5000);
  return c;
}

TEST(ServerlessCacheLifecycle, CreatingBecomesAvailableAndSaysSo) {
  ServerlessCache c = Creating(0);
  EXPECT_TRUE(AdvanceServerlessCache(c, At(Timestamp{10 * kDayMs + 4999})).empty());
  auto events = AdvanceServerlessCache(c, At(Timestamp{10 * kDayMs + 5000}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].source_type, "serverless-cache");
  EXPECT_EQ(events[0].source_id, "sessions");
  EXPECT_EQ(events[0].message, "Serverless cache sessions created");
  EXPECT_EQ(c.status, "available");
  EXPECT_FALSE(c.transition);  // no retention, no daily snapshot
}

TEST(ServerlessCacheLifecycle, TheDailySnapshotFallsDueAndWaitsForTheNextDay) {
  ServerlessCache c = Creating(2);
  AdvanceServerlessCache(c, At(Timestamp{10 * kDayMs + 5000}));
  ASSERT_TRUE(c.transition);
  EXPECT_EQ(c.transition->kind, kDailySnapshot);
  EXPECT_EQ(c.transition->due_at.epoch_ms, 10 * kDayMs + 9 * kHourMs);
  auto events = AdvanceServerlessCache(c, At(Timestamp{10 * kDayMs + 9 * kHourMs}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].what, happened::kSnapshotStarted);
  EXPECT_TRUE(events[0].source_type.empty());  // the snapshot's completion is what shows
  EXPECT_EQ(events[0].at.epoch_ms, 10 * kDayMs + 9 * kHourMs);
  EXPECT_EQ(c.status, "available");
  EXPECT_EQ(c.transition->due_at.epoch_ms, 11 * kDayMs + 9 * kHourMs);
}

TEST(ServerlessCacheLifecycle, AfterAClockJumpOnlySnapshotsStillKeptAreTaken) {
  ServerlessCache c = Creating(2);
  AdvanceServerlessCache(c, At(Timestamp{10 * kDayMs + 5000}));
  // Thirty days later: the snapshot of day 10 is due; the next one is one a 2-day retention
  // still keeps (day 38), not day 11.
  const Timestamp now{40 * kDayMs};
  AdvanceServerlessCache(c, At(now));
  ASSERT_TRUE(c.transition);
  EXPECT_EQ(c.transition->due_at.epoch_ms, 38 * kDayMs + 9 * kHourMs);
}

TEST(ServerlessCacheLifecycle, AModifyAppliesThePendingUpgradeAndSchedulesTheSnapshotAgain) {
  ServerlessCache c = Creating(1);
  AdvanceServerlessCache(c, At(Timestamp{10 * kDayMs + 5000}));
  c.status = ServerlessCacheStatus::kModifying;
  c.pending_engine = "valkey";
  c.pending_major_engine_version = "8";
  c.transition = StartTransition(kModify, Timestamp{10 * kDayMs + 6000}, 1000);
  auto events = AdvanceServerlessCache(c, At(Timestamp{10 * kDayMs + 7000}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].message, "Serverless cache sessions updated");
  EXPECT_EQ(c.engine, "valkey");
  EXPECT_EQ(c.major_engine_version, "8");
  EXPECT_FALSE(c.pending_engine);
  EXPECT_EQ(c.status, "available");
  ASSERT_TRUE(c.transition);
  EXPECT_EQ(c.transition->kind, kDailySnapshot);
}

TEST(ServerlessCacheLifecycle, DeletingIsRemoved) {
  ServerlessCache c = Creating(0);
  c.status = ServerlessCacheStatus::kDeleting;
  c.transition = StartTransition(kDelete, Timestamp{0}, 0);
  auto events = AdvanceServerlessCache(c, At(Timestamp{1}));
  EXPECT_TRUE(Removed(events));
  EXPECT_EQ(events[0].message, "Serverless cache sessions deleted");
}

ServerlessCacheSnapshot SampleSnapshot(std::string type) {
  ServerlessCacheSnapshot s;
  s.id = "snap";
  s.serverless_cache_name = "sessions";
  s.snapshot_type = std::move(type);
  s.status = ServerlessSnapshotStatus::kCreating;
  s.transition = StartTransition(kCreate, Timestamp{0}, 1000);
  return s;
}

TEST(ServerlessSnapshotLifecycle, ATakenSnapshotBecomesAvailableAndSaysSo) {
  ServerlessCacheSnapshot s = SampleSnapshot("manual");
  auto events = AdvanceServerlessCacheSnapshot(s, At(Timestamp{1000}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].source_type, "serverless-cache-snapshot");
  EXPECT_EQ(events[0].source_id, "snap");
  EXPECT_EQ(events[0].message,
            "Snapshot succeeded for snapshot with ID 'snap' of serverless cache with ID "
            "'sessions'");
  EXPECT_EQ(s.status, "available");
  EXPECT_FALSE(s.transition);
}

TEST(ServerlessSnapshotLifecycle, ACopyIsNotAnnounced) {
  ServerlessCacheSnapshot s = SampleSnapshot("manual");
  s.copied_from = "source";
  auto events = AdvanceServerlessCacheSnapshot(s, At(Timestamp{1000}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].source_type.empty());
}

TEST(ServerlessSnapshotLifecycle, AnAutomatedSnapshotExpires) {
  ServerlessCacheSnapshot s = SampleSnapshot("automated");
  s.expires_at = Timestamp{kDayMs};
  AdvanceServerlessCacheSnapshot(s, At(Timestamp{1000}));
  ASSERT_TRUE(s.transition);
  EXPECT_EQ(s.transition->kind, kExpire);
  EXPECT_TRUE(AdvanceServerlessCacheSnapshot(s, At(Timestamp{kDayMs - 1})).empty());
  EXPECT_TRUE(Removed(AdvanceServerlessCacheSnapshot(s, At(Timestamp{kDayMs}))));
}

TEST(ServerlessSnapshotLifecycle, ExportingAndDeleting) {
  ServerlessCacheSnapshot s = SampleSnapshot("manual");
  s.status = ServerlessSnapshotStatus::kExporting;
  s.transition = StartTransition(kCopy, Timestamp{0}, 10);
  auto events = AdvanceServerlessCacheSnapshot(s, At(Timestamp{10}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].what, happened::kExportCompleted);
  EXPECT_EQ(s.status, "available");
  s.status = ServerlessSnapshotStatus::kDeleting;
  s.transition = StartTransition(kDelete, Timestamp{10}, 0);
  EXPECT_TRUE(Removed(AdvanceServerlessCacheSnapshot(s, At(Timestamp{10}))));
}

}  // namespace
}  // namespace ecl

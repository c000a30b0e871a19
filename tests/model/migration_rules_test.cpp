// Online migration: the endpoint list, the target's requirements and the statuses a group
// goes through (available -> modifying -> migrating -> available) on the clock.
#include "model/migration_rules.h"

#include <gtest/gtest.h>

#include "model/lifecycle.h"
#include "tests/model/lifecycle_support.h"
#include "tests/model/sample_resources.h"

namespace ecl {
namespace {

using testing_support::At;
using testing_support::CodeOf;

ReplicationGroup Target() {
  ReplicationGroup rg = testing_support::ShardedGroup();
  rg.multi_az = true;
  return rg;
}

TEST(MigrationRules, TheEndpointListHoldsExactlyOneCompleteEndpoint) {
  EXPECT_EQ(CheckCustomerEndpoints({{"10.0.0.241", 6379}}), "10.0.0.241:6379");
  EXPECT_EQ(CodeOf([] { CheckCustomerEndpoints({}); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { CheckCustomerEndpoints({{"a", 1}, {"b", 2}}); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] {
              CheckCustomerEndpoints({{std::nullopt, 6379}});
            }),
            "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { CheckCustomerEndpoints({{"", 6379}}); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { CheckCustomerEndpoints({{"a", std::nullopt}}); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { CheckCustomerEndpoints({{"a", 0}}); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { CheckCustomerEndpoints({{"a", 65536}}); }), "InvalidParameterValue");
}

TEST(MigrationRules, TargetRequirements) {
  struct Case {
    const char* what;
    void (*change)(ReplicationGroup&);
    const char* code;
  };
  for (const Case& c : std::vector<Case>{
           {"eligible", [](ReplicationGroup&) {}, ""},
           {"cluster mode enabled is supported",
            [](ReplicationGroup& rg) { rg.cluster_enabled = true; }, ""},
           {"at-rest encryption is allowed",
            [](ReplicationGroup& rg) { rg.settings.at_rest_encryption_enabled = true; }, ""},
           {"valkey",
            [](ReplicationGroup& rg) {
              rg.settings.engine = "valkey";
              rg.settings.engine_version = "8.0.1";
            },
            ""},
           {"5.0.6 is the lowest version",
            [](ReplicationGroup& rg) { rg.settings.engine_version = "5.0.6"; }, ""},
           {"older engine", [](ReplicationGroup& rg) { rg.settings.engine_version = "5.0.5"; },
            "InvalidParameterValue"},
           {"in-transit encryption",
            [](ReplicationGroup& rg) { rg.settings.transit_encryption_enabled = true; },
            "InvalidParameterValue"},
           {"no Multi-AZ", [](ReplicationGroup& rg) { rg.multi_az = false; },
            "InvalidParameterValue"},
           {"data tiering", [](ReplicationGroup& rg) { rg.data_tiering = true; },
            "InvalidParameterValue"},
           {"not available", [](ReplicationGroup& rg) { rg.status = "modifying"; },
            "InvalidReplicationGroupState"},
           {"already migrating", [](ReplicationGroup& rg) { rg.status = kMigratingStatus; },
            "ReplicationGroupAlreadyUnderMigrationFault"},
           {"migration starting",
            [](ReplicationGroup& rg) { StartMigratingFrom(rg, "a:1", Timestamp{1}, 10); },
            "ReplicationGroupAlreadyUnderMigrationFault"},
       }) {
    SCOPED_TRACE(c.what);
    ReplicationGroup rg = Target();
    c.change(rg);
    EXPECT_EQ(CodeOf([&] { CheckMigrationTarget(rg); }), c.code);
  }
}

TEST(MigrationRules, AMigrationGoesModifyingMigratingAvailable) {
  ReplicationGroup rg = Target();
  EXPECT_EQ(CodeOf([&] { CheckCanCompleteMigration(rg); }),
            "ReplicationGroupNotUnderMigrationFault");

  StartMigratingFrom(rg, "10.0.0.241:6379", Timestamp{1000}, 500);
  EXPECT_EQ(rg.status, "modifying");
  EXPECT_EQ(rg.migration_source, "10.0.0.241:6379");
  EXPECT_TRUE(UnderMigration(rg));
  EXPECT_EQ(CodeOf([&] { CheckCanCompleteMigration(rg); }), "InvalidReplicationGroupState");

  auto events = AdvanceReplicationGroup(rg, At(Timestamp{1500}));
  EXPECT_EQ(rg.status, kMigratingStatus);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].message.empty());
  EXPECT_EQ(CodeOf([&] { CheckCanCompleteMigration(rg); }), "");
  EXPECT_EQ(CodeOf([&] { CheckMigrationTarget(rg); }),
            "ReplicationGroupAlreadyUnderMigrationFault");

  StartCompletingMigration(rg, Timestamp{2000}, 500);
  EXPECT_EQ(rg.status, kMigratingStatus);  // until the primary is promoted
  EXPECT_EQ(CodeOf([&] { CheckCanCompleteMigration(rg); }), "InvalidReplicationGroupState");
  events = AdvanceReplicationGroup(rg, At(Timestamp{2500}));
  EXPECT_EQ(rg.status, "available");
  EXPECT_FALSE(rg.migration_source);
  EXPECT_FALSE(UnderMigration(rg));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].message, "Complete Migration successful for shop");
  EXPECT_EQ(events[0].source_type, "replication-group");
}

TEST(MigrationRules, AReplicaChangeDeferredToTheWindowWaitsForTheMigrationToEnd) {
  ReplicationGroup rg = Target();
  rg.settings.preferred_maintenance_window = "sun:05:00-sun:06:00";
  rg.scheduled_replica_change = ReplicaChangeRequest{};
  StartMigratingFrom(rg, "a:1", Timestamp{1000}, 0);
  AdvanceReplicationGroup(rg, At(Timestamp{1000}));
  EXPECT_FALSE(rg.transition);  // not re-armed while migrating
  StartCompletingMigration(rg, Timestamp{2000}, 0);
  AdvanceReplicationGroup(rg, At(Timestamp{2000}));
  ASSERT_TRUE(rg.transition);
  EXPECT_EQ(rg.transition->kind, kScheduledReplicaChange);
}

}  // namespace
}  // namespace ecl

// The CreateReplicationGroup request a restore from a snapshot amounts to: what the request
// leaves out comes from the snapshot, and the node group count must be the snapshot's.
#include <gtest/gtest.h>

#include "handlers/snapshots.h"
#include "model/aws_error.h"
#include "model/snapshot_rules.h"
#include "tests/model/sample_resources.h"

namespace ecl {
namespace {

using testing_support::CodeOf;
using testing_support::ShardedGroup;

TEST(RestoreRequestTest, TakesNodeGroupsSlotsAndSettingsFromTheSnapshot) {
  Snapshot s = SnapshotOfReplicationGroup(ShardedGroup(), "a", Timestamp{1});
  api::CreateReplicationGroupMessage in;
  in.ReplicationGroupId = "copy";
  in.Port = 7000;
  api::CreateReplicationGroupMessage out = RestoreRequest(in, s);
  EXPECT_EQ(out.Port, 7000);  // the request wins
  EXPECT_EQ(out.EngineVersion, "7.1.0");
  EXPECT_EQ(out.CacheParameterGroupName, "default.redis7.cluster.on");
  EXPECT_EQ(out.AutomaticFailoverEnabled, true);
  ASSERT_TRUE(out.NodeGroupConfiguration);
  const auto& configs = *out.NodeGroupConfiguration;
  ASSERT_EQ(configs.size(), 2u);
  EXPECT_EQ(configs[0].NodeGroupId, "0001");
  EXPECT_EQ(configs[0].Slots, "0-99");
  EXPECT_EQ(configs[0].ReplicaCount, 1);
  EXPECT_EQ(configs[0].ReplicaAvailabilityZones, std::vector<std::string>{"us-east-1b"});
  EXPECT_EQ(configs[1].Slots, "100-16383");
  EXPECT_EQ(configs[1].ReplicaCount, 0);
}

TEST(RestoreRequestTest, WithOwnReplicaCountKeepsSlotsOnly) {
  Snapshot s = SnapshotOfReplicationGroup(ShardedGroup(), "a", Timestamp{1});
  api::CreateReplicationGroupMessage in;
  in.ReplicasPerNodeGroup = 2;
  auto out = RestoreRequest(in, s);
  const auto& configs = *out.NodeGroupConfiguration;
  ASSERT_EQ(configs.size(), 2u);
  EXPECT_EQ(configs[0].Slots, "0-99");
  EXPECT_FALSE(configs[0].ReplicaCount);
  EXPECT_FALSE(configs[0].PrimaryAvailabilityZone);
}

TEST(RestoreRequestTest, RejectsADifferentNodeGroupCount) {
  Snapshot s = SnapshotOfReplicationGroup(ShardedGroup(), "a", Timestamp{1});
  api::CreateReplicationGroupMessage three;
  three.NumNodeGroups = 3;
  EXPECT_EQ(CodeOf([&] { RestoreRequest(three, s); }), "InvalidParameterValue");
  api::CreateReplicationGroupMessage one;
  one.NodeGroupConfiguration = std::vector<api::NodeGroupConfiguration>(1);
  EXPECT_EQ(CodeOf([&] { RestoreRequest(one, s); }), "InvalidParameterValue");
  api::CreateReplicationGroupMessage two;
  two.NumNodeGroups = 2;
  EXPECT_NO_THROW(RestoreRequest(two, s));
}

}  // namespace
}  // namespace ecl

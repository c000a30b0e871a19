#include "model/replica_scaling.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "model/aws_error.h"
#include "model/naming.h"

namespace ecl {
namespace {

using Ids = std::vector<std::string>;

const auto kNothingTaken = [](const std::string&) { return false; };

// An available cluster-mode-disabled group "rg" of `clusters` members, rg-001 the primary.
ReplicationGroup Disabled(int clusters, bool automatic_failover = true, bool multi_az = false) {
  ReplicationGroup rg;
  rg.region = "us-east-1";
  rg.id = "rg";
  rg.status = "available";
  rg.automatic_failover = automatic_failover;
  rg.multi_az = multi_az;
  NodeGroup ng{"0001", "available", "", {}};
  auto zones = SpreadAcrossZones(rg.region, clusters, 0);
  for (int n = 1; n <= clusters; ++n)
    ng.members.push_back({MemberClusterId(rg.id, n), zones[n - 1], n == 1, false, false});
  rg.node_groups.push_back(ng);
  return rg;
}

// An available cluster-mode-enabled group "rg" with `replicas[i]` replicas in shard i+1.
ReplicationGroup Enabled(const std::vector<int>& replicas) {
  ReplicationGroup rg;
  rg.region = "us-east-1";
  rg.id = "rg";
  rg.status = "available";
  rg.cluster_enabled = true;
  rg.cluster_mode = "enabled";
  rg.automatic_failover = true;
  for (std::size_t s = 0; s < replicas.size(); ++s) {
    NodeGroup ng{FormatNodeGroupId(int(s) + 1), "available", "", {}};
    for (int n = 1; n <= replicas[s] + 1; ++n)
      ng.members.push_back({MemberClusterId(rg.id, ng.id, n), "us-east-1a", n == 1, false, false});
    rg.node_groups.push_back(ng);
  }
  return rg;
}

ReplicaChangeRequest Increase(std::optional<int> count) {
  ReplicaChangeRequest r;
  r.increase = true;
  r.new_replica_count = count;
  return r;
}

ReplicaChangeRequest Decrease(std::optional<int> count, Ids remove = {}) {
  ReplicaChangeRequest r;
  r.increase = false;
  r.new_replica_count = count;
  r.replicas_to_remove = std::move(remove);
  return r;
}

Ids JoiningIds(const ReplicaPlan::Shard& shard) {
  Ids ids;
  for (const auto& m : shard.joining) ids.push_back(m.cache_cluster_id);
  return ids;
}

// Runs the planner and returns the AwsError it throws (fails the test if none).
AwsError Rejection(const ReplicationGroup& rg, const ReplicaChangeRequest& req) {
  try {
    PlanReplicaChange(rg, req, kNothingTaken);
  } catch (const AwsError& e) {
    return e;
  }
  ADD_FAILURE() << "the request was accepted";
  return AwsError("none", "", 0);
}

void ExpectRejected(const ReplicationGroup& rg, const ReplicaChangeRequest& req,
                    const std::string& code, const std::string& fragment) {
  AwsError e = Rejection(rg, req);
  EXPECT_EQ(e.code, code) << e.message();
  EXPECT_NE(e.message().find(fragment), std::string::npos)
      << "message '" << e.message() << "' lacks '" << fragment << "'";
}

// ---- planning: increases --------------------------------------------------------------------

TEST(PlanReplicaChangeTest, IncreaseAddsTheNextMemberNumbersSpreadAcrossZones) {
  ReplicationGroup rg = Disabled(3);  // 2 replicas
  ReplicaPlan plan = PlanReplicaChange(rg, Increase(4), kNothingTaken);
  ASSERT_EQ(plan.shards.size(), 1u);
  EXPECT_EQ(plan.shards[0].node_group_id, "0001");
  EXPECT_EQ(JoiningIds(plan.shards[0]), (Ids{"rg-004", "rg-005"}));
  EXPECT_TRUE(plan.shards[0].leaving.empty());
  // Continues the round-robin after the three existing members (a, b, c).
  EXPECT_EQ(plan.shards[0].joining[0].availability_zone, "us-east-1a");
  EXPECT_EQ(plan.shards[0].joining[1].availability_zone, "us-east-1b");
  for (const auto& m : plan.shards[0].joining) {
    EXPECT_TRUE(m.joining);
    EXPECT_FALSE(m.primary);
  }
}

TEST(PlanReplicaChangeTest, IncreaseSkipsIdsThatAreTaken) {
  ReplicationGroup rg = Disabled(2);
  // rg-003 is still held by another cluster (say one being deleted).
  ReplicaPlan plan =
      PlanReplicaChange(rg, Increase(3), [](const std::string& id) { return id == "rg-003"; });
  EXPECT_EQ(JoiningIds(plan.shards[0]), (Ids{"rg-004", "rg-005"}));
}

TEST(PlanReplicaChangeTest, IncreaseFillsAGapLeftByARemovedMember) {
  ReplicationGroup rg = Disabled(3);
  rg.node_groups[0].members.erase(rg.node_groups[0].members.begin() + 1);  // rg-002 removed
  ReplicaPlan plan = PlanReplicaChange(rg, Increase(3), kNothingTaken);
  EXPECT_EQ(JoiningIds(plan.shards[0]), (Ids{"rg-002", "rg-004"}));
}

TEST(PlanReplicaChangeTest, IncreaseUsesPreferredZonesAfterThoseOfExistingMembers) {
  ReplicationGroup rg = Disabled(2);  // 1 replica
  ReplicaChangeRequest req = Increase(std::nullopt);
  req.replica_configuration = {
      {"0001", 3, {"us-east-1a", "us-east-1b", "US-EAST-1C", "us-east-1a"}}};
  ReplicaPlan plan = PlanReplicaChange(rg, req, kNothingTaken);
  ASSERT_EQ(plan.shards[0].joining.size(), 2u);
  EXPECT_EQ(plan.shards[0].joining[0].availability_zone, "us-east-1c");
  EXPECT_EQ(plan.shards[0].joining[1].availability_zone, "us-east-1a");
}

TEST(PlanReplicaChangeTest, ClusterModeEnabledCountAppliesToEveryShard) {
  ReplicationGroup rg = Enabled({1, 1, 2});
  ReplicaPlan plan = PlanReplicaChange(rg, Increase(3), kNothingTaken);
  ASSERT_EQ(plan.shards.size(), 3u);
  EXPECT_EQ(JoiningIds(plan.shards[0]), (Ids{"rg-0001-003", "rg-0001-004"}));
  EXPECT_EQ(JoiningIds(plan.shards[1]), (Ids{"rg-0002-003", "rg-0002-004"}));
  EXPECT_EQ(JoiningIds(plan.shards[2]), (Ids{"rg-0003-004"}));
}

TEST(PlanReplicaChangeTest, ReplicaConfigurationChangesOnlyTheNamedShards) {
  ReplicationGroup rg = Enabled({1, 1, 1});
  ReplicaChangeRequest req = Increase(std::nullopt);
  req.replica_configuration = {{"0002", 3, {}}};
  ReplicaPlan plan = PlanReplicaChange(rg, req, kNothingTaken);
  ASSERT_EQ(plan.shards.size(), 1u);
  EXPECT_EQ(plan.shards[0].node_group_id, "0002");
  EXPECT_EQ(JoiningIds(plan.shards[0]), (Ids{"rg-0002-003", "rg-0002-004"}));
}

TEST(PlanReplicaChangeTest, ShardAlreadyAtTheCountIsLeftAloneWhenAnotherGrows) {
  ReplicationGroup rg = Enabled({2, 1});
  ReplicaPlan plan = PlanReplicaChange(rg, Increase(2), kNothingTaken);
  ASSERT_EQ(plan.shards.size(), 1u);
  EXPECT_EQ(plan.shards[0].node_group_id, "0002");
}

// ---- planning: decreases --------------------------------------------------------------------

TEST(PlanReplicaChangeTest, DecreaseWithoutNamesRemovesTheNewestReplicas) {
  ReplicationGroup rg = Disabled(5);
  ReplicaPlan plan = PlanReplicaChange(rg, Decrease(2), kNothingTaken);
  ASSERT_EQ(plan.shards.size(), 1u);
  EXPECT_EQ(plan.shards[0].leaving, (Ids{"rg-004", "rg-005"}));
  EXPECT_TRUE(plan.shards[0].joining.empty());
}

TEST(PlanReplicaChangeTest, DecreaseRemovesTheNamedReplicas) {
  ReplicationGroup rg = Disabled(4);
  ReplicaPlan plan = PlanReplicaChange(rg, Decrease(std::nullopt, {"RG-002"}), kNothingTaken);
  EXPECT_EQ(plan.shards[0].leaving, (Ids{"rg-002"}));
  plan = PlanReplicaChange(rg, Decrease(1, {"rg-002", "rg-003"}), kNothingTaken);
  EXPECT_EQ(plan.shards[0].leaving, (Ids{"rg-002", "rg-003"}));
}

TEST(PlanReplicaChangeTest, DecreaseNamedReplicasInOneShardOfAClusterModeEnabledGroup) {
  ReplicationGroup rg = Enabled({2, 2});
  ReplicaPlan plan = PlanReplicaChange(rg, Decrease(std::nullopt, {"rg-0002-002"}), kNothingTaken);
  ASSERT_EQ(plan.shards.size(), 1u);
  EXPECT_EQ(plan.shards[0].node_group_id, "0002");
  EXPECT_EQ(plan.shards[0].leaving, (Ids{"rg-0002-002"}));
}

TEST(PlanReplicaChangeTest, DecreaseCountWithNamesInOneShardTakesTheNewestElsewhere) {
  ReplicationGroup rg = Enabled({2, 2});
  ReplicaPlan plan = PlanReplicaChange(rg, Decrease(1, {"rg-0001-002"}), kNothingTaken);
  ASSERT_EQ(plan.shards.size(), 2u);
  EXPECT_EQ(plan.shards[0].leaving, (Ids{"rg-0001-002"}));
  EXPECT_EQ(plan.shards[1].leaving, (Ids{"rg-0002-003"}));
}

TEST(PlanReplicaChangeTest, MinimumReplicas) {
  // Cluster mode disabled without automatic failover, and cluster mode enabled: 0.
  EXPECT_EQ(PlanReplicaChange(Disabled(2, false), Decrease(0), kNothingTaken).shards[0].leaving,
            (Ids{"rg-002"}));
  EXPECT_EQ(PlanReplicaChange(Enabled({1}), Decrease(0), kNothingTaken).shards[0].leaving,
            (Ids{"rg-0001-002"}));
  // With automatic failover or Multi-AZ: 1, with the texts ElastiCache uses.
  ExpectRejected(Disabled(2, true), Decrease(0), "InvalidParameterValue",
                 "Must have at least 1 replica when cluster mode is disabled with auto failover "
                 "enabled.");
  ExpectRejected(Disabled(3, true, true), Decrease(std::nullopt, {"rg-002", "rg-003"}),
                 "InvalidParameterValue",
                 "Must have at least 1 replica for Multi-AZ enabled Replication Group");
}

// ---- planning: rejections -------------------------------------------------------------------

TEST(PlanReplicaChangeTest, RejectsAGroupThatIsNotAvailable) {
  ReplicationGroup rg = Disabled(2);
  rg.status = "modifying";
  ExpectRejected(rg, Increase(2), "InvalidReplicationGroupState", "rg is modifying");
}

TEST(PlanReplicaChangeTest, RejectsCountsOutsideZeroToFive) {
  ExpectRejected(Disabled(2), Increase(6), "InvalidParameterValue", "NewReplicaCount was 6");
  ExpectRejected(Disabled(2), Decrease(-1), "InvalidParameterValue", "NewReplicaCount was -1");
  ReplicaChangeRequest req = Increase(std::nullopt);
  req.replica_configuration = {{"0002", 7, {}}};
  ExpectRejected(Enabled({1, 1}), req, "InvalidParameterValue", "node group 0002 was 7");
}

TEST(PlanReplicaChangeTest, RejectsTheCurrentCountAsNoOperation) {
  const std::string text =
      "Requested new replica count already matches current number of replicas.";
  ExpectRejected(Disabled(3), Increase(2), "NoOperationFault", text);
  ExpectRejected(Disabled(3), Decrease(2), "NoOperationFault", text);
  ReplicaChangeRequest req = Increase(std::nullopt);
  req.replica_configuration = {{"0001", 1, {}}, {"0002", 1, {}}};
  ExpectRejected(Enabled({1, 1}), req, "NoOperationFault", text);
}

TEST(PlanReplicaChangeTest, RejectsAnIncreaseBelowOrADecreaseAboveTheCurrentCount) {
  ExpectRejected(Disabled(4), Increase(1), "InvalidParameterValue",
                 "new replica count 1 for node group 0001 must be larger than its current replica "
                 "count 3");
  ExpectRejected(Disabled(2), Decrease(3), "InvalidParameterValue",
                 "new replica count 3 for node group 0001 must be smaller than its current "
                 "replica count 1");
  // A count that suits one shard but not another is rejected as a whole.
  ExpectRejected(Enabled({3, 1}), Increase(2), "InvalidParameterValue", "node group 0001");
}

TEST(PlanReplicaChangeTest, RejectsBothOrNeitherOfCountAndConfiguration) {
  ReplicaChangeRequest both = Increase(2);
  both.replica_configuration = {{"0001", 2, {}}};
  ExpectRejected(Disabled(2), both, "InvalidParameterCombination", "not both");
  ExpectRejected(Disabled(2), Increase(std::nullopt), "InvalidParameterCombination",
                 "NewReplicaCount or ReplicaConfiguration");
  ExpectRejected(Disabled(2), Decrease(std::nullopt), "InvalidParameterCombination",
                 "ReplicasToRemove");
}

TEST(PlanReplicaChangeTest, RejectsUnknownAndRepeatedNodeGroups) {
  ReplicaChangeRequest req = Increase(std::nullopt);
  req.replica_configuration = {{"0001", 2, {}}, {"0009", 2, {}}, {"12", 2, {}}};
  ExpectRejected(Enabled({1, 1}), req, "InvalidParameterValue",
                 "The following node group ids are invalid: [0009, 12]");
  req.replica_configuration = {{"0001", 2, {}}, {"0001", 3, {}}};
  ExpectRejected(Enabled({1, 1}), req, "InvalidParameterValue", "0001 appears more than once");
}

TEST(PlanReplicaChangeTest, RejectsPreferredZonesOfTheWrongLengthOrRegion) {
  ReplicaChangeRequest req = Increase(std::nullopt);
  req.replica_configuration = {{"0001", 2, {"us-east-1a", "us-east-1b"}}};
  ExpectRejected(Disabled(2), req, "InvalidParameterValue",
                 "PreferredAvailabilityZones for node group 0001 must list 3");
  req.replica_configuration = {{"0001", 2, {"us-east-1a", "us-east-1b", "eu-west-1a"}}};
  ExpectRejected(Disabled(2), req, "InvalidParameterValue", "eu-west-1a");
}

TEST(PlanReplicaChangeTest, RejectsBadReplicasToRemove) {
  ReplicationGroup rg = Disabled(4);
  ExpectRejected(rg, Decrease(std::nullopt, {"rg-001"}), "InvalidParameterValue",
                 "rg-001 is the primary of node group 0001");
  ExpectRejected(rg, Decrease(std::nullopt, {"other-002"}), "InvalidParameterValue",
                 "other-002 is not a member of replication group rg");
  ExpectRejected(rg, Decrease(std::nullopt, {"rg-002", "RG-002"}), "InvalidParameterValue",
                 "rg-002 appears more than once");
  // Names and count must agree: 3 → 1 removes two replicas, not one.
  ExpectRejected(rg, Decrease(1, {"rg-002"}), "InvalidParameterValue",
                 "ReplicasToRemove names 1 replicas of node group 0001, but going from 3 to 1");
  // A named replica in a shard the configuration does not change.
  ReplicaChangeRequest req = Decrease(std::nullopt, {"rg-0002-002"});
  req.replica_configuration = {{"0001", 0, {}}};
  ExpectRejected(Enabled({1, 1}), req, "InvalidParameterValue", "node group 0002");
}

// ---- applying the plan ----------------------------------------------------------------------

TEST(StartReplicaChangeTest, IncreaseListsNewMembersAsJoiningAndMarksTheShardModifying) {
  ReplicationGroup rg = Enabled({1, 1});
  ReplicaChangeRequest req = Increase(std::nullopt);
  req.replica_configuration = {{"0002", 2, {}}};
  StartReplicaChange(rg, PlanReplicaChange(rg, req, kNothingTaken));
  EXPECT_EQ(rg.status, "modifying");
  EXPECT_EQ(rg.node_groups[0].status, "available");
  EXPECT_EQ(rg.node_groups[1].status, "modifying");
  EXPECT_EQ(rg.MemberClusterIds(),
            (Ids{"rg-0001-001", "rg-0001-002", "rg-0002-001", "rg-0002-002", "rg-0002-003"}));
  EXPECT_TRUE(rg.node_groups[1].members.back().joining);
  EXPECT_FALSE(rg.node_groups[1].members[1].joining);
}

TEST(StartReplicaChangeTest, DecreaseKeepsLeavingMembersListed) {
  ReplicationGroup rg = Disabled(4);
  StartReplicaChange(rg, PlanReplicaChange(rg, Decrease(1), kNothingTaken));
  EXPECT_EQ(rg.status, "modifying");
  EXPECT_EQ(rg.node_groups[0].status, "modifying");
  EXPECT_EQ(rg.MemberClusterIds(), (Ids{"rg-001", "rg-002", "rg-003", "rg-004"}));
  EXPECT_FALSE(rg.node_groups[0].members[1].leaving);
  EXPECT_TRUE(rg.node_groups[0].members[2].leaving);
  EXPECT_TRUE(rg.node_groups[0].members[3].leaving);
}

TEST(FinishReplicaChangeTest, LeavingMembersGoAndJoiningOnesBecomeMembers) {
  ReplicationGroup rg = Disabled(3);
  StartReplicaChange(rg, PlanReplicaChange(rg, Increase(4), kNothingTaken));
  FinishReplicaChange(rg);
  EXPECT_EQ(rg.status, "available");
  EXPECT_EQ(rg.node_groups[0].status, "available");
  EXPECT_EQ(rg.MemberClusterIds(), (Ids{"rg-001", "rg-002", "rg-003", "rg-004", "rg-005"}));
  for (const auto& m : rg.node_groups[0].members) EXPECT_FALSE(m.joining || m.leaving);

  StartReplicaChange(
      rg, PlanReplicaChange(rg, Decrease(std::nullopt, {"rg-002", "rg-004"}), kNothingTaken));
  FinishReplicaChange(rg);
  EXPECT_EQ(rg.status, "available");
  EXPECT_EQ(rg.MemberClusterIds(), (Ids{"rg-001", "rg-003", "rg-005"}));
}

TEST(FinishReplicaChangeTest, ExactlyOnePrimaryPerShardRemains) {
  ReplicationGroup rg = Enabled({3, 0, 2});
  ReplicaChangeRequest req = Decrease(std::nullopt);
  req.replica_configuration = {{"0001", 0, {}}, {"0003", 1, {}}};
  StartReplicaChange(rg, PlanReplicaChange(rg, req, kNothingTaken));
  FinishReplicaChange(rg);
  for (const auto& ng : rg.node_groups) {
    int primaries = 0;
    for (const auto& m : ng.members) primaries += m.primary;
    EXPECT_EQ(primaries, 1) << ng.id;
    EXPECT_TRUE(ng.members.front().primary) << ng.id;
  }
  EXPECT_EQ(rg.MemberClusterIds(),
            (Ids{"rg-0001-001", "rg-0002-001", "rg-0003-001", "rg-0003-002"}));
}

TEST(FinishReplicaChangeTest, SnapshottingClusterFallsBackWhenItLeaves) {
  ReplicationGroup rg = Disabled(3, false);
  rg.snapshotting_cluster_id = "rg-003";
  StartReplicaChange(rg, PlanReplicaChange(rg, Decrease(1), kNothingTaken));
  FinishReplicaChange(rg);
  EXPECT_EQ(rg.snapshotting_cluster_id, std::optional<std::string>("rg-002"));
}

}  // namespace
}  // namespace ecl

// PlanResharding's rules (each rejection with its AWS code and a message naming the bad
// value) and plans (ids, members, zones, final slots), then StartResharding /
// FinishResharding and the lifecycle that runs them.
#include "model/resharding.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "model/aws_error.h"
#include "model/lifecycle.h"
#include "model/naming.h"
#include "model/slot_rebalance.h"
#include "tests/model/lifecycle_support.h"

namespace ecl {
namespace {

using testing_support::At;
using testing_support::Changed;
using testing_support::Removed;

// A cluster-mode-enabled group "rg" with node groups 0001..000N (or the ids given), the
// default slot split (or the slots given) and `replicas` replicas per shard.
ReplicationGroup MakeGroup(int shards, int replicas = 1, std::vector<std::string> ids = {},
                           std::vector<std::string> slots = {}) {
  ReplicationGroup rg;
  rg.account = "000000000000";
  rg.region = "us-east-1";
  rg.id = "rg";
  rg.status = "available";
  rg.cluster_enabled = true;
  rg.cluster_mode = "enabled";
  rg.automatic_failover = true;
  auto split = DefaultSlotSplit(shards);
  for (int i = 0; i < shards; ++i) {
    NodeGroup ng;
    ng.id = ids.empty() ? FormatNodeGroupId(i + 1) : ids[size_t(i)];
    ng.status = "available";
    ng.slots = slots.empty() ? split[size_t(i)].ToString() : slots[size_t(i)];
    for (int m = 0; m <= replicas; ++m)
      ng.members.push_back({MemberClusterId(rg.id, ng.id, m + 1), "us-east-1a", m == 0});
    rg.node_groups.push_back(ng);
  }
  return rg;
}

const std::function<bool(const std::string&)> kNoneTaken = [](const std::string&) { return false; };

ReshardRequest Count(int n) {
  ReshardRequest req;
  req.node_group_count = n;
  return req;
}

void ExpectError(const ReplicationGroup& rg, const ReshardRequest& req, const std::string& code,
                 const std::string& fragment) {
  try {
    PlanResharding(rg, req, kNoneTaken);
    FAIL() << "expected " << code << " containing: " << fragment;
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, code) << e.message();
    EXPECT_EQ(e.http_status, 400);
    EXPECT_NE(e.message().find(fragment), std::string::npos) << e.message();
  }
}

// Final slots of the plan cover the keyspace exactly once with even shares.
void ExpectEvenCover(const ReshardPlan& plan, size_t shards) {
  ASSERT_EQ(plan.final_slots.size(), shards);
  std::vector<SlotSet> sets;
  SlotSet all;
  int total = 0;
  for (const auto& [id, text] : plan.final_slots) {
    SlotSet s = ParseSlots(text);
    EXPECT_FALSE(all.Intersects(s)) << id;
    all = all.Union(s);
    total += s.Count();
    sets.push_back(s);
  }
  EXPECT_EQ(all, SlotSet::All());
  EXPECT_EQ(total, kSlotCount);
  EXPECT_TRUE(IsEvenlyDistributed(sets));
}

// ---- rules -------------------------------------------------------------------------------

TEST(PlanReshardingRulesTest, OnlyClusterModeEnabledGroups) {
  auto rg = MakeGroup(1);
  rg.cluster_enabled = false;
  rg.cluster_mode = "disabled";
  ExpectError(rg, Count(2), "InvalidParameterValue",
              "Operation is only applicable for cluster mode enabled replication groups.");
}

TEST(PlanReshardingRulesTest, ApplyImmediatelyMustBeTrue) {
  auto req = Count(4);
  req.apply_immediately = false;
  ExpectError(MakeGroup(3), req, "InvalidParameterValue", "ApplyImmediately");
}

TEST(PlanReshardingRulesTest, GroupMustBeAvailable) {
  for (const char* status : {"creating", "modifying", "deleting", "snapshotting"}) {
    auto rg = MakeGroup(3);
    rg.status = status;
    ExpectError(rg, Count(4), "InvalidReplicationGroupState",
                "Replication group must be in available state to modify.");
  }
}

TEST(PlanReshardingRulesTest, NodeGroupCountFromOneToTheQuota) {
  auto rg = MakeGroup(3);
  ExpectError(rg, Count(0), "InvalidParameterValue", "NodeGroupCount must be at least 1; got 0");
  ExpectError(rg, Count(-2), "InvalidParameterValue", "got -2");
  ExpectError(rg, Count(16), "NodeGroupsPerReplicationGroupQuotaExceeded",
              "NodeGroupCount 16 exceeds the maximum of 15");
  EXPECT_EQ(PlanResharding(rg, Count(15), kNoneTaken).added.size(), 12u);
  // A raised quota lets the count grow past 15.
  auto raised = Count(20);
  raised.node_groups_quota = 20;
  EXPECT_EQ(PlanResharding(rg, raised, kNoneTaken).added.size(), 17u);
  ExpectError(
      MakeGroup(1),
      [&] {
        auto r = Count(3);
        r.node_groups_quota = 2;
        return r;
      }(),
      "NodeGroupsPerReplicationGroupQuotaExceeded", "maximum of 2");
}

TEST(PlanReshardingRulesTest, ReshardingConfigurationOnlyWhenGrowing) {
  auto rg = MakeGroup(3);
  for (int n : {2, 3}) {
    auto req = Count(n);
    req.resharding_configuration.push_back({"0007", {}});
    if (n == 2) req.node_groups_to_remove = {"0003"};
    ExpectError(rg, req, "InvalidParameterCombination", "ReshardingConfiguration");
  }
}

TEST(PlanReshardingRulesTest, AtMostOneConfigurationPerNewShard) {
  auto req = Count(4);
  req.resharding_configuration = {{"0004", {}}, {"0005", {}}};
  ExpectError(MakeGroup(3), req, "InvalidParameterValue",
              "ReshardingConfiguration has 2 entries, but only 1 node groups are added");
}

TEST(PlanReshardingRulesTest, NewNodeGroupIdsMustBeNewAndWellFormed) {
  auto rg = MakeGroup(3);
  for (const char* bad : {"12345", "ab", "", "00-1", " 12"}) {
    auto req = Count(4);
    req.resharding_configuration.push_back({bad, {}});
    ExpectError(rg, req, "InvalidParameterValue", "'" + std::string(bad) + "'");
  }
  auto existing = Count(4);
  existing.resharding_configuration.push_back({"2", {}});
  ExpectError(rg, existing, "InvalidParameterValue", "Node group id 0002 is already in use");
  auto twice = Count(5);
  twice.resharding_configuration = {{"0009", {}}, {"9", {}}};
  ExpectError(rg, twice, "InvalidParameterValue", "lists node group id 0009 more than once");
}

TEST(PlanReshardingRulesTest, PreferredZonesOnePerNodeAndInTheRegion) {
  auto rg = MakeGroup(2, 1);
  auto too_few = Count(3);
  too_few.resharding_configuration.push_back({std::nullopt, {"us-east-1a"}});
  ExpectError(rg, too_few, "InvalidParameterValue", "must list 2 Availability Zones");
  auto elsewhere = Count(3);
  elsewhere.resharding_configuration.push_back({std::nullopt, {"us-east-1a", "eu-west-1b"}});
  ExpectError(rg, elsewhere, "InvalidParameterValue", "eu-west-1b");
}

TEST(PlanReshardingRulesTest, ShrinkingNeedsExactlyOneOfRemoveAndRetain) {
  auto rg = MakeGroup(4);
  ExpectError(rg, Count(3), "InvalidParameterValue",
              "NodeGroupsToRemove or NodeGroupsToRetain is required");
  auto both = Count(3);
  both.node_groups_to_remove = {"0001"};
  both.node_groups_to_retain = {"0002", "0003", "0004"};
  ExpectError(rg, both, "InvalidParameterCombination", "not both");
}

TEST(PlanReshardingRulesTest, RemoveAndRetainOnlyWhenShrinking) {
  auto rg = MakeGroup(3);
  for (int n : {3, 4}) {
    auto remove = Count(n);
    remove.node_groups_to_remove = {"0001"};
    ExpectError(rg, remove, "InvalidParameterCombination",
                "NodeGroupsToRemove and NodeGroupsToRetain");
    auto retain = Count(n);
    retain.node_groups_to_retain = {"0001"};
    ExpectError(rg, retain, "InvalidParameterCombination",
                "NodeGroupsToRemove and NodeGroupsToRetain");
  }
}

TEST(PlanReshardingRulesTest, RemoveAndRetainSizesMustMatchTheCount) {
  auto rg = MakeGroup(5);
  auto remove = Count(3);
  remove.node_groups_to_remove = {"0001"};
  ExpectError(rg, remove, "InvalidParameterValue",
              "NodeGroupsToRemove lists 1 node groups, but going from 5 to 3 removes 2");
  auto retain = Count(3);
  retain.node_groups_to_retain = {"0001", "0002"};
  ExpectError(rg, retain, "InvalidParameterValue",
              "NodeGroupsToRetain lists 2 node groups, but NodeGroupCount is 3");
}

TEST(PlanReshardingRulesTest, UnknownNodeGroupIdsAreListed) {
  auto rg = MakeGroup(3);
  auto remove = Count(2);
  remove.node_groups_to_remove = {"0010"};
  ExpectError(rg, remove, "InvalidParameterValue",
              "The following node group ids are invalid: [0010]");
  auto several = Count(1);
  several.node_groups_to_remove = {"0010", "0002", "abc"};
  ExpectError(rg, several, "InvalidParameterValue",
              "The following node group ids are invalid: [0010,abc]");
  auto retain = Count(2);
  retain.node_groups_to_retain = {"0001", "0042"};
  ExpectError(rg, retain, "InvalidParameterValue", "[0042]");
  auto repeated = Count(1);
  repeated.node_groups_to_remove = {"0002", "2"};
  ExpectError(rg, repeated, "InvalidParameterValue", "lists node group 0002 more than once");
}

TEST(PlanReshardingRulesTest, SameCountWhenAlreadyEvenHasNothingToDo) {
  ExpectError(MakeGroup(3), Count(3), "InvalidReplicationGroupState",
              "Slots in the replication group are uniformly distributed. Nothing to do.");
  ExpectError(MakeGroup(1), Count(1), "InvalidReplicationGroupState", "Nothing to do.");
}

// ---- plans -------------------------------------------------------------------------------

TEST(PlanReshardingTest, GrowWithoutConfigurationTakesTheNextFreeIds) {
  auto rg = MakeGroup(3, 2);
  auto plan = PlanResharding(rg, Count(5), kNoneTaken);
  EXPECT_TRUE(plan.removed.empty());
  ASSERT_EQ(plan.added.size(), 2u);
  EXPECT_EQ(plan.added[0].id, "0004");
  EXPECT_EQ(plan.added[1].id, "0005");
  for (const auto& ng : plan.added) {
    EXPECT_EQ(ng.status, "creating");
    ASSERT_EQ(ng.members.size(), 3u);  // a primary and the group's two replicas
    for (size_t m = 0; m < ng.members.size(); ++m) {
      EXPECT_EQ(ng.members[m].cache_cluster_id, "rg-" + ng.id + "-00" + std::to_string(m + 1));
      EXPECT_EQ(ng.members[m].primary, m == 0);
      EXPECT_TRUE(ng.members[m].joining);
    }
  }
  ExpectEvenCover(plan, 5);
  // Existing shards keep their lowest slots; nothing moves between kept shards.
  EXPECT_EQ(ParseSlots(plan.final_slots["0001"]).Lowest(), 0);
}

TEST(PlanReshardingTest, FreeIdsFillGapsAndSkipRequestedIds) {
  auto rg = MakeGroup(2, 1, {"0002", "0004"});
  auto req = Count(5);
  req.resharding_configuration = {{std::nullopt, {}}, {"1", {}}};
  auto plan = PlanResharding(rg, req, kNoneTaken);
  ASSERT_EQ(plan.added.size(), 3u);
  EXPECT_EQ(plan.added[0].id, "0003");  // 0001 is asked for by the second entry
  EXPECT_EQ(plan.added[1].id, "0001");
  EXPECT_EQ(plan.added[2].id, "0005");
  ExpectEvenCover(plan, 5);
}

TEST(PlanReshardingTest, GrowWithConfigurationUsesIdsAndZones) {
  auto rg = MakeGroup(2, 1);
  auto req = Count(4);
  req.resharding_configuration = {{"17", {"us-east-1c", "US-EAST-1B"}}};
  auto plan = PlanResharding(rg, req, kNoneTaken);
  ASSERT_EQ(plan.added.size(), 2u);
  EXPECT_EQ(plan.added[0].id, "0017");
  EXPECT_EQ(plan.added[0].members[0].cache_cluster_id, "rg-0017-001");
  EXPECT_EQ(plan.added[0].members[0].availability_zone, "us-east-1c");
  EXPECT_EQ(plan.added[0].members[1].availability_zone, "us-east-1b");
  EXPECT_EQ(plan.added[1].id, "0003");
  ExpectEvenCover(plan, 4);
}

TEST(PlanReshardingTest, NewShardsGetAsManyNodesAsTheSmallestShard) {
  auto rg = MakeGroup(2, 2);
  rg.node_groups[1].members.pop_back();
  auto plan = PlanResharding(rg, Count(3), kNoneTaken);
  ASSERT_EQ(plan.added.size(), 1u);
  EXPECT_EQ(plan.added[0].members.size(), 2u);
}

TEST(PlanReshardingTest, MemberIdsSkipClustersThatExist) {
  auto rg = MakeGroup(1, 2);
  std::set<std::string> existing{"rg-0002-001", "rg-0002-003"};
  auto plan =
      PlanResharding(rg, Count(2), [&](const std::string& id) { return existing.count(id) > 0; });
  ASSERT_EQ(plan.added.size(), 1u);
  std::vector<std::string> ids;
  for (const auto& m : plan.added[0].members) ids.push_back(m.cache_cluster_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"rg-0002-002", "rg-0002-004", "rg-0002-005"}));
}

TEST(PlanReshardingTest, ShrinkByRemove) {
  auto rg = MakeGroup(4);
  auto req = Count(2);
  req.node_groups_to_remove = {"1", "0003"};
  auto plan = PlanResharding(rg, req, kNoneTaken);
  EXPECT_EQ(plan.removed, (std::vector<std::string>{"0001", "0003"}));
  EXPECT_TRUE(plan.added.empty());
  ExpectEvenCover(plan, 2);
  EXPECT_TRUE(plan.final_slots.count("0002") && plan.final_slots.count("0004"));
  // The kept shards keep what they had and take the freed slots.
  EXPECT_TRUE(
      ParseSlots(rg.node_groups[1].slots).Difference(ParseSlots(plan.final_slots["0002"])).Empty());
}

TEST(PlanReshardingTest, ShrinkByRetain) {
  auto rg = MakeGroup(5);
  auto req = Count(2);
  req.node_groups_to_retain = {"0005", "0002"};
  auto plan = PlanResharding(rg, req, kNoneTaken);
  EXPECT_EQ(plan.removed, (std::vector<std::string>{"0001", "0003", "0004"}));
  ExpectEvenCover(plan, 2);
  EXPECT_TRUE(plan.final_slots.count("0002") && plan.final_slots.count("0005"));
}

TEST(PlanReshardingTest, ShrinkToOneShard) {
  auto rg = MakeGroup(3);
  auto req = Count(1);
  req.node_groups_to_retain = {"0002"};
  auto plan = PlanResharding(rg, req, kNoneTaken);
  EXPECT_EQ(plan.final_slots, (std::map<std::string, std::string>{{"0002", "0-16383"}}));
}

TEST(PlanReshardingTest, SameCountRebalancesUnevenSlots) {
  auto rg = MakeGroup(3, 1, {}, {"0-999", "1000-15999", "16000-16383"});
  auto plan = PlanResharding(rg, Count(3), kNoneTaken);
  EXPECT_TRUE(plan.added.empty());
  EXPECT_TRUE(plan.removed.empty());
  ExpectEvenCover(plan, 3);
  EXPECT_EQ(plan.final_slots["0001"], "0-999,6462-10922");
  EXPECT_EQ(plan.final_slots["0002"], "1000-6461");
  EXPECT_EQ(plan.final_slots["0003"], "10923-16383");
}

TEST(PlanReshardingTest, PlanningLeavesTheGroupUntouched) {
  auto rg = MakeGroup(3);
  auto before = rg.node_groups.size();
  auto req = Count(5);
  PlanResharding(rg, req, kNoneTaken);
  EXPECT_EQ(rg.node_groups.size(), before);
  EXPECT_EQ(rg.status, "available");
}

// ---- start, finish, lifecycle ------------------------------------------------------------

TEST(ReshardingLifecycleTest, GrowStartsModifyingAndFinishesWithFinalSlots) {
  auto rg = MakeGroup(3);
  auto plan = PlanResharding(rg, Count(4), kNoneTaken);
  StartResharding(rg, plan);
  EXPECT_EQ(rg.status, "modifying");
  ASSERT_EQ(rg.node_groups.size(), 4u);
  EXPECT_EQ(rg.node_groups[0].status, "modifying");
  EXPECT_EQ(rg.node_groups[3].id, "0004");
  EXPECT_EQ(rg.node_groups[3].status, "creating");
  // Slots do not move until the migration is done.
  EXPECT_EQ(rg.node_groups[0].slots, "0-5461");
  EXPECT_EQ(rg.MemberClusterIds().size(), 8u);

  rg.transition = StartTransition(kReshard, Timestamp{1000}, 10000);
  EXPECT_FALSE(Changed(AdvanceReplicationGroup(rg, At(Timestamp{10999}))));
  EXPECT_EQ(rg.status, "modifying");
  EXPECT_TRUE(Changed(AdvanceReplicationGroup(rg, At(Timestamp{11000}))));
  EXPECT_EQ(rg.status, "available");
  EXPECT_FALSE(rg.transition);
  EXPECT_TRUE(rg.resharding_target_slots.empty());
  std::vector<std::string> slots;
  for (const auto& ng : rg.node_groups) {
    EXPECT_EQ(ng.status, "available");
    slots.push_back(ng.slots);
    for (const auto& m : ng.members) EXPECT_FALSE(m.joining);
  }
  std::vector<SlotSet> sets;
  for (const auto& s : slots) sets.push_back(ParseSlots(s));
  EXPECT_NO_THROW(ValidateSlotAssignment(slots));
  EXPECT_TRUE(IsEvenlyDistributed(sets));
}

TEST(ReshardingLifecycleTest, ShrinkRemovesNodeGroupsAndTheirMembers) {
  auto rg = MakeGroup(3);
  auto req = Count(2);
  req.node_groups_to_remove = {"0002"};
  auto plan = PlanResharding(rg, req, kNoneTaken);
  StartResharding(rg, plan);
  ASSERT_EQ(rg.node_groups.size(), 3u);
  EXPECT_EQ(rg.node_groups[1].status, "deleting");
  EXPECT_TRUE(rg.node_groups[1].members[0].leaving);
  EXPECT_EQ(rg.node_groups[0].status, "modifying");
  // Leaving members stay listed until they are gone.
  EXPECT_EQ(rg.MemberClusterIds().size(), 6u);
  FinishResharding(rg);
  ASSERT_EQ(rg.node_groups.size(), 2u);
  EXPECT_EQ(rg.node_groups[0].id, "0001");
  EXPECT_EQ(rg.node_groups[1].id, "0003");
  EXPECT_EQ(rg.MemberClusterIds(),
            (std::vector<std::string>{"rg-0001-001", "rg-0001-002", "rg-0003-001", "rg-0003-002"}));
  EXPECT_EQ(rg.node_groups[0].slots, "0-8191");
  EXPECT_EQ(rg.node_groups[1].slots, "8192-16383");
}

TEST(ReshardingLifecycleTest, SnapshottingClusterStaysAMember) {
  auto rg = MakeGroup(3);
  rg.snapshotting_cluster_id = "rg-0001-002";
  auto req = Count(2);
  req.node_groups_to_remove = {"0001"};
  StartResharding(rg, PlanResharding(rg, req, kNoneTaken));
  FinishResharding(rg);
  EXPECT_EQ(rg.snapshotting_cluster_id, "rg-0002-002");
}

TEST(ReshardingLifecycleTest, NodeGroupsAreListedByIdAfterwards) {
  auto rg = MakeGroup(2, 1, {"0005", "0009"});
  auto req = Count(3);
  req.resharding_configuration = {{"0007", {}}};
  auto plan = PlanResharding(rg, req, kNoneTaken);
  StartResharding(rg, plan);
  FinishResharding(rg);
  std::vector<std::string> ids;
  for (const auto& ng : rg.node_groups) ids.push_back(ng.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"0005", "0007", "0009"}));
}

TEST(ReshardingLifecycleTest, DeferredReplicaChangeWaitsForTheNextWindowAfterwards) {
  auto rg = MakeGroup(2);
  rg.settings.preferred_maintenance_window = "sun:05:00-sun:06:00";
  rg.scheduled_replica_change = ReplicaChangeRequest{true, 2, {}, {}};
  StartResharding(rg, PlanResharding(rg, Count(3), kNoneTaken));
  // 2023-11-14 (a Tuesday) 22:13:20 UTC.
  const Timestamp now{1700000000000};
  rg.transition = StartTransition(kReshard, now, 0);
  EXPECT_TRUE(Changed(AdvanceReplicationGroup(rg, At(now))));
  EXPECT_EQ(rg.status, "available");
  ASSERT_TRUE(rg.transition);
  EXPECT_EQ(rg.transition->kind, kScheduledReplicaChange);
  // Sunday 2023-11-19 05:00 UTC.
  EXPECT_EQ(rg.transition->due_at.epoch_ms, 1700370000000);
  EXPECT_TRUE(rg.scheduled_replica_change);
}

}  // namespace
}  // namespace ecl

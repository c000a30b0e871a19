// Update actions: which nodes a service update touches and in what order, what
// BatchApplyUpdateAction and BatchStopUpdateAction accept and refuse, the waves on the clock
// (lifecycle), NodesUpdated and SlaMet.
#include "model/update_action_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/catalog_csv.h"
#include "tests/model/lifecycle_support.h"
#include "tests/model/sample_resources.h"

namespace ecl {
namespace {

using testing_support::At;
using testing_support::ShardedGroup;

constexpr int64_t kStep = 60'000;  // one wave

ServiceUpdateEntry Update(const char* status = "available") {
  ServiceUpdateEntry u;
  u.name = "su-1";
  u.release_date = *ParseUtcInstant("2025-05-07T00:00:00Z");
  u.recommended_apply_by_date = *ParseUtcInstant("2025-06-20T07:59:59Z");
  u.severity = "medium";
  u.status = status;
  u.type = "security-update";
  u.applies_to = {{"redis", "6.2", true}, {"memcached", "1.5.16", true}};
  return u;
}

// Created long before the update's recommended apply-by date.
ReplicationGroup OldGroup() {
  ReplicationGroup rg = ShardedGroup();
  rg.created_at = Timestamp{1000};
  return rg;
}

CacheCluster OldMemcachedCluster(int nodes) {
  CacheCluster cc;
  cc.id = "web";
  cc.status = "available";
  cc.created_at = Timestamp{1000};
  cc.settings.engine = "memcached";
  cc.settings.engine_version = "1.6.22";
  for (int i = 1; i <= nodes; ++i) cc.nodes.push_back({"000" + std::to_string(i)});
  return cc;
}

std::vector<std::string> Statuses(const UpdateAction& a) {
  std::vector<std::string> out;
  for (const auto& n : a.nodes) out.push_back(n.cache_cluster_id + ":" + n.status);
  return out;
}

Timestamp T(int64_t steps) {
  return Timestamp{ParseUtcInstant("2025-06-01T00:00:00Z")->epoch_ms + steps * kStep};
}

UpdateAction Fresh(const UpdateTarget& target) {
  return CurrentUpdateAction("123456789012", "us-east-1", Update(), target, std::nullopt);
}

TEST(UpdateTarget, GroupNodesGoReplicasFirstOneNodePerShardAtATime) {
  UpdateTarget t = UpdateTargetOf(OldGroup());
  ASSERT_EQ(t.nodes.size(), 3u);
  EXPECT_EQ(t.kind, kUpdateTargetGroup);
  EXPECT_EQ(t.nodes[0].cache_cluster_id, "shop-0001-002");  // the replica of 0001
  EXPECT_EQ(t.nodes[0].wave, 0);
  EXPECT_EQ(t.nodes[1].cache_cluster_id, "shop-0001-001");  // then its primary
  EXPECT_EQ(t.nodes[1].wave, 1);
  EXPECT_EQ(t.nodes[2].cache_cluster_id, "shop-0002-001");  // 0002's only node, with wave 0
  EXPECT_EQ(t.nodes[2].wave, 0);
  EXPECT_EQ(t.nodes[2].node_group_id, "0002");
  for (const auto& n : t.nodes) EXPECT_EQ(n.cache_node_id, "0001");
}

TEST(UpdateTarget, ClusterNodesGoOneAfterAnother) {
  UpdateTarget t = UpdateTargetOf(OldMemcachedCluster(3));
  ASSERT_EQ(t.nodes.size(), 3u);
  EXPECT_EQ(t.kind, kUpdateTargetCluster);
  EXPECT_EQ(t.nodes[2].cache_node_id, "0003");
  EXPECT_EQ(t.nodes[2].wave, 2);
  EXPECT_TRUE(t.nodes[2].node_group_id.empty());
}

TEST(UpdateAction, UntouchedActionIsNotAppliedSinceTheLaterOfReleaseAndCreation) {
  UpdateTarget t = UpdateTargetOf(OldGroup());
  UpdateAction a = Fresh(t);
  EXPECT_EQ(a.id, "su-1/replication-group/shop");
  EXPECT_EQ(a.status, UpdateActionStatus::kNotApplied);
  EXPECT_EQ(a.status_modified_at, Update().release_date);
  EXPECT_EQ(NodesUpdated(a), "0/3");
  EXPECT_EQ(SlaMet(a, Update()), "no");
  t.created_at = *ParseUtcInstant("2025-09-01T00:00:00Z");
  EXPECT_EQ(UpdateActionAvailableDate(Update(), t), t.created_at);
  EXPECT_EQ(SlaMet(Fresh(t), Update()), "n/a");  // created after the apply-by date
}

TEST(UpdateAction, AStoredActionOfAnEarlierGroupOfTheSameIdIsIgnored) {
  UpdateTarget t = UpdateTargetOf(OldGroup());
  UpdateAction old = Fresh(t);
  old.status = UpdateActionStatus::kComplete;
  EXPECT_EQ(CurrentUpdateAction("a", "r", Update(), t, old).status, UpdateActionStatus::kComplete);
  t.created_at = Timestamp{5000};
  EXPECT_EQ(CurrentUpdateAction("a", "r", Update(), t, old).status,
            UpdateActionStatus::kNotApplied);
}

TEST(UpdateAction, ApplyRefusalsCarryTheFaultCode) {
  UpdateTarget t = UpdateTargetOf(OldGroup());
  UpdateAction a = Fresh(t);
  EXPECT_FALSE(ApplyRefusal(Update(), t, a));
  EXPECT_EQ(ApplyRefusal(Update("expired"), t, a)->error_type, "InvalidParameterValue");
  UpdateTarget old = t;
  old.engine_version = "5.0.6";
  auto not_applicable = ApplyRefusal(Update(), old, a);
  ASSERT_TRUE(not_applicable);
  EXPECT_NE(not_applicable->message.find("not applicable to replication group shop"),
            std::string::npos);
  UpdateTarget creating = t;
  creating.status = "creating";
  EXPECT_EQ(ApplyRefusal(Update(), creating, a)->error_type, "InvalidReplicationGroupState");
  UpdateTarget cluster = UpdateTargetOf(OldMemcachedCluster(1));
  cluster.status = "deleting";
  EXPECT_EQ(ApplyRefusal(Update(), cluster, Fresh(cluster))->error_type,
            "InvalidCacheClusterState");
  UpdateAction done = a;
  done.status = UpdateActionStatus::kComplete;
  EXPECT_NE(ApplyRefusal(Update(), t, done)->message.find("already been applied"),
            std::string::npos);
  UpdateAction stopping = a;
  stopping.status = UpdateActionStatus::kStopping;
  EXPECT_TRUE(ApplyRefusal(Update(), t, stopping));
  UpdateAction running = a;
  running.status = UpdateActionStatus::kInProgress;
  EXPECT_FALSE(ApplyRefusal(Update(), t, running));  // already on its way: processed again
}

TEST(UpdateAction, StopRefusals) {
  UpdateTarget t = UpdateTargetOf(OldGroup());
  UpdateAction a = Fresh(t);
  EXPECT_NE(StopRefusal(Update(), t, a)->message.find("is not being applied"), std::string::npos);
  a.status = UpdateActionStatus::kStopped;
  EXPECT_TRUE(StopRefusal(Update(), t, a));
  a.status = UpdateActionStatus::kComplete;
  EXPECT_NE(StopRefusal(Update(), t, a)->message.find("already been applied"), std::string::npos);
  for (const char* s : {UpdateActionStatus::kWaitingToStart, UpdateActionStatus::kInProgress,
                        UpdateActionStatus::kStopping}) {
    a.status = s;
    EXPECT_FALSE(StopRefusal(Update("expired"), t, a)) << s;
  }
}

TEST(UpdateAction, AppliesWaveByWaveOnTheClock) {
  UpdateTarget t = UpdateTargetOf(OldGroup());
  UpdateAction a = Fresh(t);
  StartApplying(a, t, T(0), kStep);
  EXPECT_EQ(a.status, UpdateActionStatus::kWaitingToStart);
  for (const auto& n : a.nodes) {
    EXPECT_EQ(n.status, UpdateActionStatus::kWaitingToStart);
    EXPECT_EQ(n.initiated_by, "customer");
    EXPECT_EQ(n.initiated_at, T(0));
  }
  EXPECT_TRUE(AdvanceUpdateAction(a, At(Timestamp{T(1).epoch_ms - 1}, kStep)).empty());

  EXPECT_FALSE(AdvanceUpdateAction(a, At(T(1), kStep)).empty());
  EXPECT_EQ(a.status, UpdateActionStatus::kInProgress);
  EXPECT_EQ(Statuses(a),
            (std::vector<std::string>{"shop-0001-002:in-progress", "shop-0001-001:waiting-to-start",
                                      "shop-0002-001:in-progress"}));
  EXPECT_EQ(NodesUpdated(a), "0/3");

  EXPECT_FALSE(AdvanceUpdateAction(a, At(T(2), kStep)).empty());  // every wave is saved
  EXPECT_EQ(Statuses(a),
            (std::vector<std::string>{"shop-0001-002:complete", "shop-0001-001:in-progress",
                                      "shop-0002-001:complete"}));
  EXPECT_EQ(NodesUpdated(a), "2/3");
  EXPECT_EQ(a.nodes[0].started_at, T(1));
  EXPECT_EQ(a.nodes[0].ended_at, T(2));

  AdvanceUpdateAction(a, At(T(3), kStep));
  EXPECT_EQ(a.status, UpdateActionStatus::kComplete);
  EXPECT_EQ(a.status_modified_at, T(3));
  EXPECT_EQ(NodesUpdated(a), "3/3");
  EXPECT_FALSE(a.transition);
  EXPECT_EQ(SlaMet(a, Update()), "yes");  // done before 2025-06-20
}

TEST(UpdateAction, AClockJumpAppliesEveryWaveThatFellDue) {
  UpdateTarget t = UpdateTargetOf(OldMemcachedCluster(3));
  UpdateAction a = Fresh(t);
  StartApplying(a, t, T(0), kStep);
  AdvanceUpdateAction(a, At(T(100), kStep));
  EXPECT_EQ(a.status, UpdateActionStatus::kComplete);
  EXPECT_EQ(a.status_modified_at, T(4));  // dated when it happened, not when noticed
  EXPECT_EQ(a.nodes[2].ended_at, T(4));
}

TEST(UpdateAction, ZeroTransitionTimeCompletesAtTheNextStep) {
  UpdateTarget t = UpdateTargetOf(OldGroup());
  UpdateAction a = Fresh(t);
  StartApplying(a, t, T(0), 0);
  AdvanceUpdateAction(a, At(T(0), 0));
  EXPECT_EQ(a.status, UpdateActionStatus::kComplete);
}

TEST(UpdateAction, StoppingLetsTheRunningWaveFinishAndStopsTheRest) {
  UpdateTarget t = UpdateTargetOf(OldMemcachedCluster(3));
  UpdateAction a = Fresh(t);
  StartApplying(a, t, T(0), kStep);
  AdvanceUpdateAction(a, At(T(1), kStep));  // node 0001 in progress
  StartStopping(a, Timestamp{T(1).epoch_ms + 10}, kStep);
  EXPECT_EQ(a.status, UpdateActionStatus::kStopping);
  EXPECT_EQ(Statuses(a),
            (std::vector<std::string>{"web:in-progress", "web:stopping", "web:stopping"}));
  AdvanceUpdateAction(a, At(T(2), kStep));
  EXPECT_EQ(a.status, UpdateActionStatus::kStopped);
  EXPECT_EQ(Statuses(a), (std::vector<std::string>{"web:complete", "web:stopped", "web:stopped"}));
  EXPECT_EQ(NodesUpdated(a), "1/3");
  EXPECT_FALSE(a.transition);
  EXPECT_EQ(SlaMet(a, Update()), "no");

  // Applied again: the updated node stays updated, the others go on.
  StartApplying(a, t, T(10), kStep);
  EXPECT_EQ(Statuses(a), (std::vector<std::string>{"web:complete", "web:waiting-to-start",
                                                   "web:waiting-to-start"}));
  EXPECT_EQ(a.nodes[0].ended_at, T(2));
  AdvanceUpdateAction(a, At(T(20), kStep));
  EXPECT_EQ(a.status, UpdateActionStatus::kComplete);
  EXPECT_EQ(NodesUpdated(a), "3/3");
}

TEST(UpdateAction, StoppingBeforeAnyNodeStartedTakesOneStep) {
  UpdateTarget t = UpdateTargetOf(OldGroup());
  UpdateAction a = Fresh(t);
  StartApplying(a, t, T(0), kStep);
  StartStopping(a, T(0), kStep);
  AdvanceUpdateAction(a, At(T(1), kStep));
  EXPECT_EQ(a.status, UpdateActionStatus::kStopped);
  EXPECT_EQ(NodesUpdated(a), "0/3");
}

TEST(UpdateAction, ApplyingTwiceChangesNothing) {
  UpdateTarget t = UpdateTargetOf(OldGroup());
  UpdateAction a = Fresh(t);
  StartApplying(a, t, T(0), kStep);
  AdvanceUpdateAction(a, At(T(1), kStep));
  UpdateAction again = a;
  StartApplying(again, t, T(1), kStep);
  EXPECT_EQ(Statuses(again), Statuses(a));
  EXPECT_EQ(again.transition->due_at, a.transition->due_at);
}

}  // namespace
}  // namespace ecl

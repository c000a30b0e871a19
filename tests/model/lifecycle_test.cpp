// Lifecycle steps: what each transition does when due, and the domain events it returns with
// ElastiCache's wording (docs/events.md).
#include "model/lifecycle.h"

#include <gtest/gtest.h>

#include "model/replica_scaling.h"
#include "tests/model/lifecycle_support.h"

namespace ecl {
namespace {

using testing_support::At;
using testing_support::Changed;
using testing_support::Removed;

ReplicationGroup GroupOfMembers(int members) {
  ReplicationGroup rg;
  rg.account = "123456789012";
  rg.region = "us-east-1";
  rg.id = "rg";
  rg.settings.preferred_maintenance_window = "sun:05:00-sun:06:00";
  NodeGroup ng{"0001", "creating", "", {}};
  for (int i = 1; i <= members; ++i)
    ng.members.push_back({"rg-00" + std::to_string(i), "us-east-1a", i == 1});
  rg.node_groups.push_back(ng);
  return rg;
}

TEST(LifecycleTest, CreatingBecomesAvailableWhenDueAndSaysSo) {
  ReplicationGroup rg = GroupOfMembers(2);
  rg.automatic_failover = true;
  rg.transition = StartTransition(kCreate, Timestamp{1000}, 2000);
  EXPECT_FALSE(Changed(AdvanceReplicationGroup(rg, At(Timestamp{2999}))));
  EXPECT_EQ(rg.status, "creating");
  auto events = AdvanceReplicationGroup(rg, At(Timestamp{3500}));
  EXPECT_EQ(rg.status, "available");
  EXPECT_EQ(rg.node_groups[0].status, "available");
  EXPECT_FALSE(rg.transition);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].message, "Replication group rg created");
  EXPECT_EQ(events[0].source_type, "replication-group");
  EXPECT_EQ(events[0].source_id, "rg");
  EXPECT_EQ(events[0].at, Timestamp{3000});  // when it was due, not when it was noticed
  EXPECT_EQ(events[1].message, "Automatic failover has been turned on for replication group rg");
}

TEST(LifecycleTest, DeletingGroupIsRemoved) {
  ReplicationGroup rg = GroupOfMembers(1);
  rg.transition = StartTransition(kDelete, Timestamp{0}, 0);
  auto events = AdvanceReplicationGroup(rg, At(Timestamp{0}));
  ASSERT_TRUE(Removed(events));
  EXPECT_EQ(events[0].message, "Replication group rg deleted");
}

TEST(LifecycleTest, ClusterCreatedAddsItsNodeAndDeletedIsRemoved) {
  CacheCluster cc;
  cc.id = "rg-001";
  cc.availability_zone = "us-east-1b";
  cc.nodes.push_back({"0001", "creating", Timestamp{0}, "us-east-1b", "rg-001.x"});
  cc.transition = StartTransition(kCreate, Timestamp{0}, 10);
  auto created = AdvanceCacheCluster(cc, At(Timestamp{10}));
  ASSERT_EQ(created.size(), 2u);
  EXPECT_EQ(created[0].message, "Cache cluster created");
  EXPECT_EQ(created[1].message, "Added cache node 0001 in availability zone us-east-1b");
  EXPECT_EQ(created[1].source_type, "cache-cluster");
  EXPECT_EQ(created[1].source_id, "rg-001");
  EXPECT_EQ(cc.status, "available");

  cc.status = "deleting";
  cc.transition = StartTransition(kDelete, Timestamp{20}, 0);
  auto deleted = AdvanceCacheCluster(cc, At(Timestamp{20}));
  ASSERT_TRUE(Removed(deleted));
  EXPECT_EQ(deleted[0].message, "Cache cluster deleted");
}

CacheCluster MemcachedOfNodes(int nodes) {
  CacheCluster cc;
  cc.account = "123456789012";
  cc.region = "us-east-1";
  cc.id = "mc";
  cc.status = "available";
  cc.az_mode = "cross-az";
  cc.settings.engine = "memcached";
  for (int i = 1; i <= nodes; ++i)
    cc.nodes.push_back({"000" + std::to_string(i), "available", Timestamp{0}, "us-east-1a", "x"});
  return cc;
}

TEST(LifecycleTest, AClusterGrowsWhenItsChangeStartsAndFinishes) {
  CacheCluster cc = MemcachedOfNodes(2);
  cc.pending.num_cache_nodes = 3;
  cc.pending.new_availability_zones = {"us-east-1c"};
  auto started = StartClusterChanges(cc, Timestamp{100}, 50);
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].message, "Increasing number of requested nodes");
  EXPECT_EQ(cc.status, "modifying");
  ASSERT_EQ(cc.nodes.size(), 3u);
  EXPECT_EQ(cc.nodes[2].id, "0003");
  EXPECT_EQ(cc.nodes[2].status, "creating");
  EXPECT_EQ(cc.nodes[2].endpoint.rfind("mc.", 0), 0u);
  EXPECT_EQ(cc.NumCacheNodes(), 2);  // the new node counts once it is available

  auto finished = AdvanceCacheCluster(cc, At(Timestamp{150}));
  std::vector<std::string> messages;
  for (const auto& e : finished) messages.push_back(e.message);
  EXPECT_EQ(messages, (std::vector<std::string>{"Added cache node 0003 in availability zone "
                                                "us-east-1c",
                                                "Finished modifying number of nodes from 2 to 3"}));
  EXPECT_EQ(cc.status, "available");
  EXPECT_EQ(cc.NumCacheNodes(), 3);
  EXPECT_FALSE(cc.pending.num_cache_nodes);
}

TEST(LifecycleTest, AClusterShrinksAndADeferredChangeWaitsForTheWindow) {
  CacheCluster cc = MemcachedOfNodes(3);
  cc.pending.num_cache_nodes = 1;
  cc.pending.cache_node_ids_to_remove = {"0001", "0003"};
  cc.transition = Transition{kScheduledModify, Timestamp{0}, Timestamp{1000}};
  EXPECT_FALSE(Changed(AdvanceCacheCluster(cc, At(Timestamp{999}))));
  auto started = AdvanceCacheCluster(cc, At(Timestamp{5000}, 10));
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].message, "Decreasing number of requested nodes");
  EXPECT_EQ(started[0].at, Timestamp{1000});
  EXPECT_EQ(cc.nodes[0].status, "deleting");
  EXPECT_EQ(cc.NumCacheNodes(), 3);
  auto finished = AdvanceCacheCluster(cc, At(Timestamp{5000}));
  ASSERT_EQ(cc.nodes.size(), 1u);
  EXPECT_EQ(cc.nodes[0].id, "0002");
  EXPECT_EQ(finished[0].message, "Removed cache nodes 0001,0003");
  EXPECT_EQ(finished[1].message, "Finished modifying number of nodes from 3 to 1");
}

TEST(LifecycleTest, ANewNodeTypeAndARebootSaySo) {
  CacheCluster cc = MemcachedOfNodes(1);
  cc.settings.engine = "redis";
  cc.pending.cache_node_type = "cache.t3.small";
  StartClusterChanges(cc, Timestamp{0}, 0);
  auto done = AdvanceCacheCluster(cc, At(Timestamp{0}));
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].message,
            "Succeeded applying modification to cache node type to cache.t3.small.");
  EXPECT_EQ(cc.settings.cache_node_type, "cache.t3.small");

  cc.status = "rebooting cache cluster nodes";
  cc.nodes[0].status = "rebooting";
  cc.transition = StartTransition(kReboot, Timestamp{10}, 5);
  auto rebooted = AdvanceCacheCluster(cc, At(Timestamp{15}));
  ASSERT_EQ(rebooted.size(), 1u);
  EXPECT_EQ(rebooted[0].message, "Cache node 0001 restarted");
  EXPECT_EQ(cc.status, "available");
  EXPECT_EQ(cc.nodes[0].status, "available");
}

TEST(LifecycleTest, ReplicaChangeCompletedNamesTheDirection) {
  ReplicationGroup rg = GroupOfMembers(1);
  rg.status = "modifying";
  rg.node_groups[0].members.push_back({"rg-002", "us-east-1b", false, true, false});
  rg.transition = StartTransition(kModifyReplicas, Timestamp{0}, 5);
  auto events = AdvanceReplicationGroup(rg, At(Timestamp{5}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].message,
            "Increase replica count completed for replication group rg on "
            "1970-01-01T00:00:00.005Z");
  EXPECT_EQ(rg.status, "available");
  EXPECT_FALSE(rg.node_groups[0].members[1].joining);
}

TEST(LifecycleTest, ADeferredReplicaChangeStartsWhenTheWindowOpens) {
  ReplicationGroup rg = GroupOfMembers(2);
  rg.status = "available";
  rg.node_groups[0].status = "available";
  ReplicaChangeRequest request;
  request.increase = true;
  request.new_replica_count = 2;
  rg.scheduled_replica_change = request;
  const Timestamp window{5000};
  rg.transition = Transition{kScheduledReplicaChange, Timestamp{0}, window};

  auto events = AdvanceReplicationGroup(rg, At(Timestamp{9000}, 1000));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].what, happened::kReplicaChangeStarted);
  EXPECT_EQ(events[0].at, window);
  EXPECT_EQ(events[0].message,
            "Increase replica count started for replication group rg on "
            "1970-01-01T00:00:05.000Z");
  EXPECT_EQ(rg.status, "modifying");
  EXPECT_FALSE(rg.scheduled_replica_change);
  ASSERT_TRUE(rg.transition);
  EXPECT_EQ(rg.transition->kind, kModifyReplicas);
  EXPECT_EQ(rg.transition->due_at, Timestamp{6000});  // the change began with the window
  ASSERT_EQ(rg.node_groups[0].members.size(), 3u);
  EXPECT_EQ(rg.node_groups[0].members[2].cache_cluster_id, "rg-003");
  EXPECT_TRUE(rg.node_groups[0].members[2].joining);
}

TEST(LifecycleTest, ADeferredChangeThatNoLongerFitsIsDropped) {
  ReplicationGroup rg = GroupOfMembers(2);
  rg.status = "available";
  ReplicaChangeRequest request;
  request.increase = true;
  request.new_replica_count = 1;  // already one replica: nothing to do any more
  rg.scheduled_replica_change = request;
  rg.transition = Transition{kScheduledReplicaChange, Timestamp{0}, Timestamp{10}};
  auto events = AdvanceReplicationGroup(rg, At(Timestamp{10}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].message.empty());
  EXPECT_FALSE(rg.transition);
  EXPECT_FALSE(rg.scheduled_replica_change);
  EXPECT_EQ(rg.node_groups[0].members.size(), 2u);
}

TEST(LifecycleTest, SnapshotSucceededIsShownUnderTheClusterItWasTakenFrom) {
  Snapshot s;
  s.id = "nightly";
  s.replication_group_id = "rg";
  s.taken_from_cluster_id = "rg-002";
  s.transition = StartTransition(kCreate, Timestamp{0}, 1000);
  EXPECT_FALSE(Changed(AdvanceSnapshot(s, At(Timestamp{999}))));
  auto events = AdvanceSnapshot(s, At(Timestamp{1000}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].message,
            "Snapshot succeeded for snapshot with ID 'nightly' of replication group with ID 'rg'");
  EXPECT_EQ(events[0].source_type, "cache-cluster");
  EXPECT_EQ(events[0].source_id, "rg-002");
  EXPECT_EQ(s.status, "available");
}

TEST(LifecycleTest, ACopyIsCreatedWithoutAnEventDescribeEventsShows) {
  Snapshot copy;
  copy.id = "copy";
  copy.cache_cluster_id = "rg-001";
  copy.taken_from_cluster_id = "rg-001";
  copy.transition = StartTransition(kCopy, Timestamp{0}, 0);
  auto events = AdvanceSnapshot(copy, At(Timestamp{0}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].source_type.empty());
  EXPECT_EQ(copy.status, "available");
}

TEST(LifecycleTest, ProgressRisesWithTheClock) {
  Transition t = StartTransition(kCreate, Timestamp{1000}, 1000);
  EXPECT_DOUBLE_EQ(t.ProgressPercent(Timestamp{1000}), 0.0);
  EXPECT_DOUBLE_EQ(t.ProgressPercent(Timestamp{1500}), 50.0);
  EXPECT_DOUBLE_EQ(t.ProgressPercent(Timestamp{5000}), 100.0);
}

}  // namespace
}  // namespace ecl

// TestFailover's rules and steps: the faults AWS answers, the replica chosen, the roles after
// the failover, the 24-hour limit, and the events in AWS's order.
#include "model/failover_rules.h"

#include <gtest/gtest.h>

#include "lifecycle_support.h"
#include "model/lifecycle.h"
#include "sample_resources.h"

namespace ecl {
namespace {

using testing_support::At;
using testing_support::CodeOf;

std::string Available(const std::string&) { return "available"; }

std::string PlanCode(const ReplicationGroup& rg, const std::string& node_group, int recent = 0,
                     std::function<std::string(const std::string&)> status = Available) {
  return CodeOf([&] { PlanTestFailover(rg, node_group, recent, status); });
}

TEST(TestFailoverRules, TheFaultsAwsAnswers) {
  ReplicationGroup rg = testing_support::DisabledGroup();
  EXPECT_EQ(PlanCode(rg, "0001"), "");
  EXPECT_EQ(PlanCode(rg, "0002"), "NodeGroupNotFoundFault");
  EXPECT_EQ(PlanCode(rg, "0001", kTestFailoversPerDay), "APICallRateForCustomerExceeded");
  EXPECT_EQ(PlanCode(rg, "0001", kTestFailoversPerDay - 1), "");
  EXPECT_EQ(
      PlanCode(rg, "0001", 0,
               [](const std::string& id) { return id == "rg-003" ? "snapshotting" : "available"; }),
      "InvalidCacheClusterState");
  ReplicationGroup off = testing_support::DisabledGroup();
  off.automatic_failover = false;
  EXPECT_EQ(PlanCode(off, "0001"), "InvalidParameterCombination");
  ReplicationGroup busy = testing_support::DisabledGroup();
  busy.status = "snapshotting";
  EXPECT_EQ(PlanCode(busy, "0001"), "InvalidReplicationGroupState");
  ReplicationGroup failing = testing_support::DisabledGroup();
  failing.failover = FailoverInProgress{"0001", "rg-001", "rg-002"};
  failing.status = "modifying";
  EXPECT_EQ(PlanCode(failing, "0001"), "TestFailoverNotAvailableFault");
  // Shard 0002 of the sample is a primary alone.
  EXPECT_EQ(PlanCode(testing_support::ShardedGroup(), "0002"), "InvalidParameterCombination");
}

TEST(TestFailoverRules, TheFirstReplicaTakesOverAndRolesSwap) {
  ReplicationGroup rg = testing_support::DisabledGroup();
  FailoverInProgress f = PlanTestFailover(rg, "0001", 0, Available);
  EXPECT_EQ(f.from, "rg-001");
  EXPECT_EQ(f.to, "rg-002");
  StartTestFailover(rg, f, Timestamp{1000}, 500);
  EXPECT_EQ(rg.status, "modifying");
  EXPECT_EQ(rg.node_groups[0].status, "modifying");
  EXPECT_EQ(RecentTestFailovers(rg, Timestamp{1000}), 1);
  EXPECT_EQ(RecentTestFailovers(rg, Timestamp{1000 + kTestFailoverWindowMs}), 0);
  CompleteFailover(rg, f);
  EXPECT_EQ(rg.PrimaryClusterId(), "rg-002");
  EXPECT_EQ(rg.node_groups[0].members[0].cache_cluster_id, "rg-001");
  EXPECT_FALSE(rg.node_groups[0].members[0].primary);
}

TEST(TestFailoverRules, OldRecordsAreDroppedWhenANewOneIsKept) {
  ReplicationGroup rg = testing_support::DisabledGroup();
  rg.test_failovers = {{"0001", Timestamp{0}}};
  FailoverInProgress f = PlanTestFailover(rg, "0001", 0, Available);
  StartTestFailover(rg, f, Timestamp{kTestFailoverWindowMs + 1}, 0);
  ASSERT_EQ(rg.test_failovers.size(), 1u);
  EXPECT_EQ(rg.test_failovers[0].at, Timestamp{kTestFailoverWindowMs + 1});
}

TEST(TestFailoverLifecycle, FailoverThenRecoveryInAwsWords) {
  ReplicationGroup rg = testing_support::DisabledGroup();
  StartTestFailover(rg, PlanTestFailover(rg, "0001", 0, Available), Timestamp{0}, 1000);
  EXPECT_TRUE(AdvanceReplicationGroup(rg, At(Timestamp{999}, 1000)).empty());
  auto failed_over = AdvanceReplicationGroup(rg, At(Timestamp{1000}, 1000));
  std::vector<std::string> texts;
  for (const auto& e : failed_over)
    texts.push_back(e.source_type + " " + e.source_id + ": " + e.message);
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "replication-group rg: Failover to replica node rg-002 completed",
                       "cache-cluster rg-001: Failover from master node rg-001 to replica node "
                       "rg-002 completed",
                       "replication-group rg: Failover from master node rg-001 to replica node "
                       "rg-002 completed",
                       "cache-cluster rg-001: Recovering cache nodes 0001"}));
  EXPECT_EQ(rg.PrimaryClusterId(), "rg-002");
  EXPECT_EQ(rg.status, "modifying");  // the old primary still recovers
  ASSERT_TRUE(rg.transition);
  EXPECT_EQ(rg.transition->kind, kFailoverRecovery);
  auto recovered = AdvanceReplicationGroup(rg, At(Timestamp{2000}, 1000));
  ASSERT_FALSE(recovered.empty());
  EXPECT_EQ(recovered[0].message, "Finished recovery for cache nodes 0001");
  EXPECT_EQ(recovered[0].source_id, "rg-001");
  EXPECT_EQ(rg.status, "available");
  EXPECT_EQ(rg.node_groups[0].status, "available");
  EXPECT_FALSE(rg.failover);
  EXPECT_FALSE(rg.transition);
}

}  // namespace
}  // namespace ecl

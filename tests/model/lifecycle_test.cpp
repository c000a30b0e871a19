#include "model/lifecycle.h"

#include <gtest/gtest.h>

namespace ecl {
namespace {

TEST(LifecycleTest, CreatingBecomesAvailableWhenDue) {
  ReplicationGroup rg;
  rg.transition = StartTransition(kCreate, Timestamp{1000}, 2000);
  rg.node_groups.push_back(NodeGroup{"0001", "creating", "", {}});
  EXPECT_EQ(AdvanceReplicationGroup(rg, Timestamp{2999}), LifecycleOutcome::kUnchanged);
  EXPECT_EQ(rg.status, "creating");
  EXPECT_EQ(AdvanceReplicationGroup(rg, Timestamp{3000}), LifecycleOutcome::kUpdated);
  EXPECT_EQ(rg.status, "available");
  EXPECT_EQ(rg.node_groups[0].status, "available");
  EXPECT_FALSE(rg.transition);
}

TEST(LifecycleTest, DeletingIsRemovedWhenDue) {
  CacheCluster cc;
  cc.status = "deleting";
  cc.transition = StartTransition(kDelete, Timestamp{0}, 0);
  EXPECT_EQ(AdvanceCacheCluster(cc, Timestamp{0}), LifecycleOutcome::kRemoved);
}

TEST(LifecycleTest, ProgressRisesWithTheClock) {
  Transition t = StartTransition(kCreate, Timestamp{1000}, 1000);
  EXPECT_DOUBLE_EQ(t.ProgressPercent(Timestamp{1000}), 0.0);
  EXPECT_DOUBLE_EQ(t.ProgressPercent(Timestamp{1500}), 50.0);
  EXPECT_DOUBLE_EQ(t.ProgressPercent(Timestamp{5000}), 100.0);
}

}  // namespace
}  // namespace ecl

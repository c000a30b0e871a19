// The service's one entry point: due transitions, then the handler in a savepoint, in one
// transaction, so a call that fails leaves nothing it wrote and loses nothing that fell due;
// lifecycle steps run with their events saved.
#include "handlers/service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "model/aws_error.h"
#include "model/clock.h"

namespace ecl {
namespace {

class ServiceTest : public ::testing::Test {
 protected:
  ServiceTest() : service_(Options()) { service_.Register(registry_); }

  static ServiceOptions Options() {
    ServiceOptions o;
    o.in_memory = true;
    o.transition_seconds = 10;
    return o;
  }

  RequestContext Ctx() { return {"req", "123456789012", "us-east-1", clock_.Now()}; }

  ApiValue Call(const std::string& action, const ApiValue& in) {
    return (*registry_.Find(action))(Ctx(), in);
  }

  static ApiValue Group(const std::string& id) {
    return ApiValue::Struct()
        .Set("ReplicationGroupId", id)
        .Set("ReplicationGroupDescription", "d")
        .Set("NumCacheClusters", 2)
        .Set("AutomaticFailoverEnabled", true);
  }

  size_t GroupCount() {
    return Call("DescribeReplicationGroups", ApiValue::Struct())
        .GetList("ReplicationGroups")
        .size();
  }

  ManualClock clock_;
  Service service_;
  HandlerRegistry registry_;
};

// The server runs requests on several threads (--threads) and takes no lock itself: the
// service serializes what touches the store, and only that.
TEST_F(ServiceTest, CallsFromManyThreadsNeverOverlapInTheStore) {
  std::atomic<int> inside{0};
  std::atomic<int> overlaps{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {  // 80 groups: one page of DescribeReplicationGroups
        Call("CreateReplicationGroup", Group("g" + std::to_string(t) + "-" + std::to_string(i)));
        service_.Invoke(Ctx(), [&] {
          if (inside.fetch_add(1) != 0) ++overlaps;
          std::this_thread::yield();
          inside.fetch_sub(1);
          return ApiValue::Struct();
        });
        Call("DescribeReplicationGroups", ApiValue::Struct());
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(overlaps.load(), 0);
  EXPECT_EQ(GroupCount(), 80u);
}

TEST_F(ServiceTest, ACallThatThrowsLeavesNothingItWrote) {
  EXPECT_THROW(service_.Invoke(Ctx(),
                               [&] {
                                 Call("CreateReplicationGroup", Group("half"));
                                 throw std::runtime_error("failed after writing");
                                 return ApiValue();
                               }),
               std::runtime_error);
  EXPECT_EQ(GroupCount(), 0u);
  EXPECT_TRUE(Call("DescribeCacheClusters", ApiValue::Struct()).GetList("CacheClusters").empty());
  EXPECT_TRUE(Call("DescribeEvents", ApiValue::Struct()).GetList("Events").empty());
}

TEST_F(ServiceTest, DueTransitionsApplyInTheCallsTransactionWithTheirEvents) {
  Call("CreateReplicationGroup", Group("rg"));
  clock_.Advance(9999);
  auto status = [&] {
    return *Call("DescribeReplicationGroups", ApiValue::Struct().Set("ReplicationGroupId", "rg"))
                .GetList("ReplicationGroups")[0]
                .GetString("Status");
  };
  EXPECT_EQ(status(), "creating");
  clock_.Advance(1);
  EXPECT_EQ(status(), "available");
  auto events = Call("DescribeEvents", ApiValue::Struct()).GetList("Events");
  std::vector<std::string> messages;
  for (const auto& e : events) messages.push_back(*e.GetString("Message"));
  EXPECT_NE(std::find(messages.begin(), messages.end(), "Replication group rg created"),
            messages.end());
  EXPECT_NE(std::find(messages.begin(), messages.end(), "Cache cluster created"), messages.end());
}

TEST_F(ServiceTest, AFailedCallDoesNotLoseDueTransitions) {
  Call("CreateReplicationGroup", Group("rg"));
  clock_.Advance(10000);
  EXPECT_THROW(Call("CreateReplicationGroup", Group("rg")), AwsError);
  auto group = Call("DescribeReplicationGroups", ApiValue::Struct().Set("ReplicationGroupId", "rg"))
                   .GetList("ReplicationGroups")[0];
  EXPECT_EQ(*group.GetString("Status"), "available");
}

TEST_F(ServiceTest, WhatFellDueIsCommittedEvenWhenTheCallFails) {
  // A waiter polls the id of a group being deleted until it is not found: the deletion that
  // fell due must be stored (and observed) although every such call fails.
  Call("CreateReplicationGroup", Group("rg"));
  clock_.Advance(10000);
  GroupCount();
  Call("DeleteReplicationGroup", ApiValue::Struct().Set("ReplicationGroupId", "rg"));
  int commits = 0;
  service_.SetCommitObserver([&] { ++commits; });
  clock_.Advance(10000);
  EXPECT_THROW(Call("DescribeReplicationGroups",
                    ApiValue::Struct().Set("ReplicationGroupId", "rg")),
               AwsError);
  EXPECT_EQ(commits, 1);
  int groups = -1;
  service_.Read([&](Store& store) { groups = int(store.All<ReplicationGroup>().size()); });
  EXPECT_EQ(groups, 0);
}

// With the data plane on, a resharding ends when its slots have really moved, not when the
// model's clock says, and shows how far they have come.
TEST_F(ServiceTest, AReshardingTheDataPlaneFollowsEndsWhenItsSlotsHaveMoved) {
  Call("CreateReplicationGroup", ApiValue::Struct()
                                     .Set("ReplicationGroupId", "cme")
                                     .Set("ReplicationGroupDescription", "d")
                                     .Set("CacheParameterGroupName", "default.redis7.cluster.on")
                                     .Set("NumNodeGroups", 2)
                                     .Set("AutomaticFailoverEnabled", true));
  clock_.Advance(10000);
  RealSlotMigration real{40.0, std::nullopt};
  std::vector<std::pair<ResourceKey, int64_t>> asked;
  service_.SetSlotMigrationSource([&](const ResourceKey& group, Timestamp started_at) {
    asked.push_back({group, started_at.epoch_ms});
    return std::optional(real);
  });
  const int64_t started = clock_.Now().epoch_ms;
  Call("ModifyReplicationGroupShardConfiguration", ApiValue::Struct()
                                                       .Set("ReplicationGroupId", "cme")
                                                       .Set("NodeGroupCount", 3)
                                                       .Set("ApplyImmediately", true));
  auto group = [&] {
    return Call("DescribeReplicationGroups", ApiValue::Struct().Set("ReplicationGroupId", "cme"))
        .GetList("ReplicationGroups")[0];
  };
  clock_.Advance(15000);  // past the model's 10 s
  ApiValue g = group();
  EXPECT_EQ(*g.GetString("Status"), "modifying");
  const ApiValue* migration = g.Get("PendingModifiedValues")->Get("Resharding")->Get("SlotMigration");
  EXPECT_DOUBLE_EQ(*migration->GetDouble("ProgressPercentage"), 40.0);
  ASSERT_FALSE(asked.empty());
  EXPECT_EQ(asked.back().first.id, "cme");
  EXPECT_EQ(asked.back().second, started);
  // Finished 12 s in: the group is available, and the events carry that moment.
  real = {100.0, Timestamp{started + 12000}};
  g = group();
  EXPECT_EQ(*g.GetString("Status"), "available");
  EXPECT_EQ(g.GetList("NodeGroups").size(), 3u);
  int64_t completed_at = 0;
  const ApiValue events = Call("DescribeEvents", ApiValue::Struct());
  for (const auto& e : events.GetList("Events"))
    if (e.GetString("Message")->starts_with("Moved a total of"))
      completed_at = e.Get("Date")->AsTimestamp().epoch_ms;
  EXPECT_EQ(completed_at, started + 12000);
}

}  // namespace
}  // namespace ecl

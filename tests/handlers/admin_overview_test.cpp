// The dashboard's overview reads what the API reads: resources of every account and region
// with their status, a group's shards over the slots with members' roles, zones and
// endpoints, and the events; due transitions are applied first, as an API call would.
#include "handlers/admin_overview.h"

#include <gtest/gtest.h>

#include "handlers/service.h"
#include "model/clock.h"

namespace ecl {
namespace {

class AdminOverviewTest : public ::testing::Test {
 protected:
  AdminOverviewTest() : service_(Options()) { service_.Register(registry_); }

  static ServiceOptions Options() {
    ServiceOptions o;
    o.in_memory = true;
    o.transition_seconds = 10;
    return o;
  }

  ApiValue Call(const std::string& action, const ApiValue& in,
                const std::string& region = "us-east-1") {
    return (*registry_.Find(action))({"req", "123456789012", region, clock_.Now()}, in);
  }
  ApiValue Overview() { return service_.Inspect(clock_.Now(), ecl::Overview); }

  static const ApiValue& ScopeOf(const ApiValue& overview, const std::string& region) {
    for (const auto& s : overview.GetList("scopes"))
      if (s.GetString("region") == region) return s;
    ADD_FAILURE() << "no scope for " << region;
    static const ApiValue kNone;
    return kNone;
  }
  static std::optional<std::string> StatusOf(const ApiValue& scope, const std::string& kind,
                                             const std::string& id) {
    for (const auto& r : scope.GetList("resources"))
      if (r.GetString("kind") == kind && r.GetString("id") == id) return r.GetString("status");
    return std::nullopt;
  }

  ManualClock clock_;
  Service service_;
  HandlerRegistry registry_;
};

TEST_F(AdminOverviewTest, ListsResourcesByAccountAndRegionWithTheirStatus) {
  Call("CreateReplicationGroup", ApiValue::Struct()
                                     .Set("ReplicationGroupId", "Shop")
                                     .Set("ReplicationGroupDescription", "d")
                                     .Set("NumCacheClusters", 2));
  Call("CreateCacheParameterGroup", ApiValue::Struct()
                                        .Set("CacheParameterGroupName", "params")
                                        .Set("CacheParameterGroupFamily", "redis7")
                                        .Set("Description", "d"),
       "eu-west-1");
  ApiValue overview = Overview();
  ASSERT_EQ(overview.GetList("scopes").size(), 2u);
  const ApiValue& east = ScopeOf(overview, "us-east-1");
  EXPECT_EQ(east.GetString("account"), "123456789012");
  EXPECT_EQ(StatusOf(east, "replication-group", "shop"), "creating");
  EXPECT_EQ(StatusOf(east, "cache-cluster", "shop-001"), "creating");
  EXPECT_EQ(StatusOf(east, "cache-cluster", "shop-002"), "creating");
  EXPECT_EQ(StatusOf(east, "cache-parameter-group", "params"), std::nullopt);
  const ApiValue& west = ScopeOf(overview, "eu-west-1");
  EXPECT_EQ(StatusOf(west, "cache-parameter-group", "params"), "");
  EXPECT_TRUE(west.GetList("replication_groups").empty());
}

TEST_F(AdminOverviewTest, AppliesDueTransitionsAsAnApiCallWould) {
  Call("CreateReplicationGroup", ApiValue::Struct()
                                     .Set("ReplicationGroupId", "rg")
                                     .Set("ReplicationGroupDescription", "d")
                                     .Set("NumCacheClusters", 1));
  clock_.Advance(10000);
  ApiValue overview = Overview();
  const ApiValue& scope = ScopeOf(overview, "us-east-1");
  EXPECT_EQ(StatusOf(scope, "replication-group", "rg"), "available");
  std::vector<std::string> messages;
  for (const auto& e : scope.GetList("events")) messages.push_back(*e.GetString("message"));
  EXPECT_NE(std::find(messages.begin(), messages.end(), "Replication group rg created"),
            messages.end());
}

TEST_F(AdminOverviewTest, DrawsShardsOverTheSlotsWithMembersRolesZonesAndEndpoints) {
  Call("CreateReplicationGroup",
       ApiValue::Struct()
           .Set("ReplicationGroupId", "cart")
           .Set("ReplicationGroupDescription", "d")
           .Set("NumNodeGroups", 3)
           .Set("ReplicasPerNodeGroup", 1));
  ApiValue overview = Overview();
  const ApiValue& group = ScopeOf(overview, "us-east-1").GetList("replication_groups").at(0);
  EXPECT_EQ(group.GetString("cluster_mode"), "enabled");
  EXPECT_NE(group.GetString("configuration_endpoint")->find("clustercfg"), std::string::npos);
  const ApiList& shards = group.GetList("shards");
  ASSERT_EQ(shards.size(), 3u);
  // The default split: 0-5461, 5462-10922, 10923-16383.
  EXPECT_EQ(shards[0].GetString("slots"), "0-5461");
  EXPECT_EQ(shards[2].GetList("ranges").at(0).AsList().at(0).AsInt(), 10923);
  EXPECT_EQ(shards[2].GetList("ranges").at(0).AsList().at(1).AsInt(), 16383);
  const ApiList& members = shards[1].GetList("members");
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].GetString("cache_cluster_id"), "cart-0002-001");
  EXPECT_EQ(members[0].GetString("role"), "primary");
  EXPECT_EQ(members[1].GetString("role"), "replica");
  EXPECT_EQ(members[0].GetString("status"), "creating");
  EXPECT_EQ(members[0].GetString("zone")->rfind("us-east-1", 0), 0u);
  EXPECT_NE(members[0].GetString("endpoint")->find("cart-0002-001."), std::string::npos);
  EXPECT_NE(members[0].GetString("endpoint")->find(":6379"), std::string::npos);
}

TEST_F(AdminOverviewTest, ClusterModeDisabledHasOneShardOverEverySlot) {
  Call("CreateReplicationGroup", ApiValue::Struct()
                                     .Set("ReplicationGroupId", "one")
                                     .Set("ReplicationGroupDescription", "d")
                                     .Set("NumCacheClusters", 2));
  ApiValue overview = Overview();
  const ApiValue& group = ScopeOf(overview, "us-east-1").GetList("replication_groups").at(0);
  const ApiValue& shard = group.GetList("shards").at(0);
  EXPECT_EQ(shard.GetString("slots"), "0-16383");
  EXPECT_NE(shard.GetString("primary_endpoint")->find("one."), std::string::npos);
  EXPECT_NE(shard.GetString("reader_endpoint")->find("one-ro."), std::string::npos);
}

TEST_F(AdminOverviewTest, AnEmptyEmulatorHasNoScopes) {
  EXPECT_TRUE(Overview().GetList("scopes").empty());
}

}  // namespace
}  // namespace ecl

// Cache cluster rules: ids, node counts per engine, where nodes go (AZMode and preferred
// zones within the subnet group's zones), and growing or shrinking a Memcached cluster.
#include "model/cache_cluster_rules.h"

#include <gtest/gtest.h>

#include "model/aws_error.h"
#include "tests/model/sample_resources.h"

namespace ecl {
namespace {

using testing_support::CodeOf;
using testing_support::MessageOf;

const std::vector<std::string> kZones = {"us-east-1a", "us-east-1b", "us-east-1c"};

CacheClusterLayoutRequest MemcachedLayout(int nodes) {
  CacheClusterLayoutRequest r;
  r.engine = "memcached";
  r.num_cache_nodes = nodes;
  r.zones = kZones;
  return r;
}

TEST(CacheClusterRules, IdsFollowTheIdentifierRuleUpToFiftyCharacters) {
  EXPECT_EQ(ValidateCacheClusterId("My-Cache1"), "my-cache1");
  EXPECT_EQ(ValidateCacheClusterId(std::string(50, 'a')), std::string(50, 'a'));
  for (std::string bad : {std::string(51, 'a'), std::string("1abc"), std::string("a--b"),
                          std::string("ab-"), std::string("a_b"), std::string()})
    EXPECT_EQ(CodeOf([&] { ValidateCacheClusterId(bad); }), "InvalidParameterValue") << bad;
  EXPECT_EQ(CacheNodeId(1), "0001");
  EXPECT_EQ(CacheNodeId(40), "0040");
}

TEST(CacheClusterRules, RedisHasExactlyOneNodeAndNoAzMode) {
  CacheClusterLayoutRequest r;
  r.engine = "redis";
  r.zones = kZones;
  auto layout = ResolveCacheClusterLayout(r);
  EXPECT_EQ(layout.node_zones, std::vector<std::string>{"us-east-1a"});
  EXPECT_EQ(layout.preferred_availability_zone, "us-east-1a");
  EXPECT_FALSE(layout.az_mode);
  r.preferred_availability_zone = "us-east-1c";
  EXPECT_EQ(ResolveCacheClusterLayout(r).node_zones[0], "us-east-1c");
  r.num_cache_nodes = 2;
  EXPECT_EQ(MessageOf([&] { ResolveCacheClusterLayout(r); }),
            "Cannot create a Redis cluster with a NumCacheNodes parameter greater than 1.");
  r.num_cache_nodes = 1;
  r.az_mode = "cross-az";
  EXPECT_EQ(CodeOf([&] { ResolveCacheClusterLayout(r); }), "InvalidParameterValue");
}

TEST(CacheClusterRules, MemcachedSingleAzPutsEveryNodeInOneZone) {
  auto layout = ResolveCacheClusterLayout(MemcachedLayout(3));
  EXPECT_EQ(layout.az_mode, "single-az");
  EXPECT_EQ(layout.node_zones, (std::vector<std::string>(3, "us-east-1a")));
  EXPECT_EQ(layout.preferred_availability_zone, "us-east-1a");
  auto r = MemcachedLayout(2);
  r.preferred_availability_zone = "us-east-1b";
  EXPECT_EQ(ResolveCacheClusterLayout(r).node_zones, (std::vector<std::string>(2, "us-east-1b")));
}

TEST(CacheClusterRules, MemcachedCrossAzSpreadsAndShowsMultiple) {
  auto r = MemcachedLayout(4);
  r.az_mode = "cross-az";
  auto layout = ResolveCacheClusterLayout(r);
  EXPECT_EQ(layout.node_zones,
            (std::vector<std::string>{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1a"}));
  EXPECT_EQ(layout.preferred_availability_zone, "Multiple");
  r.num_cache_nodes = 1;
  EXPECT_EQ(CodeOf([&] { ResolveCacheClusterLayout(r); }), "InvalidParameterValue");
}

TEST(CacheClusterRules, PreferredZonesNameEveryNode) {
  auto r = MemcachedLayout(3);
  r.preferred_availability_zones = {"us-east-1c", "us-east-1a", "us-east-1c"};
  auto layout = ResolveCacheClusterLayout(r);
  EXPECT_EQ(layout.az_mode, "cross-az");  // several zones mean cross-az
  EXPECT_EQ(layout.node_zones, r.preferred_availability_zones);
  r.preferred_availability_zones.pop_back();
  EXPECT_EQ(MessageOf([&] { ResolveCacheClusterLayout(r); }),
            "Must specify the same number of preferred availability zones as requested number "
            "of nodes.");
  r.preferred_availability_zones = {"us-east-1a", "us-east-1b", "us-east-1c"};
  r.az_mode = "single-az";
  EXPECT_EQ(CodeOf([&] { ResolveCacheClusterLayout(r); }), "InvalidParameterCombination");
  r.az_mode.reset();
  r.preferred_availability_zones = {"us-east-1a", "us-east-1b", "eu-west-1a"};
  EXPECT_EQ(CodeOf([&] { ResolveCacheClusterLayout(r); }), "InvalidParameterValue");
}

TEST(CacheClusterRules, NodesPerClusterQuota) {
  EXPECT_NO_THROW(ResolveCacheClusterLayout(MemcachedLayout(40)));
  EXPECT_EQ(CodeOf([] { ResolveCacheClusterLayout(MemcachedLayout(41)); }),
            "NodeQuotaForClusterExceeded");
  auto r = MemcachedLayout(41);
  r.nodes_per_cluster_quota = 60;
  EXPECT_NO_THROW(ResolveCacheClusterLayout(r));
  EXPECT_EQ(CodeOf([] { ResolveCacheClusterLayout(MemcachedLayout(0)); }), "InvalidParameterValue");
}

NodeCountRequest Nodes(int count, int wanted) {
  NodeCountRequest r;
  for (int i = 1; i <= count; ++i) {
    r.node_ids.push_back(CacheNodeId(i));
    r.node_zones.push_back(kZones[size_t(i - 1) % 3]);
  }
  r.az_mode = "cross-az";
  r.num_cache_nodes = wanted;
  r.zones = kZones;
  return r;
}

TEST(CacheClusterRules, GrowingAddsTheNextNodeIds) {
  auto plan = PlanNodeCountChange(Nodes(3, 5));
  EXPECT_EQ(plan.added_ids, (std::vector<std::string>{"0004", "0005"}));
  EXPECT_EQ(plan.added_zones, (std::vector<std::string>{"us-east-1a", "us-east-1b"}));
  EXPECT_TRUE(plan.removed_ids.empty());
  auto r = Nodes(3, 4);
  r.new_availability_zones = {"us-east-1c"};
  EXPECT_EQ(PlanNodeCountChange(r).added_zones, std::vector<std::string>{"us-east-1c"});
  r.new_availability_zones = {"us-east-1c", "us-east-1a"};
  EXPECT_EQ(CodeOf([&] { PlanNodeCountChange(r); }), "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([] { PlanNodeCountChange(Nodes(3, 41)); }), "NodeQuotaForClusterExceeded");
}

TEST(CacheClusterRules, ShrinkingNeedsExactlyTheIdsToRemove) {
  auto r = Nodes(3, 2);
  EXPECT_EQ(MessageOf([&] { PlanNodeCountChange(r); }),
            "The number of CacheNodeIdsToRemove must match the number of nodes you are trying to "
            "remove, current number of cache nodes is 3, requested number of cache nodes is 2 "
            "and CacheNodeIdsToRemove supplied are 0");
  r.cache_node_ids_to_remove = {"0002"};
  EXPECT_EQ(PlanNodeCountChange(r).removed_ids, std::vector<std::string>{"0002"});
  r.cache_node_ids_to_remove = {"0009"};
  EXPECT_EQ(CodeOf([&] { PlanNodeCountChange(r); }), "InvalidParameterValue");
  r.cache_node_ids_to_remove = {"0001", "0002"};
  EXPECT_EQ(CodeOf([&] { PlanNodeCountChange(r); }), "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([] { PlanNodeCountChange(Nodes(3, 0)); }), "InvalidParameterValue");
  auto same = Nodes(2, 2);
  EXPECT_TRUE(PlanNodeCountChange(same).added_ids.empty());
}

}  // namespace
}  // namespace ecl

#include "model/replication_group_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/aws_error.h"

namespace ecl {
namespace {

using Zones = std::vector<std::string>;

ReplicationGroupTopologyRequest Request() {
  ReplicationGroupTopologyRequest r;
  r.placement.region = "us-east-1";
  return r;
}

NodeGroupConfigurationRequest Shard(std::optional<std::string> id = std::nullopt,
                                    std::optional<std::string> slots = std::nullopt,
                                    std::optional<int> replicas = std::nullopt) {
  NodeGroupConfigurationRequest c;
  c.node_group_id = std::move(id);
  c.slots = std::move(slots);
  c.replica_count = replicas;
  return c;
}

// ---- rejected requests ---------------------------------------------------------------------

struct RejectCase {
  std::string name;
  ReplicationGroupTopologyRequest request;
  std::string code;
  std::string fragment;
};

void PrintTo(const RejectCase& c, std::ostream* os) { *os << c.name; }

class RejectTest : public ::testing::TestWithParam<RejectCase> {};

TEST_P(RejectTest, ThrowsTheAwsError) {
  const RejectCase& c = GetParam();
  try {
    ResolveReplicationGroupTopology(c.request);
    FAIL() << c.name << ": accepted";
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, c.code) << c.name << ": " << e.message();
    EXPECT_EQ(e.http_status, 400);
    EXPECT_NE(e.message().find(c.fragment), std::string::npos) << c.name << ": " << e.message();
  }
}

std::vector<RejectCase> RejectCases() {
  const std::string kValue = "InvalidParameterValue";
  const std::string kCombination = "InvalidParameterCombination";
  std::vector<RejectCase> cases;
  auto add = [&](std::string name, auto edit, std::string code, std::string fragment) {
    ReplicationGroupTopologyRequest r = Request();
    edit(r);
    cases.push_back({std::move(name), std::move(r), std::move(code), std::move(fragment)});
  };
  using R = ReplicationGroupTopologyRequest;
  add(
      "failover_with_one_cluster", [](R& r) { r.automatic_failover = true; }, kCombination,
      "When using automatic failover, there must be at least 2 cache clusters in the "
      "replication group.");
  add(
      "failover_with_num_cache_clusters_1",
      [](R& r) {
        r.automatic_failover = true;
        r.num_cache_clusters = 1;
      },
      kCombination, "at least 2 cache clusters");
  add(
      "failover_with_zero_replicas_per_group",
      [](R& r) {
        r.automatic_failover = true;
        r.replicas_per_node_group = 0;
      },
      kCombination, "at least 2 cache clusters");
  add(
      "num_cache_clusters_7", [](R& r) { r.num_cache_clusters = 7; }, kValue,
      "The number of replicas per node group must be within 0 and 5. NumCacheClusters was 7");
  add(
      "num_cache_clusters_0", [](R& r) { r.num_cache_clusters = 0; }, kValue,
      "NumCacheClusters must be at least 1; got 0.");
  add(
      "replicas_per_group_6", [](R& r) { r.replicas_per_node_group = 6; }, kValue,
      "within 0 and 5. ReplicasPerNodeGroup was 6.");
  add(
      "replicas_per_group_negative", [](R& r) { r.replicas_per_node_group = -1; }, kValue,
      "ReplicasPerNodeGroup was -1.");
  add(
      "replica_count_6", [](R& r) { r.node_group_configurations = {Shard({}, {}, 6)}; }, kValue,
      "ReplicaCount was 6.");
  add(
      "num_node_groups_0", [](R& r) { r.num_node_groups = 0; }, kValue,
      "NumNodeGroups must be at least 1; got 0.");
  add(
      "clusters_and_replicas_disagree",
      [](R& r) {
        r.num_cache_clusters = 3;
        r.replicas_per_node_group = 1;
      },
      kCombination, "NumCacheClusters (3) and ReplicasPerNodeGroup (1) do not agree");
  add(
      "clusters_and_replica_count_disagree",
      [](R& r) {
        r.num_cache_clusters = 2;
        r.node_group_configurations = {Shard({}, {}, 3)};
      },
      kCombination, "NumCacheClusters (2) and NodeGroupConfiguration ReplicaCount (3)");
  add(
      "multi_az_without_failover",
      [](R& r) {
        r.multi_az = true;
        r.num_cache_clusters = 2;
      },
      kCombination, "Multi-AZ requires automatic failover");
  add(
      "preferred_azs_count_mismatch",
      [](R& r) {
        r.num_cache_clusters = 2;
        r.preferred_cache_cluster_azs = {"us-east-1a"};
      },
      kValue,
      "When specifying preferred availability zones, the number of cache clusters must be "
      "specified and must match the number of preferred availability zones.");
  add(
      "preferred_azs_without_num_cache_clusters",
      [](R& r) { r.preferred_cache_cluster_azs = {"us-east-1a"}; }, kValue,
      "the number of cache clusters must be specified");
  add(
      "preferred_az_in_other_region",
      [](R& r) {
        r.num_cache_clusters = 2;
        r.preferred_cache_cluster_azs = {"us-east-1a", "us-west-2b"};
      },
      kValue, "'us-west-2b'");
  add(
      "cme_failover_false",
      [](R& r) {
        r.num_node_groups = 2;
        r.automatic_failover = false;
      },
      kValue, "Redis with cluster mode enabled cannot be created with auto failover turned off.");
  add(
      "cme_failover_false_single_shard_param_group",
      [](R& r) {
        r.cache_parameter_group_name = "default.redis7.cluster.on";
        r.automatic_failover = false;
      },
      kValue, "Redis with cluster mode enabled cannot be created with auto failover turned off.");
  add(
      "shards_with_cluster_off_param_group",
      [](R& r) {
        r.num_node_groups = 2;
        r.automatic_failover = true;
        r.cache_parameter_group_name = "default.redis7";
      },
      kCombination, "Cluster mode is disabled in cache parameter group default.redis7");
  add(
      "shards_with_custom_group_known_off",
      [](R& r) {
        r.num_node_groups = 2;
        r.automatic_failover = true;
        r.cache_parameter_group_name = "mine";
        r.parameter_group_cluster_enabled = false;
      },
      kCombination, "cache parameter group mine");
  add(
      "over_quota",
      [](R& r) {
        r.num_node_groups = 16;
        r.automatic_failover = true;
      },
      "NodeGroupsPerReplicationGroupQuotaExceeded",
      "(16) exceeds the maximum allowed number of node groups (shards) in a single replication "
      "group, which is 15.");
  add(
      "over_custom_quota",
      [](R& r) {
        r.num_node_groups = 3;
        r.automatic_failover = true;
        r.node_groups_quota = 2;
      },
      "NodeGroupsPerReplicationGroupQuotaExceeded", "which is 2.");
  add(
      "configs_count_differs",
      [](R& r) {
        r.num_node_groups = 3;
        r.automatic_failover = true;
        r.node_group_configurations = {Shard(), Shard()};
      },
      kCombination, "NodeGroupConfiguration has 2 entries but NumNodeGroups is 3");
  add(
      "preferred_azs_with_shards",
      [](R& r) {
        r.num_node_groups = 2;
        r.automatic_failover = true;
        r.preferred_cache_cluster_azs = {"us-east-1a", "us-east-1b"};
      },
      kCombination, "PreferredCacheClusterAZs can only be specified for one node group.");
  add(
      "num_cache_clusters_with_shards",
      [](R& r) {
        r.num_node_groups = 2;
        r.automatic_failover = true;
        r.num_cache_clusters = 4;
      },
      kCombination, "NumCacheClusters (4) cannot be used with more than one node group");
  add(
      "bad_node_group_id",
      [](R& r) {
        r.automatic_failover = true;
        r.node_group_configurations = {Shard("00001"), Shard()};
      },
      kValue, "'00001'");
  add(
      "letters_in_node_group_id",
      [](R& r) {
        r.automatic_failover = true;
        r.node_group_configurations = {Shard("ab"), Shard()};
      },
      kValue, "'ab'");
  add(
      "duplicate_node_group_id",
      [](R& r) {
        r.automatic_failover = true;
        r.node_group_configurations = {Shard("0002"), Shard("2")};
      },
      kValue, "Node group id 2 appears more than once in NodeGroupConfiguration.");
  add(
      "some_slots_missing",
      [](R& r) {
        r.automatic_failover = true;
        r.node_group_configurations = {Shard("0001", "0-8191"), Shard("0002")};
      },
      kValue, "node group 0002 has no Slots");
  add(
      "slots_overlap",
      [](R& r) {
        r.automatic_failover = true;
        r.node_group_configurations = {Shard({}, "0-9000"), Shard({}, "8192-16383")};
      },
      kValue, "Slot 8192 is assigned to more than one node group: '0-9000' and '8192-16383'.");
  add(
      "slots_gap",
      [](R& r) {
        r.automatic_failover = true;
        r.node_group_configurations = {Shard({}, "0-8000"), Shard({}, "8192-16383")};
      },
      kValue, "Slots 8001-8191 are not assigned to any node group");
  add(
      "slots_malformed",
      [](R& r) {
        r.automatic_failover = true;
        r.node_group_configurations = {Shard({}, "0-8191"), Shard({}, "8192-twenty")};
      },
      kValue, "Invalid slots value '8192-twenty'");
  add(
      "cmd_slots_not_whole_keyspace",
      [](R& r) { r.node_group_configurations = {Shard({}, "0-100")}; }, kValue,
      "Slots 101-16383 are not assigned");
  add(
      "replica_azs_count_mismatch",
      [](R& r) {
        r.automatic_failover = true;
        NodeGroupConfigurationRequest a = Shard("0001", {}, 2);
        a.replica_availability_zones = {"us-east-1b"};
        r.node_group_configurations = {a, Shard()};
      },
      kValue, "node group 0001 lists 1 ReplicaAvailabilityZones but has 2 replicas");
  add(
      "replica_azs_vs_replicas_per_group",
      [](R& r) {
        r.automatic_failover = true;
        r.replicas_per_node_group = 1;
        NodeGroupConfigurationRequest a = Shard();
        a.replica_availability_zones = {"us-east-1b", "us-east-1c"};
        r.node_group_configurations = {a, Shard()};
      },
      kValue, "lists 2 ReplicaAvailabilityZones but has 1 replicas");
  add(
      "primary_az_unknown",
      [](R& r) {
        r.automatic_failover = true;
        NodeGroupConfigurationRequest a = Shard();
        a.primary_availability_zone = "us-east-1z";
        r.node_group_configurations = {a, Shard()};
      },
      kValue, "'us-east-1z'");
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Table, RejectTest, ::testing::ValuesIn(RejectCases()),
                         [](const ::testing::TestParamInfo<RejectCase>& info) {
                           return info.param.name;
                         });

// ---- accepted requests ---------------------------------------------------------------------

struct GroupExpectation {
  std::string id;
  std::string slots;
  std::string primary_az;
  Zones replica_azs;
};

struct AcceptCase {
  std::string name;
  ReplicationGroupTopologyRequest request;
  bool cluster_enabled;
  std::vector<GroupExpectation> groups;
};

void PrintTo(const AcceptCase& c, std::ostream* os) { *os << c.name; }

class AcceptTest : public ::testing::TestWithParam<AcceptCase> {};

TEST_P(AcceptTest, ResolvesTheTopology) {
  const AcceptCase& c = GetParam();
  ResolvedTopology t = ResolveReplicationGroupTopology(c.request);
  EXPECT_EQ(t.cluster_enabled, c.cluster_enabled);
  ASSERT_EQ(t.node_groups.size(), c.groups.size());
  for (std::size_t i = 0; i < c.groups.size(); ++i) {
    const ResolvedNodeGroup& got = t.node_groups[i];
    const GroupExpectation& want = c.groups[i];
    EXPECT_EQ(got.node_group_id, want.id) << i;
    EXPECT_EQ(got.slots.ToString(), want.slots) << i;
    EXPECT_EQ(got.primary_availability_zone, want.primary_az) << i;
    EXPECT_EQ(got.replica_availability_zones, want.replica_azs) << i;
  }
}

std::vector<AcceptCase> AcceptCases() {
  std::vector<AcceptCase> cases;
  using R = ReplicationGroupTopologyRequest;
  auto add = [&](std::string name, auto edit, bool cluster_enabled,
                 std::vector<GroupExpectation> groups) {
    ReplicationGroupTopologyRequest r = Request();
    edit(r);
    cases.push_back({std::move(name), std::move(r), cluster_enabled, std::move(groups)});
  };
  const std::string kAll = "0-16383";
  add("defaults_single_node", [](R&) {}, false, {{"0001", kAll, "us-east-1a", {}}});
  add("cmd_three_clusters_failover",
      [](R& r) {
        r.num_cache_clusters = 3;
        r.automatic_failover = true;
        r.multi_az = true;
      },
      false, {{"0001", kAll, "us-east-1a", {"us-east-1b", "us-east-1c"}}});
  add("cmd_six_clusters", [](R& r) { r.num_cache_clusters = 6; }, false,
      {{"0001",
        kAll,
        "us-east-1a",
        {"us-east-1b", "us-east-1c", "us-east-1a", "us-east-1b", "us-east-1c"}}});
  add("cmd_preferred_azs",
      [](R& r) {
        r.num_cache_clusters = 2;
        r.preferred_cache_cluster_azs = {"US-EAST-1C", "us-east-1c"};
      },
      false, {{"0001", kAll, "us-east-1c", {"us-east-1c"}}});
  add("cmd_replicas_per_group", [](R& r) { r.replicas_per_node_group = 2; }, false,
      {{"0001", kAll, "us-east-1a", {"us-east-1b", "us-east-1c"}}});
  add("cmd_consistent_counts",
      [](R& r) {
        r.num_cache_clusters = 2;
        r.replicas_per_node_group = 1;
        r.num_node_groups = 1;
      },
      false, {{"0001", kAll, "us-east-1a", {"us-east-1b"}}});
  add("cmd_single_node_group_configuration",
      [](R& r) {
        NodeGroupConfigurationRequest c = Shard("0005", {}, 1);
        c.primary_availability_zone = "us-east-1b";
        c.replica_availability_zones = {"us-east-1a"};
        r.node_group_configurations = {c};
        r.automatic_failover = true;
      },
      false, {{"0001", kAll, "us-east-1b", {"us-east-1a"}}});
  add("cmd_custom_param_group_name_unknown_mode",
      [](R& r) { r.cache_parameter_group_name = "my-params"; }, false,
      {{"0001", kAll, "us-east-1a", {}}});
  add("cme_two_shards_default",
      [](R& r) {
        r.num_node_groups = 2;
        r.replicas_per_node_group = 1;
        r.automatic_failover = true;
      },
      true,
      {{"0001", "0-8191", "us-east-1a", {"us-east-1b"}},
       {"0002", "8192-16383", "us-east-1b", {"us-east-1c"}}});
  add("cme_three_shards_zero_replicas",
      [](R& r) {
        r.num_node_groups = 3;
        r.automatic_failover = true;
        r.multi_az = true;
      },
      true,
      {{"0001", "0-5461", "us-east-1a", {}},
       {"0002", "5462-10922", "us-east-1b", {}},
       {"0003", "10923-16383", "us-east-1c", {}}});
  add("cme_single_shard_by_param_group",
      [](R& r) {
        r.cache_parameter_group_name = "default.redis7.cluster.on";
        r.automatic_failover = true;
        r.replicas_per_node_group = 1;
      },
      true, {{"0001", kAll, "us-east-1a", {"us-east-1b"}}});
  add("cme_single_shard_num_cache_clusters",
      [](R& r) {
        r.cache_parameter_group_name = "default.redis7.cluster.on";
        r.automatic_failover = true;
        r.num_cache_clusters = 3;
      },
      true, {{"0001", kAll, "us-east-1a", {"us-east-1b", "us-east-1c"}}});
  add("cme_custom_group_known_on",
      [](R& r) {
        r.cache_parameter_group_name = "mine";
        r.parameter_group_cluster_enabled = true;
        r.automatic_failover = true;
      },
      true, {{"0001", kAll, "us-east-1a", {}}});
  add("cme_configs_with_ids_slots_and_zones",
      [](R& r) {
        r.automatic_failover = true;
        r.num_node_groups = 2;
        NodeGroupConfigurationRequest a = Shard("0007", "0-100,8192-16383", 2);
        a.primary_availability_zone = "us-east-1c";
        a.replica_availability_zones = {"us-east-1a", "us-east-1a"};
        r.node_group_configurations = {a, Shard("3", "101-8191")};
      },
      true,
      {{"0007", "0-100,8192-16383", "us-east-1c", {"us-east-1a", "us-east-1a"}},
       {"0003", "101-8191", "us-east-1b", {}}});
  add("cme_generated_ids_skip_taken",
      [](R& r) {
        r.automatic_failover = true;
        r.replicas_per_node_group = 1;
        r.node_group_configurations = {Shard(), Shard("0001"), Shard(), Shard("0003", {}, 0)};
      },
      true,
      {{"0002", "0-4095", "us-east-1a", {"us-east-1b"}},
       {"0001", "4096-8191", "us-east-1b", {"us-east-1c"}},
       {"0004", "8192-12287", "us-east-1c", {"us-east-1a"}},
       {"0003", "12288-16383", "us-east-1a", {}}});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Table, AcceptTest, ::testing::ValuesIn(AcceptCases()),
                         [](const ::testing::TestParamInfo<AcceptCase>& info) {
                           return info.param.name;
                         });

TEST(ResolvedTopologyTest, FlagsAndNodeCount) {
  ReplicationGroupTopologyRequest r = Request();
  r.num_node_groups = 3;
  r.replicas_per_node_group = 2;
  r.automatic_failover = true;
  r.multi_az = true;
  ResolvedTopology t = ResolveReplicationGroupTopology(r);
  EXPECT_TRUE(t.automatic_failover);
  EXPECT_TRUE(t.multi_az);
  EXPECT_EQ(t.TotalNodes(), 9);
  EXPECT_EQ(t.node_groups[1].ReplicaCount(), 2);
}

// AWS's own example (createreplicationgroup-1483657035585) creates two shards with a
// .cluster.on parameter group and no AutomaticFailoverEnabled: failover is on.
TEST(ResolvedTopologyTest, ClusterModeEnabledImpliesAutomaticFailover) {
  ReplicationGroupTopologyRequest r = Request();
  r.num_node_groups = 2;
  r.cache_parameter_group_name = "default.redis7.cluster.on";
  ResolvedTopology t = ResolveReplicationGroupTopology(r);
  EXPECT_TRUE(t.cluster_enabled);
  EXPECT_TRUE(t.automatic_failover);
}

TEST(ResolvedTopologyTest, QuotaOfFiveHundredShards) {
  ReplicationGroupTopologyRequest r = Request();
  r.num_node_groups = 500;
  r.node_groups_quota = 500;
  r.automatic_failover = true;
  ResolvedTopology t = ResolveReplicationGroupTopology(r);
  ASSERT_EQ(t.node_groups.size(), 500u);
  EXPECT_EQ(t.node_groups.back().node_group_id, "0500");
  EXPECT_EQ(t.node_groups.back().slots.ToString(), "16352-16383");
}

}  // namespace
}  // namespace ecl

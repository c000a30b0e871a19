// The topology the data plane derives from the model: an engine per node with its role,
// users and settings, forwarders for a group's primary and reader endpoints, discovery for
// Memcached clusters.
#include "engines/topology.h"

#include <gtest/gtest.h>

#include "handlers/catalogs.h"
#include "model/naming.h"

namespace ecl {
namespace {

constexpr char kAccount[] = "123456789012";
constexpr char kRegion[] = "us-east-1";

const Catalogs& TheCatalogs() {
  static auto catalogs = LoadCatalogs("");
  return *catalogs;
}

Topology Build(const ModelState& state) {
  return BuildTopology(state, {TheCatalogs().parameters, TheCatalogs().node_types});
}

CacheCluster Member(const std::string& id, const std::string& group, const char* status) {
  CacheCluster cc;
  cc.account = kAccount;
  cc.region = kRegion;
  cc.id = id;
  cc.replication_group_id = group;
  cc.status = status;
  cc.settings.cache_parameter_group_name = "default.redis7";
  cc.nodes.push_back({"0001", status, {}, "us-east-1a",
                      NodeEndpointAddress({kAccount, kRegion, group, false}, id)});
  return cc;
}

ModelState GroupOfThree(const char* status = "available") {
  ModelState state;
  ReplicationGroup rg;
  rg.account = kAccount;
  rg.region = kRegion;
  rg.id = "orders";
  rg.status = status;
  rg.node_groups.push_back(NodeGroup{"0001", status, "",
                                     {{"orders-001", "us-east-1a", true},
                                      {"orders-002", "us-east-1b", false},
                                      {"orders-003", "us-east-1c", false}}});
  state.replication_groups.push_back(rg);
  for (const char* id : {"orders-001", "orders-002", "orders-003"})
    state.cache_clusters.push_back(Member(id, "orders", status));
  return state;
}

TEST(TopologyTest, EveryMemberIsAnEngineAndReplicasFollowThePrimary) {
  Topology t = Build(GroupOfThree());
  ASSERT_EQ(t.engines.size(), 3u);
  const std::string primary = t.engines[0].address;
  EXPECT_FALSE(t.engines[0].replica_of);
  EXPECT_EQ(t.engines[1].replica_of, primary);
  EXPECT_EQ(t.engines[2].replica_of, primary);
  for (const auto& e : t.engines) {
    EXPECT_EQ(e.kind, EngineKind::kRedis);
    EXPECT_EQ(e.replication_group_id, "orders");
    EXPECT_TRUE(e.must_answer);
  }
}

TEST(TopologyTest, PrimaryEndpointLeadsToThePrimaryAndReaderToTheReplicas) {
  Topology t = Build(GroupOfThree());
  ASSERT_EQ(t.forwarders.size(), 2u);
  EndpointScope scope{kAccount, kRegion, "orders", false};
  EXPECT_EQ(t.forwarders[0].address, PrimaryEndpointAddress(scope));
  EXPECT_EQ(t.forwarders[0].targets, std::vector<std::string>{t.engines[0].address});
  EXPECT_EQ(t.forwarders[1].address, ReaderEndpointAddress(scope));
  EXPECT_EQ(t.forwarders[1].targets,
            (std::vector<std::string>{t.engines[1].address, t.engines[2].address}));
  EXPECT_EQ(t.Addresses().size(), 5u);
}

TEST(TopologyTest, FailoverInTheModelMovesTheRoles) {
  ModelState state = GroupOfThree();
  auto& members = state.replication_groups[0].node_groups[0].members;
  members[0].primary = false;
  members[1].primary = true;
  Topology t = Build(state);
  EXPECT_EQ(t.engines[0].replica_of, t.engines[1].address);
  EXPECT_FALSE(t.engines[1].replica_of);
  EXPECT_EQ(t.engines[2].replica_of, t.engines[1].address);
  EXPECT_EQ(t.forwarders[0].targets, std::vector<std::string>{t.engines[1].address});
}

TEST(TopologyTest, WithoutReplicasTheReaderEndpointLeadsToThePrimary) {
  ModelState state = GroupOfThree();
  state.replication_groups[0].node_groups[0].members.resize(1);
  state.cache_clusters.resize(1);
  Topology t = Build(state);
  EXPECT_EQ(t.forwarders[1].targets, t.forwarders[0].targets);
}

TEST(TopologyTest, JoiningReplicasTakeNoReadsYet) {
  ModelState state = GroupOfThree();
  state.replication_groups[0].node_groups[0].members[2].joining = true;
  state.cache_clusters[2].nodes[0].status = CacheNodeStatus::kCreating;
  Topology t = Build(state);
  EXPECT_EQ(t.forwarders[1].targets, std::vector<std::string>{t.engines[1].address});
  EXPECT_FALSE(t.engines[2].must_answer);
  EXPECT_EQ(t.engines[2].replica_of, t.engines[0].address);  // it syncs meanwhile
}

TEST(TopologyTest, ACreatingGroupNeedNotAnswerYet) {
  Topology t = Build(GroupOfThree("creating"));
  for (const auto& e : t.engines) EXPECT_FALSE(e.must_answer);
}

TEST(TopologyTest, WithoutUsersTheDefaultUserTakesTheAuthTokens) {
  ModelState state = GroupOfThree();
  Topology open = Build(state);
  ASSERT_EQ(open.engines[0].users.size(), 1u);
  EXPECT_EQ(open.engines[0].users[0].name, "default");
  EXPECT_EQ(open.engines[0].users[0].rules,
            (std::vector<std::string>{"on", "nopass", "~*", "&*", "+@all"}));
  for (auto& cc : state.cache_clusters) cc.settings.auth_tokens = {"old-token-123456", "new-token-123456"};
  Topology rotating = Build(state);
  EXPECT_EQ(rotating.engines[1].users[0].rules,
            (std::vector<std::string>{"on", ">old-token-123456", ">new-token-123456", "~*", "&*",
                                      "+@all"}));
}

TEST(TopologyTest, UserGroupsBecomeTheEnginesUsers) {
  ModelState state = GroupOfThree();
  state.replication_groups[0].user_group_ids = {"app-users"};
  auto user = [](const std::string& id, const std::string& name, const std::string& type,
                 std::vector<std::string> passwords, const std::string& access) {
    User u;
    u.account = kAccount;
    u.region = kRegion;
    u.id = id;
    u.user_name = name;
    u.authentication_type = type;
    u.passwords = std::move(passwords);
    u.access_string = access;
    return u;
  };
  state.users.push_back(user("app", "app", "password", {"app-password-123456"}, "on ~app:* +@read"));
  state.users.push_back(user("default-off", "default", "no-password", {}, "off ~* +@all"));
  state.users.push_back(user("robot", "robot", "iam", {}, "on ~* +@all"));
  UserGroup group;
  group.account = kAccount;
  group.region = kRegion;
  group.id = "app-users";
  group.user_ids = {"app", "default-off", "robot"};
  state.user_groups.push_back(group);
  const Topology topology = Build(state);
  const auto& users = topology.engines[0].users;
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(users[0].name, "default");  // first, whatever the group's order
  EXPECT_EQ(users[0].rules, (std::vector<std::string>{"on", "nopass", "off", "~*", "+@all"}));
  EXPECT_EQ(users[1].name, "app");
  EXPECT_EQ(users[1].rules,
            (std::vector<std::string>{"on", ">app-password-123456", "on", "~app:*", "+@read"}));
  EXPECT_EQ(users[2].name, "robot");  // IAM: no password the emulator could check works
  EXPECT_EQ(users[2].rules, (std::vector<std::string>{"on", "resetpass", "on", "~*", "+@all"}));
}

TEST(TopologyTest, AUserGroupWithoutADefaultUserSwitchesTheDefaultUserOff) {
  ModelState state = GroupOfThree();
  state.replication_groups[0].user_group_ids = {"gone"};
  const Topology topology = Build(state);
  const auto& users = topology.engines[0].users;
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0].rules, (std::vector<std::string>{"off", "resetpass"}));
}

TEST(TopologyTest, ParameterGroupSplitsIntoRunningAndStartSettings) {
  CacheParameterGroup group;
  group.account = kAccount;
  group.region = kRegion;
  group.id = "tuned";
  group.family = "redis7";
  group.values = {{"maxmemory-policy", "allkeys-lru"}, {"databases", "32"},
                  {"reserved-memory-percent", "50"}};
  auto [dynamic, start] = RedisConfigOf(TheCatalogs().parameters, group);
  EXPECT_EQ(dynamic.at("maxmemory-policy"), "allkeys-lru");
  EXPECT_EQ(start.at("databases"), "32");  // requires-reboot
  EXPECT_EQ(dynamic.count("databases"), 0u);
  // ElastiCache's own, and what the emulator decides itself, never reach the engine.
  for (const char* name : {"reserved-memory-percent", "cluster-enabled", "maxmemory",
                           "appendonly", "client-output-buffer-limit-normal-hard-limit"}) {
    EXPECT_EQ(dynamic.count(name) + start.count(name), 0u) << name;
  }
}

TEST(TopologyTest, NodeTypeSetsTheEngineMemory) {
  const auto& types = TheCatalogs().node_types;
  EXPECT_EQ(EngineMemoryBytes(types, "cache.t3.micro"), 8 * 1024 * 1024);  // 0.5 GiB / 64
  EXPECT_EQ(EngineMemoryBytes(types, "cache.r7g.large"),
            int64_t(types.Find("cache.r7g.large")->memory_gib * 1024 * 1024 * 1024) / 64);
  EXPECT_EQ(EngineMemoryBytes(types, "cache.nope.huge"), kMinEngineMemoryBytes);
}

TEST(TopologyTest, RebootingNodeCarriesItsReboot) {
  ModelState state = GroupOfThree();
  auto& cc = state.cache_clusters[1];
  cc.status = CacheClusterStatus::kRebooting;
  cc.nodes[0].status = CacheNodeStatus::kRebooting;
  cc.transition = Transition{"reboot", Timestamp{5000}, Timestamp{6000}};
  Topology t = Build(state);
  EXPECT_EQ(t.engines[1].reboot_id, 5000);
  EXPECT_FALSE(t.engines[1].must_answer);
  EXPECT_EQ(t.engines[0].reboot_id, 0);
}

// A cluster-mode-enabled group of two shards with a replica each, custom slot ranges.
ModelState ShardedGroup() {
  ModelState state;
  ReplicationGroup rg;
  rg.account = kAccount;
  rg.region = kRegion;
  rg.id = "cme";
  rg.status = "available";
  rg.cluster_enabled = true;
  rg.node_groups.push_back(NodeGroup{"0001", "available", "0-99,200-8191",
                                     {{"cme-0001-001", "us-east-1a", true},
                                      {"cme-0001-002", "us-east-1b", false}}});
  rg.node_groups.push_back(NodeGroup{"0002", "available", "100-199,8192-16383",
                                     {{"cme-0002-001", "us-east-1a", false},
                                      {"cme-0002-002", "us-east-1b", true}}});
  state.replication_groups.push_back(rg);
  for (const char* id : {"cme-0001-001", "cme-0001-002", "cme-0002-001", "cme-0002-002"})
    state.cache_clusters.push_back(Member(id, "cme", "available"));
  return state;
}

TEST(TopologyTest, ClusterModeGroupIsOneRedisClusterWithTheGroupsSlots) {
  Topology t = Build(ShardedGroup());
  ASSERT_EQ(t.engines.size(), 4u);
  for (const auto& e : t.engines) {
    ASSERT_TRUE(e.cluster);
    EXPECT_EQ(e.cluster->cluster_key, std::string(kAccount) + "/" + kRegion + "/cme");
  }
  EXPECT_EQ(t.engines[1].cluster->node_group_id, "0001");
  EXPECT_EQ(t.engines[3].cluster->node_group_id, "0002");
  // Replicas follow their own shard's primary, wherever the primary is in member order.
  EXPECT_EQ(t.engines[1].replica_of, t.engines[0].address);
  EXPECT_EQ(t.engines[2].replica_of, t.engines[3].address);
  ASSERT_EQ(t.clusters.size(), 1u);
  const ClusterSpec& c = t.clusters[0];
  EXPECT_TRUE(c.must_answer);
  ASSERT_EQ(c.shards.size(), 2u);
  EXPECT_EQ(c.shards[0].slots.ToString(), "0-99,200-8191");  // as the group says, not an even split
  EXPECT_EQ(c.shards[0].primary, t.engines[0].address);
  EXPECT_EQ(c.shards[0].replicas, std::vector<std::string>{t.engines[1].address});
  EXPECT_EQ(c.shards[1].slots.ToString(), "100-199,8192-16383");
  EXPECT_EQ(c.shards[1].primary, t.engines[3].address);
  // No primary or reader endpoint: the configuration endpoint, leading to the primaries.
  ASSERT_EQ(t.forwarders.size(), 1u);
  EXPECT_EQ(t.forwarders[0].address, ConfigurationEndpointAddress({kAccount, kRegion, "cme", false}));
  EXPECT_EQ(t.forwarders[0].targets,
            (std::vector<std::string>{t.engines[0].address, t.engines[3].address}));
}

TEST(TopologyTest, ReshardingTargetsAndExtraSeedsReachTheCluster) {
  ModelState state = ShardedGroup();
  auto& rg = state.replication_groups[0];
  rg.resharding_target_slots = {{"0001", "0-16383"}};  // 0002 is being removed
  rg.restored_from.snapshot_arns = {"arn:aws:s3:::b/a.rdb", "arn:aws:s3:::b/b.rdb",
                                    "arn:aws:s3:::b/c.rdb"};
  rg.transition = Transition{"reshard", Timestamp{1000}, Timestamp{5000}};
  Topology t = Build(state);
  const ClusterSpec& c = t.clusters[0];
  EXPECT_EQ(c.shards[0].slots.ToString(), "0-16383");  // keys move while the change runs
  EXPECT_TRUE(c.shards[1].slots.Empty());
  // The resharding is told by its start; it moves 0002's slots, 100-199 and 8192-16383.
  ASSERT_TRUE(c.resharding);
  EXPECT_EQ(c.resharding->started_ms, 1000);
  EXPECT_EQ(c.resharding->slots_to_move, 100 + 8192);
  EXPECT_FALSE(Build(ShardedGroup()).clusters[0].resharding);
  // One RDB per node group seeds its primary; the third is copied in once the cluster forms.
  ASSERT_EQ(c.extra_seeds.size(), 1u);
  EXPECT_EQ(c.extra_seeds[0].object_arn, "arn:aws:s3:::b/c.rdb");
  EXPECT_EQ(t.engines[0].seed->object_arn, "arn:aws:s3:::b/a.rdb");
  EXPECT_EQ(t.engines[3].seed->object_arn, "arn:aws:s3:::b/b.rdb");
}

TEST(TopologyTest, ACreatingClusterNeedNotBeWholeYet) {
  ModelState state = ShardedGroup();
  state.replication_groups[0].status = "creating";
  EXPECT_FALSE(Build(state).clusters[0].must_answer);
  // A cluster-mode-disabled group has no cluster.
  EXPECT_TRUE(Build(GroupOfThree()).clusters.empty());
  EXPECT_FALSE(Build(GroupOfThree()).engines[0].cluster);
}

TEST(TopologyTest, MemcachedClusterHasNodesAndADiscoveryEndpoint) {
  ModelState state;
  CacheCluster cc;
  cc.account = kAccount;
  cc.region = kRegion;
  cc.id = "sessions";
  cc.status = "available";
  cc.settings.engine = "memcached";
  for (const char* id : {"0001", "0002", "0003"})
    cc.nodes.push_back({id, "available", {}, "us-east-1a",
                        CacheNodeEndpointAddress(kAccount, kRegion, "sessions", id)});
  cc.nodes[2].status = CacheNodeStatus::kCreating;  // being added: announced once available
  state.cache_clusters.push_back(cc);
  Topology t = Build(state);
  ASSERT_EQ(t.engines.size(), 3u);
  EXPECT_EQ(t.engines[0].kind, EngineKind::kMemcached);
  EXPECT_TRUE(t.engines[0].users.empty());
  ASSERT_EQ(t.discovery.size(), 1u);
  EXPECT_EQ(t.discovery[0].address,
            MemcachedConfigurationEndpointAddress(kAccount, kRegion, "sessions"));
  EXPECT_EQ(t.discovery[0].nodes,
            (std::vector<std::string>{t.engines[0].address, t.engines[1].address}));
  EXPECT_EQ(t.discovery[0].forward_to, t.engines[0].address);
  EXPECT_TRUE(t.forwarders.empty());
}

}  // namespace
}  // namespace ecl

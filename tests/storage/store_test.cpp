// Contract tests for the store: every kind of resource round-trips field for field, scans
// filter before they page, tags keep their order, events list newest first within their
// window, due transitions are found by time, transactions roll back (and forget the due
// times they computed), a record that cannot be read fails only the requests that touch it,
// and a database of schema 1 is migrated in place.
#include "storage/store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "storage/database.h"
#include "tests/model/sample_resources.h"
#include "tests/model/temp_dir.h"

namespace ecl {
namespace {

using testing::TempDir;
using testing_support::kAccount;
using testing_support::kRegion;

NodeSettings Settings() {
  NodeSettings s;
  s.cache_node_type = "cache.r6g.large";
  s.engine = "valkey";
  s.engine_version = "8.0.1";
  s.cache_parameter_group_name = "custom";
  s.cache_subnet_group_name = "subnets";
  s.cache_security_group_names = {"csg"};
  s.security_group_ids = {"sg-1", "sg-2"};
  s.port = 6380;
  s.preferred_maintenance_window = "sun:05:00-sun:06:00";
  s.snapshot_window = "01:00-02:00";
  s.snapshot_retention_limit = 3;
  s.notification_topic_arn = "arn:aws:sns:us-east-1:123456789012:t";
  s.notification_topic_status = "inactive";
  s.auto_minor_version_upgrade = false;
  s.transit_encryption_enabled = true;
  s.transit_encryption_mode = "preferred";
  s.at_rest_encryption_enabled = true;
  s.auth_token_enabled = true;
  s.auth_token_last_modified = Timestamp{42};
  s.auth_tokens = {"token-old-1234567", "token-new-1234567"};
  s.network_type = "dual_stack";
  s.ip_discovery = "ipv6";
  return s;
}

ReplicationGroup MakeGroup(const std::string& id, std::optional<int64_t> due = std::nullopt) {
  ReplicationGroup rg;
  rg.account = kAccount;
  rg.region = kRegion;
  rg.id = id;
  rg.description = "desc " + id;
  rg.status = "modifying";
  rg.created_at = Timestamp{7};
  rg.cluster_enabled = true;
  rg.cluster_mode = "enabled";
  rg.automatic_failover = true;
  rg.multi_az = true;
  rg.data_tiering = true;
  rg.kms_key_id = "key";
  rg.user_group_ids = {"ug"};
  rg.snapshotting_cluster_id = id + "-0001-002";
  rg.settings = Settings();
  rg.log_delivery_configurations =
      ApiValue::List().Push(ApiValue::Struct().Set("LogType", "slow-log"));
  if (due) rg.transition = Transition{"create", Timestamp{0}, Timestamp{*due}};
  NodeGroup ng;
  ng.id = "0001";
  ng.status = "modifying";
  ng.slots = "0-16383";
  ng.members.push_back({id + "-0001-001", "us-east-1a", true});
  ng.members.push_back({id + "-0001-002", "us-east-1b", false, true, false});
  rg.node_groups.push_back(ng);
  rg.resharding_target_slots = {{"0001", "0-100"}};
  ReplicaChangeRequest change;
  change.increase = false;
  change.new_replica_count = 1;
  change.replica_configuration = {{"0001", 2, {"us-east-1a", "us-east-1c"}}};
  change.replicas_to_remove = {"x"};
  change.placement = {kRegion, "private", {"us-east-1a", "us-east-1d"}, {"us-east-1d"}};
  rg.scheduled_replica_change = change;
  rg.restored_from = {"nightly", {"arn:aws:s3:::bucket/nightly-0001.rdb"}};
  GroupModification m;
  m.cache_node_type = "cache.r6g.xlarge";
  m.engine = "valkey";
  m.engine_version = "8.0.1";
  m.cache_parameter_group_name = "default.valkey8";
  m.primary_cluster_id = id + "-0001-002";
  m.automatic_failover = false;
  m.cache_security_group_names = std::vector<std::string>{"csg"};
  m.security_group_ids = std::vector<std::string>{"sg-3"};
  m.ip_discovery = "ipv4";
  m.auth_token_status = "ROTATING";
  m.auth_token_strategy = "ROTATE";
  m.auth_token_fingerprint = "0123456789abcdef";
  m.auth_token = "token-rotated-12345";
  m.user_group_ids_to_add = {"ug2"};
  m.user_group_ids_to_remove = {"ug"};
  m.log_delivery_configurations =
      ApiValue::List().Push(ApiValue::Struct().Set("LogType", "engine-log"));
  m.transit_encryption_enabled = true;
  m.transit_encryption_mode = "required";
  m.cluster_mode = "compatible";
  rg.modification = m;
  m.cluster_mode = "enabled";
  rg.deferred_modification = m;
  rg.failover = FailoverInProgress{"0001", id + "-0001-001", id + "-0001-002"};
  rg.test_failovers = {{"0001", Timestamp{9}}};
  rg.rotated_auth_token = "fedcba9876543210";
  rg.endpoint_transit_encryption = false;
  rg.parameter_group_before_compatible = "default.redis7";
  rg.global_datastore = GlobalDatastoreMembership{"ldgnf-shop", "SECONDARY"};
  rg.migration_source = "10.0.0.241:6379";
  return rg;
}

CacheCluster MakeCluster(const std::string& id) {
  CacheCluster cc;
  cc.account = kAccount;
  cc.region = kRegion;
  cc.id = id;
  cc.replication_group_id = "shop";
  cc.status = "snapshotting";
  cc.transition = Transition{"snapshot", Timestamp{1}, Timestamp{2}};
  cc.created_at = Timestamp{3};
  cc.availability_zone = "us-east-1c";
  cc.az_mode = "single-az";
  cc.nodes.push_back({"0001", "available", Timestamp{4}, "us-east-1c",
                      id + ".abcdef.0001.use1.cache.amazonaws.com"});
  cc.settings = Settings();
  cc.pending.num_cache_nodes = 3;
  cc.pending.cache_node_ids_to_remove = {"0002"};
  cc.pending.new_availability_zones = {"us-east-1a"};
  cc.pending.engine_version = "7.1.0";
  cc.pending.cache_node_type = "cache.r6g.xlarge";
  cc.log_delivery_configurations =
      ApiValue::List().Push(ApiValue::Struct().Set("LogType", "engine-log"));
  cc.parameters_applying_until = Timestamp{4};
  cc.parameters_pending_reboot = true;
  cc.restored_from = {std::nullopt, {"arn:aws:s3:::bucket/one.rdb"}};
  return cc;
}

Snapshot MakeSnapshot(const std::string& id) {
  Snapshot s;
  s.account = kAccount;
  s.region = kRegion;
  s.id = id;
  s.status = "copying";
  s.transition = Transition{"copy", Timestamp{0}, Timestamp{10}};
  s.source = "automated";
  s.copied_from = "original";
  s.replication_group_id = "shop";
  s.replication_group_description = "shop cache";
  s.cache_cluster_id = "shop-001";
  s.taken_from_cluster_id = "shop-002";
  s.preferred_availability_zone = "us-east-1b";
  s.cache_cluster_create_time = Timestamp{5};
  s.cluster_enabled = true;
  s.cluster_mode = "enabled";
  s.automatic_failover = "enabled";
  s.multi_az = true;
  s.data_tiering = true;
  s.kms_key_id = "key";
  s.num_cache_nodes = 3;
  s.settings = Settings();
  NodeSnapshotRecord n;
  n.cache_cluster_id = "shop-001";
  n.node_group_id = "0002";
  n.slots = "0-5,9-16383";
  n.replica_count = 2;
  n.primary_availability_zone = "us-east-1a";
  n.replica_availability_zones = {"us-east-1b", "us-east-1c"};
  n.cache_size = "6 MB";
  n.cache_node_create_time = Timestamp{76};
  n.snapshot_create_time = Timestamp{77};
  s.node_snapshots.push_back(n);
  return s;
}

ReservedCacheNode MakeReservation(const std::string& id) {
  ReservedCacheNode r;
  r.account = kAccount;
  r.region = kRegion;
  r.id = id;
  r.offering_id = "0b6a-…";
  r.cache_node_type = "cache.t4g.micro";
  r.start_time = Timestamp{9};
  r.duration_seconds = 31536000;
  r.fixed_price = 12.5;
  r.usage_price = 0.25;
  r.cache_node_count = 4;
  r.product_description = "redis";
  r.offering_type = "No Upfront";
  r.recurring_charges = {{0.011, "Hourly"}};
  r.state = "active";
  r.transition = Transition{"retire", Timestamp{9}, Timestamp{31536000009}};
  return r;
}

CacheSecurityGroup MakeSecurityGroup(const std::string& id) {
  CacheSecurityGroup g;
  g.account = kAccount;
  g.region = kRegion;
  g.id = id;
  g.description = "web tier";
  g.built_in = true;
  g.created_at = Timestamp{11};
  g.ec2_security_groups.push_back({"app", "210987654321", "authorized", std::nullopt});
  g.ec2_security_groups.push_back({"batch", "123456789012", "revoking", Timestamp{99}});
  g.transition = Transition{"ingress", Timestamp{12}, Timestamp{99}};
  return g;
}

CacheParameterGroup MakeParameterGroup(const std::string& id) {
  CacheParameterGroup g;
  g.account = kAccount;
  g.region = kRegion;
  g.id = id;
  g.family = "redis7";
  g.description = "tuned";
  g.built_in = true;
  g.is_global = true;
  g.values = {{"maxmemory-policy", "allkeys-lru"}, {"timeout", "300"}};
  g.pending = {{"timeout", Timestamp{12}}};
  g.transition = Transition{"settle", Timestamp{12}, Timestamp{42}};
  return g;
}

User MakeUser(const std::string& id) {
  User u;
  u.account = kAccount;
  u.region = kRegion;
  u.id = id;
  u.user_name = "app-user";
  u.engine = "valkey";
  u.access_string = "on ~app:* -@all +get";
  u.authentication_type = "password";
  u.passwords = {"aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"};
  u.minimum_engine_version = "7.2";
  u.built_in = true;
  u.status = "modifying";
  u.transition = Transition{"modify", Timestamp{1}, Timestamp{2}};
  u.created_at = Timestamp{3};
  return u;
}

UserGroup MakeUserGroup(const std::string& id) {
  UserGroup g;
  g.account = kAccount;
  g.region = kRegion;
  g.id = id;
  g.engine = "redis";
  g.user_ids = {"default", "app"};
  g.pending_user_ids_to_add = {"new"};
  g.pending_user_ids_to_remove = {"app"};
  g.status = "modifying";
  g.transition = Transition{"modify", Timestamp{4}, Timestamp{5}};
  g.created_at = Timestamp{6};
  return g;
}

ServerlessCache MakeServerlessCache(const std::string& id) {
  ServerlessCache c;
  c.account = kAccount;
  c.region = kRegion;
  c.id = id;
  c.description = "sessions";
  c.engine = "redis";
  c.major_engine_version = "7";
  c.usage_limits.data_storage_gb = UsageBounds{10, 2};
  c.usage_limits.ecpu_per_second = UsageBounds{5000, std::nullopt};
  c.kms_key_id = "arn:aws:kms:us-east-1:000000000000:key/k1";
  c.security_group_ids = {"sg-0123456789abcdef0"};
  c.subnet_ids = {"subnet-0a1", "subnet-0b2"};
  c.user_group_id = "app-users";
  c.snapshot_retention_limit = 7;
  c.daily_snapshot_time = "09:00";
  c.network_type = "ipv4";
  c.endpoint_address = "sessions-abc123.serverless.use1.cache.amazonaws.com";
  c.pending_engine = "valkey";
  c.pending_major_engine_version = "8";
  c.status = "modifying";
  c.transition = Transition{"modify", Timestamp{7}, Timestamp{8}};
  c.created_at = Timestamp{9};
  return c;
}

ServerlessCacheSnapshot MakeServerlessSnapshot(const std::string& id) {
  ServerlessCacheSnapshot s;
  s.account = kAccount;
  s.region = kRegion;
  s.id = id;
  s.snapshot_type = "automated";
  s.kms_key_id = "key-2";
  s.created_at = Timestamp{10};
  s.expires_at = Timestamp{11};
  s.bytes_used_for_cache = "4096";
  s.serverless_cache_name = "sessions";
  s.engine = "valkey";
  s.major_engine_version = "8";
  s.copied_from = "original";
  s.status = "exporting";
  s.transition = Transition{"copy", Timestamp{12}, Timestamp{13}};
  return s;
}

UpdateAction MakeUpdateAction(const std::string& id) {
  UpdateAction a;
  a.account = kAccount;
  a.region = kRegion;
  a.id = id;
  a.service_update_name = "elasticache-20250507-intel";
  a.target_kind = "replication-group";
  a.target_id = "shop";
  a.target_created_at = Timestamp{1};
  a.status = "in-progress";
  a.status_modified_at = Timestamp{2};
  NodeUpdate n;
  n.node_group_id = "0001";
  n.cache_cluster_id = "shop-002";
  n.cache_node_id = "0001";
  n.wave = 1;
  n.status = "in-progress";
  n.started_at = Timestamp{3};
  n.ended_at = Timestamp{4};
  n.initiated_at = Timestamp{5};
  n.initiated_by = "customer";
  n.status_modified_at = Timestamp{6};
  a.nodes.push_back(n);
  a.transition = Transition{"apply-update", Timestamp{7}, Timestamp{8}};
  return a;
}

CacheSubnetGroup MakeSubnetGroup(const std::string& id) {
  CacheSubnetGroup g;
  g.account = kAccount;
  g.region = kRegion;
  g.id = id;
  g.description = "desc " + id;
  g.vpc_id = "vpc-0a1b2c3d";
  g.subnets = {{"subnet-0a", "us-east-1a", {"ipv4"}},
               {"subnet-0b", "us-east-1d", {"ipv4", "dual_stack"}}};
  g.built_in = true;
  g.transition = Transition{"settle", Timestamp{3}, Timestamp{7}};
  return g;
}

GlobalReplicationGroup MakeGlobalGroup(const std::string& id) {
  GlobalReplicationGroup g;
  g.account = kAccount;  // region stays empty: a global datastore has none
  g.id = id;
  g.home_region = "us-west-2";
  g.description = "shop everywhere";
  g.status = GlobalReplicationGroupStatus::kModifying;
  g.transition = Transition{"disassociate", Timestamp{5}, Timestamp{9}};
  g.created_at = Timestamp{4};
  g.members = {{"shop", "us-west-2", GlobalMemberRole::kPrimary, "associated", false},
               {"shop-eu", "eu-west-1", GlobalMemberRole::kSecondary, "associated", true}};
  g.departed = {{"shop-ap", "ap-south-1"}};
  g.failover_to_region = "eu-west-1";
  return g;
}

// Every field survives: the record of the loaded resource is the record of the saved one.
template <typename T>
void ExpectRoundTrip(Store& store, const T& resource) {
  // The codec alone: the store remembers what it saved, so a Find after Save does not decode.
  T decoded;
  DecodeRecord(EncodeRecord(resource), decoded);
  EXPECT_EQ(EncodeRecord(decoded), EncodeRecord(resource));
  store.Save(resource);
  auto loaded = store.Find<T>({resource.account, resource.region, resource.id});
  ASSERT_TRUE(loaded);
  EXPECT_EQ(EncodeRecord(*loaded), EncodeRecord(resource));
  // What the mapping leaves out the comparison above cannot see: the pending transition, which
  // the scheduler depends on, is checked on its own.
  ASSERT_TRUE(resource.transition) << "give the sample a transition";
  ASSERT_TRUE(decoded.transition) << "the record mapping loses the transition";
  EXPECT_EQ(decoded.transition->due_at, resource.transition->due_at);
  ASSERT_TRUE(loaded->transition) << "the store loses the transition";
  EXPECT_EQ(loaded->transition->due_at, resource.transition->due_at);
}

TEST(StoreTest, EveryKindRoundTripsFieldForField) {
  auto store = OpenStore("");
  ExpectRoundTrip(*store, MakeGroup("alpha", 10));
  ExpectRoundTrip(*store, MakeCluster("shop-001"));
  ExpectRoundTrip(*store, MakeSnapshot("nightly"));
  ExpectRoundTrip(*store, MakeReservation("ri-1"));
  ExpectRoundTrip(*store, MakeSecurityGroup("web"));
  ExpectRoundTrip(*store, MakeParameterGroup("tuned-redis7"));
  ExpectRoundTrip(*store, MakeUser("app"));
  ExpectRoundTrip(*store, MakeUserGroup("grp"));
  ExpectRoundTrip(*store, MakeServerlessCache("sessions"));
  ExpectRoundTrip(*store, MakeServerlessSnapshot("nightly-sls"));
  ExpectRoundTrip(*store, MakeUpdateAction("elasticache-20250507-intel/replication-group/shop"));
  EXPECT_NE(EncodeRecord(MakeUpdateAction("a")).find("shop-002"), std::string::npos);
  EXPECT_NE(EncodeRecord(MakeGroup("alpha")).find("10.0.0.241:6379"), std::string::npos);
  EXPECT_NE(EncodeRecord(MakeUserGroup("grp")).find("new"), std::string::npos);
  EXPECT_NE(EncodeRecord(MakeServerlessCache("s")).find("5000"), std::string::npos);
  EXPECT_NE(EncodeRecord(MakeServerlessSnapshot("s")).find("original"), std::string::npos);
  ExpectRoundTrip(*store, MakeSubnetGroup("private"));
  ExpectRoundTrip(*store, MakeGlobalGroup("sgaui-shop"));
  EXPECT_NE(EncodeRecord(MakeGlobalGroup("g")).find("ap-south-1"), std::string::npos);
  EXPECT_NE(EncodeRecord(MakeGlobalGroup("g")).find("\"leaving\":true"), std::string::npos);
  EXPECT_NE(EncodeRecord(MakeGroup("alpha")).find("ldgnf-shop"), std::string::npos);
  EXPECT_NE(EncodeRecord(MakeParameterGroup("g")).find("\"is_global\":true"), std::string::npos);
  // A populated record really carries the fields (not two empty documents that agree).
  EXPECT_NE(EncodeRecord(MakeGroup("alpha")).find("us-east-1b"), std::string::npos);
  EXPECT_NE(EncodeRecord(MakeGroup("alpha")).find("fedcba9876543210"), std::string::npos);
  EXPECT_NE(EncodeRecord(MakeGroup("alpha")).find("ROTATING"), std::string::npos);
  EXPECT_NE(EncodeRecord(MakeSnapshot("nightly")).find("shop-002"), std::string::npos);
  EXPECT_NE(EncodeRecord(MakeSecurityGroup("web")).find("210987654321"), std::string::npos);
  EXPECT_NE(EncodeRecord(MakeParameterGroup("g")).find("allkeys-lru"), std::string::npos);
  EXPECT_NE(EncodeRecord(MakeGroup("alpha")).find("us-east-1d"), std::string::npos);
  EXPECT_NE(EncodeRecord(MakeSubnetGroup("private")).find("dual_stack"), std::string::npos);
}

// A global datastore belongs to no region: it is kept under the empty one, apart from the
// regions its members are in, and its transition is due like any other.
TEST(StoreTest, GlobalDatastoresLiveUnderNoRegion) {
  auto store = OpenStore("");
  store->Save(MakeGlobalGroup("ldgnf-shop"));
  EXPECT_TRUE(store->Find<GlobalReplicationGroup>({kAccount, "", "ldgnf-shop"}));
  EXPECT_FALSE(store->Find<GlobalReplicationGroup>({kAccount, "us-west-2", "ldgnf-shop"}));
  EXPECT_EQ(store->Count<GlobalReplicationGroup>(kAccount, ""), 1);
  auto due = store->DueAt(Timestamp{9});
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, "global-replication-group");
  EXPECT_EQ(due[0].key.region, "");
}

// A member cluster saved before clusters had a node list still reads with its one node.
TEST(StoreTest, ASchemaOneMemberClusterReadsWithItsNode) {
  CacheCluster cc;
  DecodeRecord(
      R"({"account":"1","region":"us-east-1","id":"rg-001","status":"available",)"
      R"("created_at":5,"availability_zone":"us-east-1b","node_endpoint":"rg-001.x.0001.use1"})",
      cc);
  ASSERT_EQ(cc.nodes.size(), 1u);
  EXPECT_EQ(cc.nodes[0].id, "0001");
  EXPECT_EQ(cc.nodes[0].availability_zone, "us-east-1b");
  EXPECT_EQ(cc.nodes[0].endpoint, "rg-001.x.0001.use1");
  EXPECT_EQ(cc.nodes[0].status, "available");
}

// Find reuses the record it decoded last time only while the stored text is unchanged: every
// change (a save, a rolled-back save, a removal) shows at once.
TEST(StoreTest, FindAnswersTheStoredTextNeverAnEarlierDecode) {
  auto store = OpenStore("");
  ReplicationGroup g = MakeGroup("alpha");
  store->Save(g);
  const ResourceKey key{g.account, g.region, g.id};
  EXPECT_EQ(store->Find<ReplicationGroup>(key)->description, g.description);
  g.description = "changed";
  store->Save(g);
  EXPECT_EQ(store->Find<ReplicationGroup>(key)->description, "changed");
  EXPECT_THROW(store->InTransaction([&] {
    g.description = "rolled back";
    store->Save(g);
    EXPECT_EQ(store->Find<ReplicationGroup>(key)->description, "rolled back");
    throw std::runtime_error("undo");
  }),
               std::runtime_error);
  EXPECT_EQ(store->Find<ReplicationGroup>(key)->description, "changed");
  store->Remove<ReplicationGroup>(key);
  EXPECT_FALSE(store->Find<ReplicationGroup>(key).has_value());
}

TEST(StoreTest, ResourcesAreIsolatedByAccountRegionAndKind) {
  auto store = OpenStore("");
  store->Save(MakeGroup("alpha"));
  EXPECT_FALSE(store->Find<ReplicationGroup>({kAccount, "eu-west-1", "alpha"}));
  EXPECT_FALSE(store->Find<ReplicationGroup>({"000000000000", kRegion, "alpha"}));
  EXPECT_FALSE(store->Find<CacheCluster>({kAccount, kRegion, "alpha"}));
  EXPECT_EQ(store->Count<ReplicationGroup>(kAccount, kRegion), 1);
  EXPECT_EQ(store->Count<ReplicationGroup>(kAccount, "eu-west-1"), 0);
}

TEST(StoreTest, ScanFiltersBeforeItPages) {
  auto store = OpenStore("");
  for (int i = 0; i < 200; ++i) {
    char id[16];
    snprintf(id, sizeof id, "c%03d", i);
    CacheCluster cc = MakeCluster(id);
    if (i % 10 != 0) cc.replication_group_id.reset();  // 20 members, 180 standalone
    store->Save(cc);
  }
  auto members = [](const CacheCluster& cc) { return cc.replication_group_id.has_value(); };
  std::vector<std::string> seen;
  std::string after;
  int pages = 0;
  for (;;) {
    auto page = store->Scan<CacheCluster>(kAccount, kRegion, after, 7, members);
    ++pages;
    for (const auto& cc : page.items) seen.push_back(cc.id);
    if (!page.next_marker) break;
    EXPECT_EQ(page.items.size(), 7u);  // full pages until the last
    EXPECT_EQ(*page.next_marker, page.items.back().id);
    after = *page.next_marker;
  }
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 20u);
  EXPECT_EQ(seen.front(), "c000");
  EXPECT_EQ(seen.back(), "c190");
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
}

TEST(StoreTest, TagsKeepInsertionOrderAndOverwrite) {
  auto store = OpenStore("");
  std::string arn = "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:alpha";
  store->PutTags(kAccount, kRegion, arn, {{"b", "1"}, {"a", "2"}});
  store->PutTags(kAccount, kRegion, arn, {{"b", "3"}, {"c", "4"}});
  auto tags = store->ListTags(kAccount, kRegion, arn);
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_EQ(tags[0].key, "b");
  EXPECT_EQ(tags[0].value, "3");
  EXPECT_EQ(tags[2].key, "c");
  store->RemoveTags(kAccount, kRegion, arn, {"b"});
  EXPECT_EQ(store->ListTags(kAccount, kRegion, arn).size(), 2u);
  store->RemoveAllTags(kAccount, kRegion, arn);
  EXPECT_TRUE(store->ListTags(kAccount, kRegion, arn).empty());
}

DomainEvent Shown(const std::string& id, int64_t at, const std::string& message) {
  return {"replication-group", id, "available", Timestamp{at}, "replication-group", id, message};
}

TEST(StoreTest, EventsListNewestFirstWithinTheirWindowAndFilters) {
  auto store = OpenStore("");
  store->AppendEvents(kAccount, kRegion,
                      {Shown("a", 100, "one"),
                       Shown("b", 200, "two"),
                       Shown("a", 200, "three"),
                       {"reserved-cache-node", "ri", "active", Timestamp{250}, "", "", ""},
                       Shown("a", 300, "four")});
  store->AppendEvents("999999999999", kRegion, {Shown("a", 150, "elsewhere")});
  EventQuery q{kAccount, kRegion, Timestamp{0}, Timestamp{1000}};
  q.limit = 2;
  auto first = store->ListEvents(q);
  ASSERT_EQ(first.items.size(), 2u);
  EXPECT_TRUE(first.more);
  EXPECT_EQ(first.items[0].event.message, "four");
  EXPECT_EQ(first.items[1].event.message, "three");  // same time: the later one first
  q.before = std::make_pair(first.items[1].event.at.epoch_ms, first.items[1].seq);
  auto second = store->ListEvents(q);
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_FALSE(second.more);
  EXPECT_EQ(second.items[0].event.message, "two");
  EXPECT_EQ(second.items[1].event.message, "one");  // the hidden reservation event is skipped

  EventQuery window{kAccount, kRegion, Timestamp{150}, Timestamp{250}};
  window.source_id = "a";
  auto in_window = store->ListEvents(window);
  ASSERT_EQ(in_window.items.size(), 1u);
  EXPECT_EQ(in_window.items[0].event.message, "three");

  store->PurgeEvents(kAccount, kRegion, Timestamp{250});
  EXPECT_EQ(store->ListEvents({kAccount, kRegion, Timestamp{0}, Timestamp{1000}}).items.size(), 1u);
  EXPECT_EQ(
      store->ListEvents({"999999999999", kRegion, Timestamp{0}, Timestamp{1000}}).items.size(), 1u);
}

TEST(StoreTest, DueTransitionsAreFoundByTimeAndCanBeDropped) {
  auto store = OpenStore("");
  store->Save(MakeGroup("late", 200));
  store->Save(MakeGroup("early", 100));
  store->Save(MakeGroup("idle"));
  EXPECT_EQ(store->NextDueHint(), 100);
  EXPECT_TRUE(store->DueAt(Timestamp{99}).empty());
  auto due = store->DueAt(Timestamp{150});
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].key.id, "early");
  EXPECT_EQ(due[0].kind, "replication-group");
  store->ClearDue("replication-group", due[0].key);
  EXPECT_TRUE(store->DueAt(Timestamp{150}).empty());
  EXPECT_EQ(store->NextDue(), 200);
}

TEST(StoreTest, FailedTransactionRollsBackAndForgetsItsDueTimes) {
  auto store = OpenStore("");
  store->Save(MakeGroup("later", 500));
  store->NextDue();
  EXPECT_THROW(store->InTransaction([&] {
    store->Save(MakeGroup("alpha", 50));
    store->NextDue();  // computed from work that is about to be undone
    throw std::runtime_error("handler failed");
  }),
               std::runtime_error);
  EXPECT_FALSE(store->Find<ReplicationGroup>({kAccount, kRegion, "alpha"}));
  // The hint must not be later than the truth: it is back to "ask the table".
  ASSERT_TRUE(store->NextDueHint());
  EXPECT_LE(*store->NextDueHint(), 500);
  EXPECT_EQ(store->NextDue(), 500);
}

TEST(StoreTest, StateSurvivesReopen) {
  auto dir = TempDir("reopen");
  auto path = (dir / "state.db").string();
  {
    auto store = OpenStore(path);
    store->Save(MakeGroup("alpha", 5));
    store->AppendEvents(kAccount, kRegion, {Shown("alpha", 5, "kept")});
  }
  {
    auto store = OpenStore(path);
    EXPECT_TRUE(store->Find<ReplicationGroup>({kAccount, kRegion, "alpha"}));
    EXPECT_EQ(store->NextDueHint(), 5);
    EXPECT_EQ(store->ListEvents({kAccount, kRegion, Timestamp{0}, Timestamp{10}}).items.size(), 1u);
  }
  std::filesystem::remove_all(dir);
}

TEST(StoreTest, AnUnreadableRecordFailsOnlyWhatTouchesIt) {
  auto dir = TempDir("unreadable");
  auto path = (dir / "state.db").string();
  {
    auto store = OpenStore(path);
    store->Save(MakeGroup("a-good"));
    store->Save(MakeGroup("c-good"));
  }
  {
    Database db(path);  // what an older build with a bug might have written
    db.Exec(
        "INSERT INTO resources(account, region, kind, id, due_at, doc) VALUES "
        "('123456789012', 'us-east-1', 'replication-group', 'b-poison', 1, '{\"id\": \"\xff')");
  }
  auto store = OpenStore(path);
  std::vector<std::string> warnings;
  store->SetWarningSink([&](const std::string& w) { warnings.push_back(w); });
  auto page = store->Scan<ReplicationGroup>(kAccount, kRegion, "", 100);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].id, "a-good");
  EXPECT_EQ(page.items[1].id, "c-good");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("b-poison"), std::string::npos);
  EXPECT_THROW(store->Find<ReplicationGroup>({kAccount, kRegion, "b-poison"}), StorageError);
  EXPECT_TRUE(store->Find<ReplicationGroup>({kAccount, kRegion, "a-good"}));
  std::filesystem::remove_all(dir);
}

TEST(StoreTest, ASchemaOneDatabaseIsMigratedInPlace) {
  auto dir = TempDir("migrate");
  auto path = (dir / "state.db").string();
  {
    Database raw(path);  // today's schema; rebuild what version 1 had
    raw.Exec(
        "DROP TABLE events; "
        "DROP TABLE sequences; "
        "ALTER TABLE resources ADD COLUMN parent_id TEXT; "
        "CREATE INDEX resources_parent ON resources(account, region, kind, parent_id); "
        "PRAGMA user_version=1;");
  }
  {
    auto store = OpenStore(path);
    store->Save(MakeGroup("alpha"));
    store->AppendEvents(kAccount, kRegion, {Shown("alpha", 1, "hello")});
  }
  Database db(path);
  EXPECT_EQ(db.SchemaVersion(), 3);
  auto& columns =
      db.Prepare("SELECT COUNT(*) FROM pragma_table_info('resources') WHERE name='parent_id'");
  ASSERT_TRUE(columns.Step());
  EXPECT_EQ(columns.Int(0), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ecl

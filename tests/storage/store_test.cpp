// Contract tests for the SQLite store: documents round-trip, listing pages by key, tags keep
// their order, due transitions are found by time, transactions roll back, state survives a
// reopen of the same file.
#include "storage/store.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace ecl {
namespace {

ReplicationGroup MakeGroup(const std::string& id, std::optional<int64_t> due = std::nullopt) {
  ReplicationGroup rg;
  rg.account = "123456789012";
  rg.region = "us-east-1";
  rg.id = id;
  rg.description = "desc " + id;
  rg.cluster_enabled = true;
  rg.settings.port = 6380;
  rg.settings.security_group_ids = {"sg-1", "sg-2"};
  rg.settings.auth_token_last_modified = Timestamp{42};
  rg.log_delivery_configurations =
      ApiValue::List().Push(ApiValue::Struct().Set("LogType", "slow-log"));
  if (due) rg.transition = Transition{"create", Timestamp{0}, Timestamp{*due}};
  NodeGroup ng;
  ng.id = "0001";
  ng.slots = "0-16383";
  ng.members.push_back({id + "-0001-001", "us-east-1a", true});
  ng.members.push_back({id + "-0001-002", "us-east-1b", false});
  rg.node_groups.push_back(ng);
  return rg;
}

TEST(StoreTest, ReplicationGroupRoundTrips) {
  Store store("");
  store.Save(MakeGroup("alpha", 10));
  auto loaded = store.Find<ReplicationGroup>({"123456789012", "us-east-1", "alpha"});
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->description, "desc alpha");
  EXPECT_TRUE(loaded->cluster_enabled);
  EXPECT_EQ(loaded->settings.port, 6380);
  EXPECT_EQ(loaded->settings.security_group_ids, (std::vector<std::string>{"sg-1", "sg-2"}));
  EXPECT_EQ(loaded->settings.auth_token_last_modified->epoch_ms, 42);
  ASSERT_TRUE(loaded->transition);
  EXPECT_EQ(loaded->transition->due_at.epoch_ms, 10);
  ASSERT_EQ(loaded->node_groups.size(), 1u);
  EXPECT_EQ(loaded->node_groups[0].members[1].cache_cluster_id, "alpha-0001-002");
  EXPECT_TRUE(loaded->node_groups[0].members[0].primary);
  EXPECT_EQ(loaded->log_delivery_configurations, MakeGroup("alpha").log_delivery_configurations);
}

TEST(StoreTest, ResourcesAreIsolatedByAccountAndRegion) {
  Store store("");
  store.Save(MakeGroup("alpha"));
  EXPECT_FALSE(store.Find<ReplicationGroup>({"123456789012", "eu-west-1", "alpha"}));
  EXPECT_FALSE(store.Find<ReplicationGroup>({"000000000000", "us-east-1", "alpha"}));
  EXPECT_FALSE(store.Find<CacheCluster>({"123456789012", "us-east-1", "alpha"}));
}

TEST(StoreTest, ListPagesByKey) {
  Store store("");
  for (int i = 0; i < 45; ++i) {
    char id[16];
    snprintf(id, sizeof id, "g%02d", i);
    store.Save(MakeGroup(id));
  }
  std::vector<std::string> seen;
  std::string marker;
  int pages = 0;
  for (;;) {
    auto page = store.List<ReplicationGroup>("123456789012", "us-east-1", marker, 20);
    ++pages;
    for (const auto& rg : page.items) seen.push_back(rg.id);
    if (!page.next_marker) break;
    marker = *page.next_marker;
  }
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 45u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
}

TEST(StoreTest, TagsKeepInsertionOrderAndOverwrite) {
  Store store("");
  std::string arn = "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:alpha";
  store.PutTags("123456789012", "us-east-1", arn, {{"b", "1"}, {"a", "2"}});
  store.PutTags("123456789012", "us-east-1", arn, {{"b", "3"}, {"c", "4"}});
  auto tags = store.ListTags("123456789012", "us-east-1", arn);
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_EQ(tags[0].key, "b");
  EXPECT_EQ(tags[0].value, "3");
  EXPECT_EQ(tags[2].key, "c");
  store.RemoveTags("123456789012", "us-east-1", arn, {"b"});
  EXPECT_EQ(store.ListTags("123456789012", "us-east-1", arn).size(), 2u);
}

TEST(StoreTest, DueTransitionsAreFoundByTime) {
  Store store("");
  store.Save(MakeGroup("late", 200));
  store.Save(MakeGroup("early", 100));
  store.Save(MakeGroup("idle"));
  EXPECT_EQ(store.NextDueHint(), 100);
  EXPECT_TRUE(store.DueAt(Timestamp{99}).empty());
  auto due = store.DueAt(Timestamp{150});
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].key.id, "early");
  EXPECT_EQ(due[0].kind, "replication-group");
}

TEST(StoreTest, FailedTransactionRollsBack) {
  Store store("");
  EXPECT_THROW(store.InTransaction([&] {
    store.Save(MakeGroup("alpha"));
    throw std::runtime_error("handler failed");
  }),
               std::runtime_error);
  EXPECT_FALSE(store.Find<ReplicationGroup>({"123456789012", "us-east-1", "alpha"}));
}

TEST(StoreTest, StateSurvivesReopen) {
  auto dir =
      std::filesystem::temp_directory_path() / ("ecl-store-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = (dir / "state.db").string();
  {
    Store store(path);
    store.Save(MakeGroup("alpha", 5));
  }
  {
    Store store(path);
    EXPECT_TRUE(store.Find<ReplicationGroup>({"123456789012", "us-east-1", "alpha"}));
    EXPECT_EQ(store.NextDueHint(), 5);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ecl

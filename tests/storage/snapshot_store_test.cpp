// Snapshots in the store (round trip, count per account and region, due transitions) and the
// folder-backed export buckets.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "storage/bucket_store.h"
#include "storage/store.h"

namespace ecl {
namespace {

Snapshot MakeSnapshot(const std::string& account, const std::string& id) {
  Snapshot s;
  s.account = account;
  s.region = "us-east-1";
  s.id = id;
  s.replication_group_id = "shop";
  s.cluster_enabled = true;
  s.automatic_failover = "enabled";
  s.settings.port = 6380;
  NodeSnapshotRecord n;
  n.node_group_id = "0002";
  n.slots = "0-5,9-16383";
  n.replica_count = 2;
  n.primary_availability_zone = "us-east-1a";
  n.replica_availability_zones = {"us-east-1b", "us-east-1c"};
  n.snapshot_create_time = Timestamp{77};
  s.node_snapshots.push_back(n);
  return s;
}

TEST(SnapshotStoreTest, RoundTripsAndCounts) {
  Store store("");
  Snapshot s = MakeSnapshot("111111111111", "a");
  s.transition = Transition{"create", Timestamp{0}, Timestamp{10}};
  store.Save(s);
  store.Save(MakeSnapshot("111111111111", "b"));
  store.Save(MakeSnapshot("222222222222", "a"));
  auto loaded = store.Find<Snapshot>({"111111111111", "us-east-1", "a"});
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->replication_group_id, "shop");
  EXPECT_EQ(loaded->settings.port, 6380);
  ASSERT_EQ(loaded->node_snapshots.size(), 1u);
  EXPECT_EQ(loaded->node_snapshots[0].slots, "0-5,9-16383");
  EXPECT_EQ(loaded->node_snapshots[0].replica_availability_zones.size(), 2u);
  EXPECT_EQ(loaded->node_snapshots[0].snapshot_create_time, Timestamp{77});
  EXPECT_EQ(store.Count<Snapshot>("111111111111", "us-east-1"), 2);
  EXPECT_EQ(store.Count<Snapshot>("222222222222", "us-east-1"), 1);
  EXPECT_EQ(store.Count<Snapshot>("111111111111", "eu-west-1"), 0);
  auto due = store.DueAt(Timestamp{10});
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, "snapshot");
  store.Remove<Snapshot>({"111111111111", "us-east-1", "a"});
  EXPECT_EQ(store.Count<Snapshot>("111111111111", "us-east-1"), 1);
}

class FolderBucketStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("ecl-buckets-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ / "exports");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::filesystem::path root_;
};

TEST_F(FolderBucketStoreTest, BucketsAreFoldersAndObjectsFiles) {
  FolderBucketStore buckets(root_);
  EXPECT_TRUE(buckets.BucketExists("exports"));
  EXPECT_FALSE(buckets.BucketExists("missing"));
  EXPECT_FALSE(buckets.ObjectExists("exports", "a.rdb"));
  buckets.PutObject("exports", "a.rdb", std::string("RE\0DIS", 6));
  EXPECT_TRUE(buckets.ObjectExists("exports", "a.rdb"));
  EXPECT_EQ(buckets.GetObject("exports", "a.rdb"), std::string("RE\0DIS", 6));
  EXPECT_FALSE(buckets.GetObject("exports", "b.rdb"));
  EXPECT_FALSE(std::filesystem::exists(root_ / "exports" / "a.rdb.partial"));
}

TEST_F(FolderBucketStoreTest, WriteFailureIsReported) {
  FolderBucketStore buckets(root_);
  // A file where the bucket's folder should be: nothing can be written inside it.
  std::ofstream(root_ / "blocked") << "x";
  EXPECT_THROW(buckets.PutObject("blocked", "a.rdb", "x"), BucketStoreError);
}

}  // namespace
}  // namespace ecl

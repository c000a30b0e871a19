// Snapshot rules: names, what a snapshot records of a group or cluster, copies, the source
// filter, S3 ARNs and export keys.
#include "model/snapshot_rules.h"

#include <gtest/gtest.h>

#include <functional>

#include "model/aws_error.h"
#include "model/lifecycle.h"
#include "tests/model/lifecycle_support.h"
#include "tests/model/sample_resources.h"

namespace ecl {
namespace {

using testing_support::At;
using testing_support::Changed;
using testing_support::Removed;

using testing_support::CodeOf;
using testing_support::ShardedGroup;

TEST(SnapshotRulesTest, NamesFollowIdentifierRulesAndAreLowerCased) {
  EXPECT_EQ(ValidateSnapshotName("SnapshotName", "My-Snap1"), "my-snap1");
  EXPECT_EQ(CodeOf([] { ValidateSnapshotName("SnapshotName", "1abc"); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { ValidateSnapshotName("SnapshotName", "a--b"); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { ValidateSnapshotName("SnapshotName", "abc-"); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { ValidateSnapshotName("SnapshotName", std::string(256, 'a')); }),
            "InvalidParameterValue");
}

TEST(SnapshotRulesTest, GroupSnapshotRecordsEveryNodeGroup) {
  Snapshot s = SnapshotOfReplicationGroup(ShardedGroup(), "nightly", Timestamp{5000});
  EXPECT_EQ(s.id, "nightly");
  EXPECT_EQ(s.status, "creating");
  EXPECT_EQ(s.source, "manual");
  EXPECT_EQ(s.replication_group_id, "shop");
  EXPECT_FALSE(s.cache_cluster_id);
  EXPECT_EQ(s.automatic_failover, "enabled");
  EXPECT_TRUE(s.cluster_enabled);
  EXPECT_EQ(s.settings.port, 6380);
  ASSERT_EQ(s.NumNodeGroups(), 2);
  EXPECT_EQ(s.node_snapshots[0].node_group_id, "0001");
  EXPECT_EQ(s.node_snapshots[0].slots, "0-99");
  EXPECT_EQ(s.node_snapshots[0].replica_count, 1);
  EXPECT_EQ(s.node_snapshots[0].primary_availability_zone, "us-east-1a");
  EXPECT_EQ(s.node_snapshots[0].replica_availability_zones, std::vector<std::string>{"us-east-1b"});
  EXPECT_EQ(s.node_snapshots[1].slots, "100-16383");
  EXPECT_EQ(s.node_snapshots[1].replica_count, 0);
  EXPECT_EQ(s.node_snapshots[1].snapshot_create_time, Timestamp{5000});
}

TEST(SnapshotRulesTest, MemberClusterSnapshotIsTheClustersButKeepsItsShard) {
  ReplicationGroup rg = ShardedGroup();
  CacheCluster cc;
  cc.account = rg.account;
  cc.region = rg.region;
  cc.id = "shop-0001-002";
  cc.replication_group_id = "shop";
  cc.availability_zone = "us-east-1b";
  cc.settings = rg.settings;
  Snapshot s = SnapshotOfCacheCluster(cc, &rg, "one", Timestamp{7});
  EXPECT_EQ(s.cache_cluster_id, "shop-0001-002");
  EXPECT_FALSE(s.replication_group_id);
  EXPECT_EQ(s.preferred_availability_zone, "us-east-1b");
  ASSERT_EQ(s.NumNodeGroups(), 1);
  EXPECT_EQ(s.node_snapshots[0].node_group_id, "0001");
  EXPECT_EQ(s.node_snapshots[0].slots, "0-16383");
  EXPECT_EQ(s.node_snapshots[0].replica_count, 1);
}

TEST(SnapshotRulesTest, CopyIsAManualSnapshotWithTheSameContents) {
  Snapshot source = SnapshotOfReplicationGroup(ShardedGroup(), "a", Timestamp{1});
  source.status = "available";
  source.source = "automated";
  Snapshot copy = CopyOfSnapshot(source, "b");
  EXPECT_EQ(copy.id, "b");
  EXPECT_EQ(copy.status, "creating");
  EXPECT_EQ(copy.source, "manual");
  EXPECT_EQ(copy.NumNodeGroups(), 2);
  EXPECT_EQ(copy.node_snapshots[1].slots, "100-16383");
}

TEST(SnapshotRulesTest, SourceFilter) {
  EXPECT_EQ(SnapshotSourceFilter(std::nullopt), std::nullopt);
  EXPECT_EQ(SnapshotSourceFilter("user"), "manual");
  EXPECT_EQ(SnapshotSourceFilter("system"), "automated");
  EXPECT_EQ(CodeOf([] { SnapshotSourceFilter("manual"); }), "InvalidParameterValue");
}

TEST(SnapshotRulesTest, BucketsKeysAndArns) {
  EXPECT_TRUE(IsValidBucketName("my-bucket.v2"));
  EXPECT_FALSE(IsValidBucketName("ab"));
  EXPECT_FALSE(IsValidBucketName("../etc"));
  EXPECT_FALSE(IsValidBucketName("Upper"));
  EXPECT_EQ(ExportObjectKeys("bk", 2), (std::vector<std::string>{"bk-0001.rdb", "bk-0002.rdb"}));
  EXPECT_EQ(ParseS3ObjectArn("arn:aws:s3:::my-bucket/dir/snap-0001.rdb"),
            (S3ObjectLocation{"my-bucket", "dir/snap-0001.rdb"}));
  for (const char* bad : {"arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/", "s3://b/k",
                          "arn:aws:s3:::my-bucket/../x.rdb", "arn:aws:s3:::my-bucket/a,b.rdb",
                          "arn:aws:elasticache:::my-bucket/k"})
    EXPECT_EQ(CodeOf([&] { ParseS3ObjectArn(bad); }), "InvalidParameterValue") << bad;
}

TEST(SnapshotRulesTest, LifecycleMakesSnapshotsAvailableOrRemovesThem) {
  Snapshot s;
  s.transition = StartTransition(kCreate, Timestamp{0}, 1000);
  EXPECT_FALSE(Changed(AdvanceSnapshot(s, At(Timestamp{999}))));
  EXPECT_TRUE(Changed(AdvanceSnapshot(s, At(Timestamp{1000}))));
  EXPECT_EQ(s.status, "available");
  s.status = "deleting";
  s.transition = StartTransition(kDelete, Timestamp{0}, 0);
  EXPECT_TRUE(Removed(AdvanceSnapshot(s, At(Timestamp{0}))));
}

}  // namespace
}  // namespace ecl

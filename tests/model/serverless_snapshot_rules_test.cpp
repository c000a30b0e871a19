#include "model/serverless_snapshot_rules.h"

#include <gtest/gtest.h>

#include <string>

#include "model/aws_error.h"
#include "tests/model/sample_resources.h"

namespace ecl {
namespace {

using testing_support::CodeOf;

constexpr int64_t kOneHourMs = 3600 * 1000;

ServerlessCache SampleCache() {
  ServerlessCache c;
  c.account = "000000000000";
  c.region = "us-east-1";
  c.id = "sessions";
  c.engine = "valkey";
  c.major_engine_version = "8";
  c.kms_key_id = "cache-key";
  c.snapshot_retention_limit = 3;
  return c;
}

TEST(ServerlessSnapshotRules, Names) {
  EXPECT_EQ(ValidateServerlessSnapshotName("ServerlessCacheSnapshotName", "Nightly-1"),
            "nightly-1");
  EXPECT_NO_THROW(ValidateServerlessSnapshotName("X", std::string(255, 's')));
  EXPECT_EQ(CodeOf([] { ValidateServerlessSnapshotName("X", std::string(256, 's')); }),
            "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { ValidateServerlessSnapshotName("X", "bad_name"); }),
            "InvalidParameterValue");
}

TEST(ServerlessSnapshotRules, ASnapshotRecordsTheCacheItWasTakenOf) {
  ServerlessCacheSnapshot manual = SnapshotOfServerlessCache(
      SampleCache(), "s1", ServerlessSnapshotType::kManual, Timestamp{5}, std::nullopt);
  EXPECT_EQ(manual.serverless_cache_name, "sessions");
  EXPECT_EQ(manual.engine, "valkey");
  EXPECT_EQ(manual.major_engine_version, "8");
  EXPECT_EQ(manual.kms_key_id, "cache-key");  // the cache's key unless one is given
  EXPECT_EQ(manual.status, "creating");
  EXPECT_FALSE(manual.expires_at);
  ServerlessCacheSnapshot automated = SnapshotOfServerlessCache(
      SampleCache(), "a1", ServerlessSnapshotType::kAutomated, Timestamp{5}, "own-key");
  EXPECT_EQ(automated.kms_key_id, "own-key");
  ASSERT_TRUE(automated.expires_at);
  EXPECT_EQ(automated.expires_at->epoch_ms, 5 + 3 * 24 * kOneHourMs);
}

TEST(ServerlessSnapshotRules, ACopyIsManualAndNotTakenOfTheCache) {
  ServerlessCacheSnapshot automated = SnapshotOfServerlessCache(
      SampleCache(), "a1", ServerlessSnapshotType::kAutomated, Timestamp{5}, std::nullopt);
  automated.status = ServerlessSnapshotStatus::kAvailable;
  ServerlessCacheSnapshot copy =
      CopyOfServerlessSnapshot(automated, "kept", Timestamp{9}, std::nullopt);
  EXPECT_EQ(copy.id, "kept");
  EXPECT_EQ(copy.snapshot_type, "manual");
  EXPECT_FALSE(copy.expires_at);
  EXPECT_EQ(copy.copied_from, "a1");
  EXPECT_EQ(copy.status, "creating");
  EXPECT_EQ(copy.serverless_cache_name, "sessions");
  EXPECT_TRUE(TakenOfCacheInLastDay(automated, "sessions", Timestamp{10}));
  EXPECT_FALSE(TakenOfCacheInLastDay(copy, "sessions", Timestamp{10}));
  EXPECT_FALSE(TakenOfCacheInLastDay(automated, "other", Timestamp{10}));
  EXPECT_FALSE(TakenOfCacheInLastDay(automated, "sessions", Timestamp{5 + 24 * kOneHourMs}));
}

TEST(ServerlessSnapshotRules, FiltersStatesAndQuota) {
  EXPECT_EQ(ServerlessSnapshotTypeFilter(std::nullopt), std::nullopt);
  EXPECT_EQ(ServerlessSnapshotTypeFilter("automated"), "automated");
  EXPECT_EQ(ServerlessSnapshotTypeFilter("manual"), "manual");
  EXPECT_EQ(CodeOf([] { ServerlessSnapshotTypeFilter("user"); }), "InvalidParameterValue");
  ServerlessCacheSnapshot s;
  s.status = ServerlessSnapshotStatus::kCreating;
  EXPECT_EQ(CodeOf([&] { RequireServerlessSnapshotAvailable(s, "copied"); }),
            "InvalidServerlessCacheSnapshotStateFault");
  EXPECT_NO_THROW(CheckSnapshotsPerDay("sessions", 23, 24));
  EXPECT_EQ(CodeOf([] { CheckSnapshotsPerDay("sessions", 24, 24); }),
            "ServerlessCacheSnapshotQuotaExceededFault");
}

TEST(ServerlessSnapshotRules, RestoresStayInTheirEngineFamily) {
  EXPECT_NO_THROW(CheckRestorableInto("redis", "s", "valkey"));
  EXPECT_NO_THROW(CheckRestorableInto("valkey", "s", "redis"));
  EXPECT_NO_THROW(CheckRestorableInto("memcached", "s", "memcached"));
  EXPECT_EQ(CodeOf([] { CheckRestorableInto("memcached", "s", "valkey"); }),
            "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([] { CheckRestorableInto("redis", "s", "memcached"); }),
            "InvalidParameterCombination");
}

TEST(ServerlessSnapshotRules, SnapshotArnsToRestore) {
  auto serverless = ParseSnapshotArnToRestore(
      "arn:aws:elasticache:us-east-1:000000000000:serverlesscachesnapshot:Nightly", "000000000000",
      "us-east-1");
  EXPECT_EQ(serverless.kind, SnapshotToRestore::Kind::kServerlessSnapshot);
  EXPECT_EQ(serverless.name, "nightly");
  auto node = ParseSnapshotArnToRestore("arn:aws:elasticache:us-east-1:000000000000:snapshot:bk",
                                        "000000000000", "us-east-1");
  EXPECT_EQ(node.kind, SnapshotToRestore::Kind::kNodeSnapshot);
  auto s3 =
      ParseSnapshotArnToRestore("arn:aws:s3:::my-bucket/bk-0001.rdb", "000000000000", "us-east-1");
  EXPECT_EQ(s3.kind, SnapshotToRestore::Kind::kS3Object);
  EXPECT_EQ(s3.s3_object, (S3ObjectLocation{"my-bucket", "bk-0001.rdb"}));
  for (std::string bad : {"arn:aws:elasticache:us-west-2:000000000000:snapshot:bk",
                          "arn:aws:elasticache:us-east-1:111111111111:snapshot:bk",
                          "arn:aws:elasticache:us-east-1:000000000000:serverlesscache:c",
                          "not-an-arn", "arn:aws:s3:::my-bucket"})
    EXPECT_EQ(CodeOf([&] { ParseSnapshotArnToRestore(bad, "000000000000", "us-east-1"); }),
              "InvalidParameterValue")
        << bad;
}

}  // namespace
}  // namespace ecl

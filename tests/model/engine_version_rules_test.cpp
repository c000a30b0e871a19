// Engine and engine version resolution for create requests against the shipped engine
// catalog: accepted forms, defaults, AWS's error for an unknown version, and the full version a
// snapshot recorded.
#include "model/engine_version_rules.h"

#include <gtest/gtest.h>

#include "model/aws_error.h"
#include "tests/model/repo_file.h"
#include "tests/model/sample_resources.h"
#include "tests/model/shipped_catalogs.h"

namespace ecl {
namespace {

using testing_support::CodeOf;

std::string Actual(std::string_view engine, std::optional<std::string> requested,
                   bool accept_actual = false) {
  return ResolveEngineVersion(testing::ShippedEngineCatalog(), engine, requested, accept_actual)
      .actual_version;
}

TEST(ReplicationGroupEngine, RedisAndValkeyInAnyCase) {
  EXPECT_EQ(ValidateReplicationGroupEngine("redis"), "redis");
  EXPECT_EQ(ValidateReplicationGroupEngine("Redis"), "redis");
  EXPECT_EQ(ValidateReplicationGroupEngine("VALKEY"), "valkey");
  EXPECT_EQ(CodeOf([] { ValidateReplicationGroupEngine("memcached"); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { ValidateReplicationGroupEngine("mysql"); }), "InvalidParameterValue");
}

TEST(EngineVersion, AcceptedFormsResolveToTheFullVersion) {
  EXPECT_EQ(Actual("redis", "7.1"), "7.1.0");
  EXPECT_EQ(Actual("redis", "7.1.0"), "7.1.0");
  EXPECT_EQ(Actual("redis", "6.2"), "6.2.6");
  EXPECT_EQ(Actual("redis", "6.x"), "6.2.6");
  EXPECT_EQ(Actual("redis", "6.0"), "6.0.5");
  EXPECT_EQ(Actual("redis", "5.0.6"), "5.0.6");
  EXPECT_EQ(Actual("valkey", "8.0"), "8.0.1");
  EXPECT_EQ(Actual("valkey", "7.2"), "7.2.6");
  EXPECT_EQ(ResolveEngineVersion(testing::ShippedEngineCatalog(), "redis", "6.2", false)
                .parameter_group_family,
            "redis6.x");
}

TEST(EngineVersion, OmittedMeansTheEnginesDefault) {
  EXPECT_EQ(Actual("redis", std::nullopt), "7.1.0");
  EXPECT_EQ(Actual("valkey", std::nullopt), "8.2.0");
}

TEST(EngineVersion, UnknownVersionsAreAwsError) {
  try {
    ResolveEngineVersion(testing::ShippedEngineCatalog(), "redis", "4.0.13", false);
    FAIL() << "accepted";
  } catch (const AwsError& e) {
    // ministryofjustice/cloud-platform-environments#5753 quotes this answer.
    EXPECT_EQ(e.code, "InvalidParameterCombination");
    EXPECT_EQ(e.message(), "Cannot find version 4.0.13 for redis");
  }
  for (const char* bad : {"7", "7.x", "5.0", "6.0.5", "8.2", "", "latest"})
    EXPECT_EQ(
        CodeOf([&] { ResolveEngineVersion(testing::ShippedEngineCatalog(), "redis", bad, false); }),
        "InvalidParameterCombination")
        << bad;
  EXPECT_EQ(
      CodeOf([] { ResolveEngineVersion(testing::ShippedEngineCatalog(), "valkey", "7.1", false); }),
      "InvalidParameterCombination");
}

TEST(EngineVersion, ARestoreAcceptsTheVersionItsSnapshotRecorded) {
  EXPECT_EQ(Actual("redis", "6.0.5", true), "6.0.5");
  EXPECT_EQ(
      CodeOf([] { ResolveEngineVersion(testing::ShippedEngineCatalog(), "redis", "6.0.9", true); }),
      "InvalidParameterCombination");
}

}  // namespace
}  // namespace ecl

#include "model/naming.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "model/aws_error.h"

namespace ecl {
namespace {

TEST(MemberNamesTest, FollowAwsNumbering) {
  EXPECT_EQ(MemberClusterId("my-redis-rg", 1), "my-redis-rg-001");
  EXPECT_EQ(MemberClusterId("my-redis-rg", 12), "my-redis-rg-012");
  EXPECT_EQ(MemberClusterId("redis2x2", "0001", 2), "redis2x2-0001-002");
  EXPECT_EQ(MemberClusterId("mycluster", "0003", 4), "mycluster-0003-004");
  EXPECT_EQ(MemberClusterId("mycluster", "7", 1), "mycluster-0007-001");
  EXPECT_EQ(FormatNodeGroupId(1), "0001");
  EXPECT_EQ(FormatNodeGroupId(10), "0010");
  EXPECT_EQ(kRedisCacheNodeId, "0001");
}

struct RegionCase {
  std::string region;
  std::string abbreviation;
};

class RegionAbbreviationTest : public ::testing::TestWithParam<RegionCase> {};

TEST_P(RegionAbbreviationTest, MatchesAwsEndpoints) {
  EXPECT_EQ(RegionAbbreviation(GetParam().region), GetParam().abbreviation);
}

INSTANTIATE_TEST_SUITE_P(
    Table, RegionAbbreviationTest,
    ::testing::Values(RegionCase{"us-east-1", "use1"}, RegionCase{"us-east-2", "use2"},
                      RegionCase{"us-west-1", "usw1"}, RegionCase{"us-west-2", "usw2"},
                      RegionCase{"eu-west-1", "euw1"}, RegionCase{"eu-central-1", "euc1"},
                      RegionCase{"eu-north-1", "eun1"}, RegionCase{"ap-southeast-1", "apse1"},
                      RegionCase{"ap-southeast-2", "apse2"}, RegionCase{"ap-northeast-1", "apne1"},
                      RegionCase{"ap-northeast-2", "apn2"}, RegionCase{"ap-south-1", "aps1"},
                      RegionCase{"ca-central-1", "cac1"}, RegionCase{"sa-east-1", "sae1"},
                      RegionCase{"me-south-1", "mes1"}, RegionCase{"af-south-1", "afs1"},
                      // Not in the table: the general rule.
                      RegionCase{"eu-southwest-9", "eusw9"}, RegionCase{"xx-central-4", "xxc4"},
                      RegionCase{"local", "local"}));

TEST(EndpointHashTest, SixLowercaseAlphanumericsStablePerAccountAndRegion) {
  std::set<std::string> seen;
  for (std::string account : {"000000000000", "123456789012"}) {
    for (std::string region : {"us-east-1", "us-west-2", "eu-west-1"}) {
      std::string hash = EndpointHash(account, region);
      ASSERT_EQ(hash.size(), 6u);
      for (char c : hash) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) << hash;
      EXPECT_EQ(hash, EndpointHash(account, region));
      seen.insert(hash);
    }
  }
  EXPECT_EQ(seen.size(), 6u);
}

struct EndpointCase {
  std::string kind;  // primary, reader, config, node
  bool tls;
  std::string pattern;  // with {h} for the hash
};

class EndpointTest : public ::testing::TestWithParam<EndpointCase> {};

TEST_P(EndpointTest, HasTheDocumentedShape) {
  const EndpointCase& c = GetParam();
  EndpointScope scope{"123456789012", "us-west-2", "my-cluster", c.tls};
  std::string address;
  if (c.kind == "primary") address = PrimaryEndpointAddress(scope);
  if (c.kind == "reader") address = ReaderEndpointAddress(scope);
  if (c.kind == "config") address = ConfigurationEndpointAddress(scope);
  if (c.kind == "node") address = NodeEndpointAddress(scope, "my-cluster-001");
  std::string expected = c.pattern;
  expected.replace(expected.find("{h}"), 3, EndpointHash("123456789012", "us-west-2"));
  EXPECT_EQ(address, expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, EndpointTest,
    ::testing::Values(
        EndpointCase{"primary", false, "my-cluster.{h}.ng.0001.usw2.cache.amazonaws.com"},
        EndpointCase{"reader", false, "my-cluster-ro.{h}.ng.0001.usw2.cache.amazonaws.com"},
        EndpointCase{"config", false, "my-cluster.{h}.clustercfg.usw2.cache.amazonaws.com"},
        EndpointCase{"node", false, "my-cluster-001.{h}.0001.usw2.cache.amazonaws.com"},
        EndpointCase{"primary", true, "master.my-cluster.{h}.usw2.cache.amazonaws.com"},
        EndpointCase{"reader", true, "replica.my-cluster.{h}.usw2.cache.amazonaws.com"},
        EndpointCase{"config", true, "clustercfg.my-cluster.{h}.usw2.cache.amazonaws.com"},
        EndpointCase{"node", true, "my-cluster-001.my-cluster.{h}.usw2.cache.amazonaws.com"}));

TEST(EndpointTest, ChinaRegionsUseTheChinaDomain) {
  EndpointScope scope{"123456789012", "cn-north-1", "rg", false};
  EXPECT_EQ(PrimaryEndpointAddress(scope), "rg." + EndpointHash("123456789012", "cn-north-1") +
                                               ".ng.0001.cnn1.cache.amazonaws.com.cn");
}

TEST(ArnTest, BuildsEachResourceType) {
  EXPECT_EQ(ReplicationGroupArn("us-west-2", "123456789012", "my-rg"),
            "arn:aws:elasticache:us-west-2:123456789012:replicationgroup:my-rg");
  EXPECT_EQ(CacheClusterArn("us-west-2", "123456789012", "my-rg-001"),
            "arn:aws:elasticache:us-west-2:123456789012:cluster:my-rg-001");
  EXPECT_EQ(SnapshotArn("eu-west-1", "000000000000", "snap"),
            "arn:aws:elasticache:eu-west-1:000000000000:snapshot:snap");
  EXPECT_EQ(ReservedCacheNodeArn("us-east-1", "123456789012", "mynode"),
            "arn:aws:elasticache:us-east-1:123456789012:reserved-instance:mynode");
  EXPECT_EQ(ReplicationGroupArn("cn-north-1", "123456789012", "rg"),
            "arn:aws-cn:elasticache:cn-north-1:123456789012:replicationgroup:rg");
}

struct ArnCase {
  std::string arn;
  ElastiCacheArnParts parts;  // when valid
  std::string error_message;  // non-empty: InvalidARN with exactly this message
};

class ParseArnTest : public ::testing::TestWithParam<ArnCase> {};

TEST_P(ParseArnTest, SplitsOrRejects) {
  const ArnCase& c = GetParam();
  if (c.error_message.empty()) {
    EXPECT_EQ(ParseElastiCacheArn(c.arn), c.parts);
    return;
  }
  try {
    ParseElastiCacheArn(c.arn);
    FAIL() << "accepted " << c.arn;
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, "InvalidARN");
    EXPECT_EQ(e.http_status, 400);
    EXPECT_EQ(e.message(), c.error_message);
  }
}

const std::string kSeven = "Input ARN string does not have 7 components.";

INSTANTIATE_TEST_SUITE_P(
    Table, ParseArnTest,
    ::testing::Values(
        ArnCase{"arn:aws:elasticache:us-west-2:0123456789:cluster:myCluster",
                {"aws", "us-west-2", "0123456789", "cluster", "myCluster"},
                ""},
        ArnCase{"arn:aws:elasticache:us-east-1:123456789012:replicationgroup:my-rg",
                {"aws", "us-east-1", "123456789012", "replicationgroup", "my-rg"},
                ""},
        ArnCase{"arn:aws:elasticache:us-east-1:123456789012:reserved-instance:ri-2017-03-27",
                {"aws", "us-east-1", "123456789012", "reserved-instance", "ri-2017-03-27"},
                ""},
        ArnCase{"arn:aws-cn:elasticache:cn-north-1:1:snapshot:s",
                {"aws-cn", "cn-north-1", "1", "snapshot", "s"},
                ""},
        ArnCase{"my-rg", {}, kSeven},
        ArnCase{"arn:aws:elasticache:us-east-1:123456789012:cluster", {}, kSeven},
        ArnCase{"arn:aws:elasticache:us-east-1:123456789012:cluster/x", {}, kSeven},
        ArnCase{"arn:aws:elasticache:us-east-1:123456789012:cluster:a:b", {}, kSeven},
        ArnCase{"arn:aws:s3:us-east-1:123456789012:cluster:x",
                {},
                "The ARN arn:aws:s3:us-east-1:123456789012:cluster:x is not a valid ARN."},
        ArnCase{"arn:aws:elasticache:us-east-1:123456789012:widget:x",
                {},
                "The ARN arn:aws:elasticache:us-east-1:123456789012:widget:x is not a valid ARN."},
        ArnCase{"arn:aws:elasticache:us-east-1:123456789012:cluster:",
                {},
                "The ARN arn:aws:elasticache:us-east-1:123456789012:cluster: is not a valid ARN."},
        ArnCase{"urn:aws:elasticache:us-east-1:123456789012:cluster:x",
                {},
                "The ARN urn:aws:elasticache:us-east-1:123456789012:cluster:x is not a valid ARN."},
        ArnCase{"arn:aws:elasticache::123456789012:cluster:x",
                {},
                "The ARN arn:aws:elasticache::123456789012:cluster:x is not a valid ARN."}));

TEST(AvailabilityZoneTest, ThreeZonesPerRegion) {
  EXPECT_EQ(AvailabilityZonesForRegion("us-east-1"),
            (std::vector<std::string>{"us-east-1a", "us-east-1b", "us-east-1c"}));
}

struct SpreadCase {
  int count;
  int offset;
  std::vector<std::string> zones;
};

class SpreadTest : public ::testing::TestWithParam<SpreadCase> {};

TEST_P(SpreadTest, RoundRobinFromOffset) {
  EXPECT_EQ(SpreadAcrossZones("eu-west-1", GetParam().count, GetParam().offset), GetParam().zones);
}

INSTANTIATE_TEST_SUITE_P(
    Table, SpreadTest,
    ::testing::Values(SpreadCase{0, 0, {}}, SpreadCase{1, 0, {"eu-west-1a"}},
                      SpreadCase{4, 0, {"eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1a"}},
                      SpreadCase{2, 1, {"eu-west-1b", "eu-west-1c"}},
                      SpreadCase{2, 5, {"eu-west-1c", "eu-west-1a"}},
                      SpreadCase{1, -1, {"eu-west-1c"}}));

TEST(AvailabilityZoneTest, ValidatesMembership) {
  EXPECT_EQ(ValidateAvailabilityZone("us-east-1", "us-east-1b"), "us-east-1b");
  EXPECT_EQ(ValidateAvailabilityZone("us-east-1", "US-EAST-1C"), "us-east-1c");
  for (std::string bad : {"us-east-1d", "us-west-2a", "", "us-east-1"}) {
    try {
      ValidateAvailabilityZone("us-east-1", bad);
      FAIL() << "accepted " << bad;
    } catch (const AwsError& e) {
      EXPECT_EQ(e.code, "InvalidParameterValue");
      EXPECT_NE(e.message().find("'" + bad + "'"), std::string::npos) << e.message();
      EXPECT_NE(e.message().find("us-east-1a, us-east-1b and us-east-1c"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace ecl

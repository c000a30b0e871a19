#include "model/identifiers.h"

#include <gtest/gtest.h>

#include <string>

#include "model/aws_error.h"

namespace ecl {
namespace {

struct IdCase {
  std::string input;
  std::string expected;        // lower-cased id when valid
  std::string error_fragment;  // non-empty: must throw InvalidParameterValue containing this
};

class ReplicationGroupIdTest : public ::testing::TestWithParam<IdCase> {};

TEST_P(ReplicationGroupIdTest, FollowsTheDocumentedRules) {
  const IdCase& c = GetParam();
  if (c.error_fragment.empty()) {
    EXPECT_EQ(ValidateReplicationGroupId(c.input), c.expected);
    return;
  }
  try {
    ValidateReplicationGroupId(c.input);
    FAIL() << "accepted " << c.input;
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, "InvalidParameterValue");
    EXPECT_EQ(e.http_status, 400);
    EXPECT_NE(e.message().find(c.error_fragment), std::string::npos) << e.message();
  }
}

const std::string kPattern = "The parameter ReplicationGroupId is not a valid identifier.";

INSTANTIATE_TEST_SUITE_P(
    Table, ReplicationGroupIdTest,
    ::testing::Values(IdCase{"a", "a", ""}, IdCase{"my-redis-rg", "my-redis-rg", ""},
                      IdCase{"myRedis", "myredis", ""}, IdCase{"A1-b2-C3", "a1-b2-c3", ""},
                      IdCase{std::string(40, 'x'), std::string(40, 'x'), ""},
                      IdCase{std::string(41, 'x'), "",
                             "Replication Group ID cannot be longer than 40 characters."},
                      IdCase{"", "", "must be provided"}, IdCase{"1abc", "", kPattern},
                      IdCase{"-abc", "", kPattern}, IdCase{"abc-", "", kPattern},
                      IdCase{"ab--c", "", kPattern}, IdCase{"ab_c", "", kPattern},
                      IdCase{"ab c", "", kPattern}, IdCase{"ab.c", "", kPattern},
                      IdCase{"caf\xc3\xa9", "", kPattern}));

TEST(ValidateIdentifierTest, NamesTheParameterAndItsLimit) {
  try {
    ValidateIdentifier("SnapshotName", std::string(256, 'a'), 255);
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message(), "The parameter SnapshotName cannot be longer than 255 characters.");
  }
  try {
    ValidateIdentifier("CacheClusterId", "bad--id", kMaxCacheClusterIdLength);
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message(),
              "The parameter CacheClusterId is not a valid identifier. Identifiers must begin "
              "with a letter; must contain only ASCII letters, digits, and hyphens; and must not "
              "end with a hyphen or contain two consecutive hyphens.");
  }
  EXPECT_EQ(ValidateIdentifier("CacheClusterId", "My-Rg-001", 50), "my-rg-001");
}

struct NodeGroupIdCase {
  std::string input;
  std::string canonical;  // empty: invalid
};

class NodeGroupIdTest : public ::testing::TestWithParam<NodeGroupIdCase> {};

TEST_P(NodeGroupIdTest, AcceptsOneToFourDigits) {
  const NodeGroupIdCase& c = GetParam();
  EXPECT_EQ(IsValidNodeGroupId(c.input), !c.canonical.empty());
  if (c.canonical.empty()) {
    try {
      ValidateNodeGroupId(c.input);
      FAIL() << "accepted " << c.input;
    } catch (const AwsError& e) {
      EXPECT_EQ(e.code, "InvalidParameterValue");
      EXPECT_NE(e.message().find("'" + c.input + "'"), std::string::npos);
    }
  } else {
    EXPECT_EQ(ValidateNodeGroupId(c.input), c.canonical);
  }
}

INSTANTIATE_TEST_SUITE_P(Table, NodeGroupIdTest,
                         ::testing::Values(NodeGroupIdCase{"0001", "0001"},
                                           NodeGroupIdCase{"5", "0005"},
                                           NodeGroupIdCase{"42", "0042"},
                                           NodeGroupIdCase{"9999", "9999"}, NodeGroupIdCase{"", ""},
                                           NodeGroupIdCase{"00001", ""}, NodeGroupIdCase{"a1", ""},
                                           NodeGroupIdCase{"-1", ""}, NodeGroupIdCase{"1 ", ""}));

}  // namespace
}  // namespace ecl

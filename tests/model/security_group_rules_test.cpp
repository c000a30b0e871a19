// Security group rules: the VPC-only answer, cache security group names, the default group,
// EC2 security group names and owner ids, authorize/revoke and their settling on a clock
// (authorizing -> authorized, revoking -> gone), deletion, sg- ids and the network choice.
#include "model/security_group_rules.h"

#include <gtest/gtest.h>

#include "model/lifecycle.h"
#include "tests/model/lifecycle_support.h"
#include "tests/model/sample_resources.h"

namespace ecl {
namespace {

using testing_support::At;
using testing_support::CodeOf;

CacheSecurityGroup WebGroup() {
  return NewCacheSecurityGroup("111122223333", "us-east-1", "web", "d", Timestamp{0});
}

TEST(CacheSecurityGroupsNotPermitted, IsWhatAwsAnswersVpcOnlyAccounts) {
  AwsError e = CacheSecurityGroupsNotPermitted();
  EXPECT_EQ(e.code, "InvalidParameterValue");
  EXPECT_EQ(e.http_status, 400);
  EXPECT_EQ(e.message(),
            "Use of cache security groups is not permitted in this API version for your account.");
}

TEST(CacheSecurityGroupName, IsAnIdentifierStoredLowerCase) {
  EXPECT_EQ(ValidateNewCacheSecurityGroupName("mysecuritygroup"), "mysecuritygroup");
  EXPECT_EQ(ValidateNewCacheSecurityGroupName("My-Cache-Sec-Grp"), "my-cache-sec-grp");
  EXPECT_EQ(ValidateNewCacheSecurityGroupName(std::string(255, 'a')), std::string(255, 'a'));
  EXPECT_EQ(CanonicalCacheSecurityGroupName("Default"), "default");
}

TEST(CacheSecurityGroupName, RejectsDefaultAndNonIdentifiers) {
  for (std::string bad :
       {std::string("default"), std::string("Default"), std::string("DEFAULT"), std::string(),
        std::string(256, 'a'), std::string("1group"), std::string("group-"), std::string("a--b"),
        std::string("a_b"), std::string("a b")}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(CodeOf([&] { ValidateNewCacheSecurityGroupName(bad); }), "InvalidParameterValue");
  }
}

TEST(DefaultCacheSecurityGroup, IsBuiltInAndDescribedDefault) {
  CacheSecurityGroup g = DefaultCacheSecurityGroup("111122223333", "eu-west-1", Timestamp{5});
  EXPECT_EQ(g.id, "default");
  EXPECT_EQ(g.description, "default");
  EXPECT_TRUE(g.built_in);
  EXPECT_TRUE(g.ec2_security_groups.empty());
  EXPECT_FALSE(g.transition);
}

TEST(Ec2SecurityGroupOwnerId, TwelveDigitsAlsoDashed) {
  EXPECT_EQ(ValidateEc2SecurityGroupOwnerId("123456789012"), "123456789012");
  // The API reference's sample request writes the account 1234-5678-1234.
  EXPECT_EQ(ValidateEc2SecurityGroupOwnerId("1234-5678-1234"), "123456781234");
  for (const char* bad : {"", "1234567890", "1234567890123", "12345678901a", "1234-56781234",
                          "12-3456-789012", "AKIDEXAMPLE1"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(CodeOf([&] { ValidateEc2SecurityGroupOwnerId(bad); }), "InvalidParameterValue");
  }
}

TEST(Ec2SecurityGroupName, OneTo255AsciiCharacters) {
  EXPECT_EQ(ValidateEc2SecurityGroupName("default"), "default");
  EXPECT_EQ(ValidateEc2SecurityGroupName("My EC2 group_1"), "My EC2 group_1");
  for (std::string bad : {std::string(), std::string(256, 'g'), std::string("caf\xc3\xa9"),
                          std::string("tab\there")}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(CodeOf([&] { ValidateEc2SecurityGroupName(bad); }), "InvalidParameterValue");
  }
}

TEST(AuthorizeIngress, AuthorizingUntilItSettlesThenAuthorized) {
  CacheSecurityGroup g = WebGroup();
  AuthorizeIngress(g, "app", "123456789012", Timestamp{1000}, 5000);
  ASSERT_EQ(g.ec2_security_groups.size(), 1u);
  EXPECT_EQ(g.ec2_security_groups[0].status, "authorizing");
  ASSERT_TRUE(g.transition);
  EXPECT_EQ(g.transition->due_at.epoch_ms, 6000);

  EXPECT_TRUE(AdvanceCacheSecurityGroup(g, At(Timestamp{5999})).empty());
  EXPECT_EQ(g.ec2_security_groups[0].status, "authorizing");
  auto events = AdvanceCacheSecurityGroup(g, At(Timestamp{9000}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].what, security_group_happened::kAuthorized);
  EXPECT_EQ(events[0].at.epoch_ms, 6000);  // when it settled, not when someone looked
  EXPECT_TRUE(events[0].source_type.empty());
  EXPECT_EQ(g.ec2_security_groups[0].status, "authorized");
  EXPECT_FALSE(g.ec2_security_groups[0].settles_at);
  EXPECT_FALSE(g.transition);
}

TEST(AuthorizeIngress, SameGroupTwiceIsAuthorizationAlreadyExists) {
  CacheSecurityGroup g = WebGroup();
  AuthorizeIngress(g, "app", "123456789012", Timestamp{0}, 0);
  EXPECT_EQ(CodeOf([&] { AuthorizeIngress(g, "app", "123456789012", Timestamp{0}, 0); }),
            "AuthorizationAlreadyExists");
  SettleIngress(g, Timestamp{0});
  EXPECT_EQ(CodeOf([&] { AuthorizeIngress(g, "app", "123456789012", Timestamp{0}, 0); }),
            "AuthorizationAlreadyExists");
  // Another owner or another name is another authorization.
  AuthorizeIngress(g, "app", "210987654321", Timestamp{0}, 0);
  AuthorizeIngress(g, "App", "123456789012", Timestamp{0}, 0);
  EXPECT_EQ(g.ec2_security_groups.size(), 3u);
}

TEST(RevokeIngress, RevokingUntilItSettlesThenGone) {
  CacheSecurityGroup g = WebGroup();
  AuthorizeIngress(g, "app", "123456789012", Timestamp{0}, 0);
  AuthorizeIngress(g, "db", "123456789012", Timestamp{0}, 0);
  SettleIngress(g, Timestamp{0});
  RevokeIngress(g, "app", "123456789012", Timestamp{100}, 2000);
  EXPECT_EQ(g.ec2_security_groups[0].status, "revoking");
  EXPECT_EQ(g.transition->due_at.epoch_ms, 2100);
  EXPECT_EQ(CodeOf([&] { AuthorizeIngress(g, "app", "123456789012", Timestamp{200}, 0); }),
            "InvalidCacheSecurityGroupState");
  EXPECT_EQ(CodeOf([&] { RevokeIngress(g, "app", "123456789012", Timestamp{200}, 0); }),
            "InvalidCacheSecurityGroupState");
  auto events = AdvanceCacheSecurityGroup(g, At(Timestamp{2100}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].what, security_group_happened::kRevoked);
  ASSERT_EQ(g.ec2_security_groups.size(), 1u);
  EXPECT_EQ(g.ec2_security_groups[0].ec2_security_group_name, "db");
  EXPECT_FALSE(g.transition);
}

TEST(RevokeIngress, UnknownIsAuthorizationNotFoundAndAuthorizingCannotBeRevoked) {
  CacheSecurityGroup g = WebGroup();
  EXPECT_EQ(CodeOf([&] { RevokeIngress(g, "app", "123456789012", Timestamp{0}, 0); }),
            "AuthorizationNotFound");
  AuthorizeIngress(g, "app", "123456789012", Timestamp{0}, 1000);
  EXPECT_EQ(CodeOf([&] { RevokeIngress(g, "app", "210987654321", Timestamp{0}, 0); }),
            "AuthorizationNotFound");
  EXPECT_EQ(CodeOf([&] { RevokeIngress(g, "app", "123456789012", Timestamp{10}, 0); }),
            "InvalidCacheSecurityGroupState");
}

TEST(SettleIngress, WakesAtTheEarliestPendingChange) {
  CacheSecurityGroup g = WebGroup();
  AuthorizeIngress(g, "late", "123456789012", Timestamp{0}, 9000);
  AuthorizeIngress(g, "early", "123456789012", Timestamp{1000}, 1000);
  EXPECT_EQ(g.transition->due_at.epoch_ms, 2000);
  auto events = SettleIngress(g, Timestamp{2000});
  EXPECT_EQ(events.size(), 1u);
  EXPECT_EQ(g.ec2_security_groups[0].status, "authorizing");
  EXPECT_EQ(g.ec2_security_groups[1].status, "authorized");
  EXPECT_EQ(g.transition->due_at.epoch_ms, 9000);
  // A jump past both settles everything in one step.
  AuthorizeIngress(g, "third", "123456789012", Timestamp{2000}, 100);
  EXPECT_EQ(SettleIngress(g, Timestamp{100000}).size(), 2u);
  EXPECT_FALSE(g.transition);
}

TEST(CheckDeletable, NotTheDefaultAndNotInUse) {
  CacheSecurityGroup g = WebGroup();
  EXPECT_NO_THROW(CheckDeletable(g, std::nullopt));
  EXPECT_EQ(CodeOf([&] { CheckDeletable(g, std::string("rg-001")); }),
            "InvalidCacheSecurityGroupState");
  CacheSecurityGroup d = DefaultCacheSecurityGroup("111122223333", "us-east-1", Timestamp{0});
  EXPECT_EQ(CodeOf([&] { CheckDeletable(d, std::nullopt); }), "InvalidCacheSecurityGroupState");
}

TEST(SecurityGroupChangeEvents, ShownOnEachClusterInAwsWords) {
  auto events = SecurityGroupChangeEvents({"rg-001", "rg-002"}, Timestamp{77});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].source_type, "cache-cluster");
  EXPECT_EQ(events[1].source_id, "rg-002");
  EXPECT_EQ(events[1].message, "Applied change to security group");
  EXPECT_EQ(events[1].at.epoch_ms, 77);
}

TEST(SecurityGroupIds, SgAndEightOrSeventeenHexDigits) {
  EXPECT_TRUE(IsValidSecurityGroupId("sg-1a2b3c4d"));
  EXPECT_TRUE(IsValidSecurityGroupId("sg-0123456789abcdef0"));
  EXPECT_NO_THROW(ValidateSecurityGroupIds({}));
  EXPECT_NO_THROW(ValidateSecurityGroupIds({"sg-1a2b3c4d", "sg-0123456789abcdef0"}));
  for (const char* bad : {"", "sg-", "sg-1", "sg-1a2b3c4", "sg-1a2b3c4d5", "sg-0123456789abcdef",
                          "sg-0123456789ABCDEF0", "sg-1a2b3c4g", "SG-1a2b3c4d", "default",
                          "my-vpc-group", "sg-1a2b3c4d "}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(IsValidSecurityGroupId(bad));
    EXPECT_EQ(CodeOf([&] {
                ValidateSecurityGroupIds({"sg-1a2b3c4d", bad});
              }),
              "InvalidParameterValue");
  }
}

TEST(CheckNetworkChoice, CacheSecurityGroupsNeedClassicAndNoVpcSettings) {
  struct Case {
    bool classic, cache_groups, vpc;
    const char* code;
  };
  for (const Case& c : std::vector<Case>{{false, false, false, ""},
                                         {false, false, true, ""},
                                         {false, true, false, "InvalidParameterValue"},
                                         {false, true, true, "InvalidParameterValue"},
                                         {true, false, false, ""},
                                         {true, false, true, ""},
                                         {true, true, false, ""},
                                         {true, true, true, "InvalidParameterCombination"}}) {
    SCOPED_TRACE(testing::Message() << c.classic << c.cache_groups << c.vpc);
    EXPECT_EQ(CodeOf([&] { CheckNetworkChoice(c.classic, c.cache_groups, c.vpc); }), c.code);
  }
}

}  // namespace
}  // namespace ecl

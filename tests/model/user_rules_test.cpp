#include "model/user_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/aws_error.h"
#include "tests/model/sample_resources.h"

namespace ecl {
namespace {

using testing_support::CodeOf;
using testing_support::MessageOf;

TEST(UserRules, UserIdFollowsTheIdentifierRuleAndIsStoredLowerCase) {
  EXPECT_EQ(ValidateUserId("App-User1"), "app-user1");
  EXPECT_EQ(ValidateUserId(std::string(40, 'a')), std::string(40, 'a'));
  for (std::string bad : {std::string(41, 'a'), std::string("1app"), std::string("app-"),
                          std::string("a--b"), std::string("app_user"), std::string("")})
    EXPECT_EQ(CodeOf([&] { ValidateUserId(bad); }), "InvalidParameterValue") << bad;
  EXPECT_EQ(ValidateUserGroupId("My-Group"), "my-group");
  EXPECT_EQ(CodeOf([] { ValidateUserGroupId("group-"); }), "InvalidParameterValue");
}

TEST(UserRules, UserNameAndEngine) {
  EXPECT_NO_THROW(ValidateUserName("My User"));
  EXPECT_NO_THROW(ValidateUserName(std::string(120, 'u')));
  EXPECT_EQ(CodeOf([] { ValidateUserName(std::string(121, 'u')); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { ValidateUserName(""); }), "InvalidParameterValue");
  EXPECT_EQ(ValidateUserEngine("REDIS"), "redis");
  EXPECT_EQ(ValidateUserEngine("Valkey"), "valkey");
  EXPECT_EQ(CodeOf([] { ValidateUserEngine("memcached"); }), "InvalidParameterValue");
}

TEST(UserRules, Passwords) {
  EXPECT_NO_THROW(ValidatePasswords({std::string(16, 'a'), std::string(128, 'b')}));
  EXPECT_NO_THROW(ValidatePasswords({"a-str0ng-pa))word"}));  // the User Guide's example
  EXPECT_EQ(MessageOf([] { ValidatePasswords({std::string(15, 'a')}); }),
            "Passwords length must be between 16-128 characters.");
  EXPECT_EQ(MessageOf([] { ValidatePasswords({std::string(129, 'a')}); }),
            "Passwords length must be between 16-128 characters.");
  for (char c : {' ', ',', '"', '/', '@', '\x7f'})
    EXPECT_EQ(CodeOf([&] { ValidatePasswords({std::string(16, 'a') + c}); }),
              "InvalidParameterValue")
        << int(c);
  EXPECT_EQ(CodeOf([] {
              ValidatePasswords({std::string(16, 'a'), std::string(16, 'b'), std::string(16, 'c')});
            }),
            "InvalidParameterValue");
}

struct AuthCase {
  const char* name;
  AuthenticationRequest request;
  std::string type;  // expected type, or "" when refused
  std::string code;
};

std::vector<std::string> Pw(int n) {
  std::vector<std::string> p;
  for (int i = 0; i < n; ++i) p.push_back(std::string(16, char('a' + i)));
  return p;
}

class Authentication : public ::testing::TestWithParam<AuthCase> {};

TEST_P(Authentication, ResolvesOrRefuses) {
  const AuthCase& c = GetParam();
  if (c.type.empty()) {
    EXPECT_EQ(CodeOf([&] { ResolveAuthentication(c.request); }), c.code) << c.name;
    return;
  }
  ResolvedAuthentication r = ResolveAuthentication(c.request);
  EXPECT_EQ(r.type, c.type) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, Authentication,
    ::testing::Values(
        AuthCase{"passwords", {Pw(2), std::nullopt, std::nullopt, std::nullopt}, "password", ""},
        // Terraform sends NoPasswordRequired=false with passwords.
        AuthCase{"passwords-false", {Pw(1), false, std::nullopt, std::nullopt}, "password", ""},
        AuthCase{
            "no-password", {std::nullopt, true, std::nullopt, std::nullopt}, "no-password", ""},
        AuthCase{"mode-password", {std::nullopt, false, "password", Pw(1)}, "password", ""},
        AuthCase{"mode-iam", {std::nullopt, false, "iam", std::nullopt}, "iam", ""},
        AuthCase{"mode-nopass",
                 {std::nullopt, false, "no-password-required", std::nullopt},
                 "no-password",
                 ""},
        AuthCase{"mode-nopass-flag",
                 {std::nullopt, true, "no-password-required", std::nullopt},
                 "no-password",
                 ""},
        AuthCase{"mode-passwords-only",
                 {std::nullopt, std::nullopt, std::nullopt, Pw(1)},
                 "password",
                 ""},
        AuthCase{"nothing",
                 {std::nullopt, std::nullopt, std::nullopt, std::nullopt},
                 "",
                 "InvalidParameterValue"},
        AuthCase{"false-only",
                 {std::nullopt, false, std::nullopt, std::nullopt},
                 "",
                 "InvalidParameterValue"},
        AuthCase{"both-lists",
                 {Pw(1), std::nullopt, "password", Pw(1)},
                 "",
                 "InvalidParameterCombination"},
        AuthCase{"nopass-and-passwords",
                 {Pw(1), true, std::nullopt, std::nullopt},
                 "",
                 "InvalidParameterCombination"},
        AuthCase{"nopass-and-iam",
                 {std::nullopt, true, "iam", std::nullopt},
                 "",
                 "InvalidParameterCombination"},
        AuthCase{"password-mode-without",
                 {std::nullopt, std::nullopt, "password", std::nullopt},
                 "",
                 "InvalidParameterCombination"},
        AuthCase{"iam-with-password",
                 {Pw(1), std::nullopt, "iam", std::nullopt},
                 "",
                 "InvalidParameterCombination"},
        AuthCase{"unknown-mode",
                 {std::nullopt, std::nullopt, "token", std::nullopt},
                 "",
                 "InvalidParameterValue"},
        AuthCase{"short",
                 {std::vector<std::string>{"short"}, std::nullopt, std::nullopt, std::nullopt},
                 "",
                 "InvalidParameterValue"},
        AuthCase{"three",
                 {Pw(3), std::nullopt, std::nullopt, std::nullopt},
                 "",
                 "InvalidParameterValue"}));

TEST(UserRules, IamNeedsIdEqualToNameAndValkeyNeedsAPassword) {
  EXPECT_NO_THROW(CheckAuthenticationFits("iam", "iam-user-01", "iam-user-01", "redis"));
  EXPECT_EQ(MessageOf([] { CheckAuthenticationFits("iam", "app", "default", "valkey"); }),
            "User Id and User name must be same for authentication type: iam");
  EXPECT_EQ(CodeOf([] { CheckAuthenticationFits("no-password", "app", "app", "valkey"); }),
            "InvalidParameterCombination");
  EXPECT_NO_THROW(CheckAuthenticationFits("no-password", "app", "app", "redis"));
  EXPECT_NO_THROW(CheckAuthenticationFits("password", "app", "other", "valkey"));
}

TEST(UserRules, MinimumEngineVersions) {
  EXPECT_LT(CompareEngineVersions("6.2", "6.10"), 0);
  EXPECT_EQ(CompareEngineVersions("7", "7.0.0"), 0);
  EXPECT_GT(CompareEngineVersions("7.1.0", "7.0"), 0);
  EXPECT_LT(CompareEngineVersions("5.0.6", "6.x"), 0);
  EXPECT_EQ(UserMinimumEngineVersion("redis", "password", "6.0"), "6.0");
  EXPECT_EQ(UserMinimumEngineVersion("redis", "password", "6.2"), "6.2");
  EXPECT_EQ(UserMinimumEngineVersion("redis", "iam", "6.2"), "7.0");
  EXPECT_EQ(UserMinimumEngineVersion("valkey", "password", "7.0"), "7.2");
  User a = DefaultUser("111111111111", "us-east-1", {});
  User b = a;
  b.minimum_engine_version = "7.0";
  EXPECT_EQ(UserGroupMinimumEngineVersion("redis", {&a}), "6.0");
  EXPECT_EQ(UserGroupMinimumEngineVersion("redis", {&a, &b}), "7.0");
  EXPECT_EQ(UserGroupMinimumEngineVersion("valkey", {}), "7.2");
}

TEST(UserRules, TheDefaultUserAsAwsShowsIt) {
  User d = DefaultUser("111111111111", "eu-west-1", Timestamp{5});
  EXPECT_EQ(d.id, "default");
  EXPECT_EQ(d.user_name, "default");
  EXPECT_EQ(d.engine, "redis");
  EXPECT_EQ(d.access_string, "on ~* +@all");
  EXPECT_EQ(d.authentication_type, "no-password");
  EXPECT_TRUE(d.passwords.empty());
  EXPECT_EQ(d.status, "active");
  EXPECT_TRUE(d.built_in);
  EXPECT_EQ(d.account, "111111111111");
  EXPECT_EQ(d.region, "eu-west-1");
}

User Member(const std::string& id, const std::string& name, const std::string& auth) {
  User u;
  u.id = id;
  u.user_name = name;
  u.engine = "redis";
  u.authentication_type = auth;
  return u;
}

TEST(UserRules, GroupMembers) {
  User def = Member("default", "default", "no-password");
  User other_default = Member("new-default", "default", "password");
  User app = Member("app", "app", "password");
  User open = Member("open", "open", "no-password");
  EXPECT_NO_THROW(CheckUserGroupMembers("g", "redis", {&def, &app}, 100));
  EXPECT_NO_THROW(CheckUserGroupMembers("g", "redis", {&other_default, &app}, 100));
  EXPECT_EQ(MessageOf([&] { CheckUserGroupMembers("g", "redis", {&app}, 100); }),
            "Redis user group needs to contain a user with the user name default.");
  EXPECT_EQ(CodeOf([&] { CheckUserGroupMembers("g", "redis", {}, 100); }), "DefaultUserRequired");
  EXPECT_EQ(CodeOf([&] {
              CheckUserGroupMembers("g", "redis", {&def, &other_default}, 100);
            }),
            "DuplicateUserName");
  EXPECT_EQ(CodeOf([&] {
              CheckUserGroupMembers("g", "redis", {&def, &app}, 1);
            }),
            "InvalidParameterValue");
  // Valkey groups: no default user needed, no user without a password allowed.
  EXPECT_NO_THROW(CheckUserGroupMembers("g", "valkey", {&app}, 100));
  EXPECT_EQ(CodeOf([&] {
              CheckUserGroupMembers("g", "valkey", {&app, &open}, 100);
            }),
            "InvalidParameterValue");
}

TEST(UserRules, StatesAndTheReplicationGroupSide) {
  User u = Member("app", "app", "password");
  u.status = "modifying";
  EXPECT_EQ(MessageOf([&] { RequireActiveUser(u, "modified"); }),
            "User app has status modifying. Only active users can be modified.");
  UserGroup g;
  g.id = "tes-group";
  g.status = "modifying";
  EXPECT_EQ(MessageOf([&] { RequireActiveUserGroup(g, "modified"); }),
            "User group tes-group has status modifying. Only active user groups can be "
            "modified.");
  UserGroup active = g;
  active.status = "active";
  UserGroupUse use{"redis", "7.1.0", true, false};
  EXPECT_NO_THROW(CheckReplicationGroupTakesUserGroups(use));
  EXPECT_NO_THROW(CheckUserGroupFitsReplicationGroup(use, active, "6.0"));
  UserGroupUse plain = use;
  plain.transit_encryption_enabled = false;
  EXPECT_EQ(MessageOf([&] { CheckReplicationGroupTakesUserGroups(plain); }),
            "User group based access control requires encryption-in-transit to be enabled on "
            "the replication group.");
  UserGroupUse token = use;
  token.auth_token = true;
  EXPECT_EQ(CodeOf([&] { CheckReplicationGroupTakesUserGroups(token); }),
            "InvalidParameterCombination");
  UserGroupUse old = use;
  old.engine_version = "5.0.6";
  EXPECT_EQ(CodeOf([&] { CheckReplicationGroupTakesUserGroups(old); }),
            "InvalidParameterCombination");
  UserGroupUse valkey{"valkey", "7.2", true, false};
  EXPECT_NO_THROW(CheckReplicationGroupTakesUserGroups(valkey));
  UserGroupUse six = use;
  six.engine_version = "6.2";
  EXPECT_EQ(CodeOf([&] { CheckUserGroupFitsReplicationGroup(six, active, "7.0"); }),
            "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([&] { CheckUserGroupFitsReplicationGroup(use, g, "6.0"); }),
            "InvalidUserGroupState");
}

}  // namespace
}  // namespace ecl

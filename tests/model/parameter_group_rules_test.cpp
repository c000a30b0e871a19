// Parameter group rules against the shipped parameter catalog: names, the default groups'
// values and cluster mode, Modify and Reset (limits, names, modifiability, values, pending
// changes), Delete refusals, the family check, and how changes show on a cluster.
#include "model/parameter_group_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/aws_error.h"
#include "tests/model/repo_file.h"
#include "tests/model/sample_resources.h"
#include "tests/model/shipped_catalogs.h"

namespace ecl {
namespace {

using testing_support::CodeOf;

CacheParameterGroup UserGroup(const std::string& family = "redis7") {
  CacheParameterGroup g;
  g.account = "123456789012";
  g.region = "us-east-1";
  g.id = "tuned";
  g.family = family;
  g.description = "tuned";
  return g;
}

CacheParameterGroup Default(const std::string& name) {
  return BuiltInGroup(*testing::ShippedParameterCatalog().FindDefaultGroup(name), "123456789012",
                      "us-east-1");
}

std::string FaultOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const AwsError& e) {
    return e.code + ": " + e.message();
  }
  return "";
}

std::vector<ParameterNameValueRequest> Set(std::vector<std::pair<std::string, std::string>> pairs) {
  std::vector<ParameterNameValueRequest> out;
  for (auto& [name, value] : pairs) out.push_back({name, value});
  return out;
}

TEST(ParameterGroupName, FollowsTheIdentifierRuleAndIsStoredLowerCase) {
  EXPECT_EQ(ValidateParameterGroupName("My-Redis7-Params"), "my-redis7-params");
  EXPECT_EQ(ValidateParameterGroupName(std::string(255, 'p')), std::string(255, 'p'));
  // Dots are not allowed, so no user group can be named like default.redis7.
  for (std::string bad :
       {std::string("default.redis7"), std::string("1abc"), std::string("a--b"),
        std::string("abc-"), std::string("a_b"), std::string(), std::string(256, 'p')}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(CodeOf([&] { ValidateParameterGroupName(bad); }), "InvalidParameterValue");
  }
  EXPECT_EQ(FaultOf([] { ValidateParameterGroupName("my.group"); }),
            "InvalidParameterValue: The parameter CacheParameterGroupName is not a valid "
            "identifier. Identifiers must begin with a letter; must contain only ASCII letters, "
            "digits, and hyphens; and must not end with a hyphen or contain two consecutive "
            "hyphens.");
}

TEST(ParameterGroupValues, ComeFromTheUserTheDefaultGroupOrTheFamily) {
  const auto& catalog = testing::ShippedParameterCatalog();
  const CacheParameter& enabled = *catalog.Find("redis7", "cluster-enabled");
  const CacheParameter& policy = *catalog.Find("redis7", "maxmemory-policy");
  EXPECT_EQ(EffectiveValue(catalog, Default("default.redis7.cluster.on"), enabled), "yes");
  EXPECT_EQ(EffectiveValue(catalog, Default("default.redis7"), enabled), "no");
  CacheParameterGroup g = UserGroup();
  EXPECT_EQ(EffectiveValue(catalog, g, policy), "volatile-lru");
  EXPECT_EQ(SourceOf(g, policy), "system");
  g.values["maxmemory-policy"] = "allkeys-lru";
  EXPECT_EQ(EffectiveValue(catalog, g, policy), "allkeys-lru");
  EXPECT_EQ(SourceOf(g, policy), "user");
}

TEST(ParameterGroupValues, ClusterModeIsTheGroupsClusterEnabled) {
  const auto& catalog = testing::ShippedParameterCatalog();
  EXPECT_TRUE(ClusterEnabled(catalog, Default("default.redis7.cluster.on")));
  EXPECT_TRUE(ClusterEnabled(catalog, Default("default.valkey8.cluster.on")));
  EXPECT_FALSE(ClusterEnabled(catalog, Default("default.redis7")));
  EXPECT_FALSE(ClusterEnabled(catalog, Default("default.redis2.8")));  // no such parameter
  CacheParameterGroup g = UserGroup();
  g.values["cluster-enabled"] = "yes";
  EXPECT_TRUE(ClusterEnabled(catalog, g));
}

TEST(SourceFilter, TakesTheThreeDocumentedValues) {
  for (const char* ok : {"user", "system", "engine-default"})
    EXPECT_EQ(ValidateSourceFilter(ok), ok);
  EXPECT_EQ(CodeOf([] { ValidateSourceFilter("User"); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { ValidateSourceFilter(""); }), "InvalidParameterValue");
}

TEST(ModifyParameterGroup, ChecksEveryParameterAndReturnsTheChanges) {
  const auto& catalog = testing::ShippedParameterCatalog();
  CacheParameterGroup g = UserGroup();
  auto changes = PlanModify(
      catalog, g, Set({{"maxmemory-policy", "allkeys-lru"}, {"TIMEOUT", "300"}, {"timeout", "0"}}),
      false);
  ASSERT_EQ(changes.size(), 2u);  // the later timeout replaces the earlier one
  EXPECT_EQ(changes[0].parameter->name, "maxmemory-policy");
  EXPECT_EQ(changes[1].parameter->name, "timeout");
  EXPECT_EQ(changes[1].value, "0");
  ApplyModify(g, changes, Timestamp{1000}, 0);
  EXPECT_EQ(g.values.at("timeout"), "0");  // a default value set by the user is the user's
  EXPECT_TRUE(g.pending.empty());          // nothing is pending without a transition
}

TEST(ModifyParameterGroup, RefusesWithAwsCodesAndWords) {
  const auto& catalog = testing::ShippedParameterCatalog();
  CacheParameterGroup g = UserGroup();
  auto plan = [&](std::vector<ParameterNameValueRequest> r, bool in_use = false) {
    return FaultOf([&] { PlanModify(catalog, g, r, in_use); });
  };
  std::vector<std::pair<std::string, std::string>> many;
  for (int i = 0; i < 21; ++i) many.push_back({"timeout", std::to_string(20 + i)});
  EXPECT_EQ(plan(Set(many)),
            "InvalidParameterCombination: Cannot modify more than 20 parameters in a single "
            "request");
  many.pop_back();
  EXPECT_EQ(plan(Set(many)), "");
  EXPECT_EQ(plan({}).substr(0, 22), "InvalidParameterValue:");
  EXPECT_EQ(plan(Set({{"no-such-thing", "1"}})),
            "InvalidParameterValue: Parameter no-such-thing doesn't exist");
  // A parameter of another family.
  EXPECT_EQ(plan(Set({{"max_item_size", "1048576"}})),
            "InvalidParameterValue: Parameter max_item_size doesn't exist");
  EXPECT_EQ(plan(Set({{"maxclients", "100"}})),
            "InvalidParameterValue: The parameter maxclients cannot be modified.");
  EXPECT_EQ(plan(Set({{"timeout", "5"}})),
            "InvalidParameterValue: Invalid value '5' for parameter timeout: allowed values are "
            "0,20-.");
  EXPECT_EQ(plan(Set({{"maxmemory-policy", "lru"}})).substr(0, 22), "InvalidParameterValue:");
  EXPECT_EQ(plan({{std::string("timeout"), std::nullopt}}).substr(0, 22), "InvalidParameterValue:");
  EXPECT_EQ(plan({{std::nullopt, std::string("1")}}).substr(0, 22), "InvalidParameterValue:");
  // cluster-enabled: only while no cluster uses the group.
  EXPECT_EQ(plan(Set({{"cluster-enabled", "yes"}})), "");
  EXPECT_EQ(plan(Set({{"cluster-enabled", "yes"}}), true),
            "InvalidParameterValue: The parameter cluster-enabled cannot be modified.");
  EXPECT_EQ(plan(Set({{"cluster-enabled", "maybe"}})).substr(0, 22), "InvalidParameterValue:");
}

TEST(ModifyParameterGroup, DefaultGroupsCannotBeChanged) {
  const auto& catalog = testing::ShippedParameterCatalog();
  CacheParameterGroup g = Default("default.redis7");
  EXPECT_EQ(FaultOf([&] {
              PlanModify(catalog, g, Set({{"timeout", "300"}}), false);
            }),
            "InvalidCacheParameterGroupState: Default CacheParameterGroup cannot be modified: "
            "default.redis7");
  EXPECT_EQ(CodeOf([&] { PlanReset(catalog, g, true, {}, false, Timestamp{0}); }),
            "InvalidCacheParameterGroupState");
  EXPECT_EQ(CodeOf([&] { CheckDeletable(g, false, Timestamp{0}); }),
            "InvalidCacheParameterGroupState");
}

TEST(ResetParameterGroup, AllOrNamedParametersGoBackToTheirDefaults) {
  const auto& catalog = testing::ShippedParameterCatalog();
  CacheParameterGroup g = UserGroup();
  g.values = {{"timeout", "300"}, {"maxmemory-policy", "allkeys-lru"}};
  auto all = PlanReset(catalog, g, true, {}, false, Timestamp{0});
  ASSERT_EQ(all.size(), 2u);
  auto named = PlanReset(catalog, g, std::nullopt, Set({{"timeout", ""}, {"databases", ""}}), false,
                         Timestamp{0});
  ASSERT_EQ(named.size(), 1u);  // databases was never set: nothing to reset
  EXPECT_EQ(named[0].parameter->name, "timeout");
  EXPECT_EQ(named[0].value, "0");
  ApplyReset(g, named, Timestamp{0}, 0);
  EXPECT_EQ(g.values.count("timeout"), 0u);
  EXPECT_EQ(g.values.count("maxmemory-policy"), 1u);
}

TEST(ResetParameterGroup, RefusesBothNeitherUnknownAndPending) {
  const auto& catalog = testing::ShippedParameterCatalog();
  CacheParameterGroup g = UserGroup();
  EXPECT_EQ(CodeOf([&] {
              PlanReset(catalog, g, true, Set({{"timeout", ""}}), false, {});
            }),
            "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([&] { PlanReset(catalog, g, false, {}, false, {}); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([&] { PlanReset(catalog, g, std::nullopt, {}, false, {}); }),
            "InvalidParameterValue");
  // AWS's words for an unknown name ("Parameter reserved-memory doesn't exist", quoted in
  // terraform-provider-aws); reserved-memory-percent is not a redis2.6 parameter.
  CacheParameterGroup old = UserGroup("redis2.6");
  EXPECT_EQ(
      FaultOf([&] {
        PlanReset(catalog, old, std::nullopt, Set({{"reserved-memory-percent", ""}}), false, {});
      }),
      "InvalidParameterValue: Parameter reserved-memory-percent doesn't exist");
}

TEST(ResetParameterGroup, PendingChangesBlockResetAndDelete) {
  const auto& catalog = testing::ShippedParameterCatalog();
  CacheParameterGroup g = UserGroup();
  ApplyModify(g, PlanModify(catalog, g, Set({{"timeout", "60"}}), false), Timestamp{1000}, 5000);
  ASSERT_EQ(g.pending.size(), 1u);
  EXPECT_EQ(FaultOf([&] {
              PlanReset(catalog, g, std::nullopt, Set({{"timeout", ""}}), false, Timestamp{5999});
            }),
            "InvalidCacheParameterGroupState: Cannot reset the parameter group because the "
            "parameter timeout has pending changes.");
  EXPECT_EQ(CodeOf([&] { PlanReset(catalog, g, true, {}, false, Timestamp{5999}); }),
            "InvalidCacheParameterGroupState");
  EXPECT_EQ(FaultOf([&] { CheckDeletable(g, false, Timestamp{5999}); }),
            "InvalidCacheParameterGroupState: Cache parameter group tuned can not be deleted in "
            "the current state.");
  // Once applied, both go ahead.
  EXPECT_EQ(PlanReset(catalog, g, true, {}, false, Timestamp{6000}).size(), 1u);
  EXPECT_EQ(CodeOf([&] { CheckDeletable(g, false, Timestamp{6000}); }), "");
}

TEST(DeleteParameterGroup, NotWhileClustersUseIt) {
  EXPECT_EQ(FaultOf([] { CheckDeletable(UserGroup(), true, Timestamp{0}); }),
            "InvalidCacheParameterGroupState: One or more cache clusters are still members of "
            "this parameter group tuned, so the group cannot be deleted.");
  EXPECT_EQ(FaultOf([] { CheckDeletable(Default("default.redis7"), false, Timestamp{0}); }),
            "InvalidCacheParameterGroupState: Default CacheParameterGroup cannot be deleted: "
            "default.redis7");
}

TEST(ParameterGroupFamily, MustBeTheEngineVersionsFamily) {
  EXPECT_EQ(CodeOf([] { CheckFamilyMatches(Default("default.redis7"), "redis7"); }), "");
  // AWS's words (hashicorp/terraform-provider-aws#27748).
  EXPECT_EQ(FaultOf([] { CheckFamilyMatches(Default("default.redis6.x"), "redis7"); }),
            "InvalidParameterCombination: Expected a parameter group of family redis7 but found "
            "one of family redis6.x");
}

TEST(ParameterApplyStatus, ImmediateChangesApplyThenAreInSyncRebootOnesWait) {
  const auto& catalog = testing::ShippedParameterCatalog();
  CacheCluster cc;
  EXPECT_EQ(ParameterApplyStatusOf(cc, Timestamp{0}), "in-sync");
  CacheParameterGroup g = UserGroup();
  auto immediate = ApplyToCluster(cc, PlanModify(catalog, g, Set({{"timeout", "60"}}), false),
                                  Timestamp{1000}, 2000);
  ASSERT_EQ(immediate.size(), 1u);
  EXPECT_EQ(ParameterApplyStatusOf(cc, Timestamp{2999}), "applying");
  EXPECT_EQ(ParameterApplyStatusOf(cc, Timestamp{3000}), "in-sync");
  EXPECT_EQ(ParameterUpdatedMessage("timeout", "60"), "Updated parameter timeout to 60");
  // databases requires a reboot: the cluster waits for one.
  immediate = ApplyToCluster(cc, PlanModify(catalog, g, Set({{"databases", "32"}}), false),
                             Timestamp{4000}, 2000);
  EXPECT_TRUE(immediate.empty());
  EXPECT_EQ(ParameterApplyStatusOf(cc, Timestamp{100000}), "pending-reboot");
}

}  // namespace
}  // namespace ecl

// Global datastore rules: ids and prefixes, ARNs, global node group ids, the node families,
// what a primary needs, the parameter group ElastiCache makes for a member, joining,
// disassociating, failing over and deleting with the states each needs, the member
// refusals, how reused rules' faults are answered, and the lifecycle steps.
#include "model/global_replication_group_rules.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "model/lifecycle.h"
#include "model/parameter_group_rules.h"
#include "tests/model/lifecycle_support.h"
#include "tests/model/repo_file.h"
#include "tests/model/sample_resources.h"
#include "tests/model/shipped_catalogs.h"

namespace ecl {
namespace {

using testing_support::At;
using testing_support::CodeOf;
using testing_support::MessageOf;
using testing_support::Removed;

ReplicationGroup Primary() {
  ReplicationGroup rg = testing_support::DisabledGroup();
  rg.id = "shop";
  rg.settings.engine = "redis";
  rg.settings.cache_node_type = "cache.r6g.large";
  rg.settings.cache_subnet_group_name = "default";
  return rg;
}

// A settled datastore: shop in us-east-1, with `secondaries` more (us-west-2, eu-west-1).
GlobalReplicationGroup Datastore(int secondaries = 1) {
  GlobalReplicationGroup grg =
      NewGlobalReplicationGroup(Primary(), "ldgnf-shop", "", Timestamp{0}, 0);
  const char* regions[] = {"us-west-2", "eu-west-1"};
  for (int i = 0; i < secondaries; ++i)
    grg.members.push_back({"shop-" + std::to_string(i), regions[i], GlobalMemberRole::kSecondary,
                           GlobalMemberStatus::kAssociated, false});
  for (auto& m : grg.members) m.status = GlobalMemberStatus::kAssociated;
  grg.transition.reset();
  grg.status = SettledStatus(grg);
  return grg;
}

TEST(GlobalIds, PrefixesComeFromTheUserGuideTable) {
  const std::vector<std::pair<std::string, std::string>> table = {
      {"us-east-1", "ldgnf"},  {"us-east-2", "fpkhr"}, {"us-west-1", "virxk"},
      {"us-west-2", "sgaui"},  {"eu-west-1", "gxeiz"}, {"ap-northeast-1", "quwsw"},
      {"cn-north-1", "emvgo"}, {"sa-east-1", "juxlw"}};
  for (const auto& [region, prefix] : table) EXPECT_EQ(GlobalIdPrefix(region), prefix) << region;
}

TEST(GlobalIds, OtherRegionsGetStableLettersOfTheirOwn) {
  const std::string north = GlobalIdPrefix("eu-north-1");
  EXPECT_EQ(north.size(), 5u);
  for (char c : north) EXPECT_TRUE(c >= 'a' && c <= 'z') << north;
  EXPECT_EQ(GlobalIdPrefix("eu-north-1"), north);
  EXPECT_NE(GlobalIdPrefix("me-south-1"), north);
}

TEST(GlobalIds, SuffixFollowsTheIdentifierRuleAndIsLowerCased) {
  EXPECT_EQ(GlobalReplicationGroupIdFor("us-west-2", "My-Cache"), "sgaui-my-cache");
  for (const std::string& bad :
       std::vector<std::string>{"", "1cache", "a--b", "trailing-", std::string(41, 'a')})
    EXPECT_EQ(CodeOf([&] { GlobalReplicationGroupIdFor("us-east-1", bad); }),
              "InvalidParameterValue")
        << bad;
  EXPECT_EQ(GlobalReplicationGroupIdFor("us-east-1", std::string(40, 'a')).size(), 46u);
}

TEST(GlobalIds, ArnNamesNoRegionButThePartition) {
  EXPECT_EQ(GlobalReplicationGroupArn("us-east-1", "123456789012", "ldgnf-shop"),
            "arn:aws:elasticache::123456789012:globalreplicationgroup:ldgnf-shop");
  EXPECT_EQ(GlobalReplicationGroupArn("cn-north-1", "123456789012", "emvgo-shop"),
            "arn:aws-cn:elasticache::123456789012:globalreplicationgroup:emvgo-shop");
}

TEST(GlobalIds, GlobalNodeGroupIdsMapToTheMembersNodeGroups) {
  EXPECT_EQ(GlobalNodeGroupId("ldgnf-shop", "0002"), "ldgnf-shop-0002");
  EXPECT_EQ(LocalNodeGroupIds("ldgnf-shop", {"ldgnf-shop-0002", "LDGNF-SHOP-3"}, "P"),
            (std::vector<std::string>{"0002", "0003"}));
  for (const std::string& bad :
       std::vector<std::string>{"0002", "ldgnf-other-0002", "ldgnf-shop-", "ldgnf-shop-x1"})
    EXPECT_EQ(CodeOf([&] { LocalNodeGroupIds("ldgnf-shop", {bad}, "GlobalNodeGroupsToRemove"); }),
              "InvalidParameterValue")
        << bad;
  EXPECT_NE(MessageOf([] {
              LocalNodeGroupIds("ldgnf-shop", {"0001"}, "GlobalNodeGroupsToRetain");
            }).find("GlobalNodeGroupsToRetain"),
            std::string::npos);
}

TEST(GlobalNodeTypes, M5OrR5AndLaterOnly) {
  for (const char* yes :
       {"cache.m5.large", "cache.r5.24xlarge", "cache.r6g.large", "cache.r6gd.xlarge",
        "cache.m7g.large", "cache.r7g.large", "cache.c7gn.large"})
    EXPECT_TRUE(NodeTypeSupportsGlobalDatastore(yes)) << yes;
  for (const char* no : {"cache.t3.medium", "cache.t4g.small", "cache.m4.large", "cache.r4.large",
                         "cache.t2.micro", "cache.m3.medium", "junk"})
    EXPECT_FALSE(NodeTypeSupportsGlobalDatastore(no)) << no;
  EXPECT_EQ(MessageOf([] { CheckGlobalNodeType("cache.t3.micro"); }),
            "Global replication group is not supported for the node type.");
}

TEST(GlobalPrimary, WhatAPrimaryNeeds) {
  EXPECT_EQ(CodeOf([] { CheckPrimaryEligible(Primary()); }), "");
  struct Case {
    const char* name;
    std::function<void(ReplicationGroup&)> change;
    const char* code;
  };
  const std::vector<Case> cases = {
      {"not available", [](auto& rg) { rg.status = "modifying"; }, "InvalidReplicationGroupState"},
      {"already a member",
       [](auto& rg) {
         rg.global_datastore = GlobalDatastoreMembership{"ldgnf-x", "PRIMARY"};
       },
       "InvalidParameterValue"},
      {"Redis OSS before 5.0.6", [](auto& rg) { rg.settings.engine_version = "5.0.5"; },
       "InvalidParameterValue"},
      {"burstable", [](auto& rg) { rg.settings.cache_node_type = "cache.t3.medium"; },
       "InvalidParameterValue"},
      {"EC2-Classic",
       [](auto& rg) {
         rg.settings.cache_subnet_group_name.clear();
         rg.settings.cache_security_group_names = {"default"};
       },
       "InvalidParameterValue"},
  };
  for (const auto& c : cases) {
    ReplicationGroup rg = Primary();
    c.change(rg);
    EXPECT_EQ(CodeOf([&] { CheckPrimaryEligible(rg); }), c.code) << c.name;
  }
  ReplicationGroup valkey = Primary();
  valkey.settings.engine = "valkey";
  valkey.settings.engine_version = "7.2.6";
  EXPECT_EQ(CodeOf([&] { CheckPrimaryEligible(valkey); }), "");
}

TEST(GlobalParameterGroups, NamedForTheMemberStableAndVariedWhenTaken) {
  const std::string first =
      GlobalDatastoreParameterGroupName("ldgnf-shop", "us-west-2", "shop-west", "redis7", 0);
  EXPECT_TRUE(std::regex_match(first, std::regex("global-datastore-shop-west[a-z]{4}"))) << first;
  EXPECT_EQ(GlobalDatastoreParameterGroupName("ldgnf-shop", "us-west-2", "shop-west", "redis7", 0),
            first);
  EXPECT_NE(GlobalDatastoreParameterGroupName("ldgnf-shop", "us-west-2", "shop-west", "redis7", 1),
            first);
}

TEST(GlobalParameterGroups, ACopyKeepsEveryValueOfTheSourceIncludingADefaultGroupsOwn) {
  CacheParameterGroup source = BuiltInGroup(
      *testing::ShippedParameterCatalog().FindDefaultGroup("default.redis7.cluster.on"),
      "123456789012", "us-east-1");
  CacheParameterGroup copy =
      GlobalDatastoreParameterGroup(testing::ShippedParameterCatalog(), source, "123456789012",
                                    "us-west-2", "global-datastore-x", "ldgnf-g");
  EXPECT_EQ(copy.region, "us-west-2");
  EXPECT_EQ(copy.family, "redis7");
  EXPECT_FALSE(copy.built_in);
  EXPECT_TRUE(copy.is_global);
  EXPECT_EQ(copy.description, "Created by ElastiCache to be used by global cluster ldgnf-g");
  EXPECT_EQ(copy.values.at("cluster-enabled"), "yes");
  EXPECT_TRUE(ClusterEnabled(testing::ShippedParameterCatalog(), copy));
  CacheParameterGroup tuned;
  tuned.id = "tuned";
  tuned.family = "redis7";
  tuned.values = {{"maxmemory-policy", "allkeys-lru"}};
  EXPECT_EQ(
      GlobalDatastoreParameterGroup(testing::ShippedParameterCatalog(), tuned, "a", "r", "n", "g")
          .values,
      tuned.values);
}

TEST(GlobalSecondaries, InheritedParametersAreRefusedByName) {
  EXPECT_EQ(CodeOf([] { RefuseInheritedParameters({}); }), "");
  EXPECT_EQ(MessageOf([] { RefuseInheritedParameters({"CacheNodeType"}); }),
            "Cannot use the given parameters when creating new replication group in an existing "
            "global replication group.");
  EXPECT_EQ(CodeOf([] { RefuseInheritedParameters({"Engine"}); }), "InvalidParameterCombination");
}

TEST(GlobalSecondaries, JoiningNeedsASettledDatastoreAndRoomInTheRegion) {
  EXPECT_EQ(CodeOf([] { CheckCanJoin(Datastore(0), "us-west-2"); }), "");
  EXPECT_EQ(CodeOf([] { CheckCanJoin(Datastore(1), "eu-west-1"); }), "");
  EXPECT_EQ(CodeOf([] { CheckCanJoin(Datastore(1), "us-west-2"); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { CheckCanJoin(Datastore(0), "us-east-1"); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { CheckCanJoin(Datastore(2), "ap-south-1"); }), "InvalidParameterValue");
  GlobalReplicationGroup busy = Datastore(0);
  busy.status = GlobalReplicationGroupStatus::kModifying;
  EXPECT_EQ(CodeOf([&] { CheckCanJoin(busy, "us-west-2"); }), "InvalidGlobalReplicationGroupState");
  EXPECT_EQ(MessageOf([&] { CheckCanJoin(busy, "us-west-2"); }),
            "Cannot add a replication group to a global replication group in modifying state.");

  GlobalReplicationGroup grg = Datastore(0);
  JoinAsSecondary(grg, "shop-west", "us-west-2", Timestamp{100}, 50);
  EXPECT_EQ(grg.status, "modifying");
  EXPECT_EQ(grg.members.back().status, "associating");
  EXPECT_EQ(grg.members.back().role, "SECONDARY");
  EXPECT_EQ(grg.transition->due_at.epoch_ms, 150);
}

TEST(GlobalSteps, DisassociateOnlyASecondaryOfASettledDatastore) {
  GlobalReplicationGroup grg = Datastore(1);
  EXPECT_EQ(MessageOf([&] { StartDisassociation(grg, "shop-0", "eu-west-1", {}, 0); }),
            "Replication group shop-0 in region eu-west-1 is not associated with Global "
            "Replication Group ldgnf-shop.");
  EXPECT_EQ(CodeOf([&] { StartDisassociation(grg, "shop", "us-east-1", {}, 0); }),
            "InvalidParameterValue");
  GlobalReplicationGroup busy = grg;
  busy.status = GlobalReplicationGroupStatus::kModifying;
  EXPECT_EQ(CodeOf([&] { StartDisassociation(busy, "shop-0", "us-west-2", {}, 0); }),
            "InvalidGlobalReplicationGroupState");
  StartDisassociation(grg, "SHOP-0", "us-west-2", Timestamp{10}, 5);
  EXPECT_EQ(grg.status, "modifying");
  EXPECT_TRUE(grg.members[1].leaving);
  EXPECT_EQ(grg.members[1].status, "associated");  // listed as associated until gone
  EXPECT_EQ(grg.transition->kind, kDisassociate);
}

TEST(GlobalSteps, FailoverNamesASecondary) {
  GlobalReplicationGroup grg = Datastore(1);
  EXPECT_EQ(CodeOf([&] { StartGlobalFailover(grg, "us-east-1", "shop", {}, 0); }),
            "InvalidParameterValue");
  EXPECT_EQ(CodeOf([&] { StartGlobalFailover(grg, "eu-west-1", "shop-0", {}, 0); }),
            "InvalidParameterValue");
  StartGlobalFailover(grg, "us-west-2", "shop-0", Timestamp{0}, 0);
  EXPECT_EQ(grg.failover_to_region, "us-west-2");
  EXPECT_EQ(grg.status, "modifying");
  EXPECT_EQ(grg.Primary()->region, "us-east-1");  // until the transition is due
}

TEST(GlobalSteps, DeleteOnlyPrimaryOnlyAndAlwaysRetainingThePrimary) {
  GlobalReplicationGroup with_secondary = Datastore(1);
  EXPECT_EQ(MessageOf([&] { StartGlobalDeletion(with_secondary, true, {}, 0); }),
            "Cannot delete a global replication group in available state.");
  GlobalReplicationGroup alone = Datastore(0);
  EXPECT_EQ(CodeOf([&] { StartGlobalDeletion(alone, false, {}, 0); }), "InvalidParameterValue");
  StartGlobalDeletion(alone, true, Timestamp{0}, 0);
  EXPECT_EQ(alone.status, "deleting");
}

TEST(GlobalMembers, RefusalsNameTheGroupAndItsDatastore) {
  ReplicationGroup rg = Primary();
  EXPECT_EQ(CodeOf([&] { RefuseGlobalMember(rg); }), "");
  rg.global_datastore = GlobalDatastoreMembership{"ldgnf-shop", "PRIMARY"};
  EXPECT_EQ(MessageOf([&] { RefuseGlobalMember(rg); }),
            "Cluster [shop] is part of a global cluster [ldgnf-shop]. Request rejected.");
  EXPECT_EQ(CodeOf([&] { RefuseGlobalOwnedChange(rg, false); }), "");
  EXPECT_EQ(CodeOf([&] { RefuseGlobalOwnedChange(rg, true); }), "InvalidParameterValue");
}

TEST(GlobalModify, ItsOwnRules) {
  EXPECT_EQ(CodeOf([] { RequireApplyImmediately(false); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { RequireApplyImmediately(true); }), "");
  EXPECT_EQ(MessageOf([] { CheckParameterGroupNeedsMajorUpgrade(false); }),
            "ModifyGlobalReplicationGroup API does not support cache parameter group modification "
            "without a change in major engine version.");
  EXPECT_EQ(CodeOf([] { CheckParameterGroupNeedsMajorUpgrade(true); }), "");
  EXPECT_EQ(CodeOf([] { ValidateGlobalDescription(std::string(256, 'd')); }),
            "InvalidParameterValue");
}

TEST(GlobalFaults, ReusedRulesAnswerWithTheOperationsFaults) {
  const std::set<std::string> allowed = {"GlobalReplicationGroupNotFoundFault",
                                         "InvalidGlobalReplicationGroupState",
                                         "InvalidParameterValue"};
  AwsError state("InvalidReplicationGroupState", "busy", 400);
  EXPECT_EQ(AsGlobalOperationFault(state, allowed).code, "InvalidGlobalReplicationGroupState");
  EXPECT_EQ(AsGlobalOperationFault(state, allowed).message(), "busy");
  AwsError combination("InvalidParameterCombination", "no", 400);
  EXPECT_EQ(AsGlobalOperationFault(combination, allowed).code, "InvalidParameterValue");
  AwsError quota("NodeGroupsPerReplicationGroupQuotaExceeded", "many", 400);
  EXPECT_EQ(AsGlobalOperationFault(quota, allowed).code, "InvalidParameterValue");
  EXPECT_EQ(AsGlobalOperationFault(combination, {"InvalidParameterCombination"}).code,
            "InvalidParameterCombination");
}

TEST(GlobalLifecycle, CreatingBecomesPrimaryOnlyWithTheMemberAssociated) {
  GlobalReplicationGroup grg =
      NewGlobalReplicationGroup(Primary(), "ldgnf-shop", "d", Timestamp{1000}, 2000);
  EXPECT_EQ(grg.members[0].status, "associating");
  EXPECT_TRUE(AdvanceGlobalReplicationGroup(grg, At(Timestamp{2999})).empty());
  auto events = AdvanceGlobalReplicationGroup(grg, At(Timestamp{3000}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "global-replication-group");
  EXPECT_TRUE(events[0].source_type.empty());  // no known event text: recorded, not shown
  EXPECT_EQ(grg.status, "primary-only");
  EXPECT_EQ(grg.members[0].status, "associated");
  EXPECT_FALSE(grg.transition);
}

TEST(GlobalLifecycle, AJoinMakesItAvailableALeaveGoesToDeparted) {
  GlobalReplicationGroup grg = Datastore(0);
  JoinAsSecondary(grg, "shop-west", "us-west-2", Timestamp{0}, 10);
  AdvanceGlobalReplicationGroup(grg, At(Timestamp{10}));
  EXPECT_EQ(grg.status, "available");
  EXPECT_EQ(grg.members[1].status, "associated");
  StartDisassociation(grg, "shop-west", "us-west-2", Timestamp{20}, 10);
  AdvanceGlobalReplicationGroup(grg, At(Timestamp{30}));
  EXPECT_EQ(grg.status, "primary-only");
  ASSERT_EQ(grg.members.size(), 1u);
  ASSERT_EQ(grg.departed.size(), 1u);
  EXPECT_EQ(grg.departed[0].replication_group_id, "shop-west");
  EXPECT_EQ(grg.departed[0].region, "us-west-2");
}

TEST(GlobalLifecycle, FailoverSwapsTheRolesWhenDue) {
  GlobalReplicationGroup grg = Datastore(2);
  StartGlobalFailover(grg, "eu-west-1", "shop-1", Timestamp{0}, 10);
  AdvanceGlobalReplicationGroup(grg, At(Timestamp{10}));
  EXPECT_EQ(grg.status, "available");
  EXPECT_EQ(grg.Primary()->replication_group_id, "shop-1");
  EXPECT_EQ(grg.SecondaryCount(), 2);
  EXPECT_FALSE(grg.failover_to_region);
}

TEST(GlobalLifecycle, DeletingIsRemoved) {
  GlobalReplicationGroup grg = Datastore(0);
  StartGlobalDeletion(grg, true, Timestamp{0}, 0);
  EXPECT_TRUE(Removed(AdvanceGlobalReplicationGroup(grg, At(Timestamp{0}))));
}

}  // namespace
}  // namespace ecl

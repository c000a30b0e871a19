// The pure rules of ModifyReplicationGroup: AUTH token strategies, in-transit encryption's
// steps, cluster mode's steps, automatic failover and Multi-AZ, promotions, the snapshotting
// cluster, log delivery, and what a finished modification does (and its lifecycle steps).
#include "model/replication_group_modify_rules.h"

#include <gtest/gtest.h>

#include "lifecycle_support.h"
#include "model/event_messages.h"
#include "model/lifecycle.h"
#include "sample_resources.h"

namespace ecl {
namespace {

using testing_support::At;
using testing_support::CodeOf;

constexpr char kToken[] = "This-is-a-token-1";
constexpr char kOtherToken[] = "This-is-a-token-2";

ReplicationGroup TlsGroup() {
  ReplicationGroup rg = testing_support::DisabledGroup();
  rg.settings.transit_encryption_enabled = true;
  rg.settings.transit_encryption_mode = "required";
  return rg;
}

std::string AuthCode(const ReplicationGroup& rg, AuthTokenRequest r) {
  GroupModification m;
  return CodeOf([&] { PlanAuthTokenChange(rg, r, m); });
}

TEST(ModifyRules, OnlyAnAvailableGroupCanBeModified) {
  ReplicationGroup rg = testing_support::DisabledGroup();
  EXPECT_EQ(CodeOf([&] { RequireModifiable(rg); }), "");
  rg.status = "modifying";
  EXPECT_EQ(CodeOf([&] { RequireModifiable(rg); }), "InvalidReplicationGroupState");
  EXPECT_EQ(CodeOf([] { ThrowNoModifications(); }), "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([] { ValidateReplicationGroupDescription(std::string(256, 'd')); }),
            "InvalidParameterValue");
  EXPECT_EQ(ValidateReplicationGroupDescription(std::string(255, 'd')).size(), 255u);
}

TEST(ModifyRules, RotateIsTheDefaultAndRemembersTheNewToken) {
  ReplicationGroup rg = TlsGroup();
  GroupModification m;
  PlanAuthTokenChange(rg, {kToken, std::nullopt, false, false}, m);
  EXPECT_EQ(m.auth_token_strategy, "ROTATE");
  EXPECT_EQ(m.auth_token_status, "ROTATING");
  EXPECT_EQ(m.auth_token_fingerprint, AuthTokenFingerprint(kToken));
  EXPECT_NE(*m.auth_token_fingerprint, kToken);  // never the token itself
  ApplyGroupModification(rg, m, Timestamp{77});
  EXPECT_TRUE(rg.settings.auth_token_enabled);
  EXPECT_EQ(rg.rotated_auth_token, AuthTokenFingerprint(kToken));
  EXPECT_EQ(rg.settings.auth_token_last_modified, Timestamp{77});

  // SET must repeat the token last rotated; then one token is left.
  EXPECT_EQ(AuthCode(rg, {kOtherToken, "SET", false, false}), "InvalidParameterValue");
  GroupModification set;
  PlanAuthTokenChange(rg, {kToken, "set", false, false}, set);
  EXPECT_EQ(set.auth_token_status, "SETTING");
  ApplyGroupModification(rg, set, Timestamp{78});
  EXPECT_FALSE(rg.rotated_auth_token);
  EXPECT_EQ(AuthCode(rg, {kOtherToken, "SET", false, false}), "");
}

TEST(ModifyRules, AuthTokenRefusals) {
  struct Case {
    const char* name;
    ReplicationGroup rg;
    AuthTokenRequest request;
    const char* code;
  };
  ReplicationGroup old_redis = TlsGroup();
  old_redis.settings.engine_version = "4.0.10";
  const std::vector<Case> cases = {
      {"no TLS",
       testing_support::DisabledGroup(),
       {kToken, "ROTATE", false, false},
       "InvalidParameterValue"},
      {"bad token", TlsGroup(), {"short", "ROTATE", false, false}, "InvalidParameterValue"},
      {"unknown strategy", TlsGroup(), {kToken, "SWAP", false, false}, "InvalidParameterValue"},
      {"strategy alone",
       TlsGroup(),
       {std::nullopt, "ROTATE", false, false},
       "InvalidParameterCombination"},
      {"delete with a token",
       TlsGroup(),
       {kToken, "DELETE", true, true},
       "InvalidParameterCombination"},
      {"delete without RBAC",
       TlsGroup(),
       {std::nullopt, "DELETE", false, false},
       "InvalidParameterValue"},
      {"user groups stay", TlsGroup(), {kToken, "SET", false, true}, "InvalidParameterCombination"},
      {"Redis before 5.0.5",
       old_redis,
       {kToken, "ROTATE", false, false},
       "InvalidParameterCombination"},
      {"delete moving to RBAC", TlsGroup(), {std::nullopt, "DELETE", true, true}, ""},
  };
  for (const auto& c : cases) EXPECT_EQ(AuthCode(c.rg, c.request), c.code) << c.name;
}

TEST(ModifyRules, DeleteTurnsAuthOff) {
  ReplicationGroup rg = TlsGroup();
  rg.settings.auth_token_enabled = true;
  rg.rotated_auth_token = "x";
  GroupModification m;
  PlanAuthTokenChange(rg, {std::nullopt, "DELETE", true, true}, m);
  EXPECT_FALSE(m.auth_token_status);
  ApplyGroupModification(rg, m, Timestamp{5});
  EXPECT_FALSE(rg.settings.auth_token_enabled);
  EXPECT_FALSE(rg.rotated_auth_token);
}

std::string TlsCode(const ReplicationGroup& rg, std::optional<bool> enabled,
                    std::optional<std::string> mode, GroupModification* out = nullptr) {
  GroupModification m;
  std::string code = CodeOf([&] { PlanTransitEncryptionChange(rg, enabled, mode, m); });
  if (out) *out = m;
  return code;
}

TEST(ModifyRules, InTransitEncryptionGoesThroughPreferred) {
  ReplicationGroup plain = testing_support::DisabledGroup();
  GroupModification m;
  EXPECT_EQ(TlsCode(plain, true, std::nullopt), "InvalidParameterCombination");
  EXPECT_EQ(TlsCode(plain, true, "required"), "InvalidParameterCombination");
  EXPECT_EQ(TlsCode(plain, std::nullopt, "preferred"), "InvalidParameterCombination");
  EXPECT_EQ(TlsCode(plain, true, "PREFERRED", &m), "");
  EXPECT_EQ(m.transit_encryption_enabled, true);
  EXPECT_EQ(m.transit_encryption_mode, "preferred");
  ApplyGroupModification(plain, m, Timestamp{1});
  EXPECT_TRUE(plain.settings.transit_encryption_enabled);
  EXPECT_EQ(plain.endpoint_transit_encryption, false);  // names keep their form
  EXPECT_FALSE(plain.EndpointsUseTls());

  EXPECT_EQ(TlsCode(plain, std::nullopt, "required", &m), "");
  EXPECT_EQ(m.transit_encryption_mode, "required");
  ApplyGroupModification(plain, m, Timestamp{2});
  EXPECT_EQ(plain.settings.transit_encryption_mode, "required");

  // Off again: preferred first.
  EXPECT_EQ(TlsCode(plain, false, std::nullopt), "InvalidParameterCombination");
  ReplicationGroup preferred = TlsGroup();
  preferred.settings.transit_encryption_mode = "preferred";
  EXPECT_EQ(TlsCode(preferred, false, std::nullopt, &m), "");
  ApplyGroupModification(preferred, m, Timestamp{3});
  EXPECT_FALSE(preferred.settings.transit_encryption_enabled);
  EXPECT_FALSE(preferred.settings.transit_encryption_mode);
  preferred.settings.transit_encryption_enabled = true;
  preferred.settings.transit_encryption_mode = "preferred";
  preferred.settings.auth_token_enabled = true;
  EXPECT_EQ(TlsCode(preferred, false, std::nullopt), "InvalidParameterCombination");

  ReplicationGroup old = testing_support::DisabledGroup();
  old.settings.engine_version = "6.2.6";
  EXPECT_EQ(TlsCode(old, true, "preferred"), "InvalidParameterCombination");
  EXPECT_EQ(TlsCode(testing_support::DisabledGroup(), std::nullopt, "sometimes"),
            "InvalidParameterValue");
  EXPECT_EQ(TlsCode(TlsGroup(), true, "required", &m), "");  // nothing changes
  EXPECT_TRUE(m.Empty());
}

TEST(ModifyRules, ClusterModeStepsAndRequirements) {
  ReplicationGroup rg = testing_support::DisabledGroup();
  EXPECT_EQ(CheckClusterModeChange(rg, "Compatible", false), "compatible");
  EXPECT_EQ(CodeOf([&] { CheckClusterModeChange(rg, "enabled", false); }),
            "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([&] { CheckClusterModeChange(rg, "compatible", true); }),
            "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([&] { CheckClusterModeChange(rg, "on", false); }), "InvalidParameterValue");
  EXPECT_EQ(CheckClusterModeChange(rg, "disabled", true), "disabled");  // no change at all
  ReplicationGroup no_failover = testing_support::DisabledGroup();
  no_failover.automatic_failover = false;
  EXPECT_EQ(CodeOf([&] { CheckClusterModeChange(no_failover, "compatible", false); }),
            "InvalidParameterCombination");
  ReplicationGroup old = testing_support::DisabledGroup();
  old.settings.engine_version = "6.2.6";
  EXPECT_EQ(CodeOf([&] { CheckClusterModeChange(old, "compatible", false); }),
            "InvalidParameterCombination");

  GroupModification m;
  m.cluster_mode = "compatible";
  m.cache_parameter_group_name = "default.redis7.cluster.on";
  ApplyGroupModification(rg, m, Timestamp{1});
  EXPECT_EQ(rg.cluster_mode, "compatible");
  EXPECT_FALSE(rg.cluster_enabled);
  EXPECT_EQ(rg.parameter_group_before_compatible, "default.redis7");
  EXPECT_EQ(CodeOf([&] { RefuseWhileCompatible(rg, "The cache node type"); }),
            "InvalidParameterCombination");
  EXPECT_EQ(CheckClusterModeChange(rg, "disabled", false), "disabled");

  m = {};
  m.cluster_mode = "enabled";
  ApplyGroupModification(rg, m, Timestamp{2});
  EXPECT_TRUE(rg.cluster_enabled);
  EXPECT_EQ(rg.node_groups[0].slots, "0-16383");
  EXPECT_FALSE(rg.parameter_group_before_compatible);
  EXPECT_EQ(CodeOf([&] { CheckClusterModeChange(rg, "disabled", false); }),
            "InvalidParameterCombination");
}

TEST(ModifyRules, AutomaticFailoverAndMultiAz) {
  ReplicationGroup rg = testing_support::DisabledGroup();
  EXPECT_EQ(CodeOf([&] { CheckAutomaticFailover(rg, false, false); }), "");
  EXPECT_EQ(CodeOf([&] { CheckAutomaticFailover(rg, false, true); }),
            "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([&] { CheckMultiAz(rg, true, false); }), "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([&] { CheckMultiAz(rg, true, true); }), "");
  ReplicationGroup single = testing_support::DisabledGroup();
  single.node_groups[0].members.resize(1);
  EXPECT_EQ(CodeOf([&] { CheckAutomaticFailover(single, true, false); }),
            "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([&] { CheckMultiAz(single, true, true); }), "InvalidParameterValue");
  ReplicationGroup sharded = testing_support::ShardedGroup();
  try {
    CheckAutomaticFailover(sharded, false, false);
    ADD_FAILURE() << "turning failover off in cluster mode";
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message(),
              "Turning off automatic failover for replication group with cluster mode enabled "
              "is not supported.");
  }
  // Shard 0002 of the sample has no replica.
  EXPECT_EQ(CodeOf([&] { CheckAutomaticFailover(sharded, true, false); }),
            "InvalidParameterCombination");
}

TEST(ModifyRules, PromotingAReplica) {
  ReplicationGroup rg = testing_support::DisabledGroup();
  EXPECT_EQ(CheckPrimaryClusterId(rg, "RG-002", std::nullopt, true), "rg-002");
  EXPECT_EQ(CheckPrimaryClusterId(rg, "rg-002", "0001", true), "rg-002");
  EXPECT_EQ(CodeOf([&] { CheckPrimaryClusterId(rg, "rg-009", std::nullopt, false); }),
            "CacheClusterNotFound");
  EXPECT_EQ(CodeOf([&] { CheckPrimaryClusterId(rg, "other-001", std::nullopt, true); }),
            "InvalidParameterValue");
  EXPECT_EQ(CodeOf([&] { CheckPrimaryClusterId(rg, "rg-002", "0002", true); }),
            "InvalidParameterValue");
  rg.multi_az = true;
  EXPECT_EQ(CodeOf([&] { CheckPrimaryClusterId(rg, "rg-002", std::nullopt, true); }),
            "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([&] {
              CheckPrimaryClusterId(testing_support::ShardedGroup(), "shop-0001-002", std::nullopt,
                                    true);
            }),
            "InvalidParameterCombination");

  rg.multi_az = false;
  GroupModification m;
  m.primary_cluster_id = "rg-003";
  ApplyGroupModification(rg, m, Timestamp{1});
  EXPECT_EQ(rg.PrimaryClusterId(), "rg-003");
  EXPECT_FALSE(rg.node_groups[0].members[0].primary);
  EXPECT_EQ(rg.node_groups[0].members[0].cache_cluster_id, "rg-001");  // order kept
  EXPECT_EQ(rg.DefaultSnapshottingClusterId(), "rg-001");
}

TEST(ModifyRules, SnapshottingClusterMustBeAMemberOfADisabledGroup) {
  ReplicationGroup rg = testing_support::DisabledGroup();
  EXPECT_EQ(CheckSnapshottingClusterId(rg, "rg-001", true), "rg-001");
  EXPECT_EQ(CodeOf([&] { CheckSnapshottingClusterId(rg, "ghost", false); }),
            "CacheClusterNotFound");
  try {
    CheckSnapshottingClusterId(testing_support::ShardedGroup(), "shop-0001-001", true);
    ADD_FAILURE();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, "InvalidParameterCombination");
    EXPECT_EQ(e.message(),
              "Cannot set snapshotting cluster for cluster mode enabled replication group");
  }
}

ApiValue CloudWatch(const char* type, const char* format = "json") {
  return ApiValue::Struct()
      .Set("LogType", type)
      .Set("DestinationType", "cloudwatch-logs")
      .Set("DestinationDetails", ApiValue::Struct().Set("CloudWatchLogsDetails",
                                                        ApiValue::Struct().Set("LogGroup", "slow")))
      .Set("LogFormat", format);
}

TEST(ModifyRules, LogDeliveryMergesByTypeAndDisablingRemoves) {
  ApiValue current = ApiValue::List().Push(CloudWatch("slow-log"));
  ApiValue merged = MergeLogDeliveryConfigurations(current, {CloudWatch("engine-log", "text")});
  ASSERT_EQ(merged.AsList().size(), 2u);
  merged = MergeLogDeliveryConfigurations(
      merged, {ApiValue::Struct().Set("LogType", "slow-log").Set("Enabled", false)});
  ASSERT_EQ(merged.AsList().size(), 1u);
  EXPECT_EQ(merged.AsList()[0].GetString("LogType"), "engine-log");
  EXPECT_EQ(CodeOf([&] { MergeLogDeliveryConfigurations(current, {CloudWatch("audit-log")}); }),
            "InvalidParameterValue");
  EXPECT_EQ(
      CodeOf([&] { MergeLogDeliveryConfigurations(current, {CloudWatch("slow-log", "xml")}); }),
      "InvalidParameterValue");
  ApiValue wrong = CloudWatch("slow-log");
  wrong.Set("DestinationType", "kinesis-firehose");  // details are CloudWatch's
  EXPECT_EQ(CodeOf([&] { MergeLogDeliveryConfigurations(current, {wrong}); }),
            "InvalidParameterValue");
}

TEST(ModifyRules, LaterValuesWinWhenModificationsMerge) {
  GroupModification a, b;
  a.cache_node_type = "cache.t3.small";
  a.engine_version = "7.1.0";
  b.cache_node_type = "cache.t3.medium";
  b.primary_cluster_id = "rg-002";
  GroupModification m = MergeModifications(a, b);
  EXPECT_EQ(m.cache_node_type, "cache.t3.medium");
  EXPECT_EQ(m.engine_version, "7.1.0");
  EXPECT_EQ(m.primary_cluster_id, "rg-002");
  EXPECT_TRUE(m.ChangesNodes());
}

// ---- the lifecycle steps ------------------------------------------------------------------

TEST(ModifyLifecycle, AModificationFinishesWhenDueAndItsMembersSaySo) {
  ReplicationGroup rg = testing_support::DisabledGroup();
  GroupModification m;
  m.cache_node_type = "cache.t3.small";
  m.automatic_failover = false;
  rg.modification = m;
  rg.status = "modifying";
  rg.transition = Transition{kModify, Timestamp{0}, Timestamp{1000}};
  EXPECT_TRUE(AdvanceReplicationGroup(rg, At(Timestamp{999})).empty());
  auto events = AdvanceReplicationGroup(rg, At(Timestamp{1000}));
  EXPECT_EQ(rg.status, "available");
  EXPECT_EQ(rg.settings.cache_node_type, "cache.t3.small");
  EXPECT_FALSE(rg.automatic_failover);
  EXPECT_FALSE(rg.modification);
  std::vector<std::string> shown;
  for (const auto& e : events)
    if (!e.source_type.empty()) shown.push_back(e.source_id + ": " + e.message);
  EXPECT_EQ(shown, (std::vector<std::string>{
                       "rg-001: " + event_messages::NodeTypeModified("cache.t3.small"),
                       "rg-002: " + event_messages::NodeTypeModified("cache.t3.small"),
                       "rg-003: " + event_messages::NodeTypeModified("cache.t3.small"),
                       "rg: Automatic failover has been turned off for replication group rg"}));
}

TEST(ModifyLifecycle, ADeferredChangeStartsWhenTheWindowOpens) {
  ReplicationGroup rg = testing_support::DisabledGroup();  // window sun 05:00-06:00
  GroupModification m;
  m.engine_version = "7.1.0";
  m.cache_node_type = "cache.t3.small";
  rg.deferred_modification = m;
  // 2026-11-29 is a Sunday; the window opens at 05:00 UTC.
  const int64_t window = 1795928400000;  // 2026-11-29T05:00:00Z
  rg.transition = Transition{kScheduledModify, Timestamp{0}, Timestamp{window}};
  auto started = AdvanceReplicationGroup(rg, At(Timestamp{window + 5}, 2000));
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].what, happened::kModificationStarted);
  EXPECT_EQ(started[0].at, Timestamp{window});
  EXPECT_EQ(rg.status, "modifying");
  EXPECT_FALSE(rg.deferred_modification);
  ASSERT_TRUE(rg.modification);
  ASSERT_TRUE(rg.transition);
  EXPECT_EQ(rg.transition->kind, kModify);
  EXPECT_EQ(rg.transition->due_at, Timestamp{window + 2000});
  AdvanceReplicationGroup(rg, At(Timestamp{window + 2000}));
  EXPECT_EQ(rg.settings.cache_node_type, "cache.t3.small");
  EXPECT_EQ(rg.status, "available");
}

TEST(ModifyLifecycle, ADeferredChangeWaitsAgainAfterAnotherTransition) {
  ReplicationGroup rg = testing_support::DisabledGroup();
  GroupModification m;
  m.cache_node_type = "cache.t3.small";
  rg.deferred_modification = m;
  rg.status = "snapshotting";
  const int64_t inside_window = 1795928400000 + 60000;  // Sunday 05:01Z
  rg.transition = Transition{kSnapshot, Timestamp{0}, Timestamp{inside_window}};
  AdvanceReplicationGroup(rg, At(Timestamp{inside_window}));
  ASSERT_TRUE(rg.transition);
  EXPECT_EQ(rg.transition->kind, kScheduledModify);
  EXPECT_EQ(rg.transition->due_at, Timestamp{inside_window});  // the window is still open
}

}  // namespace
}  // namespace ecl

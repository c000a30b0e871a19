// The rules of ModifyReplicationGroup that need no lookups, as pure functions: whether the
// group may be modified, the AUTH token strategies (SET / ROTATE / DELETE), in-transit
// encryption's preferred -> required steps, cluster mode's disabled -> compatible -> enabled
// steps, automatic failover and Multi-AZ, promoting a replica, the snapshotting cluster, log
// delivery, and what a finished modification does to the group. Every refusal throws the
// AwsError AWS gives; docs/modify-replication-group.md lists each code, message and source.
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/api_value.h"
#include "model/domain_event.h"
#include "model/replication_group.h"

namespace ecl {

// "Maximum length is 255 characters." (the API reference, ReplicationGroupDescription).
inline constexpr std::size_t kMaxReplicationGroupDescriptionLength = 255;

// `value` compared case-insensitively with `allowed` (lower case): the allowed one, else
// InvalidParameterValue "Invalid value for PARAM: VALUE. Valid values are a, b and c."
std::string ValidateChoice(std::string_view parameter, std::string_view value,
                           const std::vector<std::string_view>& allowed);

// The group is `available` (InvalidReplicationGroupState otherwise).
void RequireModifiable(const ReplicationGroup& rg);

// InvalidParameterCombination "No modifications were requested." (Terraform matches this).
[[noreturn]] void ThrowNoModifications();

std::string ValidateReplicationGroupDescription(std::string_view description);

// ---- AUTH token ---------------------------------------------------------------------------

struct AuthTokenRequest {
  std::optional<std::string> token;
  std::optional<std::string> strategy;  // as sent: SET, ROTATE or DELETE
  bool adding_user_groups = false;      // UserGroupIdsToAdd names at least one
  bool user_groups_remain = false;      // user groups stay associated after the request
};

// Fills the AUTH fields of `mod` (status, strategy, fingerprint) when the request changes the
// token: a valid token, in-transit encryption, Redis OSS 5.0.5 or later (or Valkey), ROTATE
// by default, SET repeating the token last rotated, DELETE only while moving to RBAC and
// without a token, no token while user groups stay associated.
void PlanAuthTokenChange(const ReplicationGroup& rg, const AuthTokenRequest& request,
                         GroupModification& mod);
// The fingerprint stored for a token (never the token itself).
std::string AuthTokenFingerprint(std::string_view token);

// ---- in-transit encryption ------------------------------------------------------------------

// TransitEncryptionEnabled / TransitEncryptionMode: turning it on needs mode `preferred` in
// the same request, `required` comes after `preferred`, turning it off needs `preferred`
// first and no AUTH token or user groups; Redis OSS 7.0.5 or later (or Valkey). Fills the
// modification's TLS fields when something changes.
void PlanTransitEncryptionChange(const ReplicationGroup& rg, std::optional<bool> enabled,
                                 const std::optional<std::string>& mode, GroupModification& mod);

// ---- cluster mode ---------------------------------------------------------------------------

// ClusterMode: disabled -> compatible -> enabled, compatible -> disabled; not with other
// modifications (`other_changes`, CacheParameterGroupName aside); Redis OSS 7.0 or Valkey 7.2
// or later; automatic failover on with a replica in every node group. Returns the mode
// lower-cased; the caller decides whether it differs.
std::string CheckClusterModeChange(const ReplicationGroup& rg, std::string_view mode,
                                   bool other_changes);
// Node type and engine changes are refused while the group is `compatible`.
void RefuseWhileCompatible(const ReplicationGroup& rg, std::string_view what);

// ---- automatic failover, Multi-AZ, primary, snapshotting ------------------------------------

// `failover` and `multi_az` are the values after the request.
void CheckAutomaticFailover(const ReplicationGroup& rg, bool enable, bool multi_az);
void CheckMultiAz(const ReplicationGroup& rg, bool enable, bool failover);
// PrimaryClusterId: a member of a cluster-mode-disabled group (optionally of `node_group_id`)
// while Multi-AZ is off. Returns the member's id lower-cased; `exists` says whether such a
// cache cluster exists at all (CacheClusterNotFound otherwise).
std::string CheckPrimaryClusterId(const ReplicationGroup& rg, std::string_view cluster_id,
                                  const std::optional<std::string>& node_group_id, bool exists);
// SnapshottingClusterId: a member of a cluster-mode-disabled group.
std::string CheckSnapshottingClusterId(const ReplicationGroup& rg, std::string_view cluster_id,
                                       bool exists);

// ---- log delivery ---------------------------------------------------------------------------

// LogDeliveryConfigurations requests (LogDeliveryConfigurationRequest values) merged into the
// group's list, by LogType: Enabled=false removes that type. Each request is checked (log
// type, destination type and details, format).
ApiValue MergeLogDeliveryConfigurations(const ApiValue& current,
                                        const std::vector<ApiValue>& requests);

// ---- applying -------------------------------------------------------------------------------

// Starts applying `mod` at `now` (the group and its node groups modifying for `duration_ms`)
// and says so; member clusters follow the group's settings from then (FollowGroupSettings).
DomainEvent StartGroupModification(ReplicationGroup& rg, const GroupModification& mod,
                                   Timestamp now, int64_t duration_ms);
// The modification merged into `base` (its values win).
GroupModification MergeModifications(const GroupModification& base, const GroupModification& newer);
// What a finished modification does to the group (settings, roles, failover, AUTH token,
// user groups, logs, in-transit encryption, cluster mode) at `at`.
void ApplyGroupModification(ReplicationGroup& rg, const GroupModification& mod, Timestamp at);

}  // namespace ecl

// The rules of cache parameter groups as pure functions over the parameter catalog: group
// names, the default groups, a parameter's value and Source in a group, what
// ModifyCacheParameterGroup and ResetCacheParameterGroup may change, when a group may be
// deleted, a group's family against a cluster's engine version, and how a change shows on the
// clusters that use the group (ParameterApplyStatus). Every refusal throws the AwsError AWS
// gives; docs/parameter-groups.md lists the sources of each code and message. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/cache_cluster.h"
#include "model/cache_parameter_group.h"
#include "model/parameter_catalog.h"

namespace ecl {

// At most this many parameters per ModifyCacheParameterGroup (the API reference).
inline constexpr std::size_t kMaxParametersPerModify = 20;
inline constexpr std::size_t kMaxParameterGroupNameLength = 255;

// CacheParameterGroupName of a new group: the identifier rule (so no dots: a user group can
// never be named like a default one), 1-255 characters. Returned lower case, as stored.
std::string ValidateParameterGroupName(std::string_view name);

// The record of a default group in one account and region.
CacheParameterGroup BuiltInGroup(const DefaultParameterGroup& group, const std::string& account,
                                 const std::string& region);

// A parameter's value in `group`: the user's, else the default group's own value, else the
// family default ("" for node-type-specific parameters, which have no single value).
std::string EffectiveValue(const ParameterCatalog& catalog, const CacheParameterGroup& group,
                           const CacheParameter& parameter);
// The Source DescribeCacheParameters shows: "user" for a value the user set, else the
// catalog's ("system").
std::string SourceOf(const CacheParameterGroup& group, const CacheParameter& parameter);
// Whether the group runs clusters in cluster mode: its cluster-enabled is "yes" (families
// without that parameter never do).
bool ClusterEnabled(const ParameterCatalog& catalog, const CacheParameterGroup& group);

// DescribeCacheParameters' Source filter: user, system or engine-default; anything else is
// InvalidParameterValue.
std::string ValidateSourceFilter(std::string_view source);

// One ParameterNameValues element as requested.
struct ParameterNameValueRequest {
  std::optional<std::string> name;
  std::optional<std::string> value;
};

// A parameter whose value in a group changes, with the value it takes.
struct ParameterChange {
  const CacheParameter* parameter = nullptr;
  std::string value;
};

// ModifyCacheParameterGroup: 1-20 parameters, each one of the family's, modifiable (the
// group's cluster-enabled also while no cluster uses the group) and with a value that fits
// its type and allowed values. A default group cannot be modified. Returns the changes in
// request order, a later value for the same parameter replacing an earlier one.
std::vector<ParameterChange> PlanModify(const ParameterCatalog& catalog,
                                        const CacheParameterGroup& group,
                                        const std::vector<ParameterNameValueRequest>& requests,
                                        bool group_in_use);
// ResetCacheParameterGroup: either ResetAllParameters=true or named parameters, not both and
// not neither; each name one of the family's; none of them with pending changes. Returns the
// parameters the user had set, each with the value it goes back to.
std::vector<ParameterChange> PlanReset(const ParameterCatalog& catalog,
                                       const CacheParameterGroup& group,
                                       std::optional<bool> reset_all,
                                       const std::vector<ParameterNameValueRequest>& requests,
                                       bool group_in_use, Timestamp now);
// Records modified values (Source "user") and, for `transition_ms` > 0, that they are pending
// until applied.
void ApplyModify(CacheParameterGroup& group, const std::vector<ParameterChange>& changes,
                 Timestamp now, int64_t transition_ms);
// Forgets the user's values of reset parameters (pending as for ApplyModify).
void ApplyReset(CacheParameterGroup& group, const std::vector<ParameterChange>& changes,
                Timestamp now, int64_t transition_ms);

// DeleteCacheParameterGroup: not a default group, not while clusters use it, not while a
// change is pending.
void CheckDeletable(const CacheParameterGroup& group, bool group_in_use, Timestamp now);

// CreateReplicationGroup: the group's family must be the engine version's.
void CheckFamilyMatches(const CacheParameterGroup& group, std::string_view expected_family);

// What changes mean to a cluster using the group: immediate ones are applying for
// `transition_ms`, requires-reboot ones leave it pending-reboot. Returns the immediate changes
// (the ones the cluster takes up now).
std::vector<ParameterChange> ApplyToCluster(CacheCluster& cluster,
                                            const std::vector<ParameterChange>& changes,
                                            Timestamp now, int64_t transition_ms);
// The cache-cluster event of an immediate change taken up: "Updated parameter %s to %s" (the
// User Guide's SNS table, CacheClusterParametersChanged).
std::string ParameterUpdatedMessage(std::string_view name, std::string_view value);
// ParameterApplyStatus of a cluster at `now`.
std::string ParameterApplyStatusOf(const CacheCluster& cluster, Timestamp now);

}  // namespace ecl

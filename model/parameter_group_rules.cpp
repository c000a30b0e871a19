#include "model/parameter_group_rules.h"

#include <algorithm>
#include <set>

#include "model/aws_faults.h"
#include "model/identifiers.h"

namespace ecl {
namespace {

constexpr std::string_view kClusterEnabled = "cluster-enabled";

// The catalog's parameter of that name in the group's family; parameter names are lower case
// in every family, so a name is matched case-insensitively.
const CacheParameter& RequireParameter(const ParameterCatalog& catalog,
                                       const CacheParameterGroup& group,
                                       const std::optional<std::string>& name) {
  if (!name || name->empty())
    throw faults::InvalidParameterValueException(
        "Each element of ParameterNameValues must have a ParameterName.");
  const CacheParameter* p = catalog.Find(group.family, ToLowerAscii(*name));
  if (p == nullptr)
    throw faults::InvalidParameterValueException("Parameter " + *name + " doesn't exist");
  return *p;
}

// Whether the user may change the parameter in this group now. cluster-enabled is not
// modifiable in the catalog's sense (a cluster cannot change mode through its group), yet a
// group no cluster uses may set it: that is how custom cluster-mode groups are made.
void CheckChangeable(const CacheParameter& p, bool group_in_use) {
  if (p.is_modifiable) return;
  if (p.name == kClusterEnabled && !group_in_use) return;
  throw faults::InvalidParameterValueException("The parameter " + p.name + " cannot be modified.");
}

void RefuseBuiltIn(const CacheParameterGroup& group, std::string_view what) {
  if (group.built_in)
    throw faults::InvalidCacheParameterGroupStateFault("Default CacheParameterGroup cannot be " +
                                                       std::string(what) + ": " + group.id);
}

std::optional<Timestamp> PendingUntil(const CacheParameterGroup& group, std::string_view name,
                                      Timestamp now) {
  for (const auto& p : group.pending)
    if (p.name == name && now.epoch_ms < p.until.epoch_ms) return p.until;
  return std::nullopt;
}

void MarkPending(CacheParameterGroup& group, const std::string& name, Timestamp now,
                 int64_t transition_ms) {
  // Only changes still being applied matter; older entries are dropped as new ones come.
  std::erase_if(group.pending, [&](const PendingParameterChange& p) {
    return p.name == name || p.until.epoch_ms <= now.epoch_ms;
  });
  if (transition_ms > 0) group.pending.push_back({name, Timestamp{now.epoch_ms + transition_ms}});
}

}  // namespace

std::string ValidateParameterGroupName(std::string_view name) {
  return ValidateIdentifier("CacheParameterGroupName", name, kMaxParameterGroupNameLength);
}

CacheParameterGroup BuiltInGroup(const DefaultParameterGroup& group, const std::string& account,
                                 const std::string& region) {
  CacheParameterGroup g;
  g.account = account;
  g.region = region;
  g.id = group.name;
  g.family = group.family;
  g.description = group.description;
  g.built_in = true;
  return g;
}

std::string EffectiveValue(const ParameterCatalog& catalog, const CacheParameterGroup& group,
                           const CacheParameter& parameter) {
  if (auto it = group.values.find(parameter.name); it != group.values.end()) return it->second;
  if (group.built_in)
    if (auto value = catalog.DefaultGroupValue(group.id, parameter.name)) return *value;
  return parameter.value;
}

std::string SourceOf(const CacheParameterGroup& group, const CacheParameter& parameter) {
  return group.values.count(parameter.name) ? "user" : parameter.source;
}

bool ClusterEnabled(const ParameterCatalog& catalog, const CacheParameterGroup& group) {
  const CacheParameter* p = catalog.Find(group.family, kClusterEnabled);
  return p != nullptr && EffectiveValue(catalog, group, *p) == "yes";
}

std::string ValidateSourceFilter(std::string_view source) {
  if (source == "user" || source == "system" || source == "engine-default")
    return std::string(source);
  throw faults::InvalidParameterValueException("Invalid value for Source: " + std::string(source) +
                                               ". Valid values are user, system, engine-default.");
}

std::vector<ParameterChange> PlanModify(const ParameterCatalog& catalog,
                                        const CacheParameterGroup& group,
                                        const std::vector<ParameterNameValueRequest>& requests,
                                        bool group_in_use) {
  RefuseBuiltIn(group, "modified");
  if (requests.empty())
    throw faults::InvalidParameterValueException(
        "ParameterNameValues must name at least one parameter and its value.");
  if (requests.size() > kMaxParametersPerModify)
    throw faults::InvalidParameterCombinationException(
        "Cannot modify more than 20 parameters in a single request");
  std::vector<ParameterChange> changes;
  for (const auto& r : requests) {
    const CacheParameter& p = RequireParameter(catalog, group, r.name);
    CheckChangeable(p, group_in_use);
    if (!r.value)
      throw faults::InvalidParameterValueException("The parameter " + p.name +
                                                   " must be given a ParameterValue.");
    if (auto error = CheckValue(p, *r.value)) throw faults::InvalidParameterValueException(*error);
    std::erase_if(changes, [&](const ParameterChange& c) { return c.parameter == &p; });
    changes.push_back({&p, *r.value});
  }
  return changes;
}

std::vector<ParameterChange> PlanReset(const ParameterCatalog& catalog,
                                       const CacheParameterGroup& group,
                                       std::optional<bool> reset_all,
                                       const std::vector<ParameterNameValueRequest>& requests,
                                       bool group_in_use, Timestamp now) {
  RefuseBuiltIn(group, "modified");
  const bool all = reset_all.value_or(false);
  if (all && !requests.empty())
    throw faults::InvalidParameterCombinationException(
        "ResetAllParameters and ParameterNameValues cannot be used together: reset either all "
        "parameters or the ones named.");
  if (!all && requests.empty())
    throw faults::InvalidParameterValueException(
        "Name at least one parameter in ParameterNameValues, or set ResetAllParameters to true.");
  std::vector<const CacheParameter*> targets;
  if (all) {
    for (const auto& [name, value] : group.values)
      if (const CacheParameter* p = catalog.Find(group.family, name)) targets.push_back(p);
  } else {
    for (const auto& r : requests) {
      const CacheParameter* p = &RequireParameter(catalog, group, r.name);
      if (std::find(targets.begin(), targets.end(), p) == targets.end()) targets.push_back(p);
    }
  }
  std::vector<ParameterChange> changes;
  for (const CacheParameter* p : targets) {
    if (!group.values.count(p->name)) continue;  // already at its default
    if (PendingUntil(group, p->name, now))
      throw faults::InvalidCacheParameterGroupStateFault(
          "Cannot reset the parameter group because the parameter " + p->name +
          " has pending changes.");
    CheckChangeable(*p, group_in_use);
    changes.push_back({p, p->value});
  }
  return changes;
}

void ApplyModify(CacheParameterGroup& group, const std::vector<ParameterChange>& changes,
                 Timestamp now, int64_t transition_ms) {
  for (const auto& c : changes) {
    group.values[c.parameter->name] = c.value;
    MarkPending(group, c.parameter->name, now, transition_ms);
  }
}

void ApplyReset(CacheParameterGroup& group, const std::vector<ParameterChange>& changes,
                Timestamp now, int64_t transition_ms) {
  for (const auto& c : changes) {
    group.values.erase(c.parameter->name);
    MarkPending(group, c.parameter->name, now, transition_ms);
  }
}

void CheckDeletable(const CacheParameterGroup& group, bool group_in_use, Timestamp now) {
  RefuseBuiltIn(group, "deleted");
  if (group_in_use)
    throw faults::InvalidCacheParameterGroupStateFault(
        "One or more cache clusters are still members of this parameter group " + group.id +
        ", so the group cannot be deleted.");
  for (const auto& p : group.pending)
    if (now.epoch_ms < p.until.epoch_ms)
      throw faults::InvalidCacheParameterGroupStateFault(
          "Cache parameter group " + group.id + " can not be deleted in the current state.");
}

void CheckFamilyMatches(const CacheParameterGroup& group, std::string_view expected_family) {
  if (group.family != expected_family)
    throw faults::InvalidParameterCombinationException("Expected a parameter group of family " +
                                                       std::string(expected_family) +
                                                       " but found one of family " + group.family);
}

std::vector<ParameterChange> ApplyToCluster(CacheCluster& cluster,
                                            const std::vector<ParameterChange>& changes,
                                            Timestamp now, int64_t transition_ms) {
  std::vector<ParameterChange> immediate;
  for (const auto& c : changes) {
    if (c.parameter->change_type == "requires-reboot") {
      cluster.parameters_pending_reboot = true;
      continue;
    }
    immediate.push_back(c);
    Timestamp until{now.epoch_ms + transition_ms};
    if (!cluster.parameters_applying_until ||
        cluster.parameters_applying_until->epoch_ms < until.epoch_ms)
      cluster.parameters_applying_until = until;
  }
  return immediate;
}

std::string ParameterUpdatedMessage(std::string_view name, std::string_view value) {
  return "Updated parameter " + std::string(name) + " to " + std::string(value);
}

std::string ParameterApplyStatusOf(const CacheCluster& cluster, Timestamp now) {
  if (cluster.parameters_pending_reboot) return ParameterApplyStatus::kPendingReboot;
  if (cluster.parameters_applying_until &&
      now.epoch_ms < cluster.parameters_applying_until->epoch_ms)
    return ParameterApplyStatus::kApplying;
  return ParameterApplyStatus::kInSync;
}

}  // namespace ecl

#include "model/replica_scaling.h"

#include <algorithm>
#include <map>
#include <set>

#include "model/aws_faults.h"
#include "model/identifiers.h"
#include "model/naming.h"

namespace ecl {

namespace {

constexpr int kMaxReplicas = 5;

int ReplicaCount(const NodeGroup& ng) {
  return int(std::count_if(ng.members.begin(), ng.members.end(),
                           [](const NodeGroupMember& m) { return !m.primary; }));
}

std::string JoinForMessage(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// The fewest replicas a node group may keep.
int MinimumReplicas(const ReplicationGroup& rg) {
  return !rg.cluster_enabled && (rg.automatic_failover || rg.multi_az) ? 1 : 0;
}

void CheckMinimum(const ReplicationGroup& rg, int target) {
  if (target >= MinimumReplicas(rg)) return;
  if (rg.multi_az)
    throw faults::InvalidParameterValueException(
        "Must have at least 1 replica for Multi-AZ enabled Replication Group");
  throw faults::InvalidParameterValueException(
      "Must have at least 1 replica when cluster mode is disabled with auto failover enabled.");
}

void CheckRange(int count, const std::string& param) {
  if (count < 0 || count > kMaxReplicas)
    throw faults::InvalidParameterValueException(
        "The number of replicas per node group must be within 0 and 5. " + param + " was " +
        std::to_string(count) + ".");
}

// Target replica count per node group, from NewReplicaCount or ReplicaConfiguration.
struct Target {
  int count;
  std::vector<std::string> zones;  // preferred zones, primary's first (may be empty)
};

// Where new replicas go: the request's placement, else the group's region.
ZonePlacement PlacementFor(const ReplicationGroup& rg, const ReplicaChangeRequest& req) {
  if (!req.placement.region.empty()) return req.placement;
  return ZonePlacement{rg.region, {}, {}, {}};
}

std::map<std::string, Target> TargetsFrom(const ReplicationGroup& rg,
                                          const ReplicaChangeRequest& req) {
  std::map<std::string, Target> targets;
  if (req.new_replica_count) {
    CheckRange(*req.new_replica_count, "NewReplicaCount");
    for (const auto& ng : rg.node_groups) targets[ng.id] = {*req.new_replica_count, {}};
    return targets;
  }
  std::vector<std::string> unknown;
  for (const auto& shard : req.replica_configuration) {
    std::string id = shard.node_group_id;
    auto ng = std::find_if(rg.node_groups.begin(), rg.node_groups.end(),
                           [&](const NodeGroup& g) { return g.id == id; });
    if (ng == rg.node_groups.end()) {
      unknown.push_back(id);
      continue;
    }
    if (targets.count(id))
      throw faults::InvalidParameterValueException(
          "Node group " + id + " appears more than once in ReplicaConfiguration.");
    CheckRange(shard.new_replica_count, "NewReplicaCount for node group " + id);
    std::vector<std::string> zones;
    for (const auto& z : shard.preferred_availability_zones)
      zones.push_back(ValidateAvailabilityZone(PlacementFor(rg, req), z));
    if (!zones.empty() && int(zones.size()) != shard.new_replica_count + 1)
      throw faults::InvalidParameterValueException(
          "PreferredAvailabilityZones for node group " + id + " must list " +
          std::to_string(shard.new_replica_count + 1) +
          " Availability Zones (the primary's first, then one per replica); got " +
          std::to_string(zones.size()) + ".");
    targets[id] = {shard.new_replica_count, std::move(zones)};
  }
  if (!unknown.empty())
    throw faults::InvalidParameterValueException("The following node group ids are invalid: [" +
                                                 JoinForMessage(unknown) + "]");
  return targets;
}

// ReplicasToRemove grouped by node group, checked to be replicas of this group.
std::map<std::string, std::vector<std::string>> RemovalsFrom(const ReplicationGroup& rg,
                                                             const std::vector<std::string>& ids) {
  std::map<std::string, std::vector<std::string>> by_group;
  std::set<std::string> seen;
  for (const auto& raw : ids) {
    std::string id = ToLowerAscii(raw);
    if (!seen.insert(id).second)
      throw faults::InvalidParameterValueException("Cache cluster " + id +
                                                   " appears more than once in ReplicasToRemove.");
    bool found = false;
    for (const auto& ng : rg.node_groups)
      for (const auto& m : ng.members)
        if (m.cache_cluster_id == id) {
          if (m.primary)
            throw faults::InvalidParameterValueException(
                "Cache cluster " + id + " is the primary of node group " + ng.id +
                " and cannot be removed. Fail over to a replica first.");
          by_group[ng.id].push_back(id);
          found = true;
        }
    if (!found)
      throw faults::InvalidParameterValueException(
          "Cache cluster " + id + " is not a member of replication group " + rg.id + ".");
  }
  return by_group;
}

// Member number → id for this group's naming scheme.
std::string MemberIdFor(const ReplicationGroup& rg, const std::string& node_group_id, int n) {
  return rg.cluster_enabled ? MemberClusterId(rg.id, node_group_id, n) : MemberClusterId(rg.id, n);
}

std::vector<NodeGroupMember> PlanJoining(const ReplicationGroup& rg, const NodeGroup& ng,
                                         const Target& target, const ZonePlacement& placement,
                                         const std::function<bool(const std::string&)>& taken) {
  int current = ReplicaCount(ng);
  int adding = target.count - current;
  std::vector<std::string> zones;
  if (!target.zones.empty()) {
    // Existing replicas keep their zones; the new ones take the list's later entries.
    zones.assign(target.zones.begin() + 1 + current, target.zones.end());
  } else {
    zones = SpreadAcrossZones(placement, adding, int(ng.members.size()));
  }
  std::vector<NodeGroupMember> joining;
  std::set<std::string> used;
  for (const auto& m : ng.members) used.insert(m.cache_cluster_id);
  for (int n = 1; int(joining.size()) < adding; ++n) {
    std::string id = MemberIdFor(rg, ng.id, n);
    if (used.count(id) || taken(id)) continue;
    joining.push_back({id, zones[joining.size()], false, true, false});
  }
  return joining;
}

// The newest replicas: highest member numbers last in name order.
std::vector<std::string> NewestReplicas(const NodeGroup& ng, int count) {
  std::vector<std::string> replicas;
  for (const auto& m : ng.members)
    if (!m.primary) replicas.push_back(m.cache_cluster_id);
  std::sort(replicas.begin(), replicas.end());
  return {replicas.end() - count, replicas.end()};
}

}  // namespace

ReplicaPlan PlanReplicaChange(const ReplicationGroup& rg, const ReplicaChangeRequest& req,
                              const std::function<bool(const std::string&)>& taken) {
  if (rg.status != ReplicationGroupStatus::kAvailable)
    throw faults::InvalidReplicationGroupStateFault(
        "Replication group must be in available state to modify. Replication group " + rg.id +
        " is " + rg.status + ".");
  bool has_count = req.new_replica_count.has_value();
  bool has_config = !req.replica_configuration.empty();
  bool has_removals = !req.increase && !req.replicas_to_remove.empty();
  if (has_count && has_config)
    throw faults::InvalidParameterCombinationException(
        "Specify either NewReplicaCount or ReplicaConfiguration, but not both.");
  if (!has_count && !has_config && !has_removals)
    throw faults::InvalidParameterCombinationException(
        req.increase ? "Either NewReplicaCount or ReplicaConfiguration must be specified."
                     : "One of NewReplicaCount, ReplicaConfiguration or ReplicasToRemove must be "
                       "specified.");

  std::map<std::string, Target> targets;
  if (has_count || has_config) targets = TargetsFrom(rg, req);
  auto removals = has_removals ? RemovalsFrom(rg, req.replicas_to_remove)
                               : std::map<std::string, std::vector<std::string>>{};
  // Removals alone: each named shard ends with its named replicas gone.
  if (!has_count && !has_config)
    for (const auto& [id, leaving] : removals)
      for (const auto& ng : rg.node_groups)
        if (ng.id == id) targets[id] = {ReplicaCount(ng) - int(leaving.size()), {}};

  ReplicaPlan plan;
  bool any_change = false;
  for (const auto& ng : rg.node_groups) {
    auto t = targets.find(ng.id);
    if (t == targets.end()) {
      if (removals.count(ng.id))
        throw faults::InvalidParameterValueException(
            "ReplicasToRemove names replicas of node group " + ng.id +
            ", which ReplicaConfiguration does not change.");
      continue;
    }
    const Target& target = t->second;
    int current = ReplicaCount(ng);
    if (req.increase && target.count < current)
      throw faults::InvalidParameterValueException(
          "The new replica count " + std::to_string(target.count) + " for node group " + ng.id +
          " must be larger than its current replica count " + std::to_string(current) + ".");
    if (!req.increase && target.count > current)
      throw faults::InvalidParameterValueException(
          "The new replica count " + std::to_string(target.count) + " for node group " + ng.id +
          " must be smaller than its current replica count " + std::to_string(current) + ".");
    if (!req.increase) CheckMinimum(rg, target.count);
    if (target.count == current) continue;
    any_change = true;
    ReplicaPlan::Shard shard{ng.id, {}, {}};
    if (req.increase) {
      shard.joining = PlanJoining(rg, ng, target, PlacementFor(rg, req), taken);
    } else {
      auto named = removals.find(ng.id);
      int leaving = current - target.count;
      if (named != removals.end()) {
        if (int(named->second.size()) != leaving)
          throw faults::InvalidParameterValueException(
              "ReplicasToRemove names " + std::to_string(named->second.size()) +
              " replicas of node group " + ng.id + ", but going from " + std::to_string(current) +
              " to " + std::to_string(target.count) + " replicas removes " +
              std::to_string(leaving) + ".");
        shard.leaving = named->second;
      } else {
        shard.leaving = NewestReplicas(ng, leaving);
      }
    }
    plan.shards.push_back(std::move(shard));
  }
  if (!any_change)
    throw faults::NoOperationFault(
        "Requested new replica count already matches current number of replicas.");
  return plan;
}

void StartReplicaChange(ReplicationGroup& rg, const ReplicaPlan& plan) {
  rg.status = ReplicationGroupStatus::kModifying;
  for (const auto& shard : plan.shards)
    for (auto& ng : rg.node_groups) {
      if (ng.id != shard.node_group_id) continue;
      ng.status = ReplicationGroupStatus::kModifying;
      for (auto& m : ng.members)
        if (std::find(shard.leaving.begin(), shard.leaving.end(), m.cache_cluster_id) !=
            shard.leaving.end())
          m.leaving = true;
      ng.members.insert(ng.members.end(), shard.joining.begin(), shard.joining.end());
    }
}

void FinishReplicaChange(ReplicationGroup& rg) {
  for (auto& ng : rg.node_groups) {
    std::erase_if(ng.members, [](const NodeGroupMember& m) { return m.leaving; });
    for (auto& m : ng.members) m.joining = false;
    ng.status = ReplicationGroupStatus::kAvailable;
  }
  rg.status = ReplicationGroupStatus::kAvailable;
  // The snapshotting cluster must still exist: fall back to the last replica of the first shard.
  if (rg.snapshotting_cluster_id) {
    auto ids = rg.MemberClusterIds();
    if (std::find(ids.begin(), ids.end(), *rg.snapshotting_cluster_id) == ids.end())
      rg.snapshotting_cluster_id = rg.DefaultSnapshottingClusterId();
  }
}

}  // namespace ecl

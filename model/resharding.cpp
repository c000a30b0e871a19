#include "model/resharding.h"

#include <algorithm>
#include <set>

#include "model/aws_faults.h"
#include "model/identifiers.h"
#include "model/naming.h"
#include "model/slot_rebalance.h"

namespace ecl {

namespace {

std::string JoinIds(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

bool HasGroup(const ReplicationGroup& rg, const std::string& id) {
  return std::any_of(rg.node_groups.begin(), rg.node_groups.end(),
                     [&](const NodeGroup& g) { return g.id == id; });
}

// Ids as the user wrote them, normalized; unknown ones rejected all at once, as AWS lists them.
std::vector<std::string> KnownGroupIds(const ReplicationGroup& rg,
                                       const std::vector<std::string>& ids, const char* param) {
  std::vector<std::string> normalized, unknown;
  std::set<std::string> seen;
  for (const auto& raw : ids) {
    std::string id = IsValidNodeGroupId(raw) ? ValidateNodeGroupId(raw) : raw;
    if (!HasGroup(rg, id)) {
      unknown.push_back(raw);
      continue;
    }
    if (!seen.insert(id).second)
      throw faults::InvalidParameterValueException(std::string(param) + " lists node group " + id +
                                                   " more than once.");
    normalized.push_back(id);
  }
  if (!unknown.empty())
    throw faults::InvalidParameterValueException("The following node group ids are invalid: [" +
                                                 JoinIds(unknown) + "]");
  return normalized;
}

// Where the new node groups go: the request's placement, else the group's region.
ZonePlacement PlacementFor(const ReplicationGroup& rg, const ReshardRequest& req) {
  if (!req.placement.region.empty()) return req.placement;
  return ZonePlacement{rg.region, {}, {}, {}};
}

int SmallestReplicaCount(const ReplicationGroup& rg) {
  int smallest = 5;
  for (const auto& ng : rg.node_groups) smallest = std::min(smallest, int(ng.members.size()) - 1);
  return std::max(smallest, 0);
}

// New node groups: ids asked for, else the lowest free 4-digit ids; members as the smallest
// existing shard has, zones as asked or spread.
std::vector<NodeGroup> PlanNewGroups(const ReplicationGroup& rg, const ReshardRequest& req,
                                     int count,
                                     const std::function<bool(const std::string&)>& taken) {
  std::set<std::string> used;
  for (const auto& ng : rg.node_groups) used.insert(ng.id);
  int replicas = SmallestReplicaCount(rg);
  const ZonePlacement placement = PlacementFor(rg, req);
  std::vector<NodeGroup> added;
  for (const auto& c : req.resharding_configuration) {
    if (!c.node_group_id) continue;
    std::string id = ValidateNodeGroupId(*c.node_group_id);
    if (HasGroup(rg, id))
      throw faults::InvalidParameterValueException(
          "Node group id " + id + " is already in use in replication group " + rg.id + ".");
    if (!used.insert(id).second)
      throw faults::InvalidParameterValueException("ReshardingConfiguration lists node group id " +
                                                   id + " more than once.");
  }
  int next_free = 1;
  for (int i = 0; i < count; ++i) {
    const ReshardingConfigurationRequest* config = i < int(req.resharding_configuration.size())
                                                       ? &req.resharding_configuration[size_t(i)]
                                                       : nullptr;
    NodeGroup ng;
    if (config && config->node_group_id) {
      ng.id = ValidateNodeGroupId(*config->node_group_id);
    } else {
      while (used.count(FormatNodeGroupId(next_free))) ++next_free;
      ng.id = FormatNodeGroupId(next_free);
      used.insert(ng.id);
    }
    ng.status = ReplicationGroupStatus::kCreating;
    std::vector<std::string> zones;
    if (config && !config->preferred_availability_zones.empty()) {
      if (int(config->preferred_availability_zones.size()) != replicas + 1)
        throw faults::InvalidParameterValueException(
            "PreferredAvailabilityZones for new node group " + ng.id + " must list " +
            std::to_string(replicas + 1) + " Availability Zones (one per node); got " +
            std::to_string(config->preferred_availability_zones.size()) + ".");
      for (const auto& z : config->preferred_availability_zones)
        zones.push_back(ValidateAvailabilityZone(placement, z));
    } else {
      zones = SpreadAcrossZones(placement, replicas + 1, int(rg.node_groups.size()) + i);
    }
    // Members are numbered 001, 002, ... skipping ids a cluster already uses; the number
    // carries on from member to member so two members never get the same id.
    int n = 0;
    for (int m = 0; m <= replicas; ++m) {
      do ++n;
      while (taken(MemberClusterId(rg.id, ng.id, n)));
      ng.members.push_back(
          {MemberClusterId(rg.id, ng.id, n), zones[size_t(m)], m == 0, true, false});
    }
    added.push_back(std::move(ng));
  }
  return added;
}

}  // namespace

ReshardPlan PlanResharding(const ReplicationGroup& rg, const ReshardRequest& req,
                           const std::function<bool(const std::string&)>& taken) {
  if (!rg.cluster_enabled)
    throw faults::InvalidParameterValueException(
        "Operation is only applicable for cluster mode enabled replication groups.");
  if (!req.apply_immediately)
    throw faults::InvalidParameterValueException(
        "ApplyImmediately=false is not supported: the only permitted value is true.");
  if (rg.status != ReplicationGroupStatus::kAvailable)
    throw faults::InvalidReplicationGroupStateFault(
        "Replication group must be in available state to modify.");
  int current = int(rg.node_groups.size());
  int wanted = req.node_group_count;
  if (wanted < 1)
    throw faults::InvalidParameterValueException(
        "NodeGroupCount must be at least 1; got " + std::to_string(wanted) +
        ". To remove all shards, delete the replication group.");
  if (wanted > req.node_groups_quota)
    throw faults::NodeGroupsPerReplicationGroupQuotaExceededFault(
        "NodeGroupCount " + std::to_string(wanted) + " exceeds the maximum of " +
        std::to_string(req.node_groups_quota) + " node groups per replication group.");
  bool has_remove = !req.node_groups_to_remove.empty();
  bool has_retain = !req.node_groups_to_retain.empty();
  if (!req.resharding_configuration.empty() && wanted <= current)
    throw faults::InvalidParameterCombinationException(
        "ReshardingConfiguration can be specified only when NodeGroupCount (" +
        std::to_string(wanted) + ") is greater than the current number of node groups (" +
        std::to_string(current) + ").");
  if ((has_remove || has_retain) && wanted >= current)
    throw faults::InvalidParameterCombinationException(
        "NodeGroupsToRemove and NodeGroupsToRetain can be specified only when NodeGroupCount (" +
        std::to_string(wanted) + ") is less than the current number of node groups (" +
        std::to_string(current) + ").");
  if (has_remove && has_retain)
    throw faults::InvalidParameterCombinationException(
        "Specify either NodeGroupsToRemove or NodeGroupsToRetain, but not both.");

  ReshardPlan plan;
  std::vector<std::string> kept;
  if (wanted < current) {
    if (!has_remove && !has_retain)
      throw faults::InvalidParameterValueException(
          "NodeGroupsToRemove or NodeGroupsToRetain is required when NodeGroupCount (" +
          std::to_string(wanted) + ") is less than the current number of node groups (" +
          std::to_string(current) + ").");
    if (has_remove) {
      plan.removed = KnownGroupIds(rg, req.node_groups_to_remove, "NodeGroupsToRemove");
      if (int(plan.removed.size()) != current - wanted)
        throw faults::InvalidParameterValueException(
            "NodeGroupsToRemove lists " + std::to_string(plan.removed.size()) +
            " node groups, but going from " + std::to_string(current) + " to " +
            std::to_string(wanted) + " removes " + std::to_string(current - wanted) + ".");
      for (const auto& ng : rg.node_groups)
        if (std::find(plan.removed.begin(), plan.removed.end(), ng.id) == plan.removed.end())
          kept.push_back(ng.id);
    } else {
      auto retained = KnownGroupIds(rg, req.node_groups_to_retain, "NodeGroupsToRetain");
      if (int(retained.size()) != wanted)
        throw faults::InvalidParameterValueException(
            "NodeGroupsToRetain lists " + std::to_string(retained.size()) +
            " node groups, but NodeGroupCount is " + std::to_string(wanted) + ".");
      for (const auto& ng : rg.node_groups)
        if (std::find(retained.begin(), retained.end(), ng.id) == retained.end())
          plan.removed.push_back(ng.id);
        else
          kept.push_back(ng.id);
    }
  } else {
    for (const auto& ng : rg.node_groups) kept.push_back(ng.id);
    if (int(req.resharding_configuration.size()) > wanted - current)
      throw faults::InvalidParameterValueException(
          "ReshardingConfiguration has " + std::to_string(req.resharding_configuration.size()) +
          " entries, but only " + std::to_string(wanted - current) + " node groups are added.");
    plan.added = PlanNewGroups(rg, req, wanted - current, taken);
  }

  std::vector<SlotSet> kept_slots;
  SlotSet freed;
  for (const auto& ng : rg.node_groups) {
    SlotSet slots = ParseSlots(ng.slots);
    if (std::find(kept.begin(), kept.end(), ng.id) != kept.end())
      kept_slots.push_back(slots);
    else
      freed = freed.Union(slots);
  }
  if (wanted == current && IsEvenlyDistributed(kept_slots))
    throw faults::InvalidReplicationGroupStateFault(
        "Slots in the replication group are uniformly distributed. Nothing to do.");
  auto final_slots = RebalanceSlots(kept_slots, freed, int(plan.added.size()));
  for (size_t i = 0; i < kept.size(); ++i) plan.final_slots[kept[i]] = final_slots[i].ToString();
  for (size_t i = 0; i < plan.added.size(); ++i)
    plan.final_slots[plan.added[i].id] = final_slots[kept.size() + i].ToString();
  return plan;
}

void StartResharding(ReplicationGroup& rg, const ReshardPlan& plan) {
  rg.status = ReplicationGroupStatus::kModifying;
  for (auto& ng : rg.node_groups) {
    bool removed = std::find(plan.removed.begin(), plan.removed.end(), ng.id) != plan.removed.end();
    ng.status = removed ? ReplicationGroupStatus::kDeleting : ReplicationGroupStatus::kModifying;
    if (removed)
      for (auto& m : ng.members) m.leaving = true;
  }
  rg.node_groups.insert(rg.node_groups.end(), plan.added.begin(), plan.added.end());
  rg.resharding_target_slots = plan.final_slots;
}

void FinishResharding(ReplicationGroup& rg) {
  std::erase_if(rg.node_groups,
                [](const NodeGroup& ng) { return ng.status == ReplicationGroupStatus::kDeleting; });
  for (auto& ng : rg.node_groups) {
    auto target = rg.resharding_target_slots.find(ng.id);
    if (target != rg.resharding_target_slots.end()) ng.slots = target->second;
    for (auto& m : ng.members) m.joining = false;
    ng.status = ReplicationGroupStatus::kAvailable;
  }
  // Node groups are listed by id, as ElastiCache lists them.
  std::sort(rg.node_groups.begin(), rg.node_groups.end(),
            [](const NodeGroup& a, const NodeGroup& b) { return a.id < b.id; });
  rg.resharding_target_slots.clear();
  rg.status = ReplicationGroupStatus::kAvailable;
  // The snapshotting cluster may have left with a removed shard: fall back to a member that
  // is still there.
  if (rg.snapshotting_cluster_id && !rg.node_groups.empty()) {
    auto ids = rg.MemberClusterIds();
    if (std::find(ids.begin(), ids.end(), *rg.snapshotting_cluster_id) == ids.end())
      rg.snapshotting_cluster_id = rg.DefaultSnapshottingClusterId();
  }
}

}  // namespace ecl

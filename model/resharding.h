// Online resharding: the rules of ModifyReplicationGroupShardConfiguration as pure functions.
// A request is checked against a cluster-mode-enabled group and planned (which node groups
// are added with which ids and zones, which are removed, and every shard's final slots);
// starting the plan marks the group modifying, finishing it applies the slots.
// Pure; thread-compatible.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/naming.h"
#include "model/replication_group.h"

namespace ecl {

struct ReshardingConfigurationRequest {
  std::optional<std::string> node_group_id;
  std::vector<std::string> preferred_availability_zones;
};

struct ReshardRequest {
  int node_group_count = 0;
  bool apply_immediately = true;
  std::vector<ReshardingConfigurationRequest> resharding_configuration;
  std::vector<std::string> node_groups_to_remove;
  std::vector<std::string> node_groups_to_retain;
  int node_groups_quota = kDefaultNodeGroupsQuota;
  // The zones new node groups may use: the group's cache subnet group's (the region's when
  // the placement names no region).
  ZonePlacement placement;
};

struct ReshardPlan {
  std::vector<NodeGroup> added;                    // new node groups with their (joining) members
  std::vector<std::string> removed;                // node group ids
  std::map<std::string, std::string> final_slots;  // node group id → range list
};

// Checks and plans. `taken` says whether a cache cluster id is already in use.
// Throws AwsError (InvalidParameterValue, InvalidParameterCombination,
// NodeGroupsPerReplicationGroupQuotaExceeded, InvalidReplicationGroupState).
ReshardPlan PlanResharding(const ReplicationGroup& rg, const ReshardRequest& request,
                           const std::function<bool(const std::string&)>& taken);

// Adds the new node groups (creating), marks removed ones deleting, the rest modifying, and
// records the final slots on the group until the migration finishes.
void StartResharding(ReplicationGroup& rg, const ReshardPlan& plan);
// Slot migration done: removed node groups are gone, new ones ready, slots final.
void FinishResharding(ReplicationGroup& rg);

}  // namespace ecl

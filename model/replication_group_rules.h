// The topology rules of CreateReplicationGroup as one pure function: from the request's
// counts, parameter group name, NodeGroupConfiguration list and AZ lists to a resolved
// topology (cluster mode, node groups with ids, slots, primary and replica zones), or the
// AwsError AWS gives. Values and pure functions; thread-safe.
//
// Choices where AWS documents no exact behaviour (aws-semantics.md §2.1, §6):
// - Cluster mode is enabled by NumNodeGroups > 1, more than one NodeGroupConfiguration, or a
//   parameter group with cluster mode on (known from `parameter_group_cluster_enabled`, else
//   from a name containing ".cluster.on"). Asking for several shards with a parameter group
//   known to have cluster mode off is InvalidParameterCombination.
// - Replica counts: NodeGroupConfiguration.ReplicaCount, else ReplicasPerNodeGroup, else
//   NumCacheClusters - 1 (only meaningful for one node group), else 0. Contradicting values
//   for one node group are InvalidParameterCombination.
// - A cluster-mode-disabled group always has node group "0001" (an id given is validated but
//   not used) and owns all slots; callers do not show Slots for it.
// - User node group ids are stored in 4-digit form; generated ids are 0001, 0002, ... skipping
//   ids users took. Missing zones are spread round-robin over the placement's zones (the cache
//   subnet group's), node group i starting at zone i; a zone given outside them is refused.
// - AutomaticFailoverEnabled omitted counts as false (the documented default) for cluster mode
//   disabled and as true for cluster mode enabled, as AWS's own example shows; an explicit
//   false with cluster mode enabled is InvalidParameterValue.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/naming.h"
#include "model/replication_group.h"
#include "model/slot_ranges.h"

namespace ecl {

inline constexpr int kMaxReplicasPerNodeGroup = 5;
inline constexpr int kMaxNumCacheClusters = kMaxReplicasPerNodeGroup + 1;

struct NodeGroupConfigurationRequest {
  std::optional<std::string> node_group_id;
  std::optional<std::string> slots;
  std::optional<int> replica_count;
  std::optional<std::string> primary_availability_zone;
  std::vector<std::string> replica_availability_zones;
};

struct ReplicationGroupTopologyRequest {
  std::optional<int> num_cache_clusters;
  std::optional<int> num_node_groups;
  std::optional<int> replicas_per_node_group;
  std::optional<bool> automatic_failover;
  std::optional<bool> multi_az;
  std::optional<std::string> cache_parameter_group_name;
  // When the caller has looked the parameter group up: its cluster-enabled setting.
  std::optional<bool> parameter_group_cluster_enabled;
  std::vector<std::string> preferred_cache_cluster_azs;
  std::vector<NodeGroupConfigurationRequest> node_group_configurations;
  int node_groups_quota = kDefaultNodeGroupsQuota;
  // The zones nodes may go to: those of the cache subnet group (the region's when it names
  // none).
  ZonePlacement placement;
};

struct ResolvedNodeGroup {
  std::string node_group_id;
  SlotSet slots;
  std::string primary_availability_zone;
  std::vector<std::string> replica_availability_zones;  // one per replica, in member order

  int ReplicaCount() const { return static_cast<int>(replica_availability_zones.size()); }
  bool operator==(const ResolvedNodeGroup&) const = default;
};

struct ResolvedTopology {
  bool cluster_enabled = false;
  bool automatic_failover = false;
  bool multi_az = false;
  std::vector<ResolvedNodeGroup> node_groups;

  int TotalNodes() const;
};

// Throws AwsError (InvalidParameterValue, InvalidParameterCombination or
// NodeGroupsPerReplicationGroupQuotaExceeded) naming the offending value.
ResolvedTopology ResolveReplicationGroupTopology(const ReplicationGroupTopologyRequest& request);

}  // namespace ecl

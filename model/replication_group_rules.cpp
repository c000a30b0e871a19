#include "model/replication_group_rules.h"

#include <set>

#include "model/aws_faults.h"
#include "model/identifiers.h"
#include "model/naming.h"

namespace ecl {
namespace {

void CheckReplicaRange(const std::optional<int>& replicas, const std::string& param) {
  if (replicas && (*replicas < 0 || *replicas > kMaxReplicasPerNodeGroup)) {
    throw faults::InvalidParameterValueException(
        "The number of replicas per node group must be within 0 and 5. " + param + " was " +
        std::to_string(*replicas) + ".");
  }
}

void CheckCounts(const ReplicationGroupTopologyRequest& request) {
  if (request.num_node_groups && *request.num_node_groups < 1) {
    throw faults::InvalidParameterValueException("NumNodeGroups must be at least 1; got " +
                                                 std::to_string(*request.num_node_groups) + ".");
  }
  if (request.num_cache_clusters && *request.num_cache_clusters < 1) {
    throw faults::InvalidParameterValueException("NumCacheClusters must be at least 1; got " +
                                                 std::to_string(*request.num_cache_clusters) + ".");
  }
  if (request.num_cache_clusters && *request.num_cache_clusters > kMaxNumCacheClusters) {
    throw faults::InvalidParameterValueException(
        "The number of replicas per node group must be within 0 and 5. NumCacheClusters was " +
        std::to_string(*request.num_cache_clusters) + " (at most 6: 1 primary plus 5 replicas).");
  }
  CheckReplicaRange(request.replicas_per_node_group, "ReplicasPerNodeGroup");
  for (const NodeGroupConfigurationRequest& config : request.node_group_configurations) {
    CheckReplicaRange(config.replica_count, "ReplicaCount");
  }
}

// What the parameter group says about cluster mode, when that is known.
std::optional<bool> ParameterGroupClusterMode(const ReplicationGroupTopologyRequest& request) {
  if (request.parameter_group_cluster_enabled) return request.parameter_group_cluster_enabled;
  if (!request.cache_parameter_group_name) return std::nullopt;
  const std::string name = ToLowerAscii(*request.cache_parameter_group_name);
  if (name.find(".cluster.on") != std::string::npos) return true;
  // AWS's own default groups say everything in their name; a custom group may still have
  // cluster-enabled=yes, which only a lookup (parameter_group_cluster_enabled) can tell.
  if (name.rfind("default.", 0) == 0) return false;
  return std::nullopt;
}

int ResolveReplicaCount(const ReplicationGroupTopologyRequest& request,
                        const NodeGroupConfigurationRequest* config, int node_group_count) {
  const std::optional<int>& cache_clusters = request.num_cache_clusters;
  const std::optional<int>& per_group = request.replicas_per_node_group;
  if (node_group_count == 1 && cache_clusters) {
    const int implied = *cache_clusters - 1;
    if (per_group && *per_group != implied) {
      throw faults::InvalidParameterCombinationException(
          "NumCacheClusters (" + std::to_string(*cache_clusters) + ") and ReplicasPerNodeGroup (" +
          std::to_string(*per_group) + ") do not agree: a node group with " +
          std::to_string(*cache_clusters) + " cache clusters has " + std::to_string(implied) +
          " replicas.");
    }
    if (config && config->replica_count && *config->replica_count != implied) {
      throw faults::InvalidParameterCombinationException(
          "NumCacheClusters (" + std::to_string(*cache_clusters) +
          ") and NodeGroupConfiguration ReplicaCount (" + std::to_string(*config->replica_count) +
          ") do not agree: a node group with " + std::to_string(*cache_clusters) +
          " cache clusters has " + std::to_string(implied) + " replicas.");
    }
  }
  if (config && config->replica_count) return *config->replica_count;
  if (per_group) return *per_group;
  if (node_group_count == 1 && cache_clusters) return *cache_clusters - 1;
  return 0;
}

std::vector<std::string> AssignNodeGroupIds(const ReplicationGroupTopologyRequest& request,
                                            int node_group_count, bool cluster_enabled) {
  const auto& configs = request.node_group_configurations;
  std::vector<std::optional<std::string>> given(static_cast<std::size_t>(node_group_count));
  std::set<std::string> taken;
  for (std::size_t i = 0; i < configs.size() && i < given.size(); ++i) {
    if (!configs[i].node_group_id) continue;
    std::string id = ValidateNodeGroupId(*configs[i].node_group_id);
    if (!taken.insert(id).second) {
      throw faults::InvalidParameterValueException(
          "Node group id " + *configs[i].node_group_id +
          " appears more than once in NodeGroupConfiguration.");
    }
    given[i] = std::move(id);
  }
  if (!cluster_enabled) return {std::string(kSingleNodeGroupId)};
  std::vector<std::string> ids;
  int next_number = 1;
  for (const auto& id : given) {
    if (id) {
      ids.push_back(*id);
      continue;
    }
    while (taken.count(FormatNodeGroupId(next_number)) != 0) ++next_number;
    ids.push_back(FormatNodeGroupId(next_number));
    taken.insert(ids.back());
  }
  return ids;
}

std::vector<SlotSet> AssignSlots(const ReplicationGroupTopologyRequest& request,
                                 const std::vector<std::string>& ids, bool cluster_enabled) {
  const auto& configs = request.node_group_configurations;
  std::vector<std::string> given;
  for (const NodeGroupConfigurationRequest& config : configs) {
    if (config.slots) given.push_back(*config.slots);
  }
  if (!cluster_enabled) {
    if (!given.empty()) ValidateSlotAssignment(given);
    return {SlotSet::All()};
  }
  if (given.empty()) return DefaultSlotSplit(static_cast<int>(ids.size()));
  if (given.size() != ids.size()) {
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (i >= configs.size() || !configs[i].slots) {
        throw faults::InvalidParameterValueException(
            "Slots must be specified for every node group or for none, but node group " + ids[i] +
            " has no Slots.");
      }
    }
  }
  return ValidateSlotAssignment(given);
}

ResolvedNodeGroup PlaceNodeGroup(const ReplicationGroupTopologyRequest& request,
                                 const NodeGroupConfigurationRequest* config, int index,
                                 std::string id, SlotSet slots, int replicas) {
  const std::vector<std::string>& preferred = request.preferred_cache_cluster_azs;
  const std::vector<std::string> spread = SpreadAcrossZones(request.placement, replicas + 1, index);
  ResolvedNodeGroup group{std::move(id), std::move(slots), spread[0],
                          std::vector<std::string>(spread.begin() + 1, spread.end())};
  if (!preferred.empty()) {
    group.primary_availability_zone = preferred[0];
    group.replica_availability_zones.assign(preferred.begin() + 1, preferred.end());
  }
  if (config && config->primary_availability_zone) {
    group.primary_availability_zone = *config->primary_availability_zone;
  }
  if (config && !config->replica_availability_zones.empty()) {
    if (static_cast<int>(config->replica_availability_zones.size()) != replicas) {
      throw faults::InvalidParameterValueException(
          "NodeGroupConfiguration for node group " + group.node_group_id + " lists " +
          std::to_string(config->replica_availability_zones.size()) +
          " ReplicaAvailabilityZones but has " + std::to_string(replicas) +
          " replicas; the number of zones must match ReplicaCount or ReplicasPerNodeGroup.");
    }
    group.replica_availability_zones = config->replica_availability_zones;
  }
  group.primary_availability_zone =
      ValidateAvailabilityZone(request.placement, group.primary_availability_zone);
  for (std::string& zone : group.replica_availability_zones) {
    zone = ValidateAvailabilityZone(request.placement, zone);
  }
  return group;
}

}  // namespace

int ResolvedTopology::TotalNodes() const {
  int total = 0;
  for (const ResolvedNodeGroup& group : node_groups) total += 1 + group.ReplicaCount();
  return total;
}

ResolvedTopology ResolveReplicationGroupTopology(const ReplicationGroupTopologyRequest& request) {
  CheckCounts(request);
  const auto& configs = request.node_group_configurations;

  const bool asks_for_shards =
      (request.num_node_groups && *request.num_node_groups > 1) || configs.size() > 1;
  const std::optional<bool> parameter_group_mode = ParameterGroupClusterMode(request);
  if (asks_for_shards && parameter_group_mode == false) {
    throw faults::InvalidParameterCombinationException(
        "Cluster mode is disabled in cache parameter group " +
        request.cache_parameter_group_name.value_or("(default)") +
        ", but more than one node group was requested. Use a parameter group with cluster mode "
        "enabled, for example default.redis7.cluster.on.");
  }
  ResolvedTopology topology;
  topology.cluster_enabled = asks_for_shards || parameter_group_mode == true;
  // Cluster mode enabled implies automatic failover (AWS's own example leaves it out); an
  // explicit false is refused below with AWS's words.
  topology.automatic_failover = request.automatic_failover.value_or(topology.cluster_enabled);
  topology.multi_az = request.multi_az.value_or(false);

  if (request.num_node_groups && !configs.empty() &&
      static_cast<int>(configs.size()) != *request.num_node_groups) {
    throw faults::InvalidParameterCombinationException(
        "NodeGroupConfiguration has " + std::to_string(configs.size()) +
        " entries but NumNodeGroups is " + std::to_string(*request.num_node_groups) +
        "; they must be equal.");
  }
  const int node_group_count =
      request.num_node_groups.value_or(configs.empty() ? 1 : static_cast<int>(configs.size()));
  if (node_group_count > request.node_groups_quota) {
    throw faults::NodeGroupsPerReplicationGroupQuotaExceededFault(
        "The number of node groups requested (" + std::to_string(node_group_count) +
        ") exceeds the maximum allowed number of node groups (shards) in a single replication "
        "group, which is " +
        std::to_string(request.node_groups_quota) + ".");
  }

  if (topology.multi_az && !topology.automatic_failover) {
    throw faults::InvalidParameterCombinationException(
        "Multi-AZ requires automatic failover: MultiAZEnabled=true needs "
        "AutomaticFailoverEnabled=true.");
  }
  if (topology.cluster_enabled && !topology.automatic_failover) {
    throw faults::InvalidParameterValueException(
        "Redis with cluster mode enabled cannot be created with auto failover turned off.");
  }
  if (node_group_count > 1 && !request.preferred_cache_cluster_azs.empty()) {
    throw faults::InvalidParameterCombinationException(
        "PreferredCacheClusterAZs can only be specified for one node group.");
  }
  if (node_group_count > 1 && request.num_cache_clusters) {
    throw faults::InvalidParameterCombinationException(
        "NumCacheClusters (" + std::to_string(*request.num_cache_clusters) +
        ") cannot be used with more than one node group; use ReplicasPerNodeGroup instead.");
  }

  std::vector<int> replicas;
  for (int i = 0; i < node_group_count; ++i) {
    const auto index = static_cast<std::size_t>(i);
    replicas.push_back(ResolveReplicaCount(
        request, index < configs.size() ? &configs[index] : nullptr, node_group_count));
  }
  if (!topology.cluster_enabled && topology.automatic_failover && replicas[0] < 1) {
    throw faults::InvalidParameterCombinationException(
        "When using automatic failover, there must be at least 2 cache clusters in the "
        "replication group.");
  }
  if (!request.preferred_cache_cluster_azs.empty() &&
      (!request.num_cache_clusters ||
       static_cast<int>(request.preferred_cache_cluster_azs.size()) !=
           *request.num_cache_clusters)) {
    throw faults::InvalidParameterValueException(
        "When specifying preferred availability zones, the number of cache clusters must be "
        "specified and must match the number of preferred availability zones.");
  }

  const std::vector<std::string> ids =
      AssignNodeGroupIds(request, node_group_count, topology.cluster_enabled);
  std::vector<SlotSet> slots = AssignSlots(request, ids, topology.cluster_enabled);
  for (int i = 0; i < node_group_count; ++i) {
    const auto index = static_cast<std::size_t>(i);
    topology.node_groups.push_back(
        PlaceNodeGroup(request, index < configs.size() ? &configs[index] : nullptr, i, ids[index],
                       std::move(slots[index]), replicas[index]));
  }
  return topology;
}

}  // namespace ecl

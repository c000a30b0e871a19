#include "model/cache_cluster_rules.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "model/aws_faults.h"
#include "model/identifiers.h"

namespace ecl {

namespace {

std::string ZoneIn(const std::vector<std::string>& zones, std::string_view zone) {
  const std::string lower = ToLowerAscii(zone);
  if (std::find(zones.begin(), zones.end(), lower) != zones.end()) return lower;
  std::string offered;
  for (const auto& z : zones) offered += (offered.empty() ? "" : ", ") + z;
  throw faults::InvalidParameterValueException("Invalid availability zone '" + std::string(zone) +
                                               "': the cluster's subnet group offers " + offered +
                                               ".");
}

void CheckQuota(int nodes, int quota) {
  if (nodes > quota)
    throw faults::NodeQuotaForClusterExceededFault(
        "Cannot create or modify a Memcached cluster with more than " + std::to_string(quota) +
        " nodes (" + std::to_string(nodes) + " requested).");
}

}  // namespace

std::string ValidateCacheClusterId(std::string_view id) {
  return ValidateIdentifier("CacheClusterId", id, kMaxCacheClusterIdLength);
}

std::string CacheNodeId(int number) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d", number);
  return text;
}

bool IsMemcached(std::string_view engine) { return engine == "memcached"; }

CacheClusterLayout ResolveCacheClusterLayout(const CacheClusterLayoutRequest& r) {
  const bool memcached = IsMemcached(r.engine);
  const int nodes = r.num_cache_nodes.value_or(1);
  if (nodes < 1)
    throw faults::InvalidParameterValueException(
        "Invalid value for NumCacheNodes: " + std::to_string(nodes) + ". It must be at least 1.");
  CacheClusterLayout layout;
  if (!memcached) {
    if (nodes > 1)
      throw faults::InvalidParameterValueException(
          "Cannot create a Redis cluster with a NumCacheNodes parameter greater than 1.");
    if (r.az_mode)
      throw faults::InvalidParameterValueException(
          "The AZMode parameter is only supported for Memcached clusters.");
    if (r.preferred_availability_zones.size() > 1)
      throw faults::InvalidParameterCombinationException(
          "Must specify the same number of preferred availability zones as requested number of "
          "nodes.");
    std::string zone = r.preferred_availability_zone            ? *r.preferred_availability_zone
                       : r.preferred_availability_zones.empty() ? r.zones.front()
                                                                : r.preferred_availability_zones[0];
    layout.node_zones = {ZoneIn(r.zones, zone)};
    layout.preferred_availability_zone = layout.node_zones[0];
    return layout;
  }

  CheckQuota(nodes, r.nodes_per_cluster_quota);
  if (r.az_mode && *r.az_mode != "single-az" && *r.az_mode != "cross-az")
    throw faults::InvalidParameterValueException("Invalid value for AZMode: '" + *r.az_mode +
                                                 "'. Valid values are single-az and cross-az.");
  std::vector<std::string> zones;
  if (!r.preferred_availability_zones.empty()) {
    if (int(r.preferred_availability_zones.size()) != nodes)
      throw faults::InvalidParameterCombinationException(
          "Must specify the same number of preferred availability zones as requested number of "
          "nodes.");
    for (const auto& z : r.preferred_availability_zones) zones.push_back(ZoneIn(r.zones, z));
  } else if (r.preferred_availability_zone) {
    zones.assign(size_t(nodes), ZoneIn(r.zones, *r.preferred_availability_zone));
  }
  const bool several_zones = std::set<std::string>(zones.begin(), zones.end()).size() > 1;
  // Without AZMode, zones of their own choosing say what the caller wants.
  std::string mode = r.az_mode.value_or(several_zones ? "cross-az" : "single-az");
  if (mode == "single-az" && several_zones)
    throw faults::InvalidParameterCombinationException(
        "When AZMode is single-az, all PreferredAvailabilityZones must be the same zone.");
  if (mode == "cross-az" && nodes < 2)
    throw faults::InvalidParameterValueException(
        "AZMode cross-az requires a Memcached cluster of at least 2 nodes.");
  if (zones.empty()) {
    for (int i = 0; i < nodes; ++i)
      zones.push_back(mode == "cross-az" ? r.zones[size_t(i) % r.zones.size()] : r.zones.front());
  }
  layout.az_mode = mode;
  layout.node_zones = zones;
  layout.preferred_availability_zone = mode == "cross-az" ? "Multiple" : zones.front();
  return layout;
}

NodeCountPlan PlanNodeCountChange(const NodeCountRequest& r) {
  const int current = int(r.node_ids.size());
  if (r.num_cache_nodes < 1)
    throw faults::InvalidParameterValueException(
        "Invalid value for NumCacheNodes: " + std::to_string(r.num_cache_nodes) +
        ". It must be at least 1.");
  NodeCountPlan plan;
  const int removing = current - r.num_cache_nodes;
  if (removing > 0 || !r.cache_node_ids_to_remove.empty()) {
    if (int(r.cache_node_ids_to_remove.size()) != std::max(removing, 0))
      throw faults::InvalidParameterCombinationException(
          "The number of CacheNodeIdsToRemove must match the number of nodes you are trying to "
          "remove, current number of cache nodes is " +
          std::to_string(current) + ", requested number of cache nodes is " +
          std::to_string(r.num_cache_nodes) + " and CacheNodeIdsToRemove supplied are " +
          std::to_string(r.cache_node_ids_to_remove.size()));
    std::set<std::string> seen;
    for (const auto& id : r.cache_node_ids_to_remove) {
      if (std::find(r.node_ids.begin(), r.node_ids.end(), id) == r.node_ids.end() ||
          !seen.insert(id).second)
        throw faults::InvalidParameterValueException("Cache node " + id +
                                                     " is not a node of this cluster.");
      plan.removed_ids.push_back(id);
    }
  }
  const int adding = r.num_cache_nodes - current;
  if (adding <= 0) {
    if (!r.new_availability_zones.empty())
      throw faults::InvalidParameterCombinationException(
          "NewAvailabilityZones is only valid when NumCacheNodes adds cache nodes.");
    return plan;
  }
  CheckQuota(r.num_cache_nodes, r.nodes_per_cluster_quota);
  if (!r.new_availability_zones.empty() && int(r.new_availability_zones.size()) != adding)
    throw faults::InvalidParameterCombinationException(
        "The number of NewAvailabilityZones (" + std::to_string(r.new_availability_zones.size()) +
        ") must match the number of cache nodes being added (" + std::to_string(adding) + ").");
  int highest = 0;
  for (const auto& id : r.node_ids) highest = std::max(highest, std::stoi(id));
  for (int i = 0; i < adding; ++i) {
    plan.added_ids.push_back(CacheNodeId(highest + 1 + i));
    if (!r.new_availability_zones.empty()) {
      plan.added_zones.push_back(ZoneIn(r.zones, r.new_availability_zones[size_t(i)]));
    } else if (r.az_mode == "cross-az") {
      plan.added_zones.push_back(r.zones[size_t(current + i) % r.zones.size()]);
    } else {
      plan.added_zones.push_back(r.node_zones.empty() ? r.zones.front() : r.node_zones.front());
    }
  }
  return plan;
}

void CheckScaleConfig(std::string_view engine, std::optional<int> scale_percentage,
                      std::optional<int> scale_interval_minutes, bool node_change) {
  if (!IsMemcached(engine))
    throw faults::InvalidParameterCombinationException(
        "ScaleConfig is only supported for Memcached clusters.");
  if (!node_change)
    throw faults::InvalidParameterCombinationException(
        "ScaleConfig applies to a change of CacheNodeType or NumCacheNodes in the same request.");
  auto check = [](std::optional<int> value, const char* name, int low, int high) {
    if (value && (*value < low || *value > high))
      throw faults::InvalidParameterValueException(
          "Invalid value for ScaleConfig." + std::string(name) + ": " + std::to_string(*value) +
          ". It must be between " + std::to_string(low) + " and " + std::to_string(high) + ".");
  };
  check(scale_percentage, "ScalePercentage", 10, 100);
  check(scale_interval_minutes, "ScaleIntervalMinutes", 2, 30);
}

}  // namespace ecl

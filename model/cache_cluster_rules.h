// Rules of standalone cache clusters (CreateCacheCluster, ModifyCacheCluster) as pure
// functions: the cluster id, how many nodes an engine allows, where the nodes go (AZMode,
// PreferredAvailabilityZone(s), the zones a subnet group offers), cache node ids, and how a
// Memcached cluster grows and shrinks. Violations throw AwsError with AWS's codes and, where
// they are known, its words (docs/cache-clusters.md gives the sources). Thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecl {

// The API reference: "For clusters running Memcached, this value must be between 1 and 40."
inline constexpr int kDefaultNodesPerMemcachedCluster = 40;
// ElastiCache's default quota of nodes per Region (all clusters of an account).
inline constexpr int kDefaultNodesPerRegion = 300;
// Clusters per Region: every cluster has a node, so the node quota is the tighter one.
inline constexpr int kDefaultCacheClustersQuota = 300;
inline constexpr int kDefaultMemcachedPort = 11211;
// Memcached node types change from this version on ("On-demand scaling for Memcached
// clusters", User Guide: "only available for node-based Memcached clusters with engine
// versions 1.5 or later").
inline constexpr std::string_view kMemcachedVerticalScaling = "1.5";

// CacheClusterId: 1-50 letters, digits and hyphens, beginning with a letter, no trailing or
// doubled hyphen; returned lower case (AWS stores it so).
std::string ValidateCacheClusterId(std::string_view id);

// "0001" for node 1.
std::string CacheNodeId(int number);

bool IsMemcached(std::string_view engine);

struct CacheClusterLayoutRequest {
  std::string engine;  // memcached, redis or valkey (already validated)
  std::optional<int> num_cache_nodes;
  std::optional<std::string> az_mode;
  std::optional<std::string> preferred_availability_zone;
  std::vector<std::string> preferred_availability_zones;
  std::vector<std::string> zones;  // where nodes may be placed (the subnet group's zones)
  int nodes_per_cluster_quota = kDefaultNodesPerMemcachedCluster;
};

struct CacheClusterLayout {
  std::optional<std::string> az_mode;       // Memcached only: single-az or cross-az
  std::vector<std::string> node_zones;      // one per node, in node id order
  std::string preferred_availability_zone;  // the zone of every node, or "Multiple"
};

// Throws InvalidParameterValue / InvalidParameterCombination / NodeQuotaForClusterExceeded.
CacheClusterLayout ResolveCacheClusterLayout(const CacheClusterLayoutRequest& request);

// A change of a Memcached cluster's node count (ModifyCacheCluster NumCacheNodes).
struct NodeCountRequest {
  std::vector<std::string> node_ids;    // the cluster's nodes now, in id order
  std::vector<std::string> node_zones;  // their zones
  std::string az_mode;                  // single-az or cross-az
  int num_cache_nodes = 0;              // requested
  std::vector<std::string> cache_node_ids_to_remove;
  std::vector<std::string> new_availability_zones;
  std::vector<std::string> zones;  // where new nodes may go
  int nodes_per_cluster_quota = kDefaultNodesPerMemcachedCluster;
};

struct NodeCountPlan {
  std::vector<std::string> added_ids;
  std::vector<std::string> added_zones;  // one per added node
  std::vector<std::string> removed_ids;
};

// What the change adds or removes; an empty plan when the count stays. Throws
// InvalidParameterCombination (the ids to remove do not match the decrease, new zones do not
// match the increase), InvalidParameterValue (an unknown node id, a zone outside `zones`) or
// NodeQuotaForClusterExceeded.
NodeCountPlan PlanNodeCountChange(const NodeCountRequest& request);

// ModifyCacheCluster's ScaleConfig ("On-demand scaling for Memcached clusters", User Guide):
// Memcached only, with a node type or node count change in the same request
// (InvalidParameterCombination); ScalePercentage 10-100 and ScaleIntervalMinutes 2-30
// (InvalidParameterValue).
void CheckScaleConfig(std::string_view engine, std::optional<int> scale_percentage,
                      std::optional<int> scale_interval_minutes, bool node_change);

}  // namespace ecl

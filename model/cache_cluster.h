// CacheCluster: a Memcached cluster of 1-40 nodes, a standalone Redis/Valkey cluster of one
// node, or a member of a replication group (one node). Plain data; the rules that create and
// change it live in cache_cluster_rules, the lifecycle and the handlers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/api_value.h"
#include "model/transition.h"

namespace ecl {

// Statuses of a cache cluster as ElastiCache shows them.
struct CacheClusterStatus {
  static constexpr const char* kCreating = "creating";
  static constexpr const char* kAvailable = "available";
  static constexpr const char* kModifying = "modifying";
  static constexpr const char* kSnapshotting = "snapshotting";
  static constexpr const char* kDeleting = "deleting";
  static constexpr const char* kRebooting = "rebooting cache cluster nodes";
};

// Statuses of a cache node.
struct CacheNodeStatus {
  static constexpr const char* kCreating = "creating";
  static constexpr const char* kAvailable = "available";
  static constexpr const char* kDeleting = "deleting";
  static constexpr const char* kRebooting = "rebooting";
};

struct CacheNode {
  std::string id;  // "0001"
  std::string status = CacheNodeStatus::kCreating;
  Timestamp created_at;
  std::string availability_zone;
  std::string endpoint;  // host name; the port is the cluster's
};

// Changes ModifyCacheCluster deferred to the maintenance window (ApplyImmediately=false),
// shown in PendingModifiedValues until they are applied.
struct PendingClusterChanges {
  std::optional<int> num_cache_nodes;
  std::vector<std::string> cache_node_ids_to_remove;
  std::vector<std::string> new_availability_zones;
  std::optional<std::string> engine_version;
  std::optional<std::string> cache_node_type;
  // ScaleConfig of a Memcached change, as given: shown while the change is pending.
  std::optional<int> scale_percentage;
  std::optional<int> scale_interval_minutes;

  bool Empty() const {
    return !num_cache_nodes && cache_node_ids_to_remove.empty() && !engine_version &&
           !cache_node_type;
  }
};

// The data a new cluster or group starts from: a snapshot of this account and region, or RDB
// files in export buckets (s3 ARNs), one per node group. Empty: it starts empty.
struct RestoreSource {
  std::optional<std::string> snapshot_name;
  std::vector<std::string> snapshot_arns;

  bool Empty() const { return !snapshot_name && snapshot_arns.empty(); }
};

// Settings a replication group shares with each of its member clusters.
struct NodeSettings {
  std::string cache_node_type = "cache.t3.micro";
  std::string engine = "redis";
  std::string engine_version;
  std::string cache_parameter_group_name;
  std::string cache_subnet_group_name = "default";
  std::vector<std::string> cache_security_group_names;
  std::vector<std::string> security_group_ids;
  int port = 6379;
  std::string preferred_maintenance_window;
  std::string snapshot_window;
  int snapshot_retention_limit = 0;
  std::optional<std::string> notification_topic_arn;
  std::optional<std::string> notification_topic_status;  // active (absent) or inactive
  bool auto_minor_version_upgrade = true;
  bool transit_encryption_enabled = false;
  std::optional<std::string> transit_encryption_mode;
  bool at_rest_encryption_enabled = false;
  bool auth_token_enabled = false;
  std::optional<Timestamp> auth_token_last_modified;
  // The AUTH tokens in force (two while a ROTATE is under way), for the data plane's engines;
  // never shown nor logged.
  std::vector<std::string> auth_tokens;
  std::string network_type = "ipv4";
  std::string ip_discovery = "ipv4";

  bool operator==(const NodeSettings&) const = default;
};

struct CacheCluster {
  std::string account;
  std::string region;
  std::string id;
  std::optional<std::string> replication_group_id;
  std::string status = CacheClusterStatus::kCreating;
  std::optional<Transition> transition;
  Timestamp created_at;
  // PreferredAvailabilityZone as shown: the zone of every node, or "Multiple" (cross-az).
  std::string availability_zone;
  std::optional<std::string> az_mode;  // Memcached: single-az or cross-az
  std::vector<CacheNode> nodes;        // in id order
  NodeSettings settings;
  PendingClusterChanges pending;
  ApiValue log_delivery_configurations;  // kept as given (LogDeliveryConfigurationRequest list)
  // How far the cluster has taken up its parameter group's changes (ParameterApplyStatus),
  // derived from the clock: an immediate change is `applying` until this time, then
  // `in-sync`; a requires-reboot change leaves the cluster `pending-reboot`.
  std::optional<Timestamp> parameters_applying_until;
  bool parameters_pending_reboot = false;
  // Where a standalone cluster's data came from (SnapshotName / SnapshotArns): what its
  // engine loads when the data plane starts it.
  RestoreSource restored_from;

  // NumCacheNodes as shown: a new cluster counts all its nodes; later, nodes being added
  // count once they are available, nodes being removed until they are gone.
  int NumCacheNodes() const {
    if (status == CacheClusterStatus::kCreating) return int(nodes.size());
    int n = 0;
    for (const auto& node : nodes) n += node.status != CacheNodeStatus::kCreating;
    return n;
  }
};

// ParameterApplyStatus values of a cluster's CacheParameterGroup.
struct ParameterApplyStatus {
  static constexpr const char* kInSync = "in-sync";
  static constexpr const char* kApplying = "applying";
  static constexpr const char* kPendingReboot = "pending-reboot";
};

}  // namespace ecl

// Snapshot: a point-in-time copy of a replication group or cache cluster as ElastiCache
// describes it — the settings and per-node-group layout a restore needs — plus the status
// and pending transition of the snapshot itself. Plain data.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/api_value.h"
#include "model/cache_cluster.h"
#include "model/transition.h"

namespace ecl {

// One node group of the source as it was when the snapshot was taken
// (NodeSnapshot and its NodeGroupConfiguration).
struct NodeSnapshotRecord {
  std::optional<std::string> cache_cluster_id;  // the node that was copied (cluster sources)
  std::string node_group_id;                    // "0001"
  std::string slots;                            // "" for cluster mode disabled
  int replica_count = 0;
  std::string primary_availability_zone;
  std::vector<std::string> replica_availability_zones;
  std::string cache_size = "0 MB";
  Timestamp cache_node_create_time;
  Timestamp snapshot_create_time;
};

// Statuses of a snapshot as ElastiCache shows them.
struct SnapshotStatus {
  static constexpr const char* kCreating = "creating";
  static constexpr const char* kAvailable = "available";
  static constexpr const char* kRestoring = "restoring";
  static constexpr const char* kCopying = "copying";
  static constexpr const char* kExporting = "exporting";
  static constexpr const char* kDeleting = "deleting";
};

struct Snapshot {
  std::string account;
  std::string region;
  std::string id;  // SnapshotName, lower case
  std::string status = SnapshotStatus::kCreating;
  std::optional<Transition> transition;
  std::string source = "manual";  // manual | automated

  std::optional<std::string> replication_group_id;
  std::optional<std::string> replication_group_description;
  std::optional<std::string> cache_cluster_id;
  // The member cluster the data was copied from; DescribeEvents names it.
  std::optional<std::string> taken_from_cluster_id;
  std::optional<std::string> preferred_availability_zone;  // cluster sources
  Timestamp cache_cluster_create_time;

  bool cluster_enabled = false;
  std::string cluster_mode = "disabled";
  std::string automatic_failover = "disabled";  // enabled | disabled
  bool multi_az = false;
  bool data_tiering = false;
  std::optional<std::string> kms_key_id;
  int num_cache_nodes = 1;
  NodeSettings settings;
  std::vector<NodeSnapshotRecord> node_snapshots;
  // A CopySnapshot's source: its data is the source's.
  std::optional<std::string> copied_from;

  int NumNodeGroups() const { return static_cast<int>(node_snapshots.size()); }
};

}  // namespace ecl

// ReplicationGroup: a Redis/Valkey replication group as ElastiCache describes it — node
// groups (shards) holding member clusters, plus the settings every member shares. Plain data.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/api_value.h"
#include "model/cache_cluster.h"
#include "model/replica_change_request.h"
#include "model/transition.h"

namespace ecl {

// Shards a replication group may have unless the account's quota says otherwise (the default
// ElastiCache documents for node groups per group is raised on request; 15 keeps tests small
// and is configurable).
inline constexpr int kDefaultNodeGroupsQuota = 15;

// Statuses of a replication group (and of its node groups) as ElastiCache shows them.
struct ReplicationGroupStatus {
  static constexpr const char* kCreating = "creating";
  static constexpr const char* kAvailable = "available";
  static constexpr const char* kModifying = "modifying";
  static constexpr const char* kSnapshotting = "snapshotting";
  static constexpr const char* kDeleting = "deleting";
  static constexpr const char* kCreateFailed = "create-failed";
};

struct NodeGroupMember {
  std::string cache_cluster_id;
  std::string availability_zone;
  bool primary = false;
  // Members joining or leaving during a replica change. ElastiCache lists joining members in
  // MemberClusters at once but in NodeGroupMembers only when ready; leaving members stay in
  // both until they are gone.
  bool joining = false;
  bool leaving = false;
};

struct NodeGroup {
  std::string id;  // "0001" for cluster mode disabled; user-chosen 1-4 digits allowed
  std::string status = ReplicationGroupStatus::kCreating;
  std::string slots;  // range list, e.g. "0-5461"; empty for cluster mode disabled
  std::vector<NodeGroupMember> members;  // primary first
};

struct ReplicationGroup {
  std::string account;
  std::string region;
  std::string id;  // lower case
  std::string description;
  std::string status = ReplicationGroupStatus::kCreating;
  std::optional<Transition> transition;
  Timestamp created_at;

  bool cluster_enabled = false;
  std::string cluster_mode = "disabled";  // enabled | disabled | compatible
  bool automatic_failover = false;
  bool multi_az = false;
  bool data_tiering = false;
  std::optional<std::string> kms_key_id;
  std::vector<std::string> user_group_ids;
  std::optional<std::string> snapshotting_cluster_id;
  NodeSettings settings;
  ApiValue log_delivery_configurations;  // kept as given (LogDeliveryConfigurationList)

  std::vector<NodeGroup> node_groups;
  // Slots each node group will hold when a running resharding finishes (node group id →
  // range list); empty when none runs.
  std::map<std::string, std::string> resharding_target_slots;
  // A replica change waiting for the maintenance window (transition kScheduledReplicaChange).
  std::optional<ReplicaChangeRequest> scheduled_replica_change;
  // Where the group's data came from (SnapshotName / SnapshotArns at creation).
  RestoreSource restored_from;

  // Member cluster ids of one node group.
  std::vector<std::string> MemberClusterIdsOf(const std::string& node_group_id) const {
    std::vector<std::string> ids;
    for (const auto& ng : node_groups)
      if (ng.id == node_group_id)
        for (const auto& m : ng.members) ids.push_back(m.cache_cluster_id);
    return ids;
  }
  // Whether members are joining or leaving (a replica change or resharding under way), so
  // their cache cluster records have to follow.
  bool MembershipChanging() const {
    for (const auto& ng : node_groups) {
      if (ng.status == ReplicationGroupStatus::kDeleting) return true;
      for (const auto& m : ng.members)
        if (m.joining || m.leaving) return true;
    }
    return false;
  }
  // The member ElastiCache takes snapshots from unless told otherwise: the first replica of
  // the first node group (`<id>-002` of a three-cluster group), else its primary.
  std::string DefaultSnapshottingClusterId() const {
    if (node_groups.empty() || node_groups[0].members.empty()) return "";
    const auto& members = node_groups[0].members;
    return members.size() > 1 ? members[1].cache_cluster_id : members[0].cache_cluster_id;
  }
  // All member cluster ids, node group by node group.
  std::vector<std::string> MemberClusterIds() const {
    std::vector<std::string> ids;
    for (const auto& ng : node_groups)
      for (const auto& m : ng.members) ids.push_back(m.cache_cluster_id);
    return ids;
  }
};

}  // namespace ecl

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
  // In member order: the primary first when the group is made; after a failover or a
  // promotion the flags move and the order stays.
  std::vector<NodeGroupMember> members;
};

// What a ModifyReplicationGroup changes that takes a transition (the group is `modifying`
// while it is applied) or waits for the maintenance window (ApplyImmediately=false: node
// type, engine and version, and the primary). Each field is the value the change brings;
// absent ones stay as they are. Shown in PendingModifiedValues (the group's, and its members'
// for node type and version) until applied.
struct GroupModification {
  std::optional<std::string> cache_node_type;
  std::optional<std::string> engine;          // redis -> valkey
  std::optional<std::string> engine_version;  // the full version, e.g. "7.2.6"
  std::optional<std::string> cache_parameter_group_name;
  std::optional<std::string> primary_cluster_id;  // the member to promote
  std::optional<bool> automatic_failover;
  std::optional<std::vector<std::string>> cache_security_group_names;
  std::optional<std::vector<std::string>> security_group_ids;
  std::optional<std::string> ip_discovery;
  // AUTH token: SETTING or ROTATING (AuthTokenStatus); DELETE shows no status.
  std::optional<std::string> auth_token_status;
  std::optional<std::string> auth_token_strategy;  // SET | ROTATE | DELETE
  std::optional<std::string> auth_token_fingerprint;
  // The token itself, for the data plane's engines once the change applies; never shown.
  std::optional<std::string> auth_token;
  std::vector<std::string> user_group_ids_to_add;
  std::vector<std::string> user_group_ids_to_remove;
  std::optional<ApiValue> log_delivery_configurations;  // the list the group will have
  std::optional<bool> transit_encryption_enabled;
  std::optional<std::string> transit_encryption_mode;
  std::optional<std::string> cluster_mode;

  // The members' nodes are replaced or restarted (they show `modifying`).
  bool ChangesNodes() const { return cache_node_type || engine || engine_version; }
  bool Empty() const {
    return !cache_node_type && !engine && !engine_version && !cache_parameter_group_name &&
           !primary_cluster_id && !automatic_failover && !cache_security_group_names &&
           !security_group_ids && !ip_discovery && !auth_token_strategy &&
           user_group_ids_to_add.empty() && user_group_ids_to_remove.empty() &&
           !log_delivery_configurations && !transit_encryption_enabled &&
           !transit_encryption_mode && !cluster_mode;
  }
};

// A TestFailover under way on one node group: the primary moves to `to` when the failover
// transition is due, then `from` recovers as a replica.
struct FailoverInProgress {
  std::string node_group_id;
  std::string from;  // the primary's cache cluster id
  std::string to;    // the replica taking over
};

// The global datastore a group is a member of, and its role there (PRIMARY or SECONDARY), as
// DescribeReplicationGroups shows it in GlobalReplicationGroupInfo. The datastore's member list
// is authoritative; this follows it (handlers/global_replication_groups.h).
struct GlobalDatastoreMembership {
  std::string global_replication_group_id;
  std::string role;
  bool operator==(const GlobalDatastoreMembership&) const = default;
};

// One accepted TestFailover, kept 24 hours for AWS's rolling limit.
struct TestFailoverRecord {
  std::string node_group_id;
  Timestamp at;
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
  // ModifyReplicationGroup: the change being applied (transition kModify) and the one waiting
  // for the maintenance window (transition kScheduledModify).
  std::optional<GroupModification> modification;
  std::optional<GroupModification> deferred_modification;
  // TestFailover: the one under way (transitions kFailover, then kFailoverRecovery) and those
  // of the last 24 hours.
  std::optional<FailoverInProgress> failover;
  std::vector<TestFailoverRecord> test_failovers;
  // After an AUTH token ROTATE the group accepts the previous token (or none) and the new
  // one; this is the new one's fingerprint (StableHash, never the token), which a SET must
  // repeat. Absent when one token (or none) is accepted.
  std::optional<std::string> rotated_auth_token;
  // Endpoint names keep the form the group was created with when in-transit encryption is
  // turned on or off later (absent: they follow the setting).
  std::optional<bool> endpoint_transit_encryption;
  // The parameter group a cluster-mode-disabled group used before it went `compatible`, to
  // go back to if it returns to `disabled`.
  std::optional<std::string> parameter_group_before_compatible;
  std::optional<GlobalDatastoreMembership> global_datastore;
  // The self-managed endpoint ("address:port") the group replicates from during an online
  // migration (StartMigration … CompleteMigration); unset otherwise.
  std::optional<std::string> migration_source;

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
    for (const auto& m : node_groups[0].members)
      if (!m.primary) return m.cache_cluster_id;
    return node_groups[0].members[0].cache_cluster_id;
  }
  // The primary's cache cluster id of the first node group ("" when it has none).
  std::string PrimaryClusterId() const {
    if (node_groups.empty()) return "";
    for (const auto& m : node_groups[0].members)
      if (m.primary) return m.cache_cluster_id;
    return "";
  }
  // Whether in-transit encryption shapes the endpoint names (see endpoint_transit_encryption).
  bool EndpointsUseTls() const {
    return endpoint_transit_encryption.value_or(settings.transit_encryption_enabled);
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

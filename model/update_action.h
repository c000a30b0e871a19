// UpdateAction: what one service update means for one replication group or standalone cache
// cluster once someone acted on it (BatchApplyUpdateAction / BatchStopUpdateAction): its
// status and each node's. Actions nobody touched are not stored: DescribeUpdateActions derives
// them (not-applied) from the catalog and the clusters. The id joins the service update and
// the target ("<update>/replication-group/<id>"). Plain data; the rules live in
// update_action_rules.h, the steps on the clock in lifecycle.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/transition.h"

namespace ecl {

// UpdateActionStatus values (the node statuses are the first six of them).
struct UpdateActionStatus {
  static constexpr const char* kNotApplied = "not-applied";
  static constexpr const char* kWaitingToStart = "waiting-to-start";
  static constexpr const char* kInProgress = "in-progress";
  static constexpr const char* kStopping = "stopping";
  static constexpr const char* kStopped = "stopped";
  static constexpr const char* kComplete = "complete";
  static constexpr const char* kScheduling = "scheduling";
  static constexpr const char* kScheduled = "scheduled";
  static constexpr const char* kNotApplicable = "not-applicable";
};

// What an update action is for: DescribeUpdateActions shows ReplicationGroupId or
// CacheClusterId.
inline constexpr const char* kUpdateTargetGroup = "replication-group";
inline constexpr const char* kUpdateTargetCluster = "cache-cluster";

struct NodeUpdate {
  std::string node_group_id;     // groups: the shard; empty for a cluster's own nodes
  std::string cache_cluster_id;  // the cluster the node belongs to
  std::string cache_node_id;     // "0001"
  // Nodes of one wave are updated together: one node per shard at a time, replicas before
  // the primary; a standalone cluster's nodes one after another.
  int wave = 0;
  std::string status = UpdateActionStatus::kNotApplied;
  std::optional<Timestamp> started_at;
  std::optional<Timestamp> ended_at;
  std::optional<Timestamp> initiated_at;
  std::string initiated_by;  // customer (BatchApplyUpdateAction) or system
  std::optional<Timestamp> status_modified_at;
};

struct UpdateAction {
  std::string account;
  std::string region;
  std::string id;
  std::string service_update_name;
  std::string target_kind;  // kUpdateTargetGroup or kUpdateTargetCluster
  std::string target_id;
  // When the target was created: a group deleted and created again under the same id starts
  // with no action taken.
  Timestamp target_created_at;
  std::string status = UpdateActionStatus::kNotApplied;
  Timestamp status_modified_at;
  std::vector<NodeUpdate> nodes;
  std::optional<Transition> transition;
};

}  // namespace ecl

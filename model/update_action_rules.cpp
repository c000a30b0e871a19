#include "model/update_action_rules.h"

#include <algorithm>

#include "model/lifecycle.h"

namespace ecl {

namespace {

std::string TargetWords(const UpdateTarget& target) {
  return std::string(target.kind == kUpdateTargetGroup ? "replication group " : "cache cluster ") +
         target.id;
}

bool TargetSettling(const UpdateTarget& target) {
  return target.status == ReplicationGroupStatus::kCreating ||
         target.status == ReplicationGroupStatus::kDeleting ||
         target.status == ReplicationGroupStatus::kCreateFailed;
}

UpdateRefusal NotApplicable(const ServiceUpdateEntry& update, const UpdateTarget& target) {
  return {"InvalidParameterValue", "Service update " + update.name + " is not applicable to " +
                                       TargetWords(target) + " (" + target.engine + " " +
                                       target.engine_version + ")."};
}

UpdateRefusal AlreadyApplied(const ServiceUpdateEntry& update, const UpdateTarget& target) {
  return {"InvalidParameterValue", "Service update " + update.name +
                                       " has already been applied to " + TargetWords(target) + "."};
}

}  // namespace

UpdateTarget UpdateTargetOf(const ReplicationGroup& rg) {
  UpdateTarget t{kUpdateTargetGroup,         rg.id,         rg.status, rg.settings.engine,
                 rg.settings.engine_version, rg.created_at, {}};
  for (const auto& ng : rg.node_groups) {
    // Replicas first, the primary last, one node of each shard at a time.
    std::vector<const NodeGroupMember*> order;
    for (const auto& m : ng.members)
      if (!m.primary) order.push_back(&m);
    for (const auto& m : ng.members)
      if (m.primary) order.push_back(&m);
    int wave = 0;
    for (const NodeGroupMember* m : order) {
      NodeUpdate n;
      n.node_group_id = ng.id;
      n.cache_cluster_id = m->cache_cluster_id;
      n.cache_node_id = "0001";
      n.wave = wave++;
      t.nodes.push_back(std::move(n));
    }
  }
  return t;
}

UpdateTarget UpdateTargetOf(const CacheCluster& cc) {
  UpdateTarget t{kUpdateTargetCluster,       cc.id,         cc.status, cc.settings.engine,
                 cc.settings.engine_version, cc.created_at, {}};
  int wave = 0;
  for (const auto& node : cc.nodes) {
    NodeUpdate n;
    n.cache_cluster_id = cc.id;
    n.cache_node_id = node.id;
    n.wave = wave++;
    t.nodes.push_back(std::move(n));
  }
  return t;
}

std::string UpdateActionId(std::string_view service_update, std::string_view target_kind,
                           std::string_view target_id) {
  return std::string(service_update) + "/" + std::string(target_kind) + "/" +
         std::string(target_id);
}

Timestamp UpdateActionAvailableDate(const ServiceUpdateEntry& update, const UpdateTarget& target) {
  return std::max(update.release_date, target.created_at);
}

UpdateAction CurrentUpdateAction(const std::string& account, const std::string& region,
                                 const ServiceUpdateEntry& update, const UpdateTarget& target,
                                 const std::optional<UpdateAction>& stored) {
  if (stored && stored->target_created_at == target.created_at) return *stored;
  UpdateAction a;
  a.account = account;
  a.region = region;
  a.id = UpdateActionId(update.name, target.kind, target.id);
  a.service_update_name = update.name;
  a.target_kind = target.kind;
  a.target_id = target.id;
  a.target_created_at = target.created_at;
  a.status = UpdateActionStatus::kNotApplied;
  a.status_modified_at = UpdateActionAvailableDate(update, target);
  a.nodes = target.nodes;
  return a;
}

std::optional<UpdateRefusal> ApplyRefusal(const ServiceUpdateEntry& update,
                                          const UpdateTarget& target, const UpdateAction& action) {
  // "You can apply only those service updates that have an available or scheduled status."
  if (update.status != ServiceUpdateStatus::kAvailable)
    return UpdateRefusal{"InvalidParameterValue", "Service update " + update.name + " is " +
                                                      update.status +
                                                      " and can no longer be applied."};
  if (!update.AppliesTo(target.engine, target.engine_version)) return NotApplicable(update, target);
  if (TargetSettling(target))
    return UpdateRefusal{target.kind == kUpdateTargetGroup ? "InvalidReplicationGroupState"
                                                           : "InvalidCacheClusterState",
                         TargetWords(target) + " is " + target.status +
                             "; service updates apply once it is "
                             "available."};
  if (action.status == UpdateActionStatus::kComplete) return AlreadyApplied(update, target);
  if (action.status == UpdateActionStatus::kStopping)
    return UpdateRefusal{"InvalidParameterValue",
                         "Service update " + update.name + " is being stopped on " +
                             TargetWords(target) + "; apply it again once it is stopped."};
  return std::nullopt;
}

void StartApplying(UpdateAction& action, const UpdateTarget& target, Timestamp now,
                   int64_t duration_ms) {
  if (action.status == UpdateActionStatus::kWaitingToStart ||
      action.status == UpdateActionStatus::kInProgress)
    return;
  // Nodes updated before a stop stay updated; every other node of the target as it is now
  // waits for its wave.
  std::vector<NodeUpdate> nodes = target.nodes;
  for (auto& n : nodes) {
    auto done = std::find_if(action.nodes.begin(), action.nodes.end(), [&](const NodeUpdate& o) {
      return o.status == UpdateActionStatus::kComplete &&
             o.cache_cluster_id == n.cache_cluster_id && o.cache_node_id == n.cache_node_id;
    });
    if (done != action.nodes.end()) {
      int wave = n.wave;
      n = *done;
      n.wave = wave;
      continue;
    }
    n.status = UpdateActionStatus::kWaitingToStart;
    n.initiated_at = now;
    n.initiated_by = "customer";
    n.status_modified_at = now;
  }
  action.nodes = std::move(nodes);
  action.status = UpdateActionStatus::kWaitingToStart;
  action.status_modified_at = now;
  action.transition = StartTransition(kApplyUpdate, now, duration_ms);
}

std::optional<UpdateRefusal> StopRefusal(const ServiceUpdateEntry& update,
                                         const UpdateTarget& target, const UpdateAction& action) {
  if (!update.AppliesTo(target.engine, target.engine_version)) return NotApplicable(update, target);
  if (action.status == UpdateActionStatus::kComplete) return AlreadyApplied(update, target);
  if (action.status == UpdateActionStatus::kNotApplied ||
      action.status == UpdateActionStatus::kStopped)
    return UpdateRefusal{
        "InvalidParameterValue",
        "Service update " + update.name + " is not being applied to " + TargetWords(target) + "."};
  return std::nullopt;
}

void StartStopping(UpdateAction& action, Timestamp now, int64_t duration_ms) {
  if (action.status == UpdateActionStatus::kStopping) return;
  bool running = false;
  for (auto& n : action.nodes) {
    if (n.status == UpdateActionStatus::kInProgress) running = true;
    if (n.status == UpdateActionStatus::kWaitingToStart) {
      n.status = UpdateActionStatus::kStopping;
      n.status_modified_at = now;
    }
  }
  action.status = UpdateActionStatus::kStopping;
  action.status_modified_at = now;
  // The wave under way runs to its end ("It continues to completion any nodes that have an
  // in progress status"); with none running the stop takes one step of its own.
  if (running && action.transition)
    action.transition->kind = kStopUpdate;
  else
    action.transition = StartTransition(kStopUpdate, now, duration_ms);
}

std::string NodesUpdated(const UpdateAction& action) {
  auto done = std::count_if(action.nodes.begin(), action.nodes.end(), [](const NodeUpdate& n) {
    return n.status == UpdateActionStatus::kComplete;
  });
  return std::to_string(done) + "/" + std::to_string(action.nodes.size());
}

std::string SlaMet(const UpdateAction& action, const ServiceUpdateEntry& update) {
  if (action.target_created_at > update.recommended_apply_by_date) return "n/a";
  bool all_in_time = !action.nodes.empty();
  for (const auto& n : action.nodes)
    if (n.status != UpdateActionStatus::kComplete || !n.ended_at ||
        *n.ended_at > update.recommended_apply_by_date)
      all_in_time = false;
  return all_in_time ? "yes" : "no";
}

}  // namespace ecl

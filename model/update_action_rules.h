// Update action rules: which clusters a service update concerns and in what state, what
// BatchApplyUpdateAction and BatchStopUpdateAction do to an action and when they refuse (the
// UnprocessedUpdateAction reasons), and the derived fields NodesUpdated and SlaMet. Pure
// functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/cache_cluster.h"
#include "model/replication_group.h"
#include "model/service_update_catalog.h"
#include "model/update_action.h"

namespace ecl {

// A replication group or standalone cache cluster as the update rules see it.
struct UpdateTarget {
  std::string kind;  // kUpdateTargetGroup or kUpdateTargetCluster
  std::string id;
  std::string status;  // the group's or cluster's status
  std::string engine;
  std::string engine_version;
  Timestamp created_at;
  std::vector<NodeUpdate> nodes;  // every node, not-applied, in update order
};

UpdateTarget UpdateTargetOf(const ReplicationGroup& rg);
UpdateTarget UpdateTargetOf(const CacheCluster& cc);

// "<service update>/<target kind>/<target id>".
std::string UpdateActionId(std::string_view service_update, std::string_view target_kind,
                           std::string_view target_id);

// The action of `update` on `target` as it stands: `stored` when one was taken (and is about
// this very target), else a not-applied one, available since the later of the update's
// release and the target's creation.
UpdateAction CurrentUpdateAction(const std::string& account, const std::string& region,
                                 const ServiceUpdateEntry& update, const UpdateTarget& target,
                                 const std::optional<UpdateAction>& stored);
// When the action became available to the target (UpdateActionAvailableDate).
Timestamp UpdateActionAvailableDate(const ServiceUpdateEntry& update, const UpdateTarget& target);

// Why a request about one target is not processed: the UnprocessedUpdateAction's ErrorType
// (an ElastiCache fault code) and ErrorMessage.
struct UpdateRefusal {
  std::string error_type;
  std::string message;
};

// BatchApplyUpdateAction on one target: nullopt when `action` may start (or is already on
// its way: waiting-to-start, in-progress), else the reason.
std::optional<UpdateRefusal> ApplyRefusal(const ServiceUpdateEntry& update,
                                          const UpdateTarget& target, const UpdateAction& action);
// Starts (or restarts, after a stop) applying the update: waiting-to-start, nodes not yet
// updated wait too; the first wave starts after `duration_ms`. An action already on its way
// is left as it is.
void StartApplying(UpdateAction& action, const UpdateTarget& target, Timestamp now,
                   int64_t duration_ms);

// BatchStopUpdateAction on one target: nullopt when `action` can be stopped (waiting-to-start,
// in-progress; stopping again is harmless), else the reason.
std::optional<UpdateRefusal> StopRefusal(const ServiceUpdateEntry& update,
                                         const UpdateTarget& target, const UpdateAction& action);
// Stops the action: nodes being updated finish, those waiting stop; the action is stopping
// until the running wave ends (or `duration_ms` when none runs), then stopped.
void StartStopping(UpdateAction& action, Timestamp now, int64_t duration_ms);

// NodesUpdated: "<complete>/<all>".
std::string NodesUpdated(const UpdateAction& action);
// SlaMet: n/a when the target was created after the recommended apply-by date; yes when
// every node was updated by then; no otherwise.
std::string SlaMet(const UpdateAction& action, const ServiceUpdateEntry& update);

}  // namespace ecl

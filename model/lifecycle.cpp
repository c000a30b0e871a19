#include "model/lifecycle.h"

#include "model/replica_scaling.h"
#include "model/resharding.h"
#include "model/time_windows.h"

namespace ecl {

namespace {

// A replica change deferred to the maintenance window gives up the group's one transition
// slot when another change (resharding, a snapshot) starts; once that is done it waits for
// the next window again instead of being lost.
void RearmScheduledReplicaChange(ReplicationGroup& rg, Timestamp now) {
  if (!rg.scheduled_replica_change || rg.transition) return;
  MaintenanceWindow window = ParseMaintenanceWindow(rg.settings.preferred_maintenance_window);
  rg.transition =
      Transition{kScheduledReplicaChange, now, Timestamp{NextWindowStart(window, now.epoch_ms)}};
}

}  // namespace

LifecycleOutcome AdvanceReplicationGroup(ReplicationGroup& rg, Timestamp now) {
  if (!rg.transition || !rg.transition->IsDue(now)) return LifecycleOutcome::kUnchanged;
  std::string kind = rg.transition->kind;
  if (kind == kScheduledReplicaChange) return LifecycleOutcome::kUnchanged;
  rg.transition.reset();
  if (kind == kDelete) return LifecycleOutcome::kRemoved;
  if (kind == kModifyReplicas) {
    FinishReplicaChange(rg);
  } else if (kind == kReshard) {
    FinishResharding(rg);
  } else {
    rg.status = "available";
    for (auto& ng : rg.node_groups) ng.status = "available";
  }
  RearmScheduledReplicaChange(rg, now);
  return LifecycleOutcome::kUpdated;
}

namespace {

// Resources whose only transitions are "becomes available" and "disappears".
template <typename Resource>
LifecycleOutcome AdvanceToAvailableOrGone(Resource& r, Timestamp now) {
  if (!r.transition || !r.transition->IsDue(now)) return LifecycleOutcome::kUnchanged;
  std::string kind = r.transition->kind;
  r.transition.reset();
  if (kind == kDelete) return LifecycleOutcome::kRemoved;
  r.status = "available";
  return LifecycleOutcome::kUpdated;
}

}  // namespace

LifecycleOutcome AdvanceCacheCluster(CacheCluster& cc, Timestamp now) {
  return AdvanceToAvailableOrGone(cc, now);
}

LifecycleOutcome AdvanceSnapshot(Snapshot& snapshot, Timestamp now) {
  return AdvanceToAvailableOrGone(snapshot, now);
}

}  // namespace ecl

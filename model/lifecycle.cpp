#include "model/lifecycle.h"

#include "model/replica_scaling.h"
#include "model/resharding.h"

namespace ecl {

LifecycleOutcome AdvanceReplicationGroup(ReplicationGroup& rg, Timestamp now) {
  if (!rg.transition || !rg.transition->IsDue(now)) return LifecycleOutcome::kUnchanged;
  std::string kind = rg.transition->kind;
  if (kind == kScheduledReplicaChange) return LifecycleOutcome::kUnchanged;
  rg.transition.reset();
  if (kind == kDelete) return LifecycleOutcome::kRemoved;
  if (kind == kModifyReplicas) {
    FinishReplicaChange(rg);
    return LifecycleOutcome::kUpdated;
  }
  if (kind == kReshard) {
    FinishResharding(rg);
    return LifecycleOutcome::kUpdated;
  }
  rg.status = "available";
  for (auto& ng : rg.node_groups) ng.status = "available";
  return LifecycleOutcome::kUpdated;
}

LifecycleOutcome AdvanceCacheCluster(CacheCluster& cc, Timestamp now) {
  if (!cc.transition || !cc.transition->IsDue(now)) return LifecycleOutcome::kUnchanged;
  std::string kind = cc.transition->kind;
  cc.transition.reset();
  if (kind == kDelete) return LifecycleOutcome::kRemoved;
  cc.status = "available";
  return LifecycleOutcome::kUpdated;
}

LifecycleOutcome AdvanceSnapshot(Snapshot& snapshot, Timestamp now) {
  if (!snapshot.transition || !snapshot.transition->IsDue(now)) return LifecycleOutcome::kUnchanged;
  std::string kind = snapshot.transition->kind;
  snapshot.transition.reset();
  if (kind == kDelete) return LifecycleOutcome::kRemoved;
  snapshot.status = "available";
  return LifecycleOutcome::kUpdated;
}

}  // namespace ecl

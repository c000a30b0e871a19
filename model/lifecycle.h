// Lifecycle: what happens to a resource when its pending transition falls due on the
// emulator clock — creating becomes available, deleting disappears. Pure functions.
#pragma once

#include "model/cache_cluster.h"
#include "model/replication_group.h"
#include "model/snapshot.h"

namespace ecl {

enum class LifecycleOutcome {
  kUnchanged,  // nothing was due
  kUpdated,    // the resource changed and must be saved
  kRemoved,    // the resource is gone and must be deleted
};

LifecycleOutcome AdvanceReplicationGroup(ReplicationGroup& rg, Timestamp now);
LifecycleOutcome AdvanceCacheCluster(CacheCluster& cc, Timestamp now);
// creating/copying/exporting/restoring snapshots become available; deleting ones disappear.
LifecycleOutcome AdvanceSnapshot(Snapshot& snapshot, Timestamp now);

// Transition kinds.
inline constexpr const char* kCreate = "create";
inline constexpr const char* kDelete = "delete";
// Replica members joining or leaving (IncreaseReplicaCount / DecreaseReplicaCount).
inline constexpr const char* kModifyReplicas = "modify-replicas";
// Online resharding: slots migrating between node groups.
inline constexpr const char* kReshard = "reshard";
// A replica change waiting for the maintenance window (ApplyImmediately=false). Not applied by
// AdvanceReplicationGroup: starting it creates and deletes member clusters, which the
// handlers do.
inline constexpr const char* kScheduledReplicaChange = "scheduled-replica-change";
inline constexpr const char* kSnapshot = "snapshot";  // a group or cluster being snapshotted
inline constexpr const char* kCopy = "copy";          // a snapshot being copied or exported
inline constexpr const char* kRestore = "restore";    // a snapshot a new group is restored from

}  // namespace ecl

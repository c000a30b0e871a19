// Lifecycle: what happens to a resource when its pending transition falls due on the
// emulator clock — creating becomes available, deleting disappears. Pure functions.
#pragma once

#include "model/cache_cluster.h"
#include "model/replication_group.h"

namespace ecl {

enum class LifecycleOutcome {
  kUnchanged,  // nothing was due
  kUpdated,    // the resource changed and must be saved
  kRemoved,    // the resource is gone and must be deleted
};

LifecycleOutcome AdvanceReplicationGroup(ReplicationGroup& rg, Timestamp now);
LifecycleOutcome AdvanceCacheCluster(CacheCluster& cc, Timestamp now);

// Transition kinds.
inline constexpr const char* kCreate = "create";
inline constexpr const char* kDelete = "delete";

}  // namespace ecl

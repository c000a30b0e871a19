// Replica scaling operations: IncreaseReplicaCount and DecreaseReplicaCount, applied at once
// or in the group's next maintenance window.
#pragma once

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"
#include "model/replication_group.h"

namespace ecl {

void RegisterReplicaHandlers(HandlerRegistry& registry, HandlerEnv env);

// Starts a replica change deferred to the maintenance window, now that the window has opened.
// A change that no longer fits the group (it was changed meanwhile) is dropped.
// Runs inside the caller's transaction; saves the group.
void StartScheduledReplicaChange(HandlerEnv env, ReplicationGroup& rg, Timestamp now);

}  // namespace ecl

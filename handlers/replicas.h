// Replica scaling operations: IncreaseReplicaCount and DecreaseReplicaCount, applied at once
// or in the group's next maintenance window (the lifecycle starts a deferred change).
#pragma once

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"

namespace ecl {

void RegisterReplicaHandlers(HandlerRegistry& registry, HandlerEnv env);

}  // namespace ecl

// Online resharding: ModifyReplicationGroupShardConfiguration.
#pragma once

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"

namespace ecl {

void RegisterShardHandlers(HandlerRegistry& registry, HandlerEnv env);

}  // namespace ecl

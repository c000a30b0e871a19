// Replication group operations: CreateReplicationGroup, DescribeReplicationGroups,
// DeleteReplicationGroup.
#pragma once

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"

namespace ecl {

void RegisterReplicationGroupHandlers(HandlerRegistry& registry, HandlerEnv env);

}  // namespace ecl

// Online resharding: ModifyReplicationGroupShardConfiguration, and starting a planned
// resharding (the global datastore operations reshard every member with it).
#pragma once

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"
#include "model/resharding.h"

namespace ecl {

void RegisterShardHandlers(HandlerRegistry& registry, HandlerEnv env);

// Starts `plan` on `rg` (in ctx's account and region): node groups join and leave, the slot
// migration runs for a transition; saves the group, its member clusters and ElastiCache's
// events.
void StartReshardPlan(HandlerEnv env, const RequestContext& ctx, ReplicationGroup& rg,
                      const ReshardPlan& plan);

}  // namespace ecl

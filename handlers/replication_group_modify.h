// ModifyReplicationGroup: every parameter of the 2015-02-02 model with AWS's rules. What
// applies at once (description, windows, snapshot settings, notifications, Multi-AZ, minor
// version upgrades) is applied at once; what ElastiCache applies to the nodes (node type,
// engine and version, parameter and security groups, AUTH token, user groups, logs,
// in-transit encryption, cluster mode, automatic failover, a promotion) makes the group
// `modifying` for a transition, or, for node type, engine and the primary with
// ApplyImmediately=false, waits for the maintenance window in PendingModifiedValues. Member
// cluster records follow the group (handlers/member_clusters.h). Rules and sources:
// docs/modify-replication-group.md.
#pragma once

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"

namespace ecl {

void RegisterReplicationGroupModifyHandlers(HandlerRegistry& registry, HandlerEnv env);

}  // namespace ecl

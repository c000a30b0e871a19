// Global datastores: CreateGlobalReplicationGroup, DescribeGlobalReplicationGroups,
// ModifyGlobalReplicationGroup, DeleteGlobalReplicationGroup,
// DisassociateGlobalReplicationGroup, FailoverGlobalReplicationGroup,
// IncreaseNodeGroupsInGlobalReplicationGroup, DecreaseNodeGroupsInGlobalReplicationGroup and
// RebalanceSlotsInGlobalReplicationGroup, and what CreateReplicationGroup needs to add a
// secondary. A datastore is stored under no region and its members live in theirs, so one
// process serves every side; each member's GlobalReplicationGroupInfo follows the
// datastore's member list (FollowGlobalReplicationGroup), which is the one authority.
#pragma once

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"

namespace ecl {

void RegisterGlobalReplicationGroupHandlers(HandlerRegistry& registry, HandlerEnv env);

// CreateReplicationGroup with GlobalReplicationGroupId: the datastore to join (it must exist,
// be settled and have room in the caller's region), after refusing the parameters a
// secondary inherits.
GlobalReplicationGroup GlobalDatastoreToJoin(HandlerEnv env, const RequestContext& ctx,
                                             const api::CreateReplicationGroupMessage& request);
// The request as if the caller had spelt out what the secondary inherits from the primary:
// engine and version, node type, cluster mode, node groups with their ids and slots,
// encryption, data tiering, automatic failover (when it has replicas) and a parameter group
// of its own, copied from the primary's into the caller's region.
api::CreateReplicationGroupMessage SecondaryRequest(HandlerEnv env, const RequestContext& ctx,
                                                    const api::CreateReplicationGroupMessage& request,
                                                    const GlobalReplicationGroup& grg);
// The new group `rg` (not yet saved) joins `grg` as a secondary; saves the datastore.
void JoinGlobalDatastore(HandlerEnv env, const RequestContext& ctx, GlobalReplicationGroup& grg,
                         ReplicationGroup& rg);

// Makes every member's GlobalReplicationGroupInfo agree with `grg` (none when it is
// `removed`), clears it on the members that left, and forgets them. The service calls it
// after a datastore's lifecycle step, the handlers after each change.
void FollowGlobalReplicationGroup(HandlerEnv env, GlobalReplicationGroup& grg, bool removed);

}  // namespace ecl

// RBAC user group operations: CreateUserGroup, DescribeUserGroups, ModifyUserGroup and
// DeleteUserGroup, and what replication groups need of user groups: CreateReplicationGroup's
// UserGroupIds today, ModifyReplicationGroup's UserGroupIdsToAdd / …ToRemove /
// RemoveUserGroups once it exists.
#pragma once

#include <string>
#include <vector>

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"
#include "model/user_group.h"
#include "model/user_rules.h"

namespace ecl {

void RegisterUserGroupHandlers(HandlerRegistry& registry, HandlerEnv env);

// The user groups `ids` a replication group is to use, checked: each exists
// (UserGroupNotFound) and is active (InvalidUserGroupState), and the replication group
// described by `use` fits them (in-transit encryption, no AUTH token, engine version). Returns
// the ids as stored (lower case, without repeats); empty when `ids` is.
std::vector<std::string> RequireUserGroupsFor(HandlerEnv env, const RequestContext& ctx,
                                              const std::vector<std::string>& ids,
                                              const UserGroupUse& use);

// Fails with InvalidUserGroupState when replication groups use the group (DeleteUserGroup).
void RequireUserGroupUnused(HandlerEnv env, const RequestContext& ctx, const UserGroup& group);

}  // namespace ecl

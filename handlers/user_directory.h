// What the user and user group handlers (and replication groups that use user groups) share:
// the account's built-in `default` user, seeded on first use; the users and groups of one
// account and region read once per request; which groups hold a user and which replication
// groups and serverless caches use a group (read from the records, never stored twice); and the views DescribeUsers
// and DescribeUserGroups answer with. Handlers run one at a time (the service serializes
// calls).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "handlers/api_types.h"
#include "handlers/handler_support.h"
#include "model/user.h"
#include "model/user_group.h"

namespace ecl {

// Saves the account and region's `default` user when the store lacks it (the first user or
// user group operation, or the first reference to a user group, seeds it).
void EnsureDefaultUser(HandlerEnv env, const RequestContext& ctx);

// Every user and user group of the caller's account and region.
struct UserDirectory {
  std::map<std::string, User> users;  // by id
  std::vector<UserGroup> groups;      // in id order

  static UserDirectory Load(HandlerEnv env, const RequestContext& ctx);
  // Groups whose members include the user, in id order.
  std::vector<std::string> GroupsHolding(const std::string& user_id) const;
  // The users of `ids` that exist, in that order.
  std::vector<const User*> Users(const std::vector<std::string>& ids) const;
};

// Replication groups of the caller's account and region that use the user group, in id
// order (the group's ReplicationGroups; a group in use cannot be deleted).
std::vector<std::string> ReplicationGroupsUsing(HandlerEnv env, const RequestContext& ctx,
                                                const std::string& user_group_id);

// The same for every user group at once: user group id → replication groups using it.
std::map<std::string, std::vector<std::string>> ReplicationGroupsByUserGroup(
    HandlerEnv env, const RequestContext& ctx);

// Serverless caches of the caller's account and region that use the user group, in name
// order, and the same for every user group at once.
std::vector<std::string> ServerlessCachesUsing(HandlerEnv env, const RequestContext& ctx,
                                               const std::string& user_group_id);
std::map<std::string, std::vector<std::string>> ServerlessCachesByUserGroup(
    HandlerEnv env, const RequestContext& ctx);

api::User UserView(const User& user, const UserDirectory& directory);
api::UserGroup UserGroupView(const UserGroup& group, const UserDirectory& directory,
                             const std::vector<std::string>& replication_groups,
                             const std::vector<std::string>& serverless_caches);

}  // namespace ecl

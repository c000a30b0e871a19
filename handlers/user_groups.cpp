#include "handlers/user_groups.h"

#include <algorithm>

#include "handlers/user_directory.h"
#include "model/aws_faults.h"
#include "model/identifiers.h"
#include "model/lifecycle.h"

namespace ecl {

namespace {

// User ids as stored (lower case), without repeats, in the order given.
std::vector<std::string> CanonicalUserIds(const std::optional<std::vector<std::string>>& ids) {
  std::vector<std::string> out;
  for (const auto& id : Items(ids)) {
    std::string canonical = ToLowerAscii(id);
    if (!Contains(out, canonical)) out.push_back(std::move(canonical));
  }
  return out;
}

// A user that may join a group: it exists and is not being deleted.
const User& JoiningUser(const UserDirectory& directory, const std::string& id) {
  auto it = directory.users.find(id);
  if (it == directory.users.end() || it->second.status == UserStatus::kDeleting)
    throw Kind<User>::NotFound(id);
  return it->second;
}

api::UserGroup View(HandlerEnv env, const RequestContext& ctx, const UserGroup& group) {
  return UserGroupView(group, UserDirectory::Load(env, ctx),
                       ReplicationGroupsUsing(env, ctx, group.id),
                       ServerlessCachesUsing(env, ctx, group.id));
}

api::UserGroup CreateUserGroup(HandlerEnv env, const RequestContext& ctx,
                               const api::CreateUserGroupMessage& in) {
  UserGroup group;
  group.id = ValidateUserGroupId(in.UserGroupId);
  group.engine = ValidateUserEngine(in.Engine);
  std::vector<std::string> ids = CanonicalUserIds(in.UserIds);
  std::vector<Tag> tags = TagsFrom(in.Tags);

  EnsureDefaultUser(env, ctx);
  if (env.store.Find<UserGroup>({ctx.account, ctx.region, group.id}))
    throw faults::UserGroupAlreadyExistsFault("User group " + group.id + " already exists.");
  if (env.store.Count<UserGroup>(ctx.account, ctx.region) >= env.options.user_group_quota)
    throw faults::UserGroupQuotaExceededFault(
        "The quota of " + std::to_string(env.options.user_group_quota) +
        " user groups per account and region has been reached.");
  UserDirectory directory = UserDirectory::Load(env, ctx);
  std::vector<const User*> members;
  for (const auto& id : ids) members.push_back(&JoiningUser(directory, id));
  CheckUserGroupMembers(group.id, group.engine, members, env.options.users_per_user_group_quota);

  group.account = ctx.account;
  group.region = ctx.region;
  group.user_ids = ids;
  group.status = UserStatus::kCreating;
  group.transition = StartTransition(kCreate, ctx.now, env.TransitionMs());
  group.created_at = ctx.now;
  env.store.Save(group);
  if (!tags.empty())
    env.store.PutTags(ctx.account, ctx.region, ArnOf<UserGroup>(ctx.region, ctx.account, group.id),
                      tags);
  Record(env, ctx, {EventOf<UserGroup>(group.id, happened::kCreated, ctx.now)});
  directory.groups.push_back(group);
  return UserGroupView(group, directory, {}, {});
}

api::DescribeUserGroupsResult DescribeUserGroups(HandlerEnv env, const RequestContext& ctx,
                                                 const api::DescribeUserGroupsMessage& in) {
  int limit = PageSize(in.MaxRecords, 20, 100, 100);
  EnsureDefaultUser(env, ctx);
  api::DescribeUserGroupsResult out;
  auto& groups = out.UserGroups.emplace();
  if (in.UserGroupId) {
    groups.push_back(View(env, ctx, Require<UserGroup>(env, ctx, *in.UserGroupId)));
    return out;
  }
  UserDirectory directory = UserDirectory::Load(env, ctx);
  auto used_by = ReplicationGroupsByUserGroup(env, ctx);
  auto serverless_users = ServerlessCachesByUserGroup(env, ctx);
  auto page = env.store.Scan<UserGroup>(
      ctx.account, ctx.region, MarkerPosition(api::op::DescribeUserGroups::kName, in.Marker),
      limit);
  for (const auto& g : page.items)
    groups.push_back(UserGroupView(g, directory, used_by[g.id], serverless_users[g.id]));
  out.Marker = NextMarker(api::op::DescribeUserGroups::kName, page.next_marker);
  return out;
}

api::UserGroup ModifyUserGroup(HandlerEnv env, const RequestContext& ctx,
                               const api::ModifyUserGroupMessage& in) {
  EnsureDefaultUser(env, ctx);
  UserGroup group = Require<UserGroup>(env, ctx, in.UserGroupId);
  RequireActiveUserGroup(group, "modified");
  std::string engine = in.Engine ? ValidateUserEngine(*in.Engine) : group.engine;
  std::vector<std::string> to_add = CanonicalUserIds(in.UserIdsToAdd);
  std::vector<std::string> to_remove = CanonicalUserIds(in.UserIdsToRemove);
  if (to_add.empty() && to_remove.empty() && engine == group.engine)
    throw faults::InvalidParameterCombinationException("No modifications were requested.");
  for (const auto& id : to_add)
    if (Contains(to_remove, id))
      throw faults::InvalidParameterCombinationException(
          "User " + id + " cannot be both added to and removed from user group " + group.id + ".");

  UserDirectory directory = UserDirectory::Load(env, ctx);
  for (const auto& id : to_remove)
    if (!group.HasMember(id))
      throw faults::InvalidParameterValueException(
          "User " + id + " is not a member of user group " + group.id + ".");
  for (const auto& id : to_add) {
    JoiningUser(directory, id);
    if (group.HasMember(id))
      throw faults::InvalidParameterValueException(
          "User " + id + " is already a member of user group " + group.id + ".");
  }
  std::vector<std::string> after;
  for (const auto& id : group.user_ids)
    if (!Contains(to_remove, id)) after.push_back(id);
  after.insert(after.end(), to_add.begin(), to_add.end());
  CheckUserGroupMembers(group.id, engine, directory.Users(after),
                        env.options.users_per_user_group_quota);

  group.engine = engine;
  group.pending_user_ids_to_add = to_add;
  group.pending_user_ids_to_remove = to_remove;
  group.status = UserStatus::kModifying;
  group.transition = StartTransition(kModify, ctx.now, env.TransitionMs());
  env.store.Save(group);
  Record(env, ctx, {EventOf<UserGroup>(group.id, happened::kModifying, ctx.now)});
  return UserGroupView(group, directory, ReplicationGroupsUsing(env, ctx, group.id),
                       ServerlessCachesUsing(env, ctx, group.id));
}

api::UserGroup DeleteUserGroup(HandlerEnv env, const RequestContext& ctx,
                               const api::DeleteUserGroupMessage& in) {
  EnsureDefaultUser(env, ctx);
  UserGroup group = Require<UserGroup>(env, ctx, in.UserGroupId);
  RequireUserGroupUnused(env, ctx, group);
  RequireActiveUserGroup(group, "deleted");
  group.status = UserStatus::kDeleting;
  group.transition = StartTransition(kDelete, ctx.now, env.TransitionMs());
  env.store.Save(group);
  Record(env, ctx, {EventOf<UserGroup>(group.id, happened::kDeleting, ctx.now)});
  return View(env, ctx, group);
}

}  // namespace

void RequireUserGroupUnused(HandlerEnv env, const RequestContext& ctx, const UserGroup& group) {
  auto join = [](const std::vector<std::string>& ids) {
    std::string list;
    for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
    return list;
  };
  std::vector<std::string> users = ReplicationGroupsUsing(env, ctx, group.id);
  if (!users.empty())
    throw faults::InvalidUserGroupStateFault("User group " + group.id +
                                             " is associated with replication group(s) " +
                                             join(users) + " and cannot be deleted.");
  std::vector<std::string> caches = ServerlessCachesUsing(env, ctx, group.id);
  if (!caches.empty())
    throw faults::InvalidUserGroupStateFault("User group " + group.id +
                                             " is associated with serverless cache(s) " +
                                             join(caches) + " and cannot be deleted.");
}

std::vector<std::string> RequireUserGroupsFor(HandlerEnv env, const RequestContext& ctx,
                                              const std::vector<std::string>& ids,
                                              const UserGroupUse& use) {
  std::vector<std::string> canonical;
  for (const auto& id : ids) {
    std::string c = ToLowerAscii(id);
    if (!Contains(canonical, c)) canonical.push_back(std::move(c));
  }
  if (canonical.empty()) return canonical;
  CheckReplicationGroupTakesUserGroups(use);
  EnsureDefaultUser(env, ctx);
  UserDirectory directory = UserDirectory::Load(env, ctx);
  for (const auto& id : canonical) {
    UserGroup group = Require<UserGroup>(env, ctx, id);
    CheckUserGroupFitsReplicationGroup(
        use, group, UserGroupMinimumEngineVersion(group.engine, directory.Users(group.user_ids)));
  }
  return canonical;
}

void RegisterUserGroupHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::CreateUserGroup>(env, CreateUserGroup);
  registry.Add<api::op::DescribeUserGroups>(env, DescribeUserGroups);
  registry.Add<api::op::ModifyUserGroup>(env, ModifyUserGroup);
  registry.Add<api::op::DeleteUserGroup>(env, DeleteUserGroup);
}

}  // namespace ecl

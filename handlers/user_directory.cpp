#include "handlers/user_directory.h"

#include <algorithm>
#include <climits>

#include "model/naming.h"
#include "model/replication_group.h"
#include "model/resource_kinds.h"
#include "model/serverless_cache.h"
#include "model/user_rules.h"

namespace ecl {

void EnsureDefaultUser(HandlerEnv env, const RequestContext& ctx) {
  const std::string id(kDefaultUserId);
  if (env.store.Find<User>({ctx.account, ctx.region, id})) return;
  env.store.Save(DefaultUser(ctx.account, ctx.region, ctx.now));
  Record(env, ctx,
         {{std::string(Kind<User>::kStoredName),
           id,
           std::string(happened::kCreated),
           ctx.now,
           {},
           {},
           {}}});
}

UserDirectory UserDirectory::Load(HandlerEnv env, const RequestContext& ctx) {
  UserDirectory d;
  for (auto& u : env.store.Scan<User>(ctx.account, ctx.region, "", INT_MAX).items) {
    std::string id = u.id;
    d.users.emplace(std::move(id), std::move(u));
  }
  d.groups = env.store.Scan<UserGroup>(ctx.account, ctx.region, "", INT_MAX).items;
  return d;
}

std::vector<std::string> UserDirectory::GroupsHolding(const std::string& user_id) const {
  std::vector<std::string> ids;
  for (const auto& g : groups)
    if (g.HasMember(user_id)) ids.push_back(g.id);
  return ids;
}

std::vector<const User*> UserDirectory::Users(const std::vector<std::string>& ids) const {
  std::vector<const User*> out;
  for (const auto& id : ids) {
    auto it = users.find(id);
    if (it != users.end()) out.push_back(&it->second);
  }
  return out;
}

std::vector<std::string> ReplicationGroupsUsing(HandlerEnv env, const RequestContext& ctx,
                                                const std::string& user_group_id) {
  auto page = env.store.Scan<ReplicationGroup>(
      ctx.account, ctx.region, "", INT_MAX, [&](const ReplicationGroup& rg) {
        return std::find(rg.user_group_ids.begin(), rg.user_group_ids.end(), user_group_id) !=
               rg.user_group_ids.end();
      });
  std::vector<std::string> ids;
  for (const auto& rg : page.items) ids.push_back(rg.id);
  return ids;
}

std::map<std::string, std::vector<std::string>> ReplicationGroupsByUserGroup(
    HandlerEnv env, const RequestContext& ctx) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& rg :
       env.store.Scan<ReplicationGroup>(ctx.account, ctx.region, "", INT_MAX).items)
    for (const auto& g : rg.user_group_ids) out[g].push_back(rg.id);
  return out;
}

std::vector<std::string> ServerlessCachesUsing(HandlerEnv env, const RequestContext& ctx,
                                               const std::string& user_group_id) {
  auto page = env.store.Scan<ServerlessCache>(
      ctx.account, ctx.region, "", INT_MAX,
      [&](const ServerlessCache& c) { return c.user_group_id == user_group_id; });
  std::vector<std::string> ids;
  for (const auto& c : page.items) ids.push_back(c.id);
  return ids;
}

std::map<std::string, std::vector<std::string>> ServerlessCachesByUserGroup(
    HandlerEnv env, const RequestContext& ctx) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& c : env.store.Scan<ServerlessCache>(ctx.account, ctx.region, "", INT_MAX).items)
    if (c.user_group_id) out[*c.user_group_id].push_back(c.id);
  return out;
}

api::User UserView(const User& u, const UserDirectory& directory) {
  api::User v;
  v.UserId = u.id;
  v.UserName = u.user_name;
  v.Status = u.status;
  v.Engine = u.engine;
  v.MinimumEngineVersion = u.minimum_engine_version;
  v.AccessString = u.access_string;
  v.UserGroupIds = directory.GroupsHolding(u.id);
  api::Authentication auth;
  auth.Type = u.authentication_type;
  // Only password users show a count (User Guide and AWS CLI examples).
  if (u.authentication_type == AuthenticationType::kPassword)
    auth.PasswordCount = int(u.passwords.size());
  v.Authentication = auth;
  v.ARN = ArnOf<User>(u.region, u.account, u.id);
  return v;
}

api::UserGroup UserGroupView(const UserGroup& g, const UserDirectory& directory,
                             const std::vector<std::string>& replication_groups,
                             const std::vector<std::string>& serverless_caches) {
  api::UserGroup v;
  v.UserGroupId = g.id;
  v.Status = g.status;
  v.Engine = g.engine;
  v.UserIds = g.user_ids;
  v.MinimumEngineVersion = UserGroupMinimumEngineVersion(g.engine, directory.Users(g.user_ids));
  if (!g.pending_user_ids_to_add.empty() || !g.pending_user_ids_to_remove.empty()) {
    api::UserGroupPendingChanges pending;
    if (!g.pending_user_ids_to_remove.empty())
      pending.UserIdsToRemove = g.pending_user_ids_to_remove;
    if (!g.pending_user_ids_to_add.empty()) pending.UserIdsToAdd = g.pending_user_ids_to_add;
    v.PendingChanges = pending;
  }
  v.ReplicationGroups = replication_groups;
  v.ServerlessCaches = serverless_caches;
  v.ARN = ArnOf<UserGroup>(g.region, g.account, g.id);
  return v;
}

}  // namespace ecl

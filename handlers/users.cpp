#include "handlers/users.h"

#include <algorithm>

#include "handlers/user_directory.h"
#include "model/access_string.h"
#include "model/aws_faults.h"
#include "model/identifiers.h"
#include "model/lifecycle.h"
#include "model/user_rules.h"

namespace ecl {

namespace {

template <typename Message>
AuthenticationRequest AuthenticationFrom(const Message& in) {
  AuthenticationRequest r;
  r.passwords = in.Passwords;
  r.no_password_required = in.NoPasswordRequired;
  if (in.AuthenticationMode) {
    r.mode_type = in.AuthenticationMode->Type;
    r.mode_passwords = in.AuthenticationMode->Passwords;
  }
  return r;
}

api::User CreateUser(HandlerEnv env, const RequestContext& ctx, const api::CreateUserMessage& in) {
  User user;
  user.id = ValidateUserId(in.UserId);
  ValidateUserName(in.UserName);
  user.user_name = in.UserName;
  user.engine = ValidateUserEngine(in.Engine);
  NormalizedAccessString access = NormalizeAccessString(in.AccessString);
  ResolvedAuthentication auth = ResolveAuthentication(AuthenticationFrom(in));
  CheckAuthenticationFits(auth.type, user.id, user.user_name, user.engine);
  std::vector<Tag> tags = TagsFrom(in.Tags);

  EnsureDefaultUser(env, ctx);
  if (env.store.Find<User>({ctx.account, ctx.region, user.id}))
    throw faults::UserAlreadyExistsFault("User " + user.id + " already exists.");
  // The built-in default user does not count against the quota.
  if (env.store.Count<User>(ctx.account, ctx.region) - 1 >= env.options.user_quota)
    throw faults::UserQuotaExceededFault("The quota of " + std::to_string(env.options.user_quota) +
                                         " users per account and region has been reached.");

  user.account = ctx.account;
  user.region = ctx.region;
  user.access_string = access.text;
  user.authentication_type = auth.type;
  user.passwords = std::move(auth.passwords);
  user.minimum_engine_version =
      UserMinimumEngineVersion(user.engine, user.authentication_type, access.minimum_redis_version);
  // Users are usable at once: CreateUser answers "active" (AWS CLI and User Guide examples).
  user.status = UserStatus::kActive;
  user.created_at = ctx.now;
  env.store.Save(user);
  if (!tags.empty())
    env.store.PutTags(ctx.account, ctx.region, ArnOf<User>(ctx.region, ctx.account, user.id), tags);
  Record(env, ctx, {EventOf<User>(user.id, happened::kCreated, ctx.now)});
  return UserView(user, UserDirectory::Load(env, ctx));
}

api::DescribeUsersResult DescribeUsers(HandlerEnv env, const RequestContext& ctx,
                                       const api::DescribeUsersMessage& in) {
  int limit = PageSize(in.MaxRecords, 20, 100, 100);
  std::optional<std::string> engine;
  if (in.Engine) engine = ToLowerAscii(*in.Engine);
  std::vector<std::vector<std::string>> id_filters;
  for (const auto& f : Items(in.Filters)) {
    if (f.Name != "user-id" && f.Name != "UserId")
      throw faults::InvalidParameterCombinationException("Unknown filter name " + f.Name +
                                                         ". DescribeUsers filters by user-id.");
    std::vector<std::string> values;
    for (const auto& v : f.Values) values.push_back(ToLowerAscii(v));
    id_filters.push_back(std::move(values));
  }
  auto matches = [&](const User& u) {
    if (engine && u.engine != *engine) return false;
    for (const auto& values : id_filters)
      if (!Contains(values, u.id)) return false;
    return true;
  };

  EnsureDefaultUser(env, ctx);
  UserDirectory directory = UserDirectory::Load(env, ctx);
  api::DescribeUsersResult out;
  auto& users = out.Users.emplace();
  if (in.UserId) {
    User user = Require<User>(env, ctx, *in.UserId);
    if (matches(user)) users.push_back(UserView(user, directory));
    return out;
  }
  auto page = env.store.Scan<User>(ctx.account, ctx.region,
                                   MarkerPosition(api::op::DescribeUsers::kName, in.Marker), limit,
                                   matches);
  for (const auto& u : page.items) users.push_back(UserView(u, directory));
  out.Marker = NextMarker(api::op::DescribeUsers::kName, page.next_marker);
  return out;
}

api::User ModifyUser(HandlerEnv env, const RequestContext& ctx, const api::ModifyUserMessage& in) {
  EnsureDefaultUser(env, ctx);
  User user = Require<User>(env, ctx, in.UserId);
  if (user.built_in)
    throw faults::InvalidParameterValueException("The default user " + user.id +
                                                 " cannot be modified.");
  RequireActiveUser(user, "modified");
  if (in.AccessString && in.AppendAccessString)
    throw faults::InvalidParameterCombinationException(
        "AccessString and AppendAccessString cannot be used together.");
  AuthenticationRequest auth_request = AuthenticationFrom(in);
  if (!in.AccessString && !in.AppendAccessString && !in.Engine && auth_request.Empty())
    throw faults::InvalidParameterCombinationException("No modifications were requested.");

  std::optional<NormalizedAccessString> access;
  if (in.AccessString) access = NormalizeAccessString(*in.AccessString);
  if (in.AppendAccessString)
    access = NormalizeAccessString(user.access_string + " " + *in.AppendAccessString);
  std::string engine = in.Engine ? ValidateUserEngine(*in.Engine) : user.engine;
  std::optional<ResolvedAuthentication> auth;
  if (!auth_request.Empty()) auth = ResolveAuthentication(auth_request);
  CheckAuthenticationFits(auth ? auth->type : user.authentication_type, user.id, user.user_name,
                          engine);

  std::string access_minimum =
      access ? access->minimum_redis_version
             : NormalizeAccessString(user.access_string).minimum_redis_version;
  if (access) user.access_string = access->text;
  user.engine = engine;
  if (auth) {
    user.authentication_type = auth->type;
    user.passwords = std::move(auth->passwords);
  }
  user.minimum_engine_version =
      UserMinimumEngineVersion(user.engine, user.authentication_type, access_minimum);
  user.status = UserStatus::kModifying;
  user.transition = StartTransition(kModify, ctx.now, env.TransitionMs());
  env.store.Save(user);
  std::vector<DomainEvent> events{EventOf<User>(user.id, happened::kModifying, ctx.now)};

  // The groups that hold the user are updated with it (User Guide: "the user groups
  // associated with the user are updated").
  UserDirectory directory = UserDirectory::Load(env, ctx);
  for (auto& group : directory.groups) {
    if (!group.HasMember(user.id) || group.status != UserStatus::kActive) continue;
    group.status = UserStatus::kModifying;
    group.transition = StartTransition(kModify, ctx.now, env.TransitionMs());
    env.store.Save(group);
    events.push_back(EventOf<UserGroup>(group.id, happened::kModifying, ctx.now));
  }
  Record(env, ctx, events);
  return UserView(user, directory);
}

api::User DeleteUser(HandlerEnv env, const RequestContext& ctx, const api::DeleteUserMessage& in) {
  EnsureDefaultUser(env, ctx);
  User user = Require<User>(env, ctx, in.UserId);
  UserDirectory directory = UserDirectory::Load(env, ctx);
  if (user.user_name == kDefaultUserName && !directory.GroupsHolding(user.id).empty())
    throw faults::DefaultUserAssociatedToUserGroupFault(
        "User is associated to user group(s) as a default user and can't be deleted.");
  if (user.built_in)
    throw faults::InvalidParameterValueException("The default user " + user.id +
                                                 " cannot be deleted.");
  RequireActiveUser(user, "deleted");

  user.status = UserStatus::kDeleting;
  user.transition = StartTransition(kDelete, ctx.now, env.TransitionMs());
  env.store.Save(user);
  std::vector<DomainEvent> events{EventOf<User>(user.id, happened::kDeleting, ctx.now)};
  // The user leaves every group that holds it (User Guide: "The account is deleted and removed
  // from any user groups to which it belongs"); the groups show the removal pending.
  for (auto& group : directory.groups) {
    auto& adding = group.pending_user_ids_to_add;
    bool pending_add = Contains(adding, user.id);
    if (!group.HasMember(user.id) && !pending_add) continue;
    if (group.status == UserStatus::kDeleting) continue;
    adding.erase(std::remove(adding.begin(), adding.end(), user.id), adding.end());
    if (group.HasMember(user.id)) group.pending_user_ids_to_remove.push_back(user.id);
    if (group.status == UserStatus::kActive) {
      group.status = UserStatus::kModifying;
      group.transition = StartTransition(kModify, ctx.now, env.TransitionMs());
    }
    env.store.Save(group);
    events.push_back(EventOf<UserGroup>(group.id, happened::kModifying, ctx.now));
  }
  Record(env, ctx, events);
  return UserView(user, UserDirectory::Load(env, ctx));
}

}  // namespace

void RegisterUserHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::CreateUser>(env, CreateUser);
  registry.Add<api::op::DescribeUsers>(env, DescribeUsers);
  registry.Add<api::op::ModifyUser>(env, ModifyUser);
  registry.Add<api::op::DeleteUser>(env, DeleteUser);
}

}  // namespace ecl

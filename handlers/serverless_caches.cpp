#include "handlers/serverless_caches.h"

#include "handlers/serverless_cache_snapshots.h"
#include "handlers/subnet_groups.h"
#include "handlers/user_directory.h"
#include "model/aws_faults.h"
#include "model/lifecycle.h"
#include "model/naming.h"
#include "model/serverless_cache_rules.h"
#include "model/serverless_snapshot_rules.h"

namespace ecl {

namespace {

UsageLimitsRequest LimitsRequested(const api::CacheUsageLimits& in) {
  UsageLimitsRequest out;
  if (in.DataStorage) {
    out.data_storage = UsageBounds{in.DataStorage->Maximum, in.DataStorage->Minimum};
    out.data_storage_unit = in.DataStorage->Unit;
  }
  if (in.ECPUPerSecond)
    out.ecpu_per_second = UsageBounds{in.ECPUPerSecond->Maximum, in.ECPUPerSecond->Minimum};
  return out;
}

std::optional<api::CacheUsageLimits> LimitsView(const ServerlessUsageLimits& limits) {
  if (!limits.data_storage_gb && !limits.ecpu_per_second) return std::nullopt;
  api::CacheUsageLimits v;
  if (limits.data_storage_gb)
    v.DataStorage =
        api::DataStorage{limits.data_storage_gb->maximum, limits.data_storage_gb->minimum,
                         std::string(kDataStorageUnit)};
  if (limits.ecpu_per_second)
    v.ECPUPerSecond =
        api::ECPUPerSecond{limits.ecpu_per_second->maximum, limits.ecpu_per_second->minimum};
  return v;
}

api::ServerlessCache View(HandlerEnv env, const ServerlessCache& c) {
  api::ServerlessCache v;
  v.ServerlessCacheName = c.id;
  v.Description = c.description;
  v.CreateTime = c.created_at;
  v.Status = c.status;
  v.Engine = c.engine;
  v.MajorEngineVersion = c.major_engine_version;
  v.FullEngineVersion =
      ServerlessFullEngineVersion(env.catalogs.engines, c.engine, c.major_engine_version);
  v.CacheUsageLimits = LimitsView(c.usage_limits);
  v.KmsKeyId = c.kms_key_id;
  v.SecurityGroupIds = c.security_group_ids;
  // AWS's create answer has no endpoint yet; it is there once the cache exists.
  if (c.status != ServerlessCacheStatus::kCreating) {
    v.Endpoint = api::Endpoint{c.endpoint_address, ServerlessPort(c.engine)};
    v.ReaderEndpoint = api::Endpoint{c.endpoint_address, ServerlessReaderPort(c.engine)};
  }
  v.ARN = ArnOf<ServerlessCache>(c.region, c.account, c.id);
  v.UserGroupId = c.user_group_id;
  v.SubnetIds = c.subnet_ids;
  v.SnapshotRetentionLimit = c.snapshot_retention_limit;
  v.DailySnapshotTime = c.daily_snapshot_time;
  v.NetworkType = c.network_type;
  return v;
}

// The user group `id` for a cache of `engine`, checked (UserGroupNotFound,
// InvalidUserGroupState, engine rules); returned as stored.
std::string RequireUserGroupFor(HandlerEnv env, const RequestContext& ctx, const std::string& id,
                                const std::string& engine) {
  CheckServerlessEngineTakesUserGroup(engine);
  EnsureDefaultUser(env, ctx);
  UserGroup group = Require<UserGroup>(env, ctx, id);
  CheckUserGroupFitsServerlessCache(engine, group);
  return group.id;
}

api::CreateServerlessCacheResponse CreateServerlessCache(
    HandlerEnv env, const RequestContext& ctx, const api::CreateServerlessCacheRequest& in) {
  ServerlessCache c;
  c.id = ValidateServerlessCacheName(in.ServerlessCacheName);
  c.description = ValidateServerlessCacheDescription(in.Description.value_or(""));
  c.engine = ValidateServerlessEngine(in.Engine);
  c.major_engine_version = in.MajorEngineVersion
                               ? ValidateServerlessMajorVersion(c.engine, *in.MajorEngineVersion)
                               : DefaultServerlessMajorVersion(c.engine);
  if (in.CacheUsageLimits)
    c.usage_limits = ValidateUsageLimits(LimitsRequested(*in.CacheUsageLimits));
  c.kms_key_id = in.KmsKeyId;
  ServerlessNetwork network = ResolveServerlessNetwork(NetworkOf(env), ctx.account, ctx.region,
                                                       Items(in.SubnetIds), in.NetworkType);
  c.subnet_ids = network.subnet_ids;
  c.network_type = network.network_type;
  c.security_group_ids = Items(in.SecurityGroupIds).empty()
                             ? std::vector<std::string>{DefaultVpcSecurityGroupId(network.vpc_id)}
                             : ValidateServerlessSecurityGroupIds(*in.SecurityGroupIds);
  c.snapshot_retention_limit =
      ValidateServerlessSnapshotRetention(in.SnapshotRetentionLimit.value_or(0));
  c.daily_snapshot_time = in.DailySnapshotTime ? ValidateDailySnapshotTime(*in.DailySnapshotTime)
                                               : DefaultDailySnapshotTime(c.id);
  if (in.UserGroupId) CheckServerlessEngineTakesUserGroup(c.engine);
  std::vector<Tag> tags = TagsFrom(in.Tags);

  if (env.store.Find<ServerlessCache>({ctx.account, ctx.region, c.id}))
    throw faults::ServerlessCacheAlreadyExistsFault("Serverless cache " + c.id +
                                                    " already exists.");
  if (env.store.Count<ServerlessCache>(ctx.account, ctx.region) >=
      env.options.serverless_cache_quota)
    throw faults::ServerlessCacheQuotaForCustomerExceededFault(
        "The request cannot be processed because it would exceed the quota of " +
        std::to_string(env.options.serverless_cache_quota) +
        " serverless caches for this account in this region.");
  if (in.UserGroupId) c.user_group_id = RequireUserGroupFor(env, ctx, *in.UserGroupId, c.engine);
  CheckSnapshotsToRestore(env, ctx, Items(in.SnapshotArnsToRestore), c.engine);

  c.account = ctx.account;
  c.region = ctx.region;
  c.endpoint_address = ServerlessEndpointAddress(ctx.account, ctx.region, c.id);
  c.status = ServerlessCacheStatus::kCreating;
  c.transition = StartTransition(kCreate, ctx.now, env.TransitionMs());
  c.created_at = ctx.now;
  env.store.Save(c);
  if (!tags.empty())
    env.store.PutTags(ctx.account, ctx.region,
                      ArnOf<ServerlessCache>(ctx.region, ctx.account, c.id), tags);
  Record(env, ctx, {EventOf<ServerlessCache>(c.id, happened::kCreated, ctx.now)});
  return {View(env, c)};
}

api::DescribeServerlessCachesResponse DescribeServerlessCaches(
    HandlerEnv env, const RequestContext& ctx, const api::DescribeServerlessCachesRequest& in) {
  int limit = PageSize(in.MaxResults, 20, 100, 50);
  api::DescribeServerlessCachesResponse out;
  auto& caches = out.ServerlessCaches.emplace();
  if (in.ServerlessCacheName) {
    caches.push_back(View(env, Require<ServerlessCache>(env, ctx, *in.ServerlessCacheName)));
    return out;
  }
  auto page = env.store.Scan<ServerlessCache>(
      ctx.account, ctx.region,
      MarkerPosition(api::op::DescribeServerlessCaches::kName, in.NextToken, "NextToken"), limit);
  for (const auto& c : page.items) caches.push_back(View(env, c));
  out.NextToken = NextMarker(api::op::DescribeServerlessCaches::kName, page.next_marker);
  return out;
}

api::ModifyServerlessCacheResponse ModifyServerlessCache(
    HandlerEnv env, const RequestContext& ctx, const api::ModifyServerlessCacheRequest& in) {
  const bool remove_user_group = in.RemoveUserGroup.value_or(false);
  if (in.UserGroupId && remove_user_group)
    throw faults::InvalidParameterCombinationException(
        "UserGroupId and RemoveUserGroup cannot be specified together.");
  ServerlessCache before = Require<ServerlessCache>(env, ctx, in.ServerlessCacheName);
  RequireServerlessCacheAvailable(before, "modified");

  ServerlessCache c = before;
  if (in.Description) c.description = ValidateServerlessCacheDescription(*in.Description);
  // A given CacheUsageLimits replaces the limits; a limit it leaves out is removed.
  if (in.CacheUsageLimits)
    c.usage_limits = ValidateUsageLimits(LimitsRequested(*in.CacheUsageLimits));
  if (!Items(in.SecurityGroupIds).empty())
    c.security_group_ids = ValidateServerlessSecurityGroupIds(*in.SecurityGroupIds);
  if (in.SnapshotRetentionLimit)
    c.snapshot_retention_limit = ValidateServerlessSnapshotRetention(*in.SnapshotRetentionLimit);
  if (in.DailySnapshotTime)
    c.daily_snapshot_time = ValidateDailySnapshotTime(*in.DailySnapshotTime);
  ServerlessEngineChoice engine =
      PlanServerlessEngineChange(before, in.Engine, in.MajorEngineVersion);
  if (in.UserGroupId) {
    c.user_group_id = RequireUserGroupFor(env, ctx, *in.UserGroupId, engine.engine);
  } else if (remove_user_group) {
    CheckServerlessEngineTakesUserGroup(before.engine);
    if (!before.user_group_id)
      throw faults::InvalidParameterCombinationException("Serverless cache " + before.id +
                                                         " has no user group to remove.");
    c.user_group_id.reset();
  } else if (c.user_group_id && engine.engine != before.engine) {
    // The group it keeps must suit the new engine (a Redis OSS cache takes redis groups only).
    if (auto group = env.store.Find<UserGroup>({ctx.account, ctx.region, *c.user_group_id}))
      CheckUserGroupFitsServerlessCache(engine.engine, *group);
  }
  if (engine.engine != before.engine) c.pending_engine = engine.engine;
  if (engine.major_engine_version != before.major_engine_version)
    c.pending_major_engine_version = engine.major_engine_version;

  const bool changed =
      c.description != before.description || c.usage_limits != before.usage_limits ||
      c.security_group_ids != before.security_group_ids ||
      c.snapshot_retention_limit != before.snapshot_retention_limit ||
      c.daily_snapshot_time != before.daily_snapshot_time ||
      c.user_group_id != before.user_group_id || c.pending_engine || c.pending_major_engine_version;
  if (!changed) return {View(env, before)};
  c.status = ServerlessCacheStatus::kModifying;
  // The change takes the cache's one transition slot; the daily snapshot is scheduled again
  // when it is done.
  c.transition = StartTransition(kModify, ctx.now, env.TransitionMs());
  env.store.Save(c);
  Record(env, ctx, {EventOf<ServerlessCache>(c.id, happened::kModifying, ctx.now)});
  return {View(env, c)};
}

api::DeleteServerlessCacheResponse DeleteServerlessCache(
    HandlerEnv env, const RequestContext& ctx, const api::DeleteServerlessCacheRequest& in) {
  std::optional<std::string> final_snapshot;
  if (in.FinalSnapshotName)
    final_snapshot = ValidateServerlessSnapshotName("FinalSnapshotName", *in.FinalSnapshotName);
  ServerlessCache c = Require<ServerlessCache>(env, ctx, in.ServerlessCacheName);
  RequireServerlessCacheAvailable(c, "deleted");
  if (final_snapshot) SaveNewServerlessSnapshot(env, ctx, c, *final_snapshot, {}, {}, false);
  DeleteAutomatedSnapshots(env, ctx, c.id);
  c.status = ServerlessCacheStatus::kDeleting;
  c.transition = StartTransition(kDelete, ctx.now, env.TransitionMs());
  env.store.Save(c);
  Record(env, ctx, {EventOf<ServerlessCache>(c.id, happened::kDeleting, ctx.now)});
  return {View(env, c)};
}

}  // namespace

void RegisterServerlessCacheHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::CreateServerlessCache>(env, CreateServerlessCache);
  registry.Add<api::op::DescribeServerlessCaches>(env, DescribeServerlessCaches);
  registry.Add<api::op::ModifyServerlessCache>(env, ModifyServerlessCache);
  registry.Add<api::op::DeleteServerlessCache>(env, DeleteServerlessCache);
}

}  // namespace ecl

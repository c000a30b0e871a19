#include "handlers/serverless_cache_snapshots.h"

#include <climits>

#include "handlers/snapshots.h"
#include "model/aws_faults.h"
#include "model/identifiers.h"
#include "model/lifecycle.h"
#include "model/rdb_file.h"
#include "model/serverless_cache_rules.h"
#include "model/serverless_snapshot_rules.h"
#include "model/snapshot_rules.h"

namespace ecl {

namespace {

// Saves `snapshot` (status creating, due after one transition) and its tags.
void SaveCreating(HandlerEnv env, ServerlessCacheSnapshot& snapshot, Timestamp now,
                  const std::vector<Tag>& tags) {
  snapshot.status = ServerlessSnapshotStatus::kCreating;
  snapshot.transition = StartTransition(kCreate, now, env.TransitionMs());
  env.store.Save(snapshot);
  if (!tags.empty())
    env.store.PutTags(
        snapshot.account, snapshot.region,
        ArnOf<ServerlessCacheSnapshot>(snapshot.region, snapshot.account, snapshot.id), tags);
}

void RequireNameFree(HandlerEnv env, const RequestContext& ctx, const std::string& name) {
  if (env.store.Find<ServerlessCacheSnapshot>({ctx.account, ctx.region, name}))
    throw faults::ServerlessCacheSnapshotAlreadyExistsFault("Serverless cache snapshot " + name +
                                                            " already exists.");
}

int SnapshotsTakenInLastDay(HandlerEnv env, const std::string& account, const std::string& region,
                            const std::string& cache, Timestamp now) {
  return int(env.store
                 .Scan<ServerlessCacheSnapshot>(account, region, "", INT_MAX,
                                                [&](const ServerlessCacheSnapshot& s) {
                                                  return TakenOfCacheInLastDay(s, cache, now);
                                                })
                 .items.size());
}

api::CreateServerlessCacheSnapshotResponse CreateServerlessCacheSnapshot(
    HandlerEnv env, const RequestContext& ctx,
    const api::CreateServerlessCacheSnapshotRequest& in) {
  std::string name =
      ValidateServerlessSnapshotName("ServerlessCacheSnapshotName", in.ServerlessCacheSnapshotName);
  std::vector<Tag> tags = TagsFrom(in.Tags);
  ServerlessCache cache = Require<ServerlessCache>(env, ctx, in.ServerlessCacheName);
  RequireServerlessCacheAvailable(cache, "snapshotted");
  return {ServerlessSnapshotView(
      SaveNewServerlessSnapshot(env, ctx, cache, name, in.KmsKeyId, tags, true))};
}

api::DescribeServerlessCacheSnapshotsResponse DescribeServerlessCacheSnapshots(
    HandlerEnv env, const RequestContext& ctx,
    const api::DescribeServerlessCacheSnapshotsRequest& in) {
  int limit = PageSize(in.MaxResults, 20, 50, 50);
  std::optional<std::string> type = ServerlessSnapshotTypeFilter(in.SnapshotType);
  std::optional<std::string> cache;
  if (in.ServerlessCacheName) cache = ToLowerAscii(*in.ServerlessCacheName);
  auto matches = [&](const ServerlessCacheSnapshot& s) {
    return (!cache || s.serverless_cache_name == *cache) && (!type || s.snapshot_type == *type);
  };

  api::DescribeServerlessCacheSnapshotsResponse out;
  auto& snapshots = out.ServerlessCacheSnapshots.emplace();
  if (in.ServerlessCacheSnapshotName) {
    auto s = Require<ServerlessCacheSnapshot>(env, ctx, *in.ServerlessCacheSnapshotName);
    if (matches(s)) snapshots.push_back(ServerlessSnapshotView(s));
    return out;
  }
  std::string after =
      MarkerPosition(api::op::DescribeServerlessCacheSnapshots::kName, in.NextToken, "NextToken");
  auto page =
      env.store.Scan<ServerlessCacheSnapshot>(ctx.account, ctx.region, after, limit, matches);
  // Snapshots outlive their cache; a cache that never had any and does not exist is unknown.
  if (page.items.empty() && cache && after.empty() &&
      !env.store.Find<ServerlessCache>({ctx.account, ctx.region, *cache}))
    throw Kind<ServerlessCache>::NotFound(*cache);
  for (const auto& s : page.items) snapshots.push_back(ServerlessSnapshotView(s));
  out.NextToken = NextMarker(api::op::DescribeServerlessCacheSnapshots::kName, page.next_marker);
  return out;
}

api::CopyServerlessCacheSnapshotResponse CopyServerlessCacheSnapshot(
    HandlerEnv env, const RequestContext& ctx, const api::CopyServerlessCacheSnapshotRequest& in) {
  std::string target = ValidateServerlessSnapshotName("TargetServerlessCacheSnapshotName",
                                                      in.TargetServerlessCacheSnapshotName);
  std::vector<Tag> tags = TagsFrom(in.Tags);
  auto source = Require<ServerlessCacheSnapshot>(env, ctx, in.SourceServerlessCacheSnapshotName);
  RequireServerlessSnapshotAvailable(source, "copied");
  RequireNameFree(env, ctx, target);
  ServerlessCacheSnapshot copy = CopyOfServerlessSnapshot(source, target, ctx.now, in.KmsKeyId);
  SaveCreating(env, copy, ctx.now, tags);
  Record(env, ctx, {EventOf<ServerlessCacheSnapshot>(copy.id, happened::kCopyStarted, ctx.now)});
  return {ServerlessSnapshotView(copy)};
}

api::DeleteServerlessCacheSnapshotResponse DeleteServerlessCacheSnapshot(
    HandlerEnv env, const RequestContext& ctx,
    const api::DeleteServerlessCacheSnapshotRequest& in) {
  auto s = Require<ServerlessCacheSnapshot>(env, ctx, in.ServerlessCacheSnapshotName);
  RequireServerlessSnapshotAvailable(s, "deleted");
  s.status = ServerlessSnapshotStatus::kDeleting;
  s.transition = StartTransition(kDelete, ctx.now, env.TransitionMs());
  env.store.Save(s);
  Record(env, ctx, {EventOf<ServerlessCacheSnapshot>(s.id, happened::kDeleting, ctx.now)});
  return {ServerlessSnapshotView(s)};
}

// One RDB file, "<snapshot>-0001.rdb", as CopySnapshot writes one per node group.
api::ExportServerlessCacheSnapshotResponse ExportServerlessCacheSnapshot(
    HandlerEnv env, const RequestContext& ctx,
    const api::ExportServerlessCacheSnapshotRequest& in) {
  auto s = Require<ServerlessCacheSnapshot>(env, ctx, in.ServerlessCacheSnapshotName);
  if (s.engine == "memcached")
    throw faults::InvalidParameterValueException(
        "Serverless cache snapshot " + s.id +
        " is of engine memcached; exporting to Amazon S3 is available for Valkey and Redis OSS "
        "snapshots only.");
  RequireServerlessSnapshotAvailable(s, "exported");
  WriteSnapshotExport(
      env, in.S3BucketName, ExportObjectKeys(s.id, 1),
      ServerlessFullEngineVersion(env.catalogs.engines, s.engine, s.major_engine_version),
      "ServerlessCacheSnapshotName");
  s.status = ServerlessSnapshotStatus::kExporting;
  s.transition = StartTransition(kCopy, ctx.now, env.TransitionMs());
  env.store.Save(s);
  Record(env, ctx, {EventOf<ServerlessCacheSnapshot>(s.id, happened::kExportStarted, ctx.now)});
  return {ServerlessSnapshotView(s)};
}

}  // namespace

ServerlessCacheSnapshot SaveNewServerlessSnapshot(HandlerEnv env, const RequestContext& ctx,
                                                  const ServerlessCache& cache,
                                                  const std::string& name,
                                                  const std::optional<std::string>& kms_key_id,
                                                  const std::vector<Tag>& tags,
                                                  bool check_daily_quota) {
  RequireNameFree(env, ctx, name);
  if (check_daily_quota)
    CheckSnapshotsPerDay(cache.id,
                         SnapshotsTakenInLastDay(env, ctx.account, ctx.region, cache.id, ctx.now),
                         env.options.serverless_snapshots_per_day_quota);
  ServerlessCacheSnapshot snapshot =
      SnapshotOfServerlessCache(cache, name, ServerlessSnapshotType::kManual, ctx.now, kms_key_id);
  SaveCreating(env, snapshot, ctx.now, tags);
  Record(env, ctx,
         {EventOf<ServerlessCacheSnapshot>(snapshot.id, happened::kSnapshotStarted, ctx.now)});
  return snapshot;
}

void CheckSnapshotsToRestore(HandlerEnv env, const RequestContext& ctx,
                             const std::vector<std::string>& arns, const std::string& engine) {
  std::vector<std::string> s3_arns;
  for (const auto& arn : arns) {
    SnapshotToRestore target = ParseSnapshotArnToRestore(arn, ctx.account, ctx.region);
    auto unusable = [&](const std::string& why) {
      return faults::InvalidParameterValueException("The snapshot " + arn +
                                                    " in SnapshotArnsToRestore " + why + ".");
    };
    switch (target.kind) {
      case SnapshotToRestore::Kind::kServerlessSnapshot: {
        auto s = env.store.Find<ServerlessCacheSnapshot>({ctx.account, ctx.region, target.name});
        if (!s) throw unusable("does not exist");
        if (s->status != ServerlessSnapshotStatus::kAvailable)
          throw unusable("has status " + s->status + "; only available snapshots can be restored");
        CheckRestorableInto(s->engine, s->id, engine);
        break;
      }
      case SnapshotToRestore::Kind::kNodeSnapshot: {
        auto s = env.store.Find<Snapshot>({ctx.account, ctx.region, target.name});
        if (!s) throw unusable("does not exist");
        if (s->status != SnapshotStatus::kAvailable)
          throw unusable("has status " + s->status + "; only available snapshots can be restored");
        CheckRestorableInto(s->settings.engine, s->id, engine);
        break;
      }
      case SnapshotToRestore::Kind::kS3Object:
        CheckRestorableInto("redis", target.s3_object.key, engine);  // RDB files hold Redis data
        s3_arns.push_back(arn);
        break;
    }
  }
  CheckSnapshotArns(env, s3_arns);
}

api::CreateReplicationGroupMessage ServerlessRestoreRequest(
    HandlerEnv env, const RequestContext& ctx, const api::CreateReplicationGroupMessage& in) {
  if (in.SnapshotName || !Items(in.SnapshotArns).empty() || in.GlobalReplicationGroupId)
    throw faults::InvalidParameterCombinationException(
        "ServerlessCacheSnapshotName cannot be combined with SnapshotName, SnapshotArns or "
        "GlobalReplicationGroupId.");
  auto snapshot = Require<ServerlessCacheSnapshot>(env, ctx, *in.ServerlessCacheSnapshotName);
  RequireServerlessSnapshotAvailable(snapshot, "restored");
  if (IsMemcached(snapshot.engine))
    throw faults::InvalidParameterCombinationException(
        "Serverless cache snapshot " + snapshot.id + " holds " + snapshot.engine +
        " data: a replication group is restored only from Valkey or Redis OSS snapshots.");
  api::CreateReplicationGroupMessage out = in;
  if (!out.Engine) out.Engine = snapshot.engine;
  return out;
}

void DeleteAutomatedSnapshots(HandlerEnv env, const RequestContext& ctx,
                              const std::string& cache_name) {
  auto page = env.store.Scan<ServerlessCacheSnapshot>(
      ctx.account, ctx.region, "", INT_MAX, [&](const ServerlessCacheSnapshot& s) {
        return s.serverless_cache_name == cache_name &&
               s.snapshot_type == ServerlessSnapshotType::kAutomated &&
               s.status != ServerlessSnapshotStatus::kDeleting;
      });
  for (auto& s : page.items) {
    s.status = ServerlessSnapshotStatus::kDeleting;
    s.transition = StartTransition(kDelete, ctx.now, env.TransitionMs());
    env.store.Save(s);
    Record(env, ctx, {EventOf<ServerlessCacheSnapshot>(s.id, happened::kDeleting, ctx.now)});
  }
}

void TakeDueAutomaticSnapshots(HandlerEnv env, const ServerlessCache& cache,
                               const std::vector<DomainEvent>& events) {
  for (const auto& e : events) {
    if (e.what != happened::kSnapshotStarted || e.kind != Kind<ServerlessCache>::kStoredName)
      continue;
    const std::string name = AutomaticSnapshotName(cache.id, e.at);
    if (env.store.Find<ServerlessCacheSnapshot>({cache.account, cache.region, name})) continue;
    ServerlessCacheSnapshot snapshot = SnapshotOfServerlessCache(
        cache, name, ServerlessSnapshotType::kAutomated, e.at, std::nullopt);
    SaveCreating(env, snapshot, e.at, {});
  }
}

api::ServerlessCacheSnapshot ServerlessSnapshotView(const ServerlessCacheSnapshot& s) {
  api::ServerlessCacheSnapshot v;
  v.ServerlessCacheSnapshotName = s.id;
  v.ARN = ArnOf<ServerlessCacheSnapshot>(s.region, s.account, s.id);
  v.KmsKeyId = s.kms_key_id;
  v.SnapshotType = s.snapshot_type;
  v.Status = s.status;
  v.CreateTime = s.created_at;
  v.ExpiryTime = s.expires_at;
  v.BytesUsedForCache = s.bytes_used_for_cache;
  api::ServerlessCacheConfiguration config;
  config.ServerlessCacheName = s.serverless_cache_name;
  config.Engine = s.engine;
  config.MajorEngineVersion = s.major_engine_version;
  v.ServerlessCacheConfiguration = config;
  return v;
}

void RegisterServerlessCacheSnapshotHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::CreateServerlessCacheSnapshot>(env, CreateServerlessCacheSnapshot);
  registry.Add<api::op::DescribeServerlessCacheSnapshots>(env, DescribeServerlessCacheSnapshots);
  registry.Add<api::op::CopyServerlessCacheSnapshot>(env, CopyServerlessCacheSnapshot);
  registry.Add<api::op::DeleteServerlessCacheSnapshot>(env, DeleteServerlessCacheSnapshot);
  registry.Add<api::op::ExportServerlessCacheSnapshot>(env, ExportServerlessCacheSnapshot);
}

}  // namespace ecl

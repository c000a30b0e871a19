#include "handlers/snapshots.h"

#include "handlers/resource_views.h"
#include "model/aws_faults.h"
#include "model/identifiers.h"
#include "model/lifecycle.h"
#include "model/naming.h"
#include "model/rdb_file.h"
#include "model/snapshot_rules.h"

namespace ecl {

namespace {

// Scanned per store query while filtering DescribeSnapshots.
constexpr int kScanBatch = 100;

std::string NotFoundMessage(const std::string& name) { return "Snapshot " + name + " not found."; }

Snapshot FindSnapshot(HandlerEnv env, const RequestContext& ctx, const std::string& name) {
  auto snapshot = env.store.Find<Snapshot>({ctx.account, ctx.region, name});
  if (!snapshot) throw faults::SnapshotNotFoundFault(NotFoundMessage(name));
  return *snapshot;
}

void RequireAvailable(const Snapshot& s) {
  if (s.status != "available")
    throw faults::InvalidSnapshotStateFault("Snapshot " + s.id +
                                            " is not in the available state; "
                                            "its status is " +
                                            s.status + ".");
}

ApiValue Result(const Snapshot& s) {
  return ApiValue::Struct().Set("Snapshot", SnapshotView(s, false));
}

// Marks the source of a new snapshot `snapshotting` until the snapshot is taken.
void StartSnapshotting(HandlerEnv env, const RequestContext& ctx, ReplicationGroup& rg) {
  if (rg.status != "available")
    throw faults::InvalidReplicationGroupStateFault(
        "Replication group " + rg.id + " has status " + rg.status +
        "; a snapshot can only be taken while it is available.");
  rg.status = "snapshotting";
  rg.transition = StartTransition(kSnapshot, ctx.now, env.TransitionMs());
  env.store.Save(rg);
}

ApiValue Create(HandlerEnv env, const RequestContext& ctx, const ApiValue& in) {
  std::string name = ValidateSnapshotName("SnapshotName", *in.GetString("SnapshotName"));
  auto rg_id = in.GetString("ReplicationGroupId");
  auto cc_id = in.GetString("CacheClusterId");
  if (rg_id && cc_id)
    throw faults::InvalidParameterCombinationException(
        "Only one of ReplicationGroupId or CacheClusterId may be specified.");
  if (!rg_id && !cc_id)
    throw faults::InvalidParameterCombinationException(
        "One of ReplicationGroupId or CacheClusterId must be specified.");
  std::vector<Tag> tags = TagsFrom(in, "Tags");

  return env.store.InTransaction([&] {
    if (env.store.Find<Snapshot>({ctx.account, ctx.region, name}))
      throw faults::SnapshotAlreadyExistsFault("Snapshot " + name + " already exists.");
    Snapshot snapshot;
    if (rg_id) {
      std::string id = ToLowerAscii(*rg_id);
      auto rg = env.store.Find<ReplicationGroup>({ctx.account, ctx.region, id});
      if (!rg)
        throw faults::ReplicationGroupNotFoundFault("Replication group " + id + " not found.");
      snapshot = SnapshotOfReplicationGroup(*rg, name, ctx.now);
      StartSnapshotting(env, ctx, *rg);
    } else {
      std::string id = ToLowerAscii(*cc_id);
      auto cc = env.store.Find<CacheCluster>({ctx.account, ctx.region, id});
      if (!cc) throw faults::CacheClusterNotFoundFault("CacheCluster not found: " + id);
      if (cc->status != "available")
        throw faults::InvalidCacheClusterStateFault(
            "Cache cluster " + id + " has status " + cc->status +
            "; a snapshot can only be taken while it is available.");
      std::optional<ReplicationGroup> group;
      if (cc->replication_group_id)
        group =
            env.store.Find<ReplicationGroup>({ctx.account, ctx.region, *cc->replication_group_id});
      snapshot = SnapshotOfCacheCluster(*cc, group ? &*group : nullptr, name, ctx.now);
      if (group) StartSnapshotting(env, ctx, *group);
      cc->status = "snapshotting";
      cc->transition = StartTransition(kSnapshot, ctx.now, env.TransitionMs());
      env.store.Save(*cc);
    }
    if (auto kms = in.GetString("KmsKeyId")) snapshot.kms_key_id = *kms;
    SaveNewSnapshot(env, ctx, snapshot, tags);
    return Result(*env.store.Find<Snapshot>({ctx.account, ctx.region, name}));
  });
}

struct DescribeFilter {
  std::optional<std::string> replication_group_id;
  std::optional<std::string> cache_cluster_id;
  std::optional<std::string> source;

  bool Matches(const Snapshot& s) const {
    if (replication_group_id && s.replication_group_id != replication_group_id) return false;
    if (cache_cluster_id && s.cache_cluster_id != cache_cluster_id) return false;
    if (source && s.source != *source) return false;
    return true;
  }
};

ApiValue Describe(HandlerEnv env, const RequestContext& ctx, const ApiValue& in) {
  int limit = PageSize(in, 20, 50, 50);
  bool show_config = in.GetBool("ShowNodeGroupConfig").value_or(false);
  DescribeFilter filter;
  if (auto id = in.GetString("ReplicationGroupId")) filter.replication_group_id = ToLowerAscii(*id);
  if (auto id = in.GetString("CacheClusterId")) filter.cache_cluster_id = ToLowerAscii(*id);
  filter.source = SnapshotSourceFilter(in.GetString("SnapshotSource"));

  ApiValue snapshots = ApiValue::List();
  ApiValue out = ApiValue::Struct();
  if (auto requested = in.GetString("SnapshotName")) {
    Snapshot s = FindSnapshot(env, ctx, ToLowerAscii(*requested));
    if (filter.Matches(s)) snapshots.Push(SnapshotView(s, show_config));
    return out.Set("Snapshots", std::move(snapshots));
  }
  // Filters apply before paging: scan in id order from the marker until a page is full.
  std::string after = MarkerOf(in);
  int found = 0;
  std::optional<std::string> next_marker;
  for (bool more = true; more && !next_marker;) {
    auto page = env.store.List<Snapshot>(ctx.account, ctx.region, after, kScanBatch);
    for (const auto& s : page.items) {
      if (!filter.Matches(s)) continue;
      if (found == limit) {
        next_marker = after;
        break;
      }
      snapshots.Push(SnapshotView(s, show_config));
      ++found;
      after = s.id;
    }
    if (!next_marker && page.next_marker) after = *page.next_marker;
    more = page.next_marker.has_value();
  }
  if (found == 0 && filter.cache_cluster_id && MarkerOf(in).empty() &&
      !env.store.Find<CacheCluster>({ctx.account, ctx.region, *filter.cache_cluster_id}))
    throw faults::CacheClusterNotFoundFault("CacheCluster not found: " + *filter.cache_cluster_id);
  out.SetIf("Marker", next_marker);
  return out.Set("Snapshots", std::move(snapshots));
}

// Writes the snapshot's node groups as empty RDB files into `bucket`; the source shows
// `exporting` until the transition is due.
ApiValue Export(HandlerEnv env, const RequestContext& ctx, Snapshot& source,
                const std::string& target, const std::string& bucket) {
  auto buckets = ExportBuckets(env);
  const std::string kSolution =
      " Solution: Create an Amazon S3 bucket in the same region as your snapshot. For more "
      "information, see Step 1: Create an Amazon S3 Bucket in the ElastiCache User Guide.";
  if (!IsValidBucketName(bucket) || !buckets->BucketExists(bucket))
    throw faults::InvalidParameterValueException("The S3 bucket " + bucket + " does not exist." +
                                                 kSolution);
  auto keys = ExportObjectKeys(target, source.NumNodeGroups());
  for (const auto& key : keys)
    if (buckets->ObjectExists(bucket, key))
      throw faults::InvalidParameterValueException(
          "The S3 bucket " + bucket + " already contains an object with key " + key +
          ". Solution: Give the TargetSnapshotName a new and unique value. If exporting a "
          "snapshot, you could alternatively create a new Amazon S3 bucket and use this same "
          "value for TargetSnapshotName.");
  try {
    for (const auto& key : keys)
      buckets->PutObject(bucket, key, EmptyRdbFile(source.settings.engine_version));
  } catch (const BucketStoreError&) {
    throw faults::InvalidParameterValueException(
        "ElastiCache has not been granted WRITE permissions " + bucket +
        " on the S3 Bucket. Solution: Add Upload/Delete permissions on the bucket.");
  }
  source.status = "exporting";
  source.transition = StartTransition(kCopy, ctx.now, env.TransitionMs());
  env.store.Save(source);
  return Result(source);
}

ApiValue Copy(HandlerEnv env, const RequestContext& ctx, const ApiValue& in) {
  std::string source_name = ToLowerAscii(*in.GetString("SourceSnapshotName"));
  std::string target =
      ValidateSnapshotName("TargetSnapshotName", *in.GetString("TargetSnapshotName"));
  auto bucket = in.GetString("TargetBucket");
  std::vector<Tag> tags = TagsFrom(in, "Tags");

  return env.store.InTransaction([&] {
    Snapshot source = FindSnapshot(env, ctx, source_name);
    RequireAvailable(source);
    if (bucket) return Export(env, ctx, source, target, *bucket);
    Snapshot copy = CopyOfSnapshot(source, target);
    if (auto kms = in.GetString("KmsKeyId")) copy.kms_key_id = *kms;
    SaveNewSnapshot(env, ctx, copy, tags);
    source.status = "copying";
    source.transition = StartTransition(kCopy, ctx.now, env.TransitionMs());
    env.store.Save(source);
    return Result(*env.store.Find<Snapshot>({ctx.account, ctx.region, target}));
  });
}

ApiValue Delete(HandlerEnv env, const RequestContext& ctx, const ApiValue& in) {
  std::string name = ToLowerAscii(*in.GetString("SnapshotName"));
  return env.store.InTransaction([&] {
    Snapshot s = FindSnapshot(env, ctx, name);
    RequireAvailable(s);
    s.status = "deleting";
    s.transition = StartTransition(kDelete, ctx.now, env.TransitionMs());
    env.store.Save(s);
    return Result(s);
  });
}

}  // namespace

std::unique_ptr<BucketStore> ExportBuckets(const HandlerEnv& env) {
  return std::make_unique<FolderBucketStore>(env.options.export_dir);
}

void SaveNewSnapshot(HandlerEnv env, const RequestContext& ctx, Snapshot snapshot,
                     const std::vector<Tag>& tags) {
  if (env.store.Find<Snapshot>({ctx.account, ctx.region, snapshot.id}))
    throw faults::SnapshotAlreadyExistsFault("Snapshot " + snapshot.id + " already exists.");
  if (env.store.Count<Snapshot>(ctx.account, ctx.region) >= env.options.snapshot_quota)
    throw faults::SnapshotQuotaExceededFault(
        "The request cannot be processed because it would exceed the maximum number of "
        "snapshots (" +
        std::to_string(env.options.snapshot_quota) + ") for this account in this region.");
  snapshot.status = "creating";
  snapshot.transition = StartTransition(kCreate, ctx.now, env.TransitionMs());
  env.store.Save(snapshot);
  env.store.PutTags(ctx.account, ctx.region, SnapshotArn(ctx.region, ctx.account, snapshot.id),
                    tags);
}

Snapshot SnapshotForRestore(HandlerEnv env, const RequestContext& ctx, const std::string& name) {
  Snapshot s = FindSnapshot(env, ctx, ToLowerAscii(name));
  RequireAvailable(s);
  return s;
}

void CheckSnapshotArns(HandlerEnv env, const std::vector<std::string>& arns) {
  auto buckets = ExportBuckets(env);
  for (const auto& arn : arns) {
    S3ObjectLocation loc = ParseS3ObjectArn(arn);
    if (!buckets->BucketExists(loc.bucket))
      throw faults::InvalidParameterValueException("The S3 bucket " + loc.bucket +
                                                   " does not exist.");
    auto bytes = buckets->GetObject(loc.bucket, loc.key);
    if (!bytes)
      throw faults::InvalidParameterValueException("No object with key " + loc.key +
                                                   " exists in S3 bucket " + loc.bucket + " (" +
                                                   arn + ").");
    if (!LooksLikeRdbFile(*bytes))
      throw faults::InvalidParameterValueException("The object " + arn +
                                                   " is not a valid Redis RDB file.");
  }
}

void RegisterSnapshotHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add("CreateSnapshot", [env](const RequestContext& ctx, const ApiValue& in) {
    return Create(env, ctx, in);
  });
  registry.Add("DescribeSnapshots", [env](const RequestContext& ctx, const ApiValue& in) {
    return Describe(env, ctx, in);
  });
  registry.Add("CopySnapshot",
               [env](const RequestContext& ctx, const ApiValue& in) { return Copy(env, ctx, in); });
  registry.Add("DeleteSnapshot", [env](const RequestContext& ctx, const ApiValue& in) {
    return Delete(env, ctx, in);
  });
}

}  // namespace ecl

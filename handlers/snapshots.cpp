#include "handlers/snapshots.h"

#include "handlers/resource_views.h"
#include "model/aws_faults.h"
#include "model/identifiers.h"
#include "model/lifecycle.h"
#include "model/naming.h"
#include "model/rdb_file.h"
#include "model/snapshot_rules.h"
#include "storage/snapshot_files.h"

namespace ecl {

namespace {

void RequireAvailable(const Snapshot& s) {
  if (s.status != SnapshotStatus::kAvailable)
    throw faults::InvalidSnapshotStateFault("Snapshot " + s.id +
                                            " is not in the available state; "
                                            "its status is " +
                                            s.status + ".");
}

// Marks the source of a new snapshot `snapshotting` until the snapshot is taken.
void StartSnapshotting(HandlerEnv env, const RequestContext& ctx, ReplicationGroup& rg) {
  if (rg.status != ReplicationGroupStatus::kAvailable)
    throw faults::InvalidReplicationGroupStateFault(
        "Replication group " + rg.id + " has status " + rg.status +
        "; a snapshot can only be taken while it is available.");
  rg.status = ReplicationGroupStatus::kSnapshotting;
  rg.transition = StartTransition(kSnapshot, ctx.now, env.TransitionMs());
  env.store.Save(rg);
}

Snapshot SnapshotOfCluster(HandlerEnv env, const RequestContext& ctx, const std::string& id,
                           const std::string& name) {
  CacheCluster cc = Require<CacheCluster>(env, ctx, id);
  if (cc.settings.engine == "memcached")
    throw faults::SnapshotFeatureNotSupportedFault(
        "Snapshots are not supported for Memcached clusters.");
  if (cc.status != CacheClusterStatus::kAvailable)
    throw faults::InvalidCacheClusterStateFault(
        "Cache cluster " + cc.id + " has status " + cc.status +
        "; a snapshot can only be taken while it is available.");
  std::optional<ReplicationGroup> group;
  if (cc.replication_group_id)
    group = env.store.Find<ReplicationGroup>({ctx.account, ctx.region, *cc.replication_group_id});
  Snapshot snapshot = SnapshotOfCacheCluster(cc, group ? &*group : nullptr, name, ctx.now);
  if (group) StartSnapshotting(env, ctx, *group);
  cc.status = CacheClusterStatus::kSnapshotting;
  cc.transition = StartTransition(kSnapshot, ctx.now, env.TransitionMs());
  env.store.Save(cc);
  return snapshot;
}

api::CreateSnapshotResult CreateSnapshot(HandlerEnv env, const RequestContext& ctx,
                                         const api::CreateSnapshotMessage& in) {
  std::string name = ValidateSnapshotName("SnapshotName", in.SnapshotName);
  if (in.ReplicationGroupId && in.CacheClusterId)
    throw faults::InvalidParameterCombinationException(
        "Only one of ReplicationGroupId or CacheClusterId may be specified.");
  if (!in.ReplicationGroupId && !in.CacheClusterId)
    throw faults::InvalidParameterCombinationException(
        "One of ReplicationGroupId or CacheClusterId must be specified.");
  std::vector<Tag> tags = TagsFrom(in.Tags);

  if (env.store.Find<Snapshot>({ctx.account, ctx.region, name}))
    throw faults::SnapshotAlreadyExistsFault("Snapshot " + name + " already exists.");
  Snapshot snapshot;
  if (in.ReplicationGroupId) {
    ReplicationGroup rg = Require<ReplicationGroup>(env, ctx, *in.ReplicationGroupId);
    snapshot = SnapshotOfReplicationGroup(rg, name, ctx.now);
    StartSnapshotting(env, ctx, rg);
  } else {
    snapshot = SnapshotOfCluster(env, ctx, *in.CacheClusterId, name);
  }
  snapshot.kms_key_id = in.KmsKeyId;
  SaveNewSnapshot(env, ctx, snapshot, tags);
  return {SnapshotView(Require<Snapshot>(env, ctx, name), false)};
}

api::DescribeSnapshotsListMessage DescribeSnapshots(HandlerEnv env, const RequestContext& ctx,
                                                    const api::DescribeSnapshotsMessage& in) {
  int limit = PageSize(in.MaxRecords, 20, 50, 50);
  bool show_config = in.ShowNodeGroupConfig.value_or(false);
  std::optional<std::string> rg_id, cc_id;
  if (in.ReplicationGroupId) rg_id = ToLowerAscii(*in.ReplicationGroupId);
  if (in.CacheClusterId) cc_id = ToLowerAscii(*in.CacheClusterId);
  std::optional<std::string> source = SnapshotSourceFilter(in.SnapshotSource);
  auto matches = [&](const Snapshot& s) {
    return (!rg_id || s.replication_group_id == rg_id) && (!cc_id || s.cache_cluster_id == cc_id) &&
           (!source || s.source == *source);
  };

  api::DescribeSnapshotsListMessage out;
  auto& snapshots = out.Snapshots.emplace();
  if (in.SnapshotName) {
    Snapshot s = Require<Snapshot>(env, ctx, *in.SnapshotName);
    if (matches(s)) snapshots.push_back(SnapshotView(s, show_config));
    return out;
  }
  std::string after = MarkerPosition(api::op::DescribeSnapshots::kName, in.Marker);
  auto page = env.store.Scan<Snapshot>(ctx.account, ctx.region, after, limit, matches);
  for (const auto& s : page.items) snapshots.push_back(SnapshotView(s, show_config));
  if (page.items.empty() && cc_id && after.empty() &&
      !env.store.Find<CacheCluster>({ctx.account, ctx.region, *cc_id}))
    throw Kind<CacheCluster>::NotFound(*cc_id);
  out.Marker = NextMarker(api::op::DescribeSnapshots::kName, page.next_marker);
  return out;
}

// Writes the snapshot's node groups as RDB files into `bucket`: the data the data plane took,
// else an empty RDB file of the engine's version. The source shows `exporting` until the
// transition is due.
api::CopySnapshotResult Export(HandlerEnv env, const RequestContext& ctx, Snapshot& source,
                               const std::string& target, const std::string& bucket) {
  // The data the snapshot holds, where the data plane saved it (empty RDBs otherwise).
  const auto keys = ExportObjectKeys(target, source.NumNodeGroups());
  SnapshotFiles data(env.options.snapshot_data_dir);
  std::vector<std::optional<std::string>> contents;
  for (size_t i = 0; i < keys.size(); ++i)
    contents.push_back(data.Read({source.account, source.region, source.id},
                                 source.node_snapshots[i].node_group_id));
  WriteSnapshotExport(env, bucket, keys, source.settings.engine_version, "TargetSnapshotName",
                      contents);
  source.status = SnapshotStatus::kExporting;
  source.transition = StartTransition(kCopy, ctx.now, env.TransitionMs());
  env.store.Save(source);
  return {SnapshotView(source, false)};
}

api::CopySnapshotResult CopySnapshot(HandlerEnv env, const RequestContext& ctx,
                                     const api::CopySnapshotMessage& in) {
  std::string target = ValidateSnapshotName("TargetSnapshotName", in.TargetSnapshotName);
  std::vector<Tag> tags = TagsFrom(in.Tags);
  Snapshot source = Require<Snapshot>(env, ctx, in.SourceSnapshotName);
  RequireAvailable(source);
  if (in.TargetBucket) return Export(env, ctx, source, target, *in.TargetBucket);
  Snapshot copy = CopyOfSnapshot(source, target);
  if (in.KmsKeyId) copy.kms_key_id = *in.KmsKeyId;
  SaveNewSnapshot(env, ctx, copy, tags, kCopy);
  source.status = SnapshotStatus::kCopying;
  source.transition = StartTransition(kCopy, ctx.now, env.TransitionMs());
  env.store.Save(source);
  return {SnapshotView(Require<Snapshot>(env, ctx, target), false)};
}

api::DeleteSnapshotResult DeleteSnapshot(HandlerEnv env, const RequestContext& ctx,
                                         const api::DeleteSnapshotMessage& in) {
  Snapshot s = Require<Snapshot>(env, ctx, in.SnapshotName);
  RequireAvailable(s);
  s.status = SnapshotStatus::kDeleting;
  s.transition = StartTransition(kDelete, ctx.now, env.TransitionMs());
  env.store.Save(s);
  return {SnapshotView(s, false)};
}

}  // namespace

std::unique_ptr<BucketStore> ExportBuckets(const HandlerEnv& env) {
  return std::make_unique<FolderBucketStore>(env.options.export_dir);
}

void WriteSnapshotExport(HandlerEnv env, const std::string& bucket,
                         const std::vector<std::string>& keys, std::string_view engine_version,
                         std::string_view name_member,
                         const std::vector<std::optional<std::string>>& contents) {
  auto buckets = ExportBuckets(env);
  const std::string kSolution =
      " Solution: Create an Amazon S3 bucket in the same region as your snapshot. For more "
      "information, see Step 1: Create an Amazon S3 Bucket in the ElastiCache User Guide.";
  if (!IsValidBucketName(bucket) || !buckets->BucketExists(bucket))
    throw faults::InvalidParameterValueException("The S3 bucket " + bucket + " does not exist." +
                                                 kSolution);
  for (const auto& key : keys)
    if (buckets->ObjectExists(bucket, key))
      throw faults::InvalidParameterValueException(
          "The S3 bucket " + bucket + " already contains an object with key " + key +
          ". Solution: Give the " + std::string(name_member) +
          " a new and unique value. If exporting a snapshot, you could alternatively create a "
          "new Amazon S3 bucket and use this same value for " +
          std::string(name_member) + ".");
  try {
    for (size_t i = 0; i < keys.size(); ++i) {
      const bool has_data = i < contents.size() && contents[i];
      buckets->PutObject(bucket, keys[i], has_data ? *contents[i] : EmptyRdbFile(engine_version));
    }
  } catch (const BucketStoreError&) {
    throw faults::InvalidParameterValueException(
        "ElastiCache has not been granted WRITE permissions " + bucket +
        " on the S3 Bucket. Solution: Add Upload/Delete permissions on the bucket.");
  }
}

void SaveNewSnapshot(HandlerEnv env, const RequestContext& ctx, Snapshot snapshot,
                     const std::vector<Tag>& tags, const char* transition) {
  if (env.store.Find<Snapshot>({ctx.account, ctx.region, snapshot.id}))
    throw faults::SnapshotAlreadyExistsFault("Snapshot " + snapshot.id + " already exists.");
  if (env.store.Count<Snapshot>(ctx.account, ctx.region) >= env.options.snapshot_quota)
    throw faults::SnapshotQuotaExceededFault(
        "The request cannot be processed because it would exceed the maximum number of "
        "snapshots (" +
        std::to_string(env.options.snapshot_quota) + ") for this account in this region.");
  snapshot.status = SnapshotStatus::kCreating;
  snapshot.transition = StartTransition(transition, ctx.now, env.TransitionMs());
  env.store.Save(snapshot);
  env.store.PutTags(ctx.account, ctx.region, SnapshotArn(ctx.region, ctx.account, snapshot.id),
                    tags);
}

Snapshot SnapshotForRestore(HandlerEnv env, const RequestContext& ctx, const std::string& name) {
  Snapshot s = Require<Snapshot>(env, ctx, name);
  RequireAvailable(s);
  return s;
}

api::CreateReplicationGroupMessage RestoreRequest(const api::CreateReplicationGroupMessage& in,
                                                  const Snapshot& snapshot) {
  const int count = snapshot.NumNodeGroups();
  auto mismatch = [&](int requested) {
    return faults::InvalidParameterValueException(
        "The number of node groups (shards) requested, " + std::to_string(requested) +
        ", does not match snapshot " + snapshot.id + ", which has " + std::to_string(count) +
        ". When restoring from a snapshot, the number of node groups in the snapshot and in the "
        "restored replication group must be the same.");
  };
  if (in.NumNodeGroups && *in.NumNodeGroups != count) throw mismatch(*in.NumNodeGroups);
  const auto& given = Items(in.NodeGroupConfiguration);
  if (!given.empty() && int(given.size()) != count) throw mismatch(int(given.size()));

  api::CreateReplicationGroupMessage out = in;
  const NodeSettings& s = snapshot.settings;
  auto fill = [](auto& member, auto value) {
    if (!member) member = value;
  };
  fill(out.Engine, s.engine);
  fill(out.EngineVersion, s.engine_version);
  fill(out.CacheNodeType, s.cache_node_type);
  fill(out.CacheParameterGroupName, s.cache_parameter_group_name);
  fill(out.CacheSubnetGroupName, s.cache_subnet_group_name);
  fill(out.Port, s.port);
  fill(out.PreferredMaintenanceWindow, s.preferred_maintenance_window);
  fill(out.SnapshotWindow, s.snapshot_window);
  fill(out.AutomaticFailoverEnabled, snapshot.automatic_failover == "enabled");
  if (snapshot.multi_az) fill(out.MultiAZEnabled, true);

  std::vector<api::NodeGroupConfiguration> configs;
  if (given.empty()) {
    // Replica counts and zones come from the snapshot unless the request sets counts itself.
    const bool counts_given = in.NumCacheClusters || in.ReplicasPerNodeGroup;
    const bool zones_given = !Items(in.PreferredCacheClusterAZs).empty();
    for (const auto& n : snapshot.node_snapshots) {
      api::NodeGroupConfiguration c;
      c.NodeGroupId = n.node_group_id;
      if (snapshot.cluster_enabled && !n.slots.empty()) c.Slots = n.slots;
      if (!counts_given) {
        c.ReplicaCount = n.replica_count;
        if (!zones_given) {
          c.PrimaryAvailabilityZone = n.primary_availability_zone;
          if (!n.replica_availability_zones.empty())
            c.ReplicaAvailabilityZones = n.replica_availability_zones;
        }
      }
      configs.push_back(std::move(c));
    }
  } else {
    // The caller's node groups, in order, keep the snapshot's slots unless they name their own.
    bool any_slots = false;
    for (const auto& c : given) any_slots |= c.Slots.has_value();
    for (size_t i = 0; i < given.size(); ++i) {
      api::NodeGroupConfiguration c = given[i];
      const auto& n = snapshot.node_snapshots[i];
      if (!any_slots && snapshot.cluster_enabled && !n.slots.empty()) c.Slots = n.slots;
      configs.push_back(std::move(c));
    }
  }
  out.NodeGroupConfiguration = std::move(configs);
  return out;
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
  registry.Add<api::op::CreateSnapshot>(env, CreateSnapshot);
  registry.Add<api::op::DescribeSnapshots>(env, DescribeSnapshots);
  registry.Add<api::op::CopySnapshot>(env, CopySnapshot);
  registry.Add<api::op::DeleteSnapshot>(env, DeleteSnapshot);
}

}  // namespace ecl

#include "handlers/replication_groups.h"

#include "handlers/global_replication_groups.h"
#include "handlers/member_clusters.h"
#include "handlers/parameter_groups.h"
#include "handlers/resource_views.h"
#include "handlers/security_groups.h"
#include "handlers/serverless_cache_snapshots.h"
#include "handlers/slot_migration_progress.h"
#include "handlers/snapshots.h"
#include "handlers/subnet_groups.h"
#include "handlers/user_groups.h"
#include "model/auth_token.h"
#include "model/aws_faults.h"
#include "model/engine_version_rules.h"
#include "model/global_replication_group_rules.h"
#include "model/identifiers.h"
#include "model/lifecycle.h"
#include "model/naming.h"
#include "model/notification_topic.h"
#include "model/parameter_group_rules.h"
#include "model/replication_group_rules.h"
#include "model/snapshot_rules.h"
#include "model/time_windows.h"

namespace ecl {

namespace {

ReplicationGroupTopologyRequest TopologyRequestFrom(const api::CreateReplicationGroupMessage& in,
                                                    const ServiceOptions& options,
                                                    ZonePlacement placement) {
  ReplicationGroupTopologyRequest req;
  req.num_cache_clusters = in.NumCacheClusters;
  req.num_node_groups = in.NumNodeGroups;
  req.replicas_per_node_group = in.ReplicasPerNodeGroup;
  req.automatic_failover = in.AutomaticFailoverEnabled;
  req.multi_az = in.MultiAZEnabled;
  req.cache_parameter_group_name = in.CacheParameterGroupName;
  // ClusterMode names the mode outright; a named parameter group says it otherwise.
  if (in.ClusterMode && *in.ClusterMode != "compatible")
    req.parameter_group_cluster_enabled = *in.ClusterMode == "enabled";
  req.preferred_cache_cluster_azs = Items(in.PreferredCacheClusterAZs);
  for (const auto& c : Items(in.NodeGroupConfiguration))
    req.node_group_configurations.push_back({c.NodeGroupId, c.Slots, c.ReplicaCount,
                                             c.PrimaryAvailabilityZone,
                                             Items(c.ReplicaAvailabilityZones)});
  req.node_groups_quota = options.node_groups_per_replication_group_quota;
  req.placement = std::move(placement);
  return req;
}

// The default group of the engine version's family for the cluster mode: default.redis7 or
// default.redis7.cluster.on.
std::string DefaultParameterGroupFor(HandlerEnv env, const RequestContext& ctx,
                                     const EngineVersionEntry& version, bool cluster_enabled) {
  if (auto group =
          DefaultParameterGroupOf(env, ctx, version.parameter_group_family, cluster_enabled))
    return group->id;
  throw faults::InvalidParameterCombinationException(
      "Cluster mode is not supported by " + version.engine + " " + version.engine_version +
      ": family " + version.parameter_group_family + " has no cluster mode parameter group.");
}

// Engine, version and parameter group are resolved by the caller (`version`, `group`).
NodeSettings NodeSettingsFrom(HandlerEnv env, const RequestContext& ctx,
                              const api::CreateReplicationGroupMessage& in, const std::string& id,
                              bool cluster_enabled, const EngineVersionEntry& version,
                              const std::optional<CacheParameterGroup>& group) {
  NodeSettings s;
  s.engine = version.engine;
  s.engine_version = version.actual_version;
  s.cache_node_type = in.CacheNodeType.value_or(s.cache_node_type);
  s.cache_parameter_group_name =
      group ? group->id : DefaultParameterGroupFor(env, ctx, version, cluster_enabled);
  s.cache_subnet_group_name = in.CacheSubnetGroupName.value_or("default");
  s.cache_security_group_names = Items(in.CacheSecurityGroupNames);
  s.security_group_ids = Items(in.SecurityGroupIds);
  int port = in.Port.value_or(kDefaultRedisPort);
  if (port < 1024 || port > 65535)
    throw faults::InvalidParameterValueException("Invalid port " + std::to_string(port) +
                                                 ". The port must be between 1024 and 65535.");
  s.port = port;
  MaintenanceWindow maintenance = in.PreferredMaintenanceWindow
                                      ? ParseMaintenanceWindow(*in.PreferredMaintenanceWindow)
                                      : DefaultMaintenanceWindow(id);
  SnapshotWindow snapshot = in.SnapshotWindow ? ParseSnapshotWindow(*in.SnapshotWindow)
                                              : DefaultSnapshotWindow(id, maintenance);
  ValidateWindowsDoNotOverlap(maintenance, snapshot);
  s.preferred_maintenance_window = maintenance.ToString();
  s.snapshot_window = snapshot.ToString();
  s.snapshot_retention_limit =
      ValidateSnapshotRetentionLimit(in.SnapshotRetentionLimit.value_or(0));
  if (in.NotificationTopicArn)
    s.notification_topic_arn =
        CheckNotificationTopicArn(*in.NotificationTopicArn, ctx.account, "replication group");
  s.auto_minor_version_upgrade = in.AutoMinorVersionUpgrade.value_or(true);
  s.transit_encryption_enabled = in.TransitEncryptionEnabled.value_or(false);
  if (s.transit_encryption_enabled)
    s.transit_encryption_mode = in.TransitEncryptionMode.value_or("required");
  s.at_rest_encryption_enabled = in.AtRestEncryptionEnabled.value_or(false);
  ValidateAuthTokenForGroup(in.AuthToken, s.transit_encryption_enabled);
  s.auth_token_enabled = in.AuthToken.has_value();
  if (in.AuthToken) s.auth_tokens = {*in.AuthToken};
  s.network_type = in.NetworkType.value_or("ipv4");
  s.ip_discovery = in.IpDiscovery.value_or("ipv4");
  return s;
}

// Member cluster ids as AWS names them: <rg>-NNN, or <rg>-NNNN-MMM with cluster mode on.
std::string MemberId(const std::string& rg_id, bool cluster_enabled,
                     const std::string& node_group_id, int position) {
  return cluster_enabled ? MemberClusterId(rg_id, node_group_id, position)
                         : MemberClusterId(rg_id, position);
}

CacheCluster PrimaryClusterFor(HandlerEnv env, const RequestContext& ctx, const std::string& id) {
  CacheCluster cc = Require<CacheCluster>(env, ctx, id);
  if (cc.replication_group_id)
    throw faults::InvalidCacheClusterStateFault("Cache cluster " + cc.id +
                                                " is already a member of replication group " +
                                                *cc.replication_group_id + ".");
  if (cc.status != CacheClusterStatus::kAvailable)
    throw faults::InvalidCacheClusterStateFault("Cache cluster " + cc.id +
                                                " is not in available state.");
  return cc;
}

api::CreateReplicationGroupResult CreateReplicationGroup(
    HandlerEnv env, const RequestContext& ctx, const api::CreateReplicationGroupMessage& request) {
  std::string id = ValidateReplicationGroupId(request.ReplicationGroupId);
  // A secondary of a global datastore takes what it inherits from the primary, a restore what
  // the request leaves out from the snapshot (of a serverless cache: its engine); from here on
  // `in` is the request as if the caller had spelt all of it out.
  std::optional<api::CreateReplicationGroupMessage> serverless_restore;
  if (request.ServerlessCacheSnapshotName)
    serverless_restore = ServerlessRestoreRequest(env, ctx, request);
  std::optional<GlobalReplicationGroup> joining;
  if (request.GlobalReplicationGroupId) joining = GlobalDatastoreToJoin(env, ctx, request);
  std::optional<Snapshot> restore_from;
  if (request.SnapshotName) restore_from = SnapshotForRestore(env, ctx, *request.SnapshotName);
  const api::CreateReplicationGroupMessage in =
      serverless_restore ? *serverless_restore
      : joining          ? SecondaryRequest(env, ctx, request, *joining)
      : restore_from     ? RestoreRequest(request, *restore_from)
                         : request;
  // An existing standalone cluster (e.g. one kept by RetainPrimaryCluster) may become the
  // primary; the group then takes its engine and node settings.
  std::optional<CacheCluster> existing_primary;
  if (in.PrimaryClusterId) existing_primary = PrimaryClusterFor(env, ctx, *in.PrimaryClusterId);

  // The cache subnet group must exist and support the network type; nodes go to its zones. A
  // cluster on cache security groups (EC2-Classic) is outside any VPC and has none.
  const bool outside_vpc = existing_primary
                               ? existing_primary->settings.cache_subnet_group_name.empty()
                               : !Items(in.CacheSecurityGroupNames).empty();
  std::optional<CacheSubnetGroup> subnet_group;
  ZonePlacement placement{ctx.region, {}, {}, {}};
  if (!outside_vpc) {
    subnet_group = RequireCacheSubnetGroup(
        env, ctx,
        existing_primary ? existing_primary->settings.cache_subnet_group_name
                         : (in.CacheSubnetGroupName && !in.CacheSubnetGroupName->empty()
                                ? *in.CacheSubnetGroupName
                                : std::string(kDefaultCacheSubnetGroupName)));
    const std::string network_type = existing_primary ? existing_primary->settings.network_type
                                                      : in.NetworkType.value_or(NetworkType::kIpv4);
    CheckNetworkTypeSupported(*subnet_group, network_type);
    placement = PlacementFor(env, *subnet_group, network_type);
  }

  // The engine version the group runs, and the parameter group it names: it must exist, be of
  // the version's family, and its cluster-enabled decides cluster mode.
  const EngineVersionEntry* version = nullptr;
  std::optional<CacheParameterGroup> parameter_group;
  ReplicationGroupTopologyRequest topology_request =
      TopologyRequestFrom(in, env.options, std::move(placement));
  if (!existing_primary) {
    std::string engine = ValidateReplicationGroupEngine(in.Engine.value_or("redis"));
    // A restore runs the version its snapshot recorded, a secondary its primary's, in
    // whatever form it was recorded.
    const bool version_from_snapshot = (restore_from && !request.EngineVersion) || joining;
    version = &ResolveEngineVersion(env.catalogs.engines, engine, in.EngineVersion,
                                    version_from_snapshot);
    if (in.CacheParameterGroupName) {
      parameter_group = RequireParameterGroupForUse(env, ctx, *in.CacheParameterGroupName);
      CheckFamilyMatches(*parameter_group, version->parameter_group_family);
      const bool group_cluster_mode = ClusterEnabled(env.catalogs.parameters, *parameter_group);
      if (in.ClusterMode && *in.ClusterMode != "compatible" &&
          (*in.ClusterMode == "enabled") != group_cluster_mode)
        throw faults::InvalidParameterCombinationException(
            "ClusterMode " + *in.ClusterMode + " does not match cache parameter group " +
            parameter_group->id + ", whose cluster-enabled is " +
            (group_cluster_mode ? "yes." : "no."));
      topology_request.parameter_group_cluster_enabled = group_cluster_mode;
    }
  }
  ResolvedTopology topology = ResolveReplicationGroupTopology(topology_request);
  bool slots_given = false;
  for (const auto& c : Items(in.NodeGroupConfiguration)) slots_given |= c.Slots.has_value();
  if (!Items(in.SnapshotArns).empty() && topology.cluster_enabled && !slots_given)
    throw faults::InvalidParameterCombinationException(
        "Slots must be provided when restoring from snapshot ARNs with cluster mode enabled");

  CheckSnapshotArns(env, Items(in.SnapshotArns));

  if (existing_primary && topology.cluster_enabled)
    throw faults::InvalidParameterCombinationException(
        "PrimaryClusterId can be used only for cluster mode disabled replication groups.");
  NodeSettings settings =
      existing_primary
          ? existing_primary->settings
          : NodeSettingsFrom(env, ctx, in, id, topology.cluster_enabled, *version, parameter_group);
  // Named security groups must exist; cache security groups need EC2-Classic, and a cluster
  // using them is outside any VPC, so it has no cache subnet group.
  SecurityGroupReferences security = CheckSecurityGroupReferences(
      env, ctx, Items(in.CacheSecurityGroupNames), Items(in.SecurityGroupIds),
      request.CacheSubnetGroupName && !request.CacheSubnetGroupName->empty());
  if (!existing_primary) {
    settings.cache_security_group_names = security.cache_security_group_names;
    settings.security_group_ids = security.security_group_ids;
    if (!security.cache_security_group_names.empty()) settings.cache_subnet_group_name.clear();
  }
  std::vector<Tag> tags = TagsFrom(in.Tags);

  if (env.store.Find<ReplicationGroup>({ctx.account, ctx.region, id}))
    throw faults::ReplicationGroupAlreadyExistsFault(
        "Replication group with specified name already exists.");

  ReplicationGroup rg;
  rg.account = ctx.account;
  rg.region = ctx.region;
  rg.id = id;
  rg.description = in.ReplicationGroupDescription;
  rg.status = ReplicationGroupStatus::kCreating;
  rg.created_at = ctx.now;
  rg.transition = StartTransition(kCreate, ctx.now, env.TransitionMs());
  rg.cluster_enabled = topology.cluster_enabled;
  rg.cluster_mode = in.ClusterMode.value_or(topology.cluster_enabled ? "enabled" : "disabled");
  rg.automatic_failover = topology.automatic_failover;
  rg.multi_az = topology.multi_az;
  rg.data_tiering = in.DataTieringEnabled.value_or(false);
  rg.kms_key_id = in.KmsKeyId;
  // User groups must exist and be active, and the group must fit them (in-transit
  // encryption, no AUTH token, an engine version RBAC runs on).
  rg.user_group_ids =
      RequireUserGroupsFor(env, ctx, Items(in.UserGroupIds),
                           {settings.engine, settings.engine_version,
                            settings.transit_encryption_enabled, settings.auth_token_enabled});
  if (in.LogDeliveryConfigurations) {
    ApiValue logs = ApiValue::List();
    for (const auto& c : *in.LogDeliveryConfigurations) logs.Push(api::ToApi(c));
    rg.log_delivery_configurations = std::move(logs);
  }
  if (settings.auth_token_enabled) settings.auth_token_last_modified = ctx.now;
  if (subnet_group && !settings.cache_subnet_group_name.empty())
    settings.cache_subnet_group_name = subnet_group->id;  // as stored: lower case
  rg.settings = settings;

  auto taken = ClusterIdTaken(env.store, ctx.account, ctx.region);
  for (const auto& planned : topology.node_groups) {
    NodeGroup ng;
    ng.id = planned.node_group_id;
    ng.status = ReplicationGroupStatus::kCreating;
    ng.slots = topology.cluster_enabled ? planned.slots.ToString() : "";
    std::vector<std::string> zones{planned.primary_availability_zone};
    zones.insert(zones.end(), planned.replica_availability_zones.begin(),
                 planned.replica_availability_zones.end());
    int next_number = 1;
    for (size_t i = 0; i < zones.size(); ++i) {
      if (i == 0 && existing_primary) {
        existing_primary->replication_group_id = id;
        env.store.Save(*existing_primary);
        ng.members.push_back({existing_primary->id, existing_primary->availability_zone, true});
        ++next_number;  // replicas are numbered after the primary: <id>-002, ...
        continue;
      }
      std::string member = MemberId(id, rg.cluster_enabled, ng.id, next_number++);
      if (taken(member))
        throw faults::CacheClusterAlreadyExistsFault("Cache cluster " + member +
                                                     " already exists.");
      ng.members.push_back({member, zones[i], i == 0});
    }
    rg.node_groups.push_back(std::move(ng));
  }
  if (settings.snapshot_retention_limit > 0 && !rg.cluster_enabled)
    rg.snapshotting_cluster_id = rg.DefaultSnapshottingClusterId();
  if (restore_from) rg.restored_from.snapshot_name = restore_from->id;
  rg.restored_from.snapshot_arns = Items(in.SnapshotArns);
  if (joining) JoinGlobalDatastore(env, ctx, *joining, rg);

  env.store.Save(rg);
  SyncMemberClusters(env, rg, ctx.now);
  env.store.PutTags(ctx.account, ctx.region, ReplicationGroupArn(ctx.region, ctx.account, id),
                    tags);
  if (restore_from) {
    // The snapshot shows `restoring` until the group is available.
    Snapshot snapshot = SnapshotForRestore(env, ctx, restore_from->id);
    snapshot.status = SnapshotStatus::kRestoring;
    snapshot.transition = StartTransition(kRestore, ctx.now, env.TransitionMs());
    env.store.Save(snapshot);
  }
  return {ReplicationGroupView(rg)};
}

api::ReplicationGroupMessage DescribeReplicationGroups(
    HandlerEnv env, const RequestContext& ctx, const api::DescribeReplicationGroupsMessage& in) {
  int limit = PageSize(in.MaxRecords, 20, 100, 100);
  api::ReplicationGroupMessage out;
  auto& groups = out.ReplicationGroups.emplace();
  // A resharding the data plane follows shows how far its slots have really moved.
  auto view = [&](const ReplicationGroup& rg) {
    auto real = RealMigrationOf(env, rg);
    return ReplicationGroupView(rg, ctx.now, real ? std::optional(real->percent) : std::nullopt);
  };
  if (in.ReplicationGroupId) {
    groups.push_back(view(Require<ReplicationGroup>(env, ctx, *in.ReplicationGroupId)));
    return out;
  }
  auto page = env.store.Scan<ReplicationGroup>(
      ctx.account, ctx.region, MarkerPosition(api::op::DescribeReplicationGroups::kName, in.Marker),
      limit);
  for (const auto& rg : page.items) groups.push_back(view(rg));
  out.Marker = NextMarker(api::op::DescribeReplicationGroups::kName, page.next_marker);
  return out;
}

api::DeleteReplicationGroupResult DeleteReplicationGroup(
    HandlerEnv env, const RequestContext& ctx, const api::DeleteReplicationGroupMessage& in) {
  bool retain_primary = in.RetainPrimaryCluster.value_or(false);
  ReplicationGroup rg = Require<ReplicationGroup>(env, ctx, in.ReplicationGroupId);
  RefuseGlobalMember(rg);  // disassociated (or its datastore deleted) first
  if (rg.status != ReplicationGroupStatus::kAvailable &&
      rg.status != ReplicationGroupStatus::kCreateFailed)
    throw faults::InvalidReplicationGroupStateFault("Replication group " + rg.id + " has status " +
                                                    rg.status +
                                                    " which is not valid for deletion.");
  if (retain_primary && rg.cluster_enabled)
    throw faults::InvalidParameterCombinationException(
        "RetainPrimaryCluster is not supported for cluster mode enabled replication groups.");
  // The final snapshot records the group as it is now and is taken while it is deleted.
  if (in.FinalSnapshotIdentifier)
    SaveNewSnapshot(
        env, ctx,
        SnapshotOfReplicationGroup(
            rg, ValidateSnapshotName("FinalSnapshotIdentifier", *in.FinalSnapshotIdentifier),
            ctx.now),
        {});

  rg.status = ReplicationGroupStatus::kDeleting;
  rg.transition = StartTransition(kDelete, ctx.now, env.TransitionMs());
  for (auto& ng : rg.node_groups) {
    ng.status = ReplicationGroupStatus::kDeleting;
    if (!retain_primary) continue;
    for (const auto& m : ng.members) {
      if (!m.primary) continue;
      // The primary lives on as a standalone cluster.
      auto cc = env.store.Find<CacheCluster>({ctx.account, ctx.region, m.cache_cluster_id});
      if (!cc) continue;
      cc->replication_group_id.reset();
      env.store.Save(*cc);
    }
  }
  env.store.Save(rg);
  SyncMemberClusters(env, rg, ctx.now);
  return {ReplicationGroupView(rg)};
}

}  // namespace

void RegisterReplicationGroupHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::CreateReplicationGroup>(env, CreateReplicationGroup);
  registry.Add<api::op::DescribeReplicationGroups>(env, DescribeReplicationGroups);
  registry.Add<api::op::DeleteReplicationGroup>(env, DeleteReplicationGroup);
}

}  // namespace ecl

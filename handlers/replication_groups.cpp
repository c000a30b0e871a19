#include "handlers/replication_groups.h"

#include "handlers/member_clusters.h"
#include "handlers/resource_views.h"
#include "handlers/snapshots.h"
#include "model/auth_token.h"
#include "model/aws_faults.h"
#include "model/engine_defaults.h"
#include "model/identifiers.h"
#include "model/lifecycle.h"
#include "model/naming.h"
#include "model/replication_group_rules.h"
#include "model/snapshot_rules.h"
#include "model/time_windows.h"

namespace ecl {

namespace {

ReplicationGroupTopologyRequest TopologyRequestFrom(const ApiValue& in, const RequestContext& ctx,
                                                    const ServiceOptions& options) {
  ReplicationGroupTopologyRequest req;
  req.num_cache_clusters = in.GetInt("NumCacheClusters");
  req.num_node_groups = in.GetInt("NumNodeGroups");
  req.replicas_per_node_group = in.GetInt("ReplicasPerNodeGroup");
  req.automatic_failover = in.GetBool("AutomaticFailoverEnabled");
  req.multi_az = in.GetBool("MultiAZEnabled");
  req.cache_parameter_group_name = in.GetString("CacheParameterGroupName");
  // ClusterMode names the mode outright; a named parameter group says it otherwise.
  if (auto mode = in.GetString("ClusterMode"); mode && *mode != "compatible")
    req.parameter_group_cluster_enabled = *mode == "enabled";
  req.preferred_cache_cluster_azs = in.GetStrings("PreferredCacheClusterAZs");
  for (const auto& c : in.GetList("NodeGroupConfiguration")) {
    NodeGroupConfigurationRequest ng;
    ng.node_group_id = c.GetString("NodeGroupId");
    ng.slots = c.GetString("Slots");
    ng.replica_count = c.GetInt("ReplicaCount");
    ng.primary_availability_zone = c.GetString("PrimaryAvailabilityZone");
    ng.replica_availability_zones = c.GetStrings("ReplicaAvailabilityZones");
    req.node_group_configurations.push_back(std::move(ng));
  }
  req.node_groups_quota = options.node_groups_per_replication_group_quota;
  req.region = ctx.region;
  return req;
}

NodeSettings NodeSettingsFrom(const ApiValue& in, const std::string& id, bool cluster_enabled) {
  NodeSettings s;
  s.engine = ValidateEngine(in.GetString("Engine").value_or("redis"));
  s.engine_version = in.GetString("EngineVersion").value_or(DefaultEngineVersion(s.engine));
  ValidateEngineVersion(s.engine, s.engine_version);
  s.cache_node_type = in.GetString("CacheNodeType").value_or(s.cache_node_type);
  s.cache_parameter_group_name =
      in.GetString("CacheParameterGroupName")
          .value_or(DefaultParameterGroupName(s.engine, s.engine_version, cluster_enabled));
  s.cache_subnet_group_name = in.GetString("CacheSubnetGroupName").value_or("default");
  s.cache_security_group_names = in.GetStrings("CacheSecurityGroupNames");
  s.security_group_ids = in.GetStrings("SecurityGroupIds");
  auto port = in.GetInt("Port").value_or(6379);
  if (port < 1024 || port > 65535)
    throw faults::InvalidParameterValueException("Invalid port " + std::to_string(port) +
                                                 ". The port must be between 1024 and 65535.");
  s.port = int(port);
  MaintenanceWindow maintenance =
      in.GetString("PreferredMaintenanceWindow")
          ? ParseMaintenanceWindow(*in.GetString("PreferredMaintenanceWindow"))
          : DefaultMaintenanceWindow(id);
  SnapshotWindow snapshot = in.GetString("SnapshotWindow")
                                ? ParseSnapshotWindow(*in.GetString("SnapshotWindow"))
                                : DefaultSnapshotWindow(id, maintenance);
  ValidateWindowsDoNotOverlap(maintenance, snapshot);
  s.preferred_maintenance_window = maintenance.ToString();
  s.snapshot_window = snapshot.ToString();
  auto retention = in.GetInt("SnapshotRetentionLimit").value_or(0);
  if (retention < 0 || retention > 35)
    throw faults::InvalidParameterValueException(
        "Invalid snapshot retention limit " + std::to_string(retention) +
        ". The retention limit must be between 0 and 35 days.");
  s.snapshot_retention_limit = int(retention);
  s.notification_topic_arn = in.GetString("NotificationTopicArn");
  s.auto_minor_version_upgrade = in.GetBool("AutoMinorVersionUpgrade").value_or(true);
  s.transit_encryption_enabled = in.GetBool("TransitEncryptionEnabled").value_or(false);
  if (s.transit_encryption_enabled)
    s.transit_encryption_mode = in.GetString("TransitEncryptionMode").value_or("required");
  s.at_rest_encryption_enabled = in.GetBool("AtRestEncryptionEnabled").value_or(false);
  auto token = in.GetString("AuthToken");
  ValidateAuthTokenForGroup(token, s.transit_encryption_enabled);
  s.auth_token_enabled = token.has_value();
  s.network_type = in.GetString("NetworkType").value_or("ipv4");
  s.ip_discovery = in.GetString("IpDiscovery").value_or("ipv4");
  return s;
}

// Member cluster ids as AWS names them: <rg>-NNN, or <rg>-NNNN-MMM with cluster mode on.
std::string MemberId(const std::string& rg_id, bool cluster_enabled,
                     const std::string& node_group_id, int position) {
  return cluster_enabled ? MemberClusterId(rg_id, node_group_id, position)
                         : MemberClusterId(rg_id, position);
}

CacheCluster PrimaryClusterFor(HandlerEnv env, const RequestContext& ctx, const std::string& id) {
  auto cc = env.store.Find<CacheCluster>({ctx.account, ctx.region, id});
  if (!cc) throw faults::CacheClusterNotFoundFault("CacheCluster not found: " + id);
  if (cc->replication_group_id)
    throw faults::InvalidCacheClusterStateFault("Cache cluster " + id +
                                                " is already a member of replication group " +
                                                *cc->replication_group_id + ".");
  if (cc->status != "available")
    throw faults::InvalidCacheClusterStateFault("Cache cluster " + id +
                                                " is not in available state.");
  return *cc;
}

ApiValue Create(HandlerEnv env, const RequestContext& ctx, const ApiValue& request) {
  std::string id = ValidateReplicationGroupId(*request.GetString("ReplicationGroupId"));
  // A restore takes what the request leaves out from the snapshot; from here on `in` is the
  // request as if the caller had spelt all of it out.
  std::optional<Snapshot> restore_from;
  if (auto name = request.GetString("SnapshotName"))
    restore_from = SnapshotForRestore(env, ctx, *name);
  const ApiValue in = restore_from ? RestoreRequestFromSnapshot(request, *restore_from) : request;
  if (auto global = in.GetString("GlobalReplicationGroupId"))
    throw faults::GlobalReplicationGroupNotFoundFault("Global replication group " + *global +
                                                      " not found.");
  // An existing standalone cluster (e.g. one kept by RetainPrimaryCluster) may become the
  // primary; the group then takes its engine and node settings.
  std::optional<CacheCluster> existing_primary;
  if (auto primary = in.GetString("PrimaryClusterId"))
    existing_primary = PrimaryClusterFor(env, ctx, ToLowerAscii(*primary));

  ResolvedTopology topology =
      ResolveReplicationGroupTopology(TopologyRequestFrom(in, ctx, env.options));
  bool slots_given = false;
  for (const auto& c : in.GetList("NodeGroupConfiguration"))
    slots_given |= c.Get("Slots") != nullptr;
  if (!in.GetStrings("SnapshotArns").empty() && topology.cluster_enabled && !slots_given)
    throw faults::InvalidParameterCombinationException(
        "Slots must be provided when restoring from snapshot ARNs with cluster mode enabled");

  CheckSnapshotArns(env, in.GetStrings("SnapshotArns"));

  if (existing_primary && topology.cluster_enabled)
    throw faults::InvalidParameterCombinationException(
        "PrimaryClusterId can be used only for cluster mode disabled replication groups.");
  NodeSettings settings = existing_primary ? existing_primary->settings
                                           : NodeSettingsFrom(in, id, topology.cluster_enabled);
  std::vector<Tag> tags = TagsFrom(in, "Tags");

  return env.store.InTransaction([&] {
    ResourceKey key{ctx.account, ctx.region, id};
    if (env.store.Find<ReplicationGroup>(key))
      throw faults::ReplicationGroupAlreadyExistsFault(
          "Replication group with specified name already exists.");

    ReplicationGroup rg;
    rg.account = ctx.account;
    rg.region = ctx.region;
    rg.id = id;
    rg.description = *in.GetString("ReplicationGroupDescription");
    rg.status = "creating";
    rg.created_at = ctx.now;
    rg.transition = StartTransition(kCreate, ctx.now, env.TransitionMs());
    rg.cluster_enabled = topology.cluster_enabled;
    rg.cluster_mode =
        in.GetString("ClusterMode").value_or(topology.cluster_enabled ? "enabled" : "disabled");
    rg.automatic_failover = topology.automatic_failover;
    rg.multi_az = topology.multi_az;
    rg.data_tiering = in.GetBool("DataTieringEnabled").value_or(false);
    rg.kms_key_id = in.GetString("KmsKeyId");
    rg.user_group_ids = in.GetStrings("UserGroupIds");
    if (auto* logs = in.Get("LogDeliveryConfigurations")) rg.log_delivery_configurations = *logs;
    if (settings.auth_token_enabled) settings.auth_token_last_modified = ctx.now;
    rg.settings = settings;

    for (const auto& planned : topology.node_groups) {
      NodeGroup ng;
      ng.id = planned.node_group_id;
      ng.status = "creating";
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
        ng.members.push_back(
            {MemberId(id, rg.cluster_enabled, ng.id, next_number++), zones[i], i == 0});
        AddMemberClusters(env, rg, {ng.members.back()}, ctx.now);
      }
      rg.node_groups.push_back(std::move(ng));
    }
    if (settings.snapshot_retention_limit > 0 && !rg.cluster_enabled)
      rg.snapshotting_cluster_id = rg.node_groups[0].members.back().cache_cluster_id;

    env.store.Save(rg);
    env.store.PutTags(ctx.account, ctx.region, ReplicationGroupArn(ctx.region, ctx.account, id),
                      tags);
    if (restore_from) {
      // The snapshot shows `restoring` until the group is available.
      Snapshot snapshot = SnapshotForRestore(env, ctx, restore_from->id);
      snapshot.status = "restoring";
      snapshot.transition = StartTransition(kRestore, ctx.now, env.TransitionMs());
      env.store.Save(snapshot);
    }
    return ApiValue::Struct().Set("ReplicationGroup", ReplicationGroupView(rg));
  });
}

ApiValue Describe(HandlerEnv env, const RequestContext& ctx, const ApiValue& in) {
  int limit = PageSize(in, 20, 100, 100);
  ApiValue groups = ApiValue::List();
  ApiValue out = ApiValue::Struct();
  if (auto requested = in.GetString("ReplicationGroupId")) {
    std::string id = ToLowerAscii(*requested);
    auto rg = env.store.Find<ReplicationGroup>({ctx.account, ctx.region, id});
    if (!rg) throw faults::ReplicationGroupNotFoundFault("Replication group " + id + " not found.");
    groups.Push(ReplicationGroupView(*rg, ctx.now));
  } else {
    auto page = env.store.List<ReplicationGroup>(ctx.account, ctx.region, MarkerOf(in), limit);
    for (const auto& rg : page.items) groups.Push(ReplicationGroupView(rg, ctx.now));
    out.SetIf("Marker", page.next_marker);
  }
  return out.Set("ReplicationGroups", std::move(groups));
}

ApiValue Delete(HandlerEnv env, const RequestContext& ctx, const ApiValue& in) {
  std::string id = ToLowerAscii(*in.GetString("ReplicationGroupId"));
  bool retain_primary = in.GetBool("RetainPrimaryCluster").value_or(false);
  return env.store.InTransaction([&] {
    auto rg = env.store.Find<ReplicationGroup>({ctx.account, ctx.region, id});
    if (!rg) throw faults::ReplicationGroupNotFoundFault("Replication group " + id + " not found.");
    if (rg->status != "available" && rg->status != "create-failed")
      throw faults::InvalidReplicationGroupStateFault("Replication group " + id + " has status " +
                                                      rg->status +
                                                      " which is not valid for deletion.");
    if (retain_primary && rg->cluster_enabled)
      throw faults::InvalidParameterCombinationException(
          "RetainPrimaryCluster is not supported for cluster mode enabled replication groups.");
    // The final snapshot records the group as it is now and is taken while it is deleted.
    if (auto final_snapshot = in.GetString("FinalSnapshotIdentifier"))
      SaveNewSnapshot(
          env, ctx,
          SnapshotOfReplicationGroup(
              *rg, ValidateSnapshotName("FinalSnapshotIdentifier", *final_snapshot), ctx.now),
          {});

    rg->status = "deleting";
    rg->transition = StartTransition(kDelete, ctx.now, env.TransitionMs());
    for (auto& ng : rg->node_groups) {
      ng.status = "deleting";
      for (const auto& m : ng.members) {
        auto cc = env.store.Find<CacheCluster>({ctx.account, ctx.region, m.cache_cluster_id});
        if (!cc) continue;
        if (retain_primary && m.primary) {
          cc->replication_group_id.reset();  // the primary lives on as a standalone cluster
        } else {
          cc->status = "deleting";
          cc->transition = rg->transition;
        }
        env.store.Save(*cc);
      }
    }
    env.store.Save(*rg);
    ApiValue view = ReplicationGroupView(*rg);
    return ApiValue::Struct().Set("ReplicationGroup", std::move(view));
  });
}

}  // namespace

void RegisterReplicationGroupHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add("CreateReplicationGroup", [env](const RequestContext& ctx, const ApiValue& in) {
    return Create(env, ctx, in);
  });
  registry.Add("DescribeReplicationGroups", [env](const RequestContext& ctx, const ApiValue& in) {
    return Describe(env, ctx, in);
  });
  registry.Add("DeleteReplicationGroup", [env](const RequestContext& ctx, const ApiValue& in) {
    return Delete(env, ctx, in);
  });
}

}  // namespace ecl

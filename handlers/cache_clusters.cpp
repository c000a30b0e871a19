#include "handlers/cache_clusters.h"

#include <algorithm>

#include "handlers/member_clusters.h"
#include "handlers/node_types.h"
#include "handlers/parameter_groups.h"
#include "handlers/resource_views.h"
#include "handlers/security_groups.h"
#include "handlers/snapshots.h"
#include "handlers/subnet_groups.h"
#include "model/auth_token.h"
#include "model/aws_faults.h"
#include "model/cache_cluster_rules.h"
#include "model/catalog_csv.h"
#include "model/engine_version_rules.h"
#include "model/event_messages.h"
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

// Zones a request names must be ones the cluster's subnet group has; a zone of the region
// without a subnet there is InvalidVPCNetworkStateFault, as ElastiCache answers it.
void CheckRequestedZones(const ZonePlacement& placement, const std::vector<std::string>& zones) {
  for (const auto& zone : zones) ValidateAvailabilityZone(placement, zone);
}

// A cache cluster runs memcached, redis or valkey, at a version the catalog offers.
const EngineVersionEntry& ClusterEngineVersion(HandlerEnv env, const std::string& engine,
                                               const std::optional<std::string>& version,
                                               bool accept_actual_version = false) {
  if (!env.catalogs.engines.DefaultVersion(engine))
    throw faults::InvalidParameterValueException("Invalid engine: " + engine +
                                                 ". Valid values are memcached, redis and valkey.");
  return ResolveEngineVersion(env.catalogs.engines, engine, version, accept_actual_version);
}

std::string Required(const std::optional<std::string>& value, const char* name) {
  if (!value || value->empty())
    throw faults::InvalidParameterValueException("The parameter " + std::string(name) +
                                                 " must be provided and must not be null.");
  return *value;
}

// Nodes of every cluster of the caller's account and region (the per-Region node quota).
int NodesInRegion(HandlerEnv env, const RequestContext& ctx) {
  int nodes = 0;
  for (const auto& cc : env.store.Scan<CacheCluster>(ctx.account, ctx.region, "", INT32_MAX).items)
    nodes += int(cc.nodes.size());
  return nodes;
}

void CheckCustomerQuotas(HandlerEnv env, const RequestContext& ctx, int new_nodes) {
  if (env.store.Count<CacheCluster>(ctx.account, ctx.region) + 1 > env.options.cache_clusters_quota)
    throw faults::ClusterQuotaForCustomerExceededFault(
        "The request cannot be processed because it would exceed the allowed number of clusters "
        "per customer (" +
        std::to_string(env.options.cache_clusters_quota) + ").");
  if (new_nodes > 0 && NodesInRegion(env, ctx) + new_nodes > env.options.nodes_quota)
    throw faults::NodeQuotaForCustomerExceededFault(
        "The request cannot be processed because it would exceed the allowed number of cache "
        "nodes per customer (" +
        std::to_string(env.options.nodes_quota) + ").");
}

// CreateCacheCluster with ReplicationGroupId: the new cluster joins a cluster-mode-disabled
// group as a read replica, with the group's settings.
api::CreateCacheClusterResult AddReplica(HandlerEnv env, const RequestContext& ctx,
                                         const std::string& id,
                                         const api::CreateCacheClusterMessage& in) {
  ReplicationGroup rg = Require<ReplicationGroup>(env, ctx, *in.ReplicationGroupId);
  if (rg.cluster_enabled)
    throw faults::InvalidParameterCombinationException(
        "A cache cluster cannot be added to replication group " + rg.id +
        ", which has cluster mode enabled; use IncreaseReplicaCount.");
  if (rg.status != ReplicationGroupStatus::kAvailable)
    throw faults::InvalidReplicationGroupStateFault("Replication group " + rg.id +
                                                    " is not in available state.");
  if (in.NumCacheNodes.value_or(1) != 1)
    throw faults::InvalidParameterValueException(
        "Cannot create a Redis cluster with a NumCacheNodes parameter greater than 1.");
  auto differs = [](const std::optional<std::string>& given, const std::string& group) {
    return given && ToLowerAscii(*given) != group;
  };
  if (differs(in.Engine, rg.settings.engine) ||
      differs(in.CacheNodeType, rg.settings.cache_node_type))
    throw faults::InvalidParameterCombinationException(
        "A read replica takes the engine and node type of replication group " + rg.id + ".");
  NodeGroup& ng = rg.node_groups.front();
  if (int(ng.members.size()) - 1 + 1 > kMaxReplicasPerNodeGroup)
    throw faults::InvalidParameterValueException(
        "The number of replicas per node group must be within 0 and 5.");
  if (ClusterIdTaken(env.store, ctx.account, ctx.region)(id))
    throw faults::CacheClusterAlreadyExistsFault("Cache cluster " + id + " already exists.");
  // The replica goes to the group's subnet group's zones, after the members'.
  const ZonePlacement placement = PlacementOf(env, rg);
  std::string zone = in.PreferredAvailabilityZone
                         ? ValidateAvailabilityZone(placement, *in.PreferredAvailabilityZone)
                         : SpreadAcrossZones(placement, 1, int(ng.members.size())).front();
  std::vector<Tag> tags = TagsFrom(in.Tags);
  ng.members.push_back({id, zone, false, true, false});
  ng.status = ReplicationGroupStatus::kModifying;
  rg.status = ReplicationGroupStatus::kModifying;
  rg.transition = StartTransition(kModifyReplicas, ctx.now, env.TransitionMs());
  env.store.Save(rg);
  SyncMemberClusters(env, rg, ctx.now);
  env.store.PutTags(ctx.account, ctx.region, CacheClusterArn(ctx.region, ctx.account, id), tags);
  return {CacheClusterView(Require<CacheCluster>(env, ctx, id), false, ctx.now)};
}

// The request's settings with what a restore leaves out taken from the snapshot.
api::CreateCacheClusterMessage WithSnapshot(api::CreateCacheClusterMessage in,
                                            const Snapshot& snapshot) {
  const NodeSettings& s = snapshot.settings;
  auto fill = [](auto& member, auto value) {
    if (!member) member = value;
  };
  fill(in.Engine, s.engine);
  fill(in.EngineVersion, s.engine_version);
  fill(in.CacheNodeType, s.cache_node_type);
  fill(in.Port, s.port);
  fill(in.PreferredMaintenanceWindow, s.preferred_maintenance_window);
  fill(in.SnapshotWindow, s.snapshot_window);
  if (!snapshot.cluster_enabled) fill(in.CacheParameterGroupName, s.cache_parameter_group_name);
  return in;
}

NodeSettings SettingsFrom(HandlerEnv env, const RequestContext& ctx,
                          const api::CreateCacheClusterMessage& in, const std::string& id,
                          const std::string& engine, const EngineVersionEntry& version) {
  const bool memcached = IsMemcached(engine);
  NodeSettings s;
  s.engine = engine;
  s.engine_version = version.actual_version;
  s.cache_node_type = Required(in.CacheNodeType, "CacheNodeType");
  CheckNodeType(env, s.cache_node_type, engine, s.engine_version);
  // The group named (or the family's default) must exist, be of the version's family and,
  // for Redis and Valkey, leave cluster mode off.
  CacheParameterGroup group = RequireParameterGroupForUse(
      env, ctx, in.CacheParameterGroupName.value_or("default." + version.parameter_group_family));
  CheckFamilyMatches(group, version.parameter_group_family);
  if (!memcached && ClusterEnabled(env.catalogs.parameters, group))
    throw faults::InvalidParameterCombinationException(
        "Cluster mode should be disabled in parameter group, but found it is enabled.");
  s.cache_parameter_group_name = group.id;
  s.cache_subnet_group_name = in.CacheSubnetGroupName.value_or("default");
  // Cache security groups need EC2-Classic, and such a cluster is outside any VPC.
  SecurityGroupReferences security = CheckSecurityGroupReferences(
      env, ctx, Items(in.CacheSecurityGroupNames), Items(in.SecurityGroupIds),
      in.CacheSubnetGroupName && !in.CacheSubnetGroupName->empty());
  s.cache_security_group_names = security.cache_security_group_names;
  s.security_group_ids = security.security_group_ids;
  if (!s.cache_security_group_names.empty()) s.cache_subnet_group_name.clear();
  int port = in.Port.value_or(memcached ? kDefaultMemcachedPort : kDefaultRedisPort);
  if (port < 1024 || port > 65535)
    throw faults::InvalidParameterValueException("Invalid port " + std::to_string(port) +
                                                 ". The port must be between 1024 and 65535.");
  s.port = port;
  MaintenanceWindow maintenance = in.PreferredMaintenanceWindow
                                      ? ParseMaintenanceWindow(*in.PreferredMaintenanceWindow)
                                      : DefaultMaintenanceWindow(id);
  s.preferred_maintenance_window = maintenance.ToString();
  if (memcached) {
    if (in.SnapshotName || !Items(in.SnapshotArns).empty() ||
        in.SnapshotRetentionLimit.value_or(0) > 0 || in.SnapshotWindow)
      throw faults::InvalidParameterCombinationException(
          "Snapshots are not supported for Memcached clusters.");
    if (in.AuthToken)
      throw faults::InvalidParameterCombinationException(
          "The AUTH token is not supported for Memcached clusters.");
  } else {
    SnapshotWindow snapshot = in.SnapshotWindow ? ParseSnapshotWindow(*in.SnapshotWindow)
                                                : DefaultSnapshotWindow(id, maintenance);
    ValidateWindowsDoNotOverlap(maintenance, snapshot);
    s.snapshot_window = snapshot.ToString();
    s.snapshot_retention_limit =
        ValidateSnapshotRetentionLimit(in.SnapshotRetentionLimit.value_or(0));
  }
  if (in.NotificationTopicArn)
    s.notification_topic_arn =
        CheckNotificationTopicArn(*in.NotificationTopicArn, ctx.account, "cache cluster");
  s.auto_minor_version_upgrade = in.AutoMinorVersionUpgrade.value_or(true);
  s.transit_encryption_enabled = in.TransitEncryptionEnabled.value_or(false);
  if (s.transit_encryption_enabled) {
    if (memcached && CompareVersions(s.engine_version, "1.6.12") < 0)
      throw faults::InvalidParameterCombinationException(
          "Encryption in transit is supported for Memcached 1.6.12 and later only.");
    s.transit_encryption_mode = "required";
  }
  if (!memcached) ValidateAuthTokenForGroup(in.AuthToken, s.transit_encryption_enabled);
  s.auth_token_enabled = in.AuthToken.has_value();
  if (in.AuthToken) s.auth_tokens = {*in.AuthToken};
  s.network_type = in.NetworkType.value_or("ipv4");
  s.ip_discovery = in.IpDiscovery.value_or("ipv4");
  return s;
}

api::CreateCacheClusterResult CreateCacheCluster(HandlerEnv env, const RequestContext& ctx,
                                                 const api::CreateCacheClusterMessage& request) {
  std::string id = ValidateCacheClusterId(request.CacheClusterId);
  if (request.ReplicationGroupId) return AddReplica(env, ctx, id, request);
  if (env.store.Find<CacheCluster>({ctx.account, ctx.region, id}))
    throw faults::CacheClusterAlreadyExistsFault("Cache cluster " + id + " already exists.");

  std::optional<Snapshot> restore_from;
  if (request.SnapshotName) restore_from = SnapshotForRestore(env, ctx, *request.SnapshotName);
  const api::CreateCacheClusterMessage in =
      restore_from ? WithSnapshot(request, *restore_from) : request;
  CheckSnapshotArns(env, Items(in.SnapshotArns));
  std::string engine = ToLowerAscii(Required(in.Engine, "Engine"));
  // A restore runs the version its snapshot recorded, in whatever form it was recorded.
  const EngineVersionEntry& version =
      ClusterEngineVersion(env, engine, in.EngineVersion, restore_from && !request.EngineVersion);
  NodeSettings settings = SettingsFrom(env, ctx, in, id, engine, version);
  // The cache subnet group must exist and support the network type; nodes go to its zones. A
  // cluster on cache security groups (EC2-Classic) is outside any VPC and has none.
  ZonePlacement placement{ctx.region, {}, {}, {}};
  if (settings.cache_security_group_names.empty()) {
    if (settings.cache_subnet_group_name.empty())
      settings.cache_subnet_group_name = std::string(kDefaultCacheSubnetGroupName);
    const CacheSubnetGroup subnet_group =
        RequireCacheSubnetGroup(env, ctx, settings.cache_subnet_group_name);
    CheckNetworkTypeSupported(subnet_group, settings.network_type);
    settings.cache_subnet_group_name = subnet_group.id;  // as stored: lower case
    placement = PlacementFor(env, subnet_group, settings.network_type);
  }
  if (in.PreferredAvailabilityZone) CheckRequestedZones(placement, {*in.PreferredAvailabilityZone});
  CheckRequestedZones(placement, Items(in.PreferredAvailabilityZones));

  CacheClusterLayoutRequest layout_request;
  layout_request.engine = engine;
  layout_request.num_cache_nodes = in.NumCacheNodes;
  layout_request.az_mode = in.AZMode;
  layout_request.preferred_availability_zone = in.PreferredAvailabilityZone;
  layout_request.preferred_availability_zones = Items(in.PreferredAvailabilityZones);
  layout_request.zones = ZonesOf(placement);
  layout_request.nodes_per_cluster_quota = env.options.nodes_per_cluster_quota;
  CacheClusterLayout layout = ResolveCacheClusterLayout(layout_request);
  std::vector<Tag> tags = TagsFrom(in.Tags);
  CheckCustomerQuotas(env, ctx, int(layout.node_zones.size()));

  CacheCluster cc;
  cc.account = ctx.account;
  cc.region = ctx.region;
  cc.id = id;
  cc.status = CacheClusterStatus::kCreating;
  cc.transition = StartTransition(kCreate, ctx.now, env.TransitionMs());
  cc.created_at = ctx.now;
  cc.availability_zone = layout.preferred_availability_zone;
  cc.az_mode = layout.az_mode;
  for (size_t i = 0; i < layout.node_zones.size(); ++i) {
    std::string node_id = CacheNodeId(int(i) + 1);
    cc.nodes.push_back({node_id, CacheNodeStatus::kCreating, ctx.now, layout.node_zones[i],
                        CacheNodeEndpointAddress(ctx.account, ctx.region, id, node_id)});
  }
  if (settings.auth_token_enabled) settings.auth_token_last_modified = ctx.now;
  cc.settings = settings;
  if (in.LogDeliveryConfigurations) {
    ApiValue logs = ApiValue::List();
    for (const auto& c : *in.LogDeliveryConfigurations) logs.Push(api::ToApi(c));
    cc.log_delivery_configurations = std::move(logs);
  }
  if (restore_from) cc.restored_from.snapshot_name = restore_from->id;
  cc.restored_from.snapshot_arns = Items(in.SnapshotArns);
  env.store.Save(cc);
  env.store.PutTags(ctx.account, ctx.region, CacheClusterArn(ctx.region, ctx.account, id), tags);
  if (restore_from) {
    Snapshot snapshot = *restore_from;
    snapshot.status = SnapshotStatus::kRestoring;
    snapshot.transition = StartTransition(kRestore, ctx.now, env.TransitionMs());
    env.store.Save(snapshot);
  }
  return {CacheClusterView(cc, false, ctx.now)};
}

api::CacheClusterMessage DescribeCacheClusters(HandlerEnv env, const RequestContext& ctx,
                                               const api::DescribeCacheClustersMessage& in) {
  int limit = PageSize(in.MaxRecords, 20, 100, 100);
  bool show_nodes = in.ShowCacheNodeInfo.value_or(false);
  bool only_standalone = in.ShowCacheClustersNotInReplicationGroups.value_or(false);
  api::CacheClusterMessage out;
  auto& clusters = out.CacheClusters.emplace();
  if (in.CacheClusterId) {
    clusters.push_back(
        CacheClusterView(Require<CacheCluster>(env, ctx, *in.CacheClusterId), show_nodes, ctx.now));
    return out;
  }
  auto page = env.store.Scan<CacheCluster>(
      ctx.account, ctx.region, MarkerPosition(api::op::DescribeCacheClusters::kName, in.Marker),
      limit, [&](const CacheCluster& cc) { return !only_standalone || !cc.replication_group_id; });
  for (const auto& cc : page.items) clusters.push_back(CacheClusterView(cc, show_nodes, ctx.now));
  out.Marker = NextMarker(api::op::DescribeCacheClusters::kName, page.next_marker);
  return out;
}

void RequireAvailable(const CacheCluster& cc) {
  if (cc.status != CacheClusterStatus::kAvailable)
    throw faults::InvalidCacheClusterStateFault(
        "Cache cluster " + cc.id + " is not in available state (its status is " + cc.status + ").");
}

// A member's node settings belong to its replication group.
void RefuseGroupOwnedChanges(const CacheCluster& cc, const api::ModifyCacheClusterMessage& in) {
  if (!cc.replication_group_id) return;
  const bool group_owned = in.NumCacheNodes || in.CacheNodeType || in.EngineVersion || in.Engine ||
                           in.CacheParameterGroupName || in.CacheSecurityGroupNames ||
                           in.SecurityGroupIds || in.SnapshotRetentionLimit || in.SnapshotWindow ||
                           in.AuthToken || in.PreferredMaintenanceWindow ||
                           in.NotificationTopicArn || in.NotificationTopicStatus || in.AZMode ||
                           in.LogDeliveryConfigurations;
  if (group_owned)
    throw faults::InvalidParameterCombinationException(
        "Cache cluster " + cc.id + " is a member of replication group " + *cc.replication_group_id +
        ", which owns these settings; modify the replication group instead.");
}

// The deferred part of a ModifyCacheCluster: node count, node type, engine version.
PendingClusterChanges DeferredChanges(HandlerEnv env, const RequestContext& ctx,
                                      const CacheCluster& cc,
                                      const api::ModifyCacheClusterMessage& in) {
  const bool memcached = IsMemcached(cc.settings.engine);
  PendingClusterChanges changes;
  if (in.NumCacheNodes && *in.NumCacheNodes != cc.NumCacheNodes()) {
    if (!memcached)
      throw faults::InvalidParameterValueException(
          "Cannot modify a Redis cluster to have more than one node (NumCacheNodes " +
          std::to_string(*in.NumCacheNodes) + ").");
    NodeCountRequest r;
    for (const auto& n : cc.nodes) {
      r.node_ids.push_back(n.id);
      r.node_zones.push_back(n.availability_zone);
    }
    r.az_mode = in.AZMode.value_or(cc.az_mode.value_or("single-az"));
    r.num_cache_nodes = *in.NumCacheNodes;
    r.cache_node_ids_to_remove = Items(in.CacheNodeIdsToRemove);
    r.new_availability_zones = Items(in.NewAvailabilityZones);
    const ZonePlacement placement = PlacementOf(env, cc.account, cc.region, cc.settings);
    CheckRequestedZones(placement, Items(in.NewAvailabilityZones));
    r.zones = ZonesOf(placement);
    r.nodes_per_cluster_quota = env.options.nodes_per_cluster_quota;
    NodeCountPlan plan = PlanNodeCountChange(r);
    if (!plan.added_ids.empty() &&
        NodesInRegion(env, ctx) + int(plan.added_ids.size()) > env.options.nodes_quota)
      throw faults::NodeQuotaForCustomerExceededFault(
          "The request cannot be processed because it would exceed the allowed number of cache "
          "nodes per customer (" +
          std::to_string(env.options.nodes_quota) + ").");
    changes.num_cache_nodes = *in.NumCacheNodes;
    changes.cache_node_ids_to_remove = plan.removed_ids;
    changes.new_availability_zones = plan.added_zones;
  } else if (!Items(in.CacheNodeIdsToRemove).empty()) {
    throw faults::InvalidParameterCombinationException(
        "CacheNodeIdsToRemove is only valid when NumCacheNodes is less than the current number "
        "of cache nodes.");
  }
  if (in.CacheNodeType && *in.CacheNodeType != cc.settings.cache_node_type) {
    if (memcached && CompareVersions(cc.settings.engine_version, kMemcachedVerticalScaling) < 0)
      throw faults::InvalidParameterCombinationException(
          "Node type modifications are only available for Memcached clusters with engine "
          "version " +
          std::string(kMemcachedVerticalScaling) + " or later.");
    CheckNodeType(env, *in.CacheNodeType, cc.settings.engine, cc.settings.engine_version);
    NodeTypeModifications allowed = env.catalogs.node_types.AllowedModifications(
        cc.settings.cache_node_type, cc.settings.engine, cc.settings.engine_version, false);
    if (!Contains(allowed.scale_up, *in.CacheNodeType) &&
        !Contains(allowed.scale_down, *in.CacheNodeType))
      throw faults::InvalidParameterCombinationException(
          "Cache node type " + *in.CacheNodeType + " is not an allowed modification of " +
          cc.settings.cache_node_type + " (see ListAllowedNodeTypeModifications).");
    changes.cache_node_type = *in.CacheNodeType;
  }
  if (in.EngineVersion) {
    const EngineVersionEntry& target =
        ClusterEngineVersion(env, cc.settings.engine, in.EngineVersion);
    if (CompareVersions(target.actual_version, cc.settings.engine_version) < 0)
      throw faults::InvalidParameterCombinationException("Cannot downgrade engine version from " +
                                                         cc.settings.engine_version + " to " +
                                                         target.actual_version + ".");
    if (target.actual_version != cc.settings.engine_version)
      changes.engine_version = target.actual_version;
  }
  if (in.ScaleConfig) {
    CheckScaleConfig(cc.settings.engine, in.ScaleConfig->ScalePercentage,
                     in.ScaleConfig->ScaleIntervalMinutes,
                     changes.cache_node_type || changes.num_cache_nodes);
    changes.scale_percentage = in.ScaleConfig->ScalePercentage;
    changes.scale_interval_minutes = in.ScaleConfig->ScaleIntervalMinutes;
  }
  return changes;
}

// The settings ModifyCacheCluster applies at once; true when any changed.
bool ApplyImmediateChanges(HandlerEnv env, CacheCluster& cc, const RequestContext& ctx,
                           const api::ModifyCacheClusterMessage& in) {
  NodeSettings& s = cc.settings;
  const NodeSettings before = s;
  const bool memcached = IsMemcached(s.engine);
  if (in.PreferredMaintenanceWindow)
    s.preferred_maintenance_window =
        ParseMaintenanceWindow(*in.PreferredMaintenanceWindow).ToString();
  ApplyNotificationTopicChange(s, in.NotificationTopicArn, in.NotificationTopicStatus, ctx.account,
                               "cache cluster");
  if (in.CacheParameterGroupName) {
    CacheParameterGroup group = RequireParameterGroupForUse(env, ctx, *in.CacheParameterGroupName);
    if (const auto* version = env.catalogs.engines.FindActual(s.engine, s.engine_version))
      CheckFamilyMatches(group, version->parameter_group_family);
    s.cache_parameter_group_name = group.id;
  }
  if (in.CacheSecurityGroupNames || in.SecurityGroupIds) {
    SecurityGroupReferences security = CheckSecurityGroupReferences(
        env, ctx, Items(in.CacheSecurityGroupNames), Items(in.SecurityGroupIds),
        !s.cache_subnet_group_name.empty());
    if (in.CacheSecurityGroupNames)
      s.cache_security_group_names = security.cache_security_group_names;
    if (in.SecurityGroupIds) s.security_group_ids = security.security_group_ids;
  }
  if (in.AutoMinorVersionUpgrade) s.auto_minor_version_upgrade = *in.AutoMinorVersionUpgrade;
  if (in.IpDiscovery) s.ip_discovery = *in.IpDiscovery;
  if ((in.SnapshotRetentionLimit || in.SnapshotWindow) && memcached)
    throw faults::InvalidParameterCombinationException(
        "Snapshots are not supported for Memcached clusters.");
  if (in.SnapshotRetentionLimit)
    s.snapshot_retention_limit = ValidateSnapshotRetentionLimit(*in.SnapshotRetentionLimit);
  if (in.SnapshotWindow) s.snapshot_window = ParseSnapshotWindow(*in.SnapshotWindow).ToString();
  if (in.AuthToken) {
    if (memcached)
      throw faults::InvalidParameterCombinationException(
          "The AUTH token is not supported for Memcached clusters.");
    ValidateAuthTokenForGroup(in.AuthToken, s.transit_encryption_enabled);
    s.auth_tokens =
        UpdatedAuthTokens(s.auth_tokens, in.AuthToken, in.AuthTokenUpdateStrategy.value_or("SET"));
    s.auth_token_enabled = !s.auth_tokens.empty();
    s.auth_token_last_modified = ctx.now;
  }
  bool logs_changed = false;
  if (in.LogDeliveryConfigurations) {
    ApiValue logs = ApiValue::List();
    for (const auto& c : *in.LogDeliveryConfigurations) logs.Push(api::ToApi(c));
    logs_changed = !(logs == cc.log_delivery_configurations);
    cc.log_delivery_configurations = std::move(logs);
  }
  auto same = [](const NodeSettings& a, const NodeSettings& b) {
    return a.preferred_maintenance_window == b.preferred_maintenance_window &&
           a.notification_topic_arn == b.notification_topic_arn &&
           a.notification_topic_status == b.notification_topic_status &&
           a.cache_parameter_group_name == b.cache_parameter_group_name &&
           a.cache_security_group_names == b.cache_security_group_names &&
           a.security_group_ids == b.security_group_ids &&
           a.auto_minor_version_upgrade == b.auto_minor_version_upgrade &&
           a.ip_discovery == b.ip_discovery &&
           a.snapshot_retention_limit == b.snapshot_retention_limit &&
           a.snapshot_window == b.snapshot_window && a.auth_token_enabled == b.auth_token_enabled &&
           a.auth_token_last_modified == b.auth_token_last_modified;
  };
  return logs_changed || !same(before, s);
}

api::ModifyCacheClusterResult ModifyCacheCluster(HandlerEnv env, const RequestContext& ctx,
                                                 const api::ModifyCacheClusterMessage& in) {
  CacheCluster cc = Require<CacheCluster>(env, ctx, in.CacheClusterId);
  RefuseGroupOwnedChanges(cc, in);
  RequireAvailable(cc);
  if (in.Engine && ToLowerAscii(*in.Engine) != cc.settings.engine)
    throw faults::InvalidParameterCombinationException(
        "The engine of a cache cluster cannot be changed.");
  if (in.AZMode && !IsMemcached(cc.settings.engine))
    throw faults::InvalidParameterValueException(
        "The AZMode parameter is only supported for Memcached clusters.");
  PendingClusterChanges deferred = DeferredChanges(env, ctx, cc, in);
  const bool immediate = ApplyImmediateChanges(env, cc, ctx, in);
  if (deferred.Empty() && !immediate)
    throw faults::InvalidParameterCombinationException("No modifications were requested.");

  std::vector<DomainEvent> events;
  cc.pending = deferred;
  if (in.ApplyImmediately.value_or(false) || deferred.Empty()) {
    events = StartClusterChanges(cc, ctx.now, env.TransitionMs());
  } else {
    // Applied when the maintenance window next opens on the emulator clock.
    MaintenanceWindow window = ParseMaintenanceWindow(cc.settings.preferred_maintenance_window);
    cc.transition =
        Transition{kScheduledModify, ctx.now, Timestamp{NextWindowStart(window, ctx.now.epoch_ms)}};
  }
  env.store.Save(cc);
  Record(env, ctx, events);
  return {CacheClusterView(cc, false, ctx.now)};
}

// Deleting a member: the three states AWS refuses, else the group loses a replica.
void RemoveFromGroup(HandlerEnv env, const RequestContext& ctx, const CacheCluster& cc) {
  ReplicationGroup rg = Require<ReplicationGroup>(env, ctx, *cc.replication_group_id);
  const auto members = rg.MemberClusterIds();
  if (members.size() == 1)
    throw faults::InvalidCacheClusterStateFault(
        "Cannot delete the cache cluster since it is the only member of a replication group. "
        "Delete the replication group instead.");
  for (const auto& ng : rg.node_groups)
    for (const auto& m : ng.members)
      if (m.cache_cluster_id == cc.id && m.primary)
        throw faults::InvalidCacheClusterStateFault(
            "Cache cluster " + cc.id + " is serving as primary for replication group " + rg.id +
            " and cannot be deleted. To delete the entire replication group, use "
            "DeleteReplicationGroup.");
  if (rg.automatic_failover && members.size() == 2)
    throw faults::InvalidCacheClusterStateFault(
        "Cannot delete the cache cluster because it is the only read replica for replication "
        "group " +
        rg.id +
        " which has autofailover enabled or pending. You can disable autofailover and then delete "
        "this cache cluster. Alternatively, to delete the entire replication group, use "
        "DeleteReplicationGroup.");
  if (rg.status != ReplicationGroupStatus::kAvailable)
    throw faults::InvalidReplicationGroupStateFault("Replication group " + rg.id +
                                                    " is not in available state.");
  for (auto& ng : rg.node_groups)
    for (auto& m : ng.members)
      if (m.cache_cluster_id == cc.id) {
        m.leaving = true;
        ng.status = ReplicationGroupStatus::kModifying;
      }
  rg.status = ReplicationGroupStatus::kModifying;
  rg.transition = StartTransition(kModifyReplicas, ctx.now, env.TransitionMs());
  env.store.Save(rg);
  SyncMemberClusters(env, rg, ctx.now);
}

api::DeleteCacheClusterResult DeleteCacheCluster(HandlerEnv env, const RequestContext& ctx,
                                                 const api::DeleteCacheClusterMessage& in) {
  CacheCluster cc = Require<CacheCluster>(env, ctx, in.CacheClusterId);
  if (in.FinalSnapshotIdentifier) {
    if (IsMemcached(cc.settings.engine))
      throw faults::SnapshotFeatureNotSupportedFault(
          "Snapshots are not supported for Memcached clusters.");
    if (cc.replication_group_id)
      throw faults::InvalidParameterCombinationException(
          "FinalSnapshotIdentifier is not supported for a cache cluster that is a member of a "
          "replication group; use DeleteReplicationGroup.");
  }
  if (cc.replication_group_id) {
    RequireAvailable(cc);
    RemoveFromGroup(env, ctx, cc);
    return {CacheClusterView(Require<CacheCluster>(env, ctx, cc.id), false, ctx.now)};
  }
  if (cc.status != CacheClusterStatus::kAvailable && cc.status != CacheClusterStatus::kCreating)
    throw faults::InvalidCacheClusterStateFault("Cache cluster " + cc.id + " has status " +
                                                cc.status + " which is not valid for deletion.");
  if (in.FinalSnapshotIdentifier)
    SaveNewSnapshot(
        env, ctx,
        SnapshotOfCacheCluster(
            cc, nullptr,
            ValidateSnapshotName("FinalSnapshotIdentifier", *in.FinalSnapshotIdentifier), ctx.now),
        {});
  cc.status = CacheClusterStatus::kDeleting;
  cc.transition = StartTransition(kDelete, ctx.now, env.TransitionMs());
  for (auto& n : cc.nodes) n.status = CacheNodeStatus::kDeleting;
  env.store.Save(cc);
  return {CacheClusterView(cc, false, ctx.now)};
}

api::RebootCacheClusterResult RebootCacheCluster(HandlerEnv env, const RequestContext& ctx,
                                                 const api::RebootCacheClusterMessage& in) {
  CacheCluster cc = Require<CacheCluster>(env, ctx, in.CacheClusterId);
  RequireAvailable(cc);
  if (in.CacheNodeIdsToReboot.empty())
    throw faults::InvalidParameterValueException(
        "CacheNodeIdsToReboot must name at least one cache node.");
  std::vector<DomainEvent> events;
  for (const auto& id : in.CacheNodeIdsToReboot) {
    auto node = std::find_if(cc.nodes.begin(), cc.nodes.end(),
                             [&](const CacheNode& n) { return n.id == id; });
    if (node == cc.nodes.end())
      throw faults::InvalidParameterValueException("Cache node " + id + " is not a node of " +
                                                   cc.id + ".");
    node->status = CacheNodeStatus::kRebooting;
    events.push_back({std::string(Kind<CacheCluster>::kStoredName), cc.id,
                      std::string(happened::kModifying), ctx.now, "cache-cluster", cc.id,
                      event_messages::CacheNodeShutdown(id)});
  }
  cc.status = CacheClusterStatus::kRebooting;
  cc.transition = StartTransition(kReboot, ctx.now, env.TransitionMs());
  env.store.Save(cc);
  Record(env, ctx, events);
  return {CacheClusterView(cc, false, ctx.now)};
}

}  // namespace

void RegisterCacheClusterHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::CreateCacheCluster>(env, CreateCacheCluster);
  registry.Add<api::op::DescribeCacheClusters>(env, DescribeCacheClusters);
  registry.Add<api::op::ModifyCacheCluster>(env, ModifyCacheCluster);
  registry.Add<api::op::DeleteCacheCluster>(env, DeleteCacheCluster);
  registry.Add<api::op::RebootCacheCluster>(env, RebootCacheCluster);
}

}  // namespace ecl

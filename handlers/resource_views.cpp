#include "handlers/resource_views.h"

#include <algorithm>

#include "model/lifecycle.h"
#include "model/naming.h"
#include "model/parameter_group_rules.h"

namespace ecl {

namespace {

api::Endpoint EndpointOf(const std::string& address, int port) { return {address, port}; }

EndpointScope ScopeOf(const ReplicationGroup& rg) {
  return {rg.account, rg.region, rg.id, rg.EndpointsUseTls()};
}

api::NodeGroup NodeGroupView(const ReplicationGroup& rg, const NodeGroup& ng) {
  const auto& s = rg.settings;
  EndpointScope scope = ScopeOf(rg);
  api::NodeGroup v;
  v.NodeGroupId = ng.id;
  v.Status = ng.status;
  if (!rg.cluster_enabled) {
    v.PrimaryEndpoint = EndpointOf(PrimaryEndpointAddress(scope), s.port);
    v.ReaderEndpoint = EndpointOf(ReaderEndpointAddress(scope), s.port);
  }
  if (!ng.slots.empty()) v.Slots = ng.slots;
  auto& members = v.NodeGroupMembers.emplace();
  for (const auto& m : ng.members) {
    if (m.joining) continue;  // shown once ready, as ElastiCache does
    api::NodeGroupMember mv;
    mv.CacheClusterId = m.cache_cluster_id;
    mv.CacheNodeId = std::string(kRedisCacheNodeId);
    mv.PreferredAvailabilityZone = m.availability_zone;
    // Read endpoints and roles are shown only for cluster mode disabled groups.
    if (!rg.cluster_enabled) {
      mv.ReadEndpoint = EndpointOf(NodeEndpointAddress(scope, m.cache_cluster_id), s.port);
      mv.CurrentRole = m.primary ? "primary" : "replica";
    }
    members.push_back(std::move(mv));
  }
  return v;
}

// AWS answers a new cluster-mode-disabled group `enabling`, a cluster-mode-enabled one
// `enabled` at once (both examples of CreateReplicationGroup in the API reference).
// A ModifyReplicationGroup turning it on or off shows `enabling` / `disabling` while applied
// (the User Guide's modify-replication-group example).
std::string AutomaticFailoverStatus(const ReplicationGroup& rg) {
  if (rg.modification && rg.modification->automatic_failover &&
      *rg.modification->automatic_failover != rg.automatic_failover)
    return rg.automatic_failover ? "disabling" : "enabling";
  if (!rg.automatic_failover) return "disabled";
  if (rg.status == ReplicationGroupStatus::kCreating && !rg.cluster_enabled) return "enabling";
  return "enabled";
}

std::vector<api::LogDeliveryConfigurationRequest> LogRequests(const ApiValue& list) {
  std::vector<api::LogDeliveryConfigurationRequest> out;
  if (!list.IsList()) return out;
  for (const auto& element : list.AsList()) {
    api::LogDeliveryConfigurationRequest c;
    api::FromApi(element, c);
    if (c.Enabled != false) out.push_back(std::move(c));
  }
  return out;
}

api::LogDeliveryConfiguration LogView(const api::LogDeliveryConfigurationRequest& c,
                                      std::string status) {
  return {c.LogType, c.DestinationType, c.DestinationDetails, c.LogFormat, std::move(status), {}};
}

std::vector<api::LogDeliveryConfiguration> LogDeliveryView(const ApiValue& requested) {
  std::vector<api::LogDeliveryConfiguration> out;
  for (const auto& c : LogRequests(requested)) out.push_back(LogView(c, "active"));
  return out;
}

// While a ModifyReplicationGroup changes the logs, each shows where it is going: enabling,
// modifying, disabling.
std::vector<api::LogDeliveryConfiguration> LogDeliveryView(const ApiValue& current,
                                                           const ApiValue& target) {
  std::vector<api::LogDeliveryConfiguration> out;
  const auto before = LogRequests(current);
  const auto after = LogRequests(target);
  auto find = [](const auto& list, const std::optional<std::string>& type) {
    return std::find_if(list.begin(), list.end(), [&](const auto& c) { return c.LogType == type; });
  };
  for (const auto& c : after) {
    auto old = find(before, c.LogType);
    out.push_back(LogView(c, old == before.end()                 ? "enabling"
                             : api::ToApi(*old) == api::ToApi(c) ? "active"
                                                                 : "modifying"));
  }
  for (const auto& c : before)
    if (find(after, c.LogType) == after.end()) out.push_back(LogView(c, "disabling"));
  return out;
}

std::optional<std::string> PendingPrimary(const ReplicationGroup& rg) {
  if (rg.modification && rg.modification->primary_cluster_id)
    return rg.modification->primary_cluster_id;
  if (rg.deferred_modification) return rg.deferred_modification->primary_cluster_id;
  return std::nullopt;
}

api::ReplicationGroupPendingModifiedValues PendingModifiedValuesView(
    const ReplicationGroup& rg, Timestamp now, std::optional<double> migrated_percent) {
  api::ReplicationGroupPendingModifiedValues pending;
  if (rg.transition && rg.transition->kind == kReshard) {
    // Never behind the clock's start, even for a view rendered without a clock.
    double progress = migrated_percent    ? *migrated_percent
                      : now.epoch_ms == 0 ? 0.0
                                          : rg.transition->ProgressPercent(now);
    pending.Resharding = api::ReshardingStatus{api::SlotMigration{progress}};
  }
  pending.PrimaryClusterId = PendingPrimary(rg);
  if (!rg.modification) return pending;
  const GroupModification& m = *rg.modification;
  pending.AuthTokenStatus = m.auth_token_status;
  if (!m.user_group_ids_to_add.empty() || !m.user_group_ids_to_remove.empty()) {
    api::UserGroupsUpdateStatus groups;
    if (!m.user_group_ids_to_add.empty()) groups.UserGroupIdsToAdd = m.user_group_ids_to_add;
    if (!m.user_group_ids_to_remove.empty())
      groups.UserGroupIdsToRemove = m.user_group_ids_to_remove;
    pending.UserGroups = groups;
  }
  if (m.log_delivery_configurations) {
    auto& logs = pending.LogDeliveryConfigurations.emplace();
    for (const auto& c : LogRequests(*m.log_delivery_configurations))
      logs.push_back({c.LogType, c.DestinationType, c.DestinationDetails, c.LogFormat});
  }
  pending.TransitEncryptionEnabled = m.transit_encryption_enabled;
  pending.TransitEncryptionMode = m.transit_encryption_mode;
  pending.ClusterMode = m.cluster_mode;
  return pending;
}

// UserGroupIds as shown: groups being added appear once the change is applied.
std::vector<std::string> UserGroupIdsView(const ReplicationGroup& rg) {
  std::vector<std::string> ids;
  for (const auto& id : rg.user_group_ids) {
    const auto& adding =
        rg.modification ? rg.modification->user_group_ids_to_add : std::vector<std::string>{};
    if (std::find(adding.begin(), adding.end(), id) == adding.end()) ids.push_back(id);
  }
  return ids;
}

}  // namespace

api::ReplicationGroup ReplicationGroupView(const ReplicationGroup& rg, Timestamp now,
                                           std::optional<double> migrated_percent) {
  const auto& s = rg.settings;
  api::ReplicationGroup v;
  v.ReplicationGroupId = rg.id;
  v.Description = rg.description;
  if (rg.global_datastore)
    v.GlobalReplicationGroupInfo = api::GlobalReplicationGroupInfo{
        rg.global_datastore->global_replication_group_id, rg.global_datastore->role};
  v.Status = rg.status;
  v.PendingModifiedValues = PendingModifiedValuesView(rg, now, migrated_percent);
  v.MemberClusters = rg.MemberClusterIds();
  auto& groups = v.NodeGroups.emplace();
  for (const auto& ng : rg.node_groups) groups.push_back(NodeGroupView(rg, ng));
  v.SnapshottingClusterId = rg.snapshotting_cluster_id;
  v.AutomaticFailover = AutomaticFailoverStatus(rg);
  v.MultiAZ = rg.multi_az ? "enabled" : "disabled";
  // A `compatible` group answers cluster-mode clients too (the User Guide, modify-cluster-mode).
  if (rg.cluster_enabled || rg.cluster_mode == "compatible")
    v.ConfigurationEndpoint = EndpointOf(ConfigurationEndpointAddress(ScopeOf(rg)), s.port);
  v.SnapshotRetentionLimit = s.snapshot_retention_limit;
  v.SnapshotWindow = s.snapshot_window;
  v.ClusterEnabled = rg.cluster_enabled;
  v.CacheNodeType = s.cache_node_type;
  v.AuthTokenEnabled = s.auth_token_enabled;
  v.AuthTokenLastModifiedDate = s.auth_token_last_modified;
  v.TransitEncryptionEnabled = s.transit_encryption_enabled;
  v.AtRestEncryptionEnabled = s.at_rest_encryption_enabled;
  v.KmsKeyId = rg.kms_key_id;
  v.ARN = ReplicationGroupArn(rg.region, rg.account, rg.id);
  if (auto ids = UserGroupIdsView(rg); !ids.empty()) v.UserGroupIds = ids;
  v.LogDeliveryConfigurations = rg.modification && rg.modification->log_delivery_configurations
                                    ? LogDeliveryView(rg.log_delivery_configurations,
                                                      *rg.modification->log_delivery_configurations)
                                    : LogDeliveryView(rg.log_delivery_configurations);
  v.ReplicationGroupCreateTime = rg.created_at;
  v.DataTiering = rg.data_tiering ? "enabled" : "disabled";
  v.AutoMinorVersionUpgrade = s.auto_minor_version_upgrade;
  v.NetworkType = s.network_type;
  v.IpDiscovery = s.ip_discovery;
  v.TransitEncryptionMode = s.transit_encryption_mode;
  v.ClusterMode = rg.cluster_mode;
  v.Engine = s.engine;
  return v;
}

namespace {

api::PendingModifiedValues PendingModifiedValuesView(const CacheCluster& cc) {
  const auto& p = cc.pending;
  api::PendingModifiedValues v;
  v.NumCacheNodes = p.num_cache_nodes;
  if (!p.cache_node_ids_to_remove.empty()) v.CacheNodeIdsToRemove = p.cache_node_ids_to_remove;
  v.EngineVersion = p.engine_version;
  v.CacheNodeType = p.cache_node_type;
  if (p.scale_percentage || p.scale_interval_minutes)
    v.ScaleConfig = api::ScaleConfig{p.scale_percentage, p.scale_interval_minutes};
  return v;
}

}  // namespace

api::CacheCluster CacheClusterView(const CacheCluster& cc, bool show_cache_node_info,
                                   Timestamp now) {
  const auto& s = cc.settings;
  const bool memcached = s.engine == "memcached";
  api::CacheCluster v;
  v.CacheClusterId = cc.id;
  if (memcached)
    v.ConfigurationEndpoint =
        EndpointOf(MemcachedConfigurationEndpointAddress(cc.account, cc.region, cc.id), s.port);
  v.ClientDownloadLandingPage = "https://console.aws.amazon.com/elasticache/home#client-download:";
  v.CacheNodeType = s.cache_node_type;
  v.Engine = s.engine;
  v.EngineVersion = s.engine_version;
  v.CacheClusterStatus = cc.status;
  v.NumCacheNodes = cc.NumCacheNodes();
  v.PreferredAvailabilityZone = cc.availability_zone;
  v.CacheClusterCreateTime = cc.created_at;
  v.PreferredMaintenanceWindow = s.preferred_maintenance_window;
  v.PendingModifiedValues = PendingModifiedValuesView(cc);
  if (s.notification_topic_arn)
    v.NotificationConfiguration = api::NotificationConfiguration{
        *s.notification_topic_arn, s.notification_topic_status.value_or("active")};
  auto& cache_security_groups = v.CacheSecurityGroups.emplace();
  for (const auto& name : s.cache_security_group_names)
    cache_security_groups.push_back({name, "active"});
  const std::string parameter_status = ParameterApplyStatusOf(cc, now);
  std::vector<std::string> nodes_to_reboot;
  if (parameter_status == ParameterApplyStatus::kPendingReboot)
    for (const auto& n : cc.nodes) nodes_to_reboot.push_back(n.id);
  v.CacheParameterGroup = api::CacheParameterGroupStatus{s.cache_parameter_group_name,
                                                         parameter_status, nodes_to_reboot};
  // A cluster outside any VPC (cache security groups) has no subnet group.
  if (!s.cache_subnet_group_name.empty()) v.CacheSubnetGroupName = s.cache_subnet_group_name;
  if (show_cache_node_info) {
    auto& nodes = v.CacheNodes.emplace();
    for (const auto& n : cc.nodes) {
      api::CacheNode node;
      node.CacheNodeId = n.id;
      node.CacheNodeStatus = n.status;
      node.CacheNodeCreateTime = n.created_at;
      node.Endpoint = EndpointOf(n.endpoint, s.port);
      node.ParameterGroupStatus = parameter_status;
      node.CustomerAvailabilityZone = n.availability_zone;
      nodes.push_back(std::move(node));
    }
  }
  v.AutoMinorVersionUpgrade = s.auto_minor_version_upgrade;
  auto& security_groups = v.SecurityGroups.emplace();
  for (const auto& id : s.security_group_ids) security_groups.push_back({id, "active"});
  v.ReplicationGroupId = cc.replication_group_id;
  if (!memcached) {
    v.SnapshotRetentionLimit = s.snapshot_retention_limit;
    v.SnapshotWindow = s.snapshot_window;
  }
  v.AuthTokenEnabled = s.auth_token_enabled;
  v.AuthTokenLastModifiedDate = s.auth_token_last_modified;
  v.TransitEncryptionEnabled = s.transit_encryption_enabled;
  v.AtRestEncryptionEnabled = s.at_rest_encryption_enabled;
  v.ARN = CacheClusterArn(cc.region, cc.account, cc.id);
  v.ReplicationGroupLogDeliveryEnabled = false;
  v.LogDeliveryConfigurations = LogDeliveryView(cc.log_delivery_configurations);
  v.NetworkType = s.network_type;
  v.IpDiscovery = s.ip_discovery;
  v.TransitEncryptionMode = s.transit_encryption_mode;
  return v;
}

api::Snapshot SnapshotView(const Snapshot& snap, bool show_node_group_config) {
  const auto& s = snap.settings;
  const bool of_cluster = snap.cache_cluster_id.has_value();
  api::Snapshot v;
  v.SnapshotName = snap.id;
  v.ReplicationGroupId = snap.replication_group_id;
  v.ReplicationGroupDescription = snap.replication_group_description;
  v.CacheClusterId = snap.cache_cluster_id;
  v.SnapshotStatus = snap.status;
  v.SnapshotSource = snap.source;
  v.CacheNodeType = s.cache_node_type;
  v.Engine = s.engine;
  v.EngineVersion = s.engine_version;
  if (of_cluster) {
    v.NumCacheNodes = snap.num_cache_nodes;
    v.PreferredAvailabilityZone = snap.preferred_availability_zone;
    v.CacheClusterCreateTime = snap.cache_cluster_create_time;
  }
  v.PreferredMaintenanceWindow = s.preferred_maintenance_window;
  v.TopicArn = s.notification_topic_arn;
  v.Port = s.port;
  v.CacheParameterGroupName = s.cache_parameter_group_name;
  // A cluster outside any VPC (cache security groups) has no subnet group.
  if (!s.cache_subnet_group_name.empty()) v.CacheSubnetGroupName = s.cache_subnet_group_name;
  v.AutoMinorVersionUpgrade = s.auto_minor_version_upgrade;
  v.SnapshotRetentionLimit = s.snapshot_retention_limit;
  v.SnapshotWindow = s.snapshot_window;
  if (!of_cluster) {
    v.NumNodeGroups = snap.NumNodeGroups();
    v.AutomaticFailover = snap.automatic_failover;
  }
  auto& nodes = v.NodeSnapshots.emplace();
  for (const auto& n : snap.node_snapshots) {
    api::NodeSnapshot nv;
    if (of_cluster) {
      nv.CacheClusterId = n.cache_cluster_id;
      nv.CacheNodeId = std::string(kRedisCacheNodeId);
    }
    nv.NodeGroupId = n.node_group_id;
    if (show_node_group_config) {
      api::NodeGroupConfiguration config;
      config.NodeGroupId = n.node_group_id;
      if (!n.slots.empty()) config.Slots = n.slots;
      config.ReplicaCount = n.replica_count;
      config.PrimaryAvailabilityZone = n.primary_availability_zone;
      config.ReplicaAvailabilityZones = n.replica_availability_zones;
      nv.NodeGroupConfiguration = std::move(config);
    }
    // AWS shows an empty size until the data has been copied.
    nv.CacheSize = snap.status == SnapshotStatus::kCreating ? std::string() : n.cache_size;
    nv.CacheNodeCreateTime = n.cache_node_create_time;
    nv.SnapshotCreateTime = n.snapshot_create_time;
    nodes.push_back(std::move(nv));
  }
  v.KmsKeyId = snap.kms_key_id;
  v.ARN = SnapshotArn(snap.region, snap.account, snap.id);
  v.DataTiering = snap.data_tiering ? "enabled" : "disabled";
  return v;
}

}  // namespace ecl

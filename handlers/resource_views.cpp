#include "handlers/resource_views.h"

#include "model/lifecycle.h"
#include "model/naming.h"

namespace ecl {

namespace {

ApiValue EndpointValue(const std::string& address, int port) {
  return ApiValue::Struct().Set("Address", address).Set("Port", port);
}

EndpointScope ScopeOf(const ReplicationGroup& rg) {
  return {rg.account, rg.region, rg.id, rg.settings.transit_encryption_enabled};
}

ApiValue NodeGroupView(const ReplicationGroup& rg, const NodeGroup& ng) {
  const auto& s = rg.settings;
  EndpointScope scope = ScopeOf(rg);
  ApiValue v = ApiValue::Struct();
  v.Set("NodeGroupId", ng.id).Set("Status", ng.status);
  if (!rg.cluster_enabled) {
    v.Set("PrimaryEndpoint", EndpointValue(PrimaryEndpointAddress(scope), s.port));
    v.Set("ReaderEndpoint", EndpointValue(ReaderEndpointAddress(scope), s.port));
  }
  if (!ng.slots.empty()) v.Set("Slots", ng.slots);
  ApiValue members = ApiValue::List();
  for (const auto& m : ng.members) {
    if (m.joining) continue;  // shown once ready, as ElastiCache does
    ApiValue mv = ApiValue::Struct();
    mv.Set("CacheClusterId", m.cache_cluster_id).Set("CacheNodeId", "0001");
    // Read endpoints and roles are shown only for cluster mode disabled groups.
    if (!rg.cluster_enabled)
      mv.Set("ReadEndpoint", EndpointValue(NodeEndpointAddress(scope, m.cache_cluster_id), s.port));
    mv.Set("PreferredAvailabilityZone", m.availability_zone);
    if (!rg.cluster_enabled) mv.Set("CurrentRole", m.primary ? "primary" : "replica");
    members.Push(std::move(mv));
  }
  v.Set("NodeGroupMembers", std::move(members));
  return v;
}

std::string AutomaticFailoverStatus(const ReplicationGroup& rg) {
  if (!rg.automatic_failover) return "disabled";
  return rg.status == "creating" ? "enabling" : "enabled";
}

ApiValue LogDeliveryView(const ApiValue& requested) {
  ApiValue out = ApiValue::List();
  if (!requested.IsList()) return out;
  for (const auto& c : requested.AsList()) {
    if (c.GetBool("Enabled") == std::optional<bool>(false)) continue;
    ApiValue v = ApiValue::Struct();
    for (const char* k : {"LogType", "DestinationType", "DestinationDetails", "LogFormat"})
      if (auto* m = c.Get(k)) v.Set(k, *m);
    v.Set("Status", "active");
    out.Push(std::move(v));
  }
  return out;
}

ApiValue PendingModifiedValuesView(const ReplicationGroup& rg, Timestamp now) {
  ApiValue pending = ApiValue::Struct();
  if (rg.transition && rg.transition->kind == kReshard) {
    // Never behind the clock's start, even for a view rendered without a clock.
    double progress = now.epoch_ms == 0 ? 0.0 : rg.transition->ProgressPercent(now);
    pending.Set("Resharding",
                ApiValue::Struct().Set("SlotMigration",
                                       ApiValue::Struct().Set("ProgressPercentage", progress)));
  }
  return pending;
}

}  // namespace

ApiValue ReplicationGroupView(const ReplicationGroup& rg, Timestamp now) {
  const auto& s = rg.settings;
  ApiValue v = ApiValue::Struct();
  v.Set("ReplicationGroupId", rg.id)
      .Set("Description", rg.description)
      .Set("Status", rg.status)
      .Set("PendingModifiedValues", PendingModifiedValuesView(rg, now));
  ApiValue members = ApiValue::List();
  for (const auto& id : rg.MemberClusterIds()) members.Push(id);
  v.Set("MemberClusters", std::move(members));
  ApiValue groups = ApiValue::List();
  for (const auto& ng : rg.node_groups) groups.Push(NodeGroupView(rg, ng));
  v.Set("NodeGroups", std::move(groups));
  v.SetIf("SnapshottingClusterId", rg.snapshotting_cluster_id);
  v.Set("AutomaticFailover", AutomaticFailoverStatus(rg));
  v.Set("MultiAZ", rg.multi_az ? "enabled" : "disabled");
  if (rg.cluster_enabled)
    v.Set("ConfigurationEndpoint",
          EndpointValue(ConfigurationEndpointAddress(ScopeOf(rg)), s.port));
  v.Set("SnapshotRetentionLimit", s.snapshot_retention_limit)
      .Set("SnapshotWindow", s.snapshot_window)
      .Set("ClusterEnabled", rg.cluster_enabled)
      .Set("CacheNodeType", s.cache_node_type)
      .Set("AuthTokenEnabled", s.auth_token_enabled);
  v.SetIf("AuthTokenLastModifiedDate", s.auth_token_last_modified);
  v.Set("TransitEncryptionEnabled", s.transit_encryption_enabled)
      .Set("AtRestEncryptionEnabled", s.at_rest_encryption_enabled);
  v.SetIf("KmsKeyId", rg.kms_key_id);
  v.Set("ARN", ReplicationGroupArn(rg.region, rg.account, rg.id));
  if (!rg.user_group_ids.empty()) {
    ApiValue ids = ApiValue::List();
    for (const auto& id : rg.user_group_ids) ids.Push(id);
    v.Set("UserGroupIds", std::move(ids));
  }
  v.Set("LogDeliveryConfigurations", LogDeliveryView(rg.log_delivery_configurations));
  v.Set("ReplicationGroupCreateTime", rg.created_at)
      .Set("DataTiering", rg.data_tiering ? "enabled" : "disabled")
      .Set("AutoMinorVersionUpgrade", s.auto_minor_version_upgrade)
      .Set("NetworkType", s.network_type)
      .Set("IpDiscovery", s.ip_discovery);
  v.SetIf("TransitEncryptionMode", s.transit_encryption_mode);
  v.Set("ClusterMode", rg.cluster_mode).Set("Engine", s.engine);
  return v;
}

ApiValue CacheClusterView(const CacheCluster& cc, bool show_cache_node_info) {
  const auto& s = cc.settings;
  ApiValue v = ApiValue::Struct();
  v.Set("CacheClusterId", cc.id)
      .Set("ClientDownloadLandingPage",
           "https://console.aws.amazon.com/elasticache/home#client-download:")
      .Set("CacheNodeType", s.cache_node_type)
      .Set("Engine", s.engine)
      .Set("EngineVersion", s.engine_version)
      .Set("CacheClusterStatus", cc.status)
      .Set("NumCacheNodes", 1)
      .Set("PreferredAvailabilityZone", cc.availability_zone)
      .Set("CacheClusterCreateTime", cc.created_at)
      .Set("PreferredMaintenanceWindow", s.preferred_maintenance_window)
      .Set("PendingModifiedValues", ApiValue::Struct());
  if (s.notification_topic_arn)
    v.Set(
        "NotificationConfiguration",
        ApiValue::Struct().Set("TopicArn", *s.notification_topic_arn).Set("TopicStatus", "active"));
  ApiValue cache_security_groups = ApiValue::List();
  for (const auto& name : s.cache_security_group_names)
    cache_security_groups.Push(
        ApiValue::Struct().Set("CacheSecurityGroupName", name).Set("Status", "active"));
  v.Set("CacheSecurityGroups", std::move(cache_security_groups));
  v.Set("CacheParameterGroup", ApiValue::Struct()
                                   .Set("CacheParameterGroupName", s.cache_parameter_group_name)
                                   .Set("ParameterApplyStatus", "in-sync")
                                   .Set("CacheNodeIdsToReboot", ApiValue::List()));
  v.Set("CacheSubnetGroupName", s.cache_subnet_group_name);
  if (show_cache_node_info) {
    ApiValue node = ApiValue::Struct();
    node.Set("CacheNodeId", "0001")
        .Set("CacheNodeStatus",
             cc.status == "deleting" || cc.status == "creating" ? cc.status : "available")
        .Set("CacheNodeCreateTime", cc.created_at)
        .Set("Endpoint", EndpointValue(cc.node_endpoint, s.port))
        .Set("ParameterGroupStatus", "in-sync")
        .Set("CustomerAvailabilityZone", cc.availability_zone);
    v.Set("CacheNodes", ApiValue::List().Push(std::move(node)));
  }
  v.Set("AutoMinorVersionUpgrade", s.auto_minor_version_upgrade);
  ApiValue security_groups = ApiValue::List();
  for (const auto& id : s.security_group_ids)
    security_groups.Push(ApiValue::Struct().Set("SecurityGroupId", id).Set("Status", "active"));
  v.Set("SecurityGroups", std::move(security_groups));
  v.SetIf("ReplicationGroupId", cc.replication_group_id);
  v.Set("SnapshotRetentionLimit", s.snapshot_retention_limit)
      .Set("SnapshotWindow", s.snapshot_window)
      .Set("AuthTokenEnabled", s.auth_token_enabled);
  v.SetIf("AuthTokenLastModifiedDate", s.auth_token_last_modified);
  v.Set("TransitEncryptionEnabled", s.transit_encryption_enabled)
      .Set("AtRestEncryptionEnabled", s.at_rest_encryption_enabled)
      .Set("ARN", CacheClusterArn(cc.region, cc.account, cc.id))
      .Set("ReplicationGroupLogDeliveryEnabled", false)
      .Set("LogDeliveryConfigurations", ApiValue::List())
      .Set("NetworkType", s.network_type)
      .Set("IpDiscovery", s.ip_discovery);
  v.SetIf("TransitEncryptionMode", s.transit_encryption_mode);
  return v;
}

ApiValue SnapshotView(const Snapshot& snap, bool show_node_group_config) {
  const auto& s = snap.settings;
  const bool of_cluster = snap.cache_cluster_id.has_value();
  ApiValue v = ApiValue::Struct();
  v.Set("SnapshotName", snap.id);
  v.SetIf("ReplicationGroupId", snap.replication_group_id);
  v.SetIf("ReplicationGroupDescription", snap.replication_group_description);
  v.SetIf("CacheClusterId", snap.cache_cluster_id);
  v.Set("SnapshotStatus", snap.status)
      .Set("SnapshotSource", snap.source)
      .Set("CacheNodeType", s.cache_node_type)
      .Set("Engine", s.engine)
      .Set("EngineVersion", s.engine_version);
  if (of_cluster) {
    v.Set("NumCacheNodes", snap.num_cache_nodes);
    v.SetIf("PreferredAvailabilityZone", snap.preferred_availability_zone);
    v.Set("CacheClusterCreateTime", snap.cache_cluster_create_time);
  }
  v.Set("PreferredMaintenanceWindow", s.preferred_maintenance_window);
  v.SetIf("TopicArn", s.notification_topic_arn);
  v.Set("Port", s.port)
      .Set("CacheParameterGroupName", s.cache_parameter_group_name)
      .Set("CacheSubnetGroupName", s.cache_subnet_group_name)
      .Set("AutoMinorVersionUpgrade", s.auto_minor_version_upgrade)
      .Set("SnapshotRetentionLimit", s.snapshot_retention_limit)
      .Set("SnapshotWindow", s.snapshot_window);
  if (!of_cluster) {
    v.Set("NumNodeGroups", snap.NumNodeGroups());
    v.Set("AutomaticFailover", snap.automatic_failover);
  }
  ApiValue nodes = ApiValue::List();
  for (const auto& n : snap.node_snapshots) {
    ApiValue nv = ApiValue::Struct();
    if (of_cluster) nv.SetIf("CacheClusterId", n.cache_cluster_id).Set("CacheNodeId", "0001");
    nv.Set("NodeGroupId", n.node_group_id);
    if (show_node_group_config) {
      ApiValue config = ApiValue::Struct();
      config.Set("NodeGroupId", n.node_group_id);
      if (!n.slots.empty()) config.Set("Slots", n.slots);
      config.Set("ReplicaCount", n.replica_count)
          .Set("PrimaryAvailabilityZone", n.primary_availability_zone);
      ApiValue zones = ApiValue::List();
      for (const auto& z : n.replica_availability_zones) zones.Push(z);
      config.Set("ReplicaAvailabilityZones", std::move(zones));
      nv.Set("NodeGroupConfiguration", std::move(config));
    }
    // AWS shows an empty size until the data has been copied.
    nv.Set("CacheSize", snap.status == "creating" ? std::string() : n.cache_size)
        .Set("CacheNodeCreateTime", n.cache_node_create_time)
        .Set("SnapshotCreateTime", n.snapshot_create_time);
    nodes.Push(std::move(nv));
  }
  v.Set("NodeSnapshots", std::move(nodes));
  v.SetIf("KmsKeyId", snap.kms_key_id);
  v.Set("ARN", SnapshotArn(snap.region, snap.account, snap.id))
      .Set("DataTiering", snap.data_tiering ? "enabled" : "disabled");
  return v;
}

}  // namespace ecl

#include "handlers/state_export.h"

#include <map>
#include <set>
#include <utility>

namespace ecl {
namespace {

using Scope = std::pair<std::string, std::string>;  // account, region

class Exporter {
 public:
  explicit Exporter(HandlerEnv env) : env_(env) {}

  // An entry in its scope's list.
  void Add(const std::string& account, const std::string& region, std::string_view key,
           ApiValue entry) {
    ApiValue& scope = scopes_[{account, region}];
    if (scope.IsNull()) scope = ApiValue::Struct().Set("account", account).Set("region", region);
    ApiValue& list = scope.AsMap()[std::string(key)];
    list.Push(std::move(entry));
  }
  template <typename T>
  void Skip(const T& r, const std::string& reason) {
    not_exported_.Push(ApiValue::Struct()
                           .Set("account", r.account)
                           .Set("region", r.region)
                           .Set("kind", std::string(Kind<T>::kStoredName))
                           .Set("id", r.id)
                           .Set("reason", reason));
  }
  template <typename T>
  std::optional<std::vector<api::Tag>> Tags(const T& r) {
    auto tags = env_.store.ListTags(r.account, r.region, ArnOf<T>(r.region, r.account, r.id));
    if (tags.empty()) return std::nullopt;
    return TagListOf(tags);
  }
  // Deleting resources are on their way out: a fixture would bring them back.
  template <typename T>
  bool Deleting(const T& r) {
    if (r.status.find("delet") == std::string::npos) return false;
    Skip(r, "it is being deleted");
    return true;
  }

  ApiValue Result(Timestamp now) {
    ApiValue scopes = ApiValue::List();
    for (auto& [scope, value] : scopes_) scopes.Push(std::move(value));
    return ApiValue::Struct()
        .Set("format_version", 1)
        .Set("exported_at", now)
        .Set("scopes", std::move(scopes))
        .Set("not_exported", std::move(not_exported_));
  }

  HandlerEnv env() const { return env_; }

 private:
  HandlerEnv env_;
  std::map<Scope, ApiValue> scopes_;
  ApiValue not_exported_ = ApiValue::List();
};

template <typename T>
std::optional<T> NonEmpty(const T& value) {
  if (value.empty()) return std::nullopt;
  return value;
}

std::optional<std::vector<api::LogDeliveryConfigurationRequest>> LogDeliveries(
    const ApiValue& stored) {
  if (!stored.IsList() || stored.AsList().empty()) return std::nullopt;
  std::vector<api::LogDeliveryConfigurationRequest> out;
  for (const auto& item : stored.AsList()) {
    api::LogDeliveryConfigurationRequest request;
    api::FromApi(item, request);
    out.push_back(std::move(request));
  }
  return out;
}

void ExportParameterGroups(Exporter& ex) {
  for (const auto& g : ex.env().store.All<CacheParameterGroup>()) {
    if (g.built_in) continue;
    api::CreateCacheParameterGroupMessage create{g.id, g.family, g.description, ex.Tags(g)};
    ApiValue entry = api::ToApi(create);
    if (!g.values.empty()) {
      ApiValue values = ApiValue::List();
      for (const auto& [name, value] : g.values)
        values.Push(api::ToApi(api::ParameterNameValue{name, value}));
      entry.Set("ParameterNameValues", std::move(values));
    }
    ex.Add(g.account, g.region, fixture_keys::kParameterGroups, std::move(entry));
  }
}

void ExportSubnetGroups(Exporter& ex) {
  for (const auto& g : ex.env().store.All<CacheSubnetGroup>()) {
    if (g.built_in) continue;
    api::CreateCacheSubnetGroupMessage create{g.id, g.description, {}, ex.Tags(g)};
    for (const auto& subnet : g.subnets) create.SubnetIds.push_back(subnet.id);
    ex.Add(g.account, g.region, fixture_keys::kSubnetGroups, api::ToApi(create));
  }
}

void ExportUsers(Exporter& ex) {
  for (const auto& u : ex.env().store.All<User>()) {
    if (u.built_in || ex.Deleting(u)) continue;
    api::CreateUserMessage create;
    create.UserId = u.id;
    create.UserName = u.user_name;
    create.Engine = u.engine;
    create.AccessString = u.access_string;
    if (u.authentication_type == AuthenticationType::kIam)
      create.AuthenticationMode = api::AuthenticationMode{"iam", std::nullopt};
    else if (u.passwords.empty())
      create.NoPasswordRequired = true;
    else
      create.Passwords = u.passwords;
    create.Tags = ex.Tags(u);
    ex.Add(u.account, u.region, fixture_keys::kUsers, api::ToApi(create));
  }
}

void ExportUserGroups(Exporter& ex) {
  for (const auto& g : ex.env().store.All<UserGroup>()) {
    if (ex.Deleting(g)) continue;
    api::CreateUserGroupMessage create{g.id, g.engine, NonEmpty(g.user_ids), ex.Tags(g)};
    ex.Add(g.account, g.region, fixture_keys::kUserGroups, api::ToApi(create));
  }
}

// The settings a replication group and a standalone cluster are both created with.
template <typename Message>
void SetNodeSettings(Message& m, const NodeSettings& s) {
  m.Engine = s.engine;
  m.EngineVersion = s.engine_version;
  m.CacheNodeType = s.cache_node_type;
  m.CacheParameterGroupName = NonEmpty(s.cache_parameter_group_name);
  m.CacheSubnetGroupName = NonEmpty(s.cache_subnet_group_name);
  m.CacheSecurityGroupNames = NonEmpty(s.cache_security_group_names);
  m.SecurityGroupIds = NonEmpty(s.security_group_ids);
  m.Port = s.port;
  m.PreferredMaintenanceWindow = NonEmpty(s.preferred_maintenance_window);
  m.NotificationTopicArn = s.notification_topic_arn;
  m.AutoMinorVersionUpgrade = s.auto_minor_version_upgrade;
  m.TransitEncryptionEnabled = s.transit_encryption_enabled;
  m.NetworkType = s.network_type;
  m.IpDiscovery = s.ip_discovery;
}

// The AUTH token in force (the newer one while a ROTATE keeps two): the create call needs the
// token itself. Records kept before tokens were stored only say that one is set.
template <typename T, typename Message>
void SetAuthToken(Exporter& ex, const T& r, const NodeSettings& s, Message& m) {
  if (!s.auth_tokens.empty())
    m.AuthToken = s.auth_tokens.back();
  else if (s.auth_token_enabled)
    ex.Skip(r, "its AUTH token is not exported (this record was saved before the service kept "
               "tokens); the entry has none: add AuthToken to it");
}

void ExportReplicationGroups(Exporter& ex, std::set<std::string>& exported) {
  for (const auto& rg : ex.env().store.All<ReplicationGroup>()) {
    if (ex.Deleting(rg)) continue;
    const NodeSettings& s = rg.settings;
    api::CreateReplicationGroupMessage create;
    create.ReplicationGroupId = rg.id;
    create.ReplicationGroupDescription = rg.description;
    SetNodeSettings(create, s);
    create.SnapshotWindow = NonEmpty(s.snapshot_window);
    create.SnapshotRetentionLimit = s.snapshot_retention_limit;
    create.TransitEncryptionMode = s.transit_encryption_mode;
    create.AtRestEncryptionEnabled = s.at_rest_encryption_enabled;
    create.KmsKeyId = rg.kms_key_id;
    create.AutomaticFailoverEnabled = rg.automatic_failover;
    create.MultiAZEnabled = rg.multi_az;
    if (rg.data_tiering) create.DataTieringEnabled = true;
    create.ClusterMode = rg.cluster_mode;
    create.UserGroupIds = NonEmpty(rg.user_group_ids);
    create.LogDeliveryConfigurations = LogDeliveries(rg.log_delivery_configurations);
    create.Tags = ex.Tags(rg);
    // Members leaving are going; the primary's zone comes first.
    auto zones_of = [](const NodeGroup& ng) {
      std::vector<std::string> zones;
      for (const auto& m : ng.members)
        if (m.primary && !m.leaving) zones.insert(zones.begin(), m.availability_zone);
        else if (!m.leaving) zones.push_back(m.availability_zone);
      return zones;
    };
    if (rg.cluster_enabled) {
      std::vector<api::NodeGroupConfiguration> shards;
      for (const auto& ng : rg.node_groups) {
        auto zones = zones_of(ng);
        api::NodeGroupConfiguration c;
        c.NodeGroupId = ng.id;
        c.Slots = NonEmpty(ng.slots);
        c.ReplicaCount = int(zones.size()) - 1;
        if (!zones.empty()) {
          c.PrimaryAvailabilityZone = zones[0];
          c.ReplicaAvailabilityZones = NonEmpty(std::vector(zones.begin() + 1, zones.end()));
        }
        shards.push_back(std::move(c));
      }
      create.NodeGroupConfiguration = std::move(shards);
    } else if (!rg.node_groups.empty()) {
      auto zones = zones_of(rg.node_groups[0]);
      create.NumCacheClusters = int(zones.size());
      create.PreferredCacheClusterAZs = NonEmpty(zones);
    }
    SetAuthToken(ex, rg, s, create);
    exported.insert(rg.account + "/" + rg.region + "/" + rg.id);
    ex.Add(rg.account, rg.region, fixture_keys::kReplicationGroups, api::ToApi(create));
  }
}

void ExportCacheClusters(Exporter& ex, std::set<std::string>& exported) {
  for (const auto& cc : ex.env().store.All<CacheCluster>()) {
    if (cc.replication_group_id) continue;  // members come with their group
    if (ex.Deleting(cc)) continue;
    const NodeSettings& s = cc.settings;
    api::CreateCacheClusterMessage create;
    create.CacheClusterId = cc.id;
    SetNodeSettings(create, s);
    create.NumCacheNodes = int(cc.nodes.size());
    if (s.engine == "memcached") {
      create.AZMode = cc.az_mode;
      std::vector<std::string> zones;
      for (const auto& node : cc.nodes) zones.push_back(node.availability_zone);
      create.PreferredAvailabilityZones = NonEmpty(zones);
    } else {
      create.PreferredAvailabilityZone = NonEmpty(cc.availability_zone);
      create.SnapshotWindow = NonEmpty(s.snapshot_window);
      create.SnapshotRetentionLimit = s.snapshot_retention_limit;
    }
    create.LogDeliveryConfigurations = LogDeliveries(cc.log_delivery_configurations);
    create.Tags = ex.Tags(cc);
    SetAuthToken(ex, cc, s, create);
    exported.insert(cc.account + "/" + cc.region + "/" + cc.id);
    ex.Add(cc.account, cc.region, fixture_keys::kCacheClusters, api::ToApi(create));
  }
}

void ExportSnapshots(Exporter& ex, const std::set<std::string>& groups,
                     const std::set<std::string>& clusters) {
  for (const auto& snap : ex.env().store.All<Snapshot>()) {
    if (ex.Deleting(snap)) continue;
    if (snap.source != "manual") {
      ex.Skip(snap, "an automated snapshot is taken by the service, not made by a call");
      continue;
    }
    const std::string scope = snap.account + "/" + snap.region + "/";
    api::CreateSnapshotMessage create;
    create.SnapshotName = snap.id;
    if (snap.replication_group_id && groups.count(scope + *snap.replication_group_id))
      create.ReplicationGroupId = snap.replication_group_id;
    else if (snap.cache_cluster_id && !snap.replication_group_id &&
             clusters.count(scope + *snap.cache_cluster_id))
      create.CacheClusterId = snap.cache_cluster_id;
    if (!create.ReplicationGroupId && !create.CacheClusterId) {
      ex.Skip(snap, "its source is no longer there, so no CreateSnapshot can take it again");
      continue;
    }
    create.KmsKeyId = snap.kms_key_id;
    create.Tags = ex.Tags(snap);
    ex.Add(snap.account, snap.region, fixture_keys::kSnapshots, api::ToApi(create));
  }
}

void ExportReservedNodes(Exporter& ex) {
  for (const auto& r : ex.env().store.All<ReservedCacheNode>()) {
    if (r.state == kReservationRetired) {
      ex.Skip(r, "a retired reservation cannot be bought again as it was");
      continue;
    }
    api::PurchaseReservedCacheNodesOfferingMessage purchase{r.offering_id, r.id,
                                                             r.cache_node_count, ex.Tags(r)};
    ex.Add(r.account, r.region, fixture_keys::kReservedNodes, api::ToApi(purchase));
  }
}

}  // namespace

ApiValue ExportState(HandlerEnv env, Timestamp now) {
  Exporter ex(env);
  std::set<std::string> groups, clusters;  // "account/region/id" of what was exported
  ExportParameterGroups(ex);
  ExportSubnetGroups(ex);
  ExportUsers(ex);
  ExportUserGroups(ex);
  ExportReplicationGroups(ex, groups);
  ExportCacheClusters(ex, clusters);
  ExportSnapshots(ex, groups, clusters);
  ExportReservedNodes(ex);
  return ex.Result(now);
}

}  // namespace ecl

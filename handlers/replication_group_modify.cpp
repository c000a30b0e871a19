#include "handlers/replication_group_modify.h"

#include <algorithm>

#include "handlers/member_clusters.h"
#include "handlers/node_types.h"
#include "handlers/parameter_groups.h"
#include "handlers/resource_views.h"
#include "handlers/security_groups.h"
#include "handlers/user_groups.h"
#include "model/aws_faults.h"
#include "model/catalog_csv.h"
#include "model/engine_version_rules.h"
#include "model/global_replication_group_rules.h"
#include "model/identifiers.h"
#include "model/lifecycle.h"
#include "model/notification_topic.h"
#include "model/parameter_group_rules.h"
#include "model/replication_group_modify_rules.h"
#include "model/snapshot_rules.h"
#include "model/time_windows.h"

namespace ecl {

namespace {

using Message = api::ModifyReplicationGroupMessage;

// What one request changes: attributes applied at once (to `rg` itself), the modification
// applied over a transition, and the part ApplyImmediately=false defers to the window.
struct Change {
  bool attributes = false;
  GroupModification now;
  GroupModification deferrable;
};

std::vector<std::string> LowerIds(const std::optional<std::vector<std::string>>& ids) {
  std::vector<std::string> out;
  for (const auto& id : Items(ids))
    if (!Contains(out, ToLowerAscii(id))) out.push_back(ToLowerAscii(id));
  return out;
}

bool ClusterExists(HandlerEnv env, const RequestContext& ctx, std::string_view id) {
  return env.store.Find<CacheCluster>({ctx.account, ctx.region, ToLowerAscii(id)}).has_value();
}

// The cluster mode the group will be in after the request (validated later).
std::string ModeAfter(const ReplicationGroup& rg, const Message& in) {
  return in.ClusterMode ? ToLowerAscii(*in.ClusterMode) : rg.cluster_mode;
}

// Snapshot settings, windows, description, notifications, Multi-AZ and minor version
// upgrades: applied to `rg` at once. True when something changed.
bool ApplyAttributes(HandlerEnv env, const RequestContext& ctx, ReplicationGroup& rg,
                     const Message& in) {
  const ReplicationGroup before = rg;
  NodeSettings& s = rg.settings;
  if (in.ReplicationGroupDescription)
    rg.description = ValidateReplicationGroupDescription(*in.ReplicationGroupDescription);
  MaintenanceWindow maintenance = ParseMaintenanceWindow(
      in.PreferredMaintenanceWindow.value_or(s.preferred_maintenance_window));
  SnapshotWindow snapshot = ParseSnapshotWindow(in.SnapshotWindow.value_or(s.snapshot_window));
  if (in.PreferredMaintenanceWindow || in.SnapshotWindow)
    ValidateWindowsDoNotOverlap(maintenance, snapshot);
  s.preferred_maintenance_window = maintenance.ToString();
  s.snapshot_window = snapshot.ToString();
  if (in.SnapshotRetentionLimit) {
    const int days = ValidateSnapshotRetentionLimit(*in.SnapshotRetentionLimit);
    if (!rg.cluster_enabled && s.snapshot_retention_limit == 0 && days > 0 &&
        !in.SnapshottingClusterId)
      throw faults::InvalidParameterCombinationException(
          "Must specify both SnapshotRetentionLimit and SnapshottingClusterId to turn on "
          "snapshots");
    s.snapshot_retention_limit = days;
  }
  if (in.SnapshottingClusterId)
    rg.snapshotting_cluster_id = CheckSnapshottingClusterId(
        rg, *in.SnapshottingClusterId, ClusterExists(env, ctx, *in.SnapshottingClusterId));
  if (!rg.cluster_enabled && s.snapshot_retention_limit > 0 && !rg.snapshotting_cluster_id)
    rg.snapshotting_cluster_id = rg.DefaultSnapshottingClusterId();
  if (s.snapshot_retention_limit == 0 && !in.SnapshottingClusterId)
    rg.snapshotting_cluster_id.reset();
  ApplyNotificationTopicChange(s, in.NotificationTopicArn, in.NotificationTopicStatus, ctx.account,
                               "replication group");
  if (in.AutoMinorVersionUpgrade) s.auto_minor_version_upgrade = *in.AutoMinorVersionUpgrade;
  if (in.MultiAZEnabled) {
    CheckMultiAz(rg, *in.MultiAZEnabled,
                 in.AutomaticFailoverEnabled.value_or(rg.automatic_failover));
    rg.multi_az = *in.MultiAZEnabled;
  }
  return rg.description != before.description || !(s == before.settings) ||
         rg.snapshotting_cluster_id != before.snapshotting_cluster_id ||
         rg.multi_az != before.multi_az;
}

// A member of each of the group's node groups must be available for its nodes to change.
void RequireMembersAvailable(HandlerEnv env, const ReplicationGroup& rg) {
  for (const auto& id : rg.MemberClusterIds()) {
    auto cc = env.store.Find<CacheCluster>({rg.account, rg.region, id});
    if (cc && cc->status != CacheClusterStatus::kAvailable)
      throw faults::InvalidCacheClusterStateFault("Cache cluster " + id +
                                                  " is not in available state.");
  }
}

// The parameter group a change of family leaves the group with: the new family's default
// when the group uses a default one, else the caller must name one.
std::string ParameterGroupForFamily(HandlerEnv env, const RequestContext& ctx,
                                    const CacheParameterGroup& current, const std::string& family,
                                    bool cluster_on) {
  if (current.family == family) return current.id;
  if (current.built_in)
    if (auto group = DefaultParameterGroupOf(env, ctx, family, cluster_on)) return group->id;
  CheckFamilyMatches(current, family);  // "Expected a parameter group of family ..."
  return current.id;
}

// Node type, engine and version, parameter group.
void PlanNodes(HandlerEnv env, const RequestContext& ctx, const ReplicationGroup& rg,
               const Message& in, Change& change) {
  const NodeSettings& s = rg.settings;
  std::string engine = s.engine;
  if (in.Engine) {
    engine = ValidateReplicationGroupEngine(*in.Engine);
    if (engine == "redis" && s.engine == "valkey")
      throw faults::InvalidParameterCombinationException(
          "A Valkey replication group cannot be changed back to Redis OSS.");
    if (engine != s.engine && !in.EngineVersion)
      throw faults::InvalidParameterCombinationException(
          "EngineVersion must be specified to upgrade replication group " + rg.id + " from " +
          s.engine + " to " + engine + ".");
  }
  const EngineVersionEntry* target = nullptr;
  if (in.EngineVersion) {
    target = &ResolveEngineVersion(env.catalogs.engines, engine, in.EngineVersion);
    if (engine == s.engine && CompareVersions(target->actual_version, s.engine_version) < 0)
      throw faults::InvalidParameterCombinationException("Cannot downgrade engine version from " +
                                                         s.engine_version + " to " +
                                                         target->actual_version + ".");
    if (engine == s.engine && target->actual_version == s.engine_version) target = nullptr;
  }
  const bool cluster_on = ModeAfter(rg, in) != "disabled";
  if (target) {
    RefuseWhileCompatible(rg, "The engine version");
    if (engine != s.engine) change.deferrable.engine = engine;
    change.deferrable.engine_version = target->actual_version;
  }
  const std::string new_engine = target ? engine : s.engine;
  const std::string new_version = target ? target->actual_version : s.engine_version;
  if (in.CacheParameterGroupName) {
    CacheParameterGroup group = RequireParameterGroupForUse(env, ctx, *in.CacheParameterGroupName);
    const EngineVersionEntry* version = env.catalogs.engines.FindActual(new_engine, new_version);
    if (version) CheckFamilyMatches(group, version->parameter_group_family);
    if (ClusterEnabled(env.catalogs.parameters, group) != cluster_on)
      throw faults::InvalidParameterCombinationException(
          "Cache parameter group " + group.id + " has cluster-enabled " +
          (cluster_on ? "no" : "yes") + ", but the replication group's cluster mode is " +
          ModeAfter(rg, in) + ".");
    if (group.id != s.cache_parameter_group_name)
      (target ? change.deferrable : change.now).cache_parameter_group_name = group.id;
  } else if (target) {
    CacheParameterGroup current =
        RequireParameterGroupForUse(env, ctx, s.cache_parameter_group_name);
    std::string id = ParameterGroupForFamily(env, ctx, current, target->parameter_group_family,
                                             rg.cluster_mode != "disabled");
    if (id != s.cache_parameter_group_name) change.deferrable.cache_parameter_group_name = id;
  }
  if (in.CacheNodeType && *in.CacheNodeType != s.cache_node_type) {
    RefuseWhileCompatible(rg, "The cache node type");
    CheckNodeType(env, *in.CacheNodeType, new_engine, new_version);
    NodeTypeModifications allowed = env.catalogs.node_types.AllowedModifications(
        s.cache_node_type, s.engine, s.engine_version, rg.cluster_enabled);
    if (!Contains(allowed.scale_up, *in.CacheNodeType) &&
        !Contains(allowed.scale_down, *in.CacheNodeType))
      throw faults::InvalidParameterCombinationException(
          "Cache node type " + *in.CacheNodeType + " is not an allowed modification of " +
          s.cache_node_type + " (see ListAllowedNodeTypeModifications).");
    change.deferrable.cache_node_type = *in.CacheNodeType;
  } else if (target) {
    CheckNodeType(env, s.cache_node_type, new_engine, new_version);
  }
}

// Security groups, user groups, the AUTH token, in-transit encryption.
void PlanAccess(HandlerEnv env, const RequestContext& ctx, const ReplicationGroup& rg,
                const Message& in, Change& change) {
  const NodeSettings& s = rg.settings;
  if (in.CacheSecurityGroupNames || in.SecurityGroupIds) {
    SecurityGroupReferences refs = CheckSecurityGroupReferences(
        env, ctx, Items(in.CacheSecurityGroupNames), Items(in.SecurityGroupIds),
        !s.cache_subnet_group_name.empty());
    if (in.CacheSecurityGroupNames &&
        refs.cache_security_group_names != s.cache_security_group_names)
      change.now.cache_security_group_names = refs.cache_security_group_names;
    if (in.SecurityGroupIds && refs.security_group_ids != s.security_group_ids)
      change.now.security_group_ids = refs.security_group_ids;
  }
  std::vector<std::string> to_add = LowerIds(in.UserGroupIdsToAdd);
  std::vector<std::string> to_remove =
      in.RemoveUserGroups.value_or(false) ? rg.user_group_ids : LowerIds(in.UserGroupIdsToRemove);
  for (const auto& id : to_add) {
    if (Contains(to_remove, id))
      throw faults::InvalidParameterCombinationException(
          "User group " + id + " cannot be both added to and removed from replication group " +
          rg.id + ".");
    if (Contains(rg.user_group_ids, id))
      throw faults::InvalidParameterValueException("User group " + id +
                                                   " is already associated with replication "
                                                   "group " +
                                                   rg.id + ".");
  }
  for (const auto& id : to_remove)
    if (!Contains(rg.user_group_ids, id))
      throw faults::InvalidParameterValueException(
          "User group " + id + " is not associated with replication group " + rg.id + ".");
  const bool deleting_token =
      in.AuthTokenUpdateStrategy && ToLowerAscii(*in.AuthTokenUpdateStrategy) == "delete";
  if (!to_add.empty() && s.auth_token_enabled && !deleting_token)
    throw faults::InvalidParameterCombinationException(
        "User group can't be associated with auth token enabled. Pass AuthStrategy delete to "
        "proceed");
  change.now.user_group_ids_to_add = RequireUserGroupsFor(
      env, ctx, to_add, {s.engine, s.engine_version, s.transit_encryption_enabled, false});
  change.now.user_group_ids_to_remove = to_remove;
  AuthTokenRequest token;
  token.token = in.AuthToken;
  token.strategy = in.AuthTokenUpdateStrategy;
  token.adding_user_groups = !to_add.empty();
  token.user_groups_remain = !to_add.empty() || rg.user_group_ids.size() > to_remove.size();
  PlanAuthTokenChange(rg, token, change.now);
  PlanTransitEncryptionChange(rg, in.TransitEncryptionEnabled, in.TransitEncryptionMode,
                              change.now);
}

// Automatic failover, the primary, IP discovery, log delivery.
void PlanTopology(HandlerEnv env, const RequestContext& ctx, const ReplicationGroup& rg,
                  const Message& in, Change& change) {
  if (in.AutomaticFailoverEnabled) {
    const bool enable = *in.AutomaticFailoverEnabled;
    if (enable || enable != rg.automatic_failover)
      CheckAutomaticFailover(rg, enable, in.MultiAZEnabled.value_or(rg.multi_az));
    if (enable != rg.automatic_failover) change.now.automatic_failover = enable;
  }
  if (in.NodeGroupId && std::none_of(rg.node_groups.begin(), rg.node_groups.end(),
                                     [&](const NodeGroup& ng) { return ng.id == *in.NodeGroupId; }))
    throw faults::InvalidParameterValueException("Node group " + *in.NodeGroupId +
                                                 " is not a node group of replication group " +
                                                 rg.id + ".");
  if (in.PrimaryClusterId) {
    std::string id = CheckPrimaryClusterId(rg, *in.PrimaryClusterId, in.NodeGroupId,
                                           ClusterExists(env, ctx, *in.PrimaryClusterId));
    if (id != rg.PrimaryClusterId()) change.deferrable.primary_cluster_id = id;
  }
  if (in.IpDiscovery) {
    std::string ip = ValidateChoice("IpDiscovery", *in.IpDiscovery, {"ipv4", "ipv6"});
    if (ip == "ipv6" && rg.settings.network_type == "ipv4")
      throw faults::InvalidParameterCombinationException(
          "IpDiscovery ipv6 needs a NetworkType of ipv6 or dual_stack; replication group " + rg.id +
          " uses ipv4.");
    if (ip != rg.settings.ip_discovery) change.now.ip_discovery = ip;
  }
  if (in.LogDeliveryConfigurations) {
    std::vector<ApiValue> requests;
    for (const auto& c : *in.LogDeliveryConfigurations) requests.push_back(api::ToApi(c));
    ApiValue merged = MergeLogDeliveryConfigurations(rg.log_delivery_configurations, requests);
    const ApiValue current =
        rg.log_delivery_configurations.IsList() ? rg.log_delivery_configurations : ApiValue::List();
    if (!(merged == current)) change.now.log_delivery_configurations = merged;
  }
}

// ClusterMode last: it may come only with CacheParameterGroupName, and picks the
// cluster-enabled parameter group a default group maps to.
void PlanClusterMode(HandlerEnv env, const RequestContext& ctx, const ReplicationGroup& rg,
                     const Message& in, Change& change) {
  if (!in.ClusterMode) return;
  GroupModification others = change.now;
  others.cache_parameter_group_name.reset();
  const bool other_changes = change.attributes || !others.Empty() || !change.deferrable.Empty();
  std::string mode = CheckClusterModeChange(rg, *in.ClusterMode, other_changes);
  if (mode == rg.cluster_mode) return;
  change.now.cluster_mode = mode;
  if (in.CacheParameterGroupName || mode == "enabled") return;
  const std::string& current_name = rg.settings.cache_parameter_group_name;
  CacheParameterGroup current = RequireParameterGroupForUse(env, ctx, current_name);
  std::string group;
  if (mode == "disabled" && rg.parameter_group_before_compatible) {
    group = *rg.parameter_group_before_compatible;
  } else if (current.built_in) {
    if (auto d = DefaultParameterGroupOf(env, ctx, current.family, mode != "disabled"))
      group = d->id;
  }
  if (group.empty())
    throw faults::InvalidParameterCombinationException(
        "Cache parameter group " + current_name + " has cluster-enabled " +
        (mode == "disabled" ? "yes" : "no") +
        "; name a CacheParameterGroupName whose cluster-enabled fits cluster mode " + mode + ".");
  if (group != current_name) change.now.cache_parameter_group_name = group;
}

void ScheduleDeferred(ReplicationGroup& rg, Timestamp now) {
  if (!rg.deferred_modification) return;
  const bool waiting = rg.transition && rg.transition->kind == kScheduledModify;
  if (rg.transition && !waiting) return;  // armed again when that transition is done
  MaintenanceWindow window = ParseMaintenanceWindow(rg.settings.preferred_maintenance_window);
  rg.transition =
      Transition{kScheduledModify, now, Timestamp{NextWindowStart(window, now.epoch_ms)}};
}

api::ModifyReplicationGroupResult ModifyReplicationGroup(HandlerEnv env, const RequestContext& ctx,
                                                         const Message& in) {
  ReplicationGroup rg = Require<ReplicationGroup>(env, ctx, in.ReplicationGroupId);
  if (in.RemoveUserGroups.value_or(false) && (in.UserGroupIdsToAdd || in.UserGroupIdsToRemove))
    throw faults::InvalidParameterCombinationException(
        "RemoveUserGroups cannot be combined with UserGroupIdsToAdd or UserGroupIdsToRemove.");
  // A member of a global datastore leaves what the datastore owns to it.
  RefuseGlobalOwnedChange(rg, in.CacheNodeType || in.Engine || in.EngineVersion ||
                                  in.CacheParameterGroupName || in.AutomaticFailoverEnabled);
  RequireModifiable(rg);
  const bool apply_now = in.ApplyImmediately.value_or(false);
  Change change;
  ReplicationGroup next = rg;
  change.attributes = ApplyAttributes(env, ctx, next, in);
  PlanNodes(env, ctx, rg, in, change);
  PlanAccess(env, ctx, rg, in, change);
  PlanTopology(env, ctx, rg, in, change);
  PlanClusterMode(env, ctx, rg, in, change);
  const bool pulls_deferred = apply_now && rg.deferred_modification;
  if (!change.attributes && change.now.Empty() && change.deferrable.Empty() && !pulls_deferred)
    ThrowNoModifications();

  GroupModification applying = change.now;
  if (apply_now) {
    GroupModification earlier = next.deferred_modification.value_or(GroupModification{});
    applying = MergeModifications(MergeModifications(earlier, change.deferrable), change.now);
    next.deferred_modification.reset();
    if (next.transition && next.transition->kind == kScheduledModify) next.transition.reset();
  } else if (!change.deferrable.Empty()) {
    next.deferred_modification = MergeModifications(
        next.deferred_modification.value_or(GroupModification{}), change.deferrable);
  }
  if (applying.ChangesNodes()) RequireMembersAvailable(env, rg);
  // Groups being added count as used at once (DeleteUserGroup refuses them).
  for (const auto& id : applying.user_group_ids_to_add)
    if (!Contains(next.user_group_ids, id)) next.user_group_ids.push_back(id);
  std::vector<DomainEvent> events;
  if (!applying.Empty())
    events.push_back(StartGroupModification(next, applying, ctx.now, env.TransitionMs()));
  // A new maintenance window moves a change waiting for the old one.
  if (next.settings.preferred_maintenance_window != rg.settings.preferred_maintenance_window)
    ScheduleDeferred(next, ctx.now);
  if (!apply_now && !change.deferrable.Empty()) {
    ScheduleDeferred(next, ctx.now);
    events.push_back({"replication-group",
                      next.id,
                      std::string(happened::kModificationScheduled),
                      ctx.now,
                      {},
                      {},
                      {}});
  }
  env.store.Save(next);
  FollowGroupSettings(env, next, ctx.now);
  Record(env, ctx, events);
  return {ReplicationGroupView(next, ctx.now)};
}

}  // namespace

void RegisterReplicationGroupModifyHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::ModifyReplicationGroup>(env, ModifyReplicationGroup);
}

}  // namespace ecl

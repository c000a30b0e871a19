#include "handlers/global_replication_groups.h"

#include <algorithm>
#include <map>
#include <set>

#include "handlers/member_clusters.h"
#include "handlers/node_types.h"
#include "handlers/parameter_groups.h"
#include "handlers/resource_views.h"
#include "handlers/shards.h"
#include "handlers/subnet_groups.h"
#include "model/aws_faults.h"
#include "model/catalog_csv.h"
#include "model/engine_version_rules.h"
#include "model/global_replication_group_rules.h"
#include "model/identifiers.h"
#include "model/lifecycle.h"
#include "model/parameter_group_rules.h"
#include "model/replication_group_modify_rules.h"
#include "model/resharding.h"
#include "model/slot_ranges.h"

namespace ecl {

namespace {

constexpr std::string_view kStoredName = Kind<GlobalReplicationGroup>::kStoredName;
// What the datastore's own DomainEvents say happened (none is shown: see lifecycle.h).
constexpr std::string_view kMemberJoining = "member-joining";
constexpr std::string_view kMemberLeaving = "member-leaving";

// The faults each operation's model entry lists (besides the common ones).
const std::set<std::string> kNotFoundStateValue = {"GlobalReplicationGroupNotFoundFault",
                                                   "InvalidGlobalReplicationGroupState",
                                                   "InvalidParameterValue"};
const std::set<std::string> kNotFoundStateValueCombination = {
    "GlobalReplicationGroupNotFoundFault", "InvalidGlobalReplicationGroupState",
    "InvalidParameterValue", "InvalidParameterCombination"};

// Runs `body`, answering a rule's fault the operation does not list with one it does.
template <typename F>
auto WithFaults(const std::set<std::string>& allowed, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const AwsError& e) {
    throw AsGlobalOperationFault(e, allowed);
  }
}

RequestContext InRegion(const RequestContext& ctx, const std::string& region) {
  RequestContext in = ctx;
  in.region = region;
  return in;
}

GlobalReplicationGroup RequireGlobal(HandlerEnv env, const RequestContext& ctx,
                                     std::string_view id) {
  const std::string canonical = Kind<GlobalReplicationGroup>::CanonicalId(id);
  auto grg =
      env.store.Find<GlobalReplicationGroup>({ctx.account, std::string(kGlobalRegion), canonical});
  if (!grg) throw Kind<GlobalReplicationGroup>::NotFound(canonical);
  return std::move(*grg);
}

std::optional<ReplicationGroup> FindMember(HandlerEnv env, const GlobalReplicationGroup& grg,
                                           const GlobalReplicationGroupMember& m) {
  return env.store.Find<ReplicationGroup>({grg.account, m.region, m.replication_group_id});
}

// Members leave only through the datastore and cannot be deleted while in it, so each has
// its replication group; one missing is a broken record, reported as a state fault.
ReplicationGroup RequireMember(HandlerEnv env, const GlobalReplicationGroup& grg,
                               const GlobalReplicationGroupMember& m) {
  auto rg = FindMember(env, grg, m);
  if (!rg)
    throw faults::InvalidGlobalReplicationGroupStateFault(
        "Replication group " + m.replication_group_id + " in region " + m.region +
        " of global replication group " + grg.id + " was not found.");
  return std::move(*rg);
}

ReplicationGroup RequirePrimary(HandlerEnv env, const GlobalReplicationGroup& grg) {
  const GlobalReplicationGroupMember* primary = grg.Primary();
  if (!primary)
    throw faults::InvalidGlobalReplicationGroupStateFault("Global replication group " + grg.id +
                                                          " has no primary.");
  return RequireMember(env, grg, *primary);
}

std::vector<ReplicationGroup> RequireMembers(HandlerEnv env, const GlobalReplicationGroup& grg) {
  std::vector<ReplicationGroup> groups;
  for (const auto& m : grg.members) groups.push_back(RequireMember(env, grg, m));
  return groups;
}

// The datastore's events are kept with it, under no region (DescribeEvents shows none).
void RecordGlobal(HandlerEnv env, const GlobalReplicationGroup& grg, std::string_view what,
                  Timestamp at) {
  env.store.AppendEvents(grg.account, grg.region,
                         {EventOf<GlobalReplicationGroup>(grg.id, what, at)});
}

void SaveAndFollow(HandlerEnv env, GlobalReplicationGroup& grg) {
  FollowGlobalReplicationGroup(env, grg, false);
  env.store.Save(grg);
}

// Shared settings come from the primary; members from their own groups. Members are listed
// by region, as the CLI examples list them; Modify's answer leaves them out (its example).
api::GlobalReplicationGroup View(HandlerEnv env, const GlobalReplicationGroup& grg,
                                 bool show_members) {
  api::GlobalReplicationGroup v;
  v.GlobalReplicationGroupId = grg.id;
  v.GlobalReplicationGroupDescription = grg.description;
  v.Status = grg.status;
  const GlobalReplicationGroupMember* primary_member = grg.Primary();
  std::optional<ReplicationGroup> primary;
  if (primary_member) primary = FindMember(env, grg, *primary_member);
  if (primary) {
    const NodeSettings& s = primary->settings;
    v.CacheNodeType = s.cache_node_type;
    v.Engine = s.engine;
    v.EngineVersion = s.engine_version;
    v.ClusterEnabled = primary->cluster_enabled;
    v.AuthTokenEnabled = s.auth_token_enabled;
    v.TransitEncryptionEnabled = s.transit_encryption_enabled;
    v.AtRestEncryptionEnabled = s.at_rest_encryption_enabled;
    if (primary->cluster_enabled) {
      auto& groups = v.GlobalNodeGroups.emplace();
      for (const auto& ng : primary->node_groups)
        if (!ng.slots.empty()) groups.push_back({GlobalNodeGroupId(grg.id, ng.id), ng.slots});
    }
  }
  if (show_members) {
    std::vector<GlobalReplicationGroupMember> members = grg.members;
    std::stable_sort(members.begin(), members.end(),
                     [](const auto& a, const auto& b) { return a.region < b.region; });
    auto& out = v.Members.emplace();
    for (const auto& m : members) {
      api::GlobalReplicationGroupMember member;
      member.ReplicationGroupId = m.replication_group_id;
      member.ReplicationGroupRegion = m.region;
      member.Role = m.role;
      if (auto rg = FindMember(env, grg, m))
        member.AutomaticFailover = ReplicationGroupView(*rg).AutomaticFailover;
      member.Status = m.status;
      out.push_back(std::move(member));
    }
  }
  v.ARN = GlobalReplicationGroupArn(grg.home_region, grg.account, grg.id);
  return v;
}

// A parameter group of `source`'s family and values for the member `rg_id` in `region`,
// created by "ElastiCache" (a name not yet taken there).
std::string NewMemberParameterGroup(HandlerEnv env, const GlobalReplicationGroup& grg,
                                    const std::string& region, const std::string& rg_id,
                                    const CacheParameterGroup& source) {
  for (int attempt = 0;; ++attempt) {
    std::string name =
        GlobalDatastoreParameterGroupName(grg.id, region, rg_id, source.family, attempt);
    if (env.store.Find<CacheParameterGroup>({grg.account, region, name})) continue;
    env.store.Save(GlobalDatastoreParameterGroup(env.catalogs.parameters, source, grg.account,
                                                 region, name, grg.id));
    return name;
  }
}

// ---- CreateGlobalReplicationGroup -----------------------------------------------------------

api::CreateGlobalReplicationGroupResult CreateGlobalReplicationGroup(
    HandlerEnv env, const RequestContext& ctx, const api::CreateGlobalReplicationGroupMessage& in) {
  const std::string id = GlobalReplicationGroupIdFor(ctx.region, in.GlobalReplicationGroupIdSuffix);
  const std::string description =
      ValidateGlobalDescription(in.GlobalReplicationGroupDescription.value_or(""));
  ReplicationGroup primary = Require<ReplicationGroup>(env, ctx, in.PrimaryReplicationGroupId);
  if (env.store.Find<GlobalReplicationGroup>({ctx.account, std::string(kGlobalRegion), id}))
    throw faults::GlobalReplicationGroupAlreadyExistsFault("Global replication group " + id +
                                                           " already exists.");
  CheckPrimaryEligible(primary);
  GlobalReplicationGroup grg =
      NewGlobalReplicationGroup(primary, id, description, ctx.now, env.TransitionMs());
  // ElastiCache gives the primary a copy of its parameter group, made for the datastore.
  CacheParameterGroup source =
      RequireParameterGroupForUse(env, ctx, primary.settings.cache_parameter_group_name);
  primary.settings.cache_parameter_group_name =
      NewMemberParameterGroup(env, grg, ctx.region, primary.id, source);
  env.store.Save(primary);
  FollowGroupSettings(env, primary, ctx.now);
  SaveAndFollow(env, grg);
  RecordGlobal(env, grg, happened::kCreated, ctx.now);
  return {View(env, grg, true)};
}

// ---- DescribeGlobalReplicationGroups --------------------------------------------------------

api::DescribeGlobalReplicationGroupsResult DescribeGlobalReplicationGroups(
    HandlerEnv env, const RequestContext& ctx,
    const api::DescribeGlobalReplicationGroupsMessage& in) {
  const int limit = PageSize(in.MaxRecords, 20, 100, 100);
  const bool show_members = in.ShowMemberInfo.value_or(false);
  api::DescribeGlobalReplicationGroupsResult out;
  auto& groups = out.GlobalReplicationGroups.emplace();
  if (in.GlobalReplicationGroupId) {
    groups.push_back(
        View(env, RequireGlobal(env, ctx, *in.GlobalReplicationGroupId), show_members));
    return out;
  }
  auto page = env.store.Scan<GlobalReplicationGroup>(
      ctx.account, std::string(kGlobalRegion),
      MarkerPosition(api::op::DescribeGlobalReplicationGroups::kName, in.Marker), limit);
  for (const auto& grg : page.items) groups.push_back(View(env, grg, show_members));
  out.Marker = NextMarker(api::op::DescribeGlobalReplicationGroups::kName, page.next_marker);
  return out;
}

// ---- ModifyGlobalReplicationGroup -----------------------------------------------------------

// The change each member gets (in member order), from the request and the primary.
std::vector<GroupModification> PlanMemberChanges(
    HandlerEnv env, const RequestContext& ctx, const GlobalReplicationGroup& grg,
    const std::vector<ReplicationGroup>& members, const ReplicationGroup& primary,
    const api::ModifyGlobalReplicationGroupMessage& in) {
  std::vector<GroupModification> mods(members.size());
  const NodeSettings& s = primary.settings;
  std::string engine = s.engine;
  if (in.Engine) {
    engine = ValidateReplicationGroupEngine(*in.Engine);
    if (engine == "redis" && s.engine == "valkey")
      throw faults::InvalidParameterValueException(
          "A Valkey global replication group cannot be changed back to Redis OSS.");
    if (engine != s.engine && !in.EngineVersion)
      throw faults::InvalidParameterValueException(
          "EngineVersion must be specified to upgrade global replication group " + grg.id +
          " from " + s.engine + " to " + engine + ".");
  }
  const EngineVersionEntry* target = nullptr;
  if (in.EngineVersion) {
    target = &ResolveEngineVersion(env.catalogs.engines, engine, in.EngineVersion);
    if (engine == s.engine && CompareVersions(target->actual_version, s.engine_version) < 0)
      throw faults::InvalidParameterValueException("Cannot downgrade engine version from " +
                                                   s.engine_version + " to " +
                                                   target->actual_version + ".");
    if (engine == s.engine && target->actual_version == s.engine_version) target = nullptr;
  }
  const CacheParameterGroup current =
      RequireParameterGroupForUse(env, InRegion(ctx, primary.region), s.cache_parameter_group_name);
  const bool family_changes = target && target->parameter_group_family != current.family;
  // The Terraform provider sends CacheParameterGroupName="" with a major upgrade it was given
  // no group for: that names none.
  const bool names_group = in.CacheParameterGroupName && !in.CacheParameterGroupName->empty();
  std::optional<CacheParameterGroup> named;
  if (names_group) {
    CheckParameterGroupNeedsMajorUpgrade(family_changes);
    named = RequireParameterGroupForUse(env, InRegion(ctx, primary.region),
                                        *in.CacheParameterGroupName);
    CheckFamilyMatches(*named, target->parameter_group_family);
    if (ClusterEnabled(env.catalogs.parameters, *named) != primary.cluster_enabled)
      throw faults::InvalidParameterValueException(
          "Cache parameter group " + named->id + " has cluster-enabled " +
          (primary.cluster_enabled ? "no" : "yes") + ", unlike global replication group " + grg.id +
          ".");
  }
  const std::string node_type =
      in.CacheNodeType && *in.CacheNodeType != s.cache_node_type ? *in.CacheNodeType : "";
  if (!node_type.empty()) {
    CheckNodeType(env, node_type, s.engine, s.engine_version);
    CheckGlobalNodeType(node_type);
    NodeTypeModifications allowed = env.catalogs.node_types.AllowedModifications(
        s.cache_node_type, s.engine, s.engine_version, primary.cluster_enabled);
    if (!Contains(allowed.scale_up, node_type) && !Contains(allowed.scale_down, node_type))
      throw faults::InvalidParameterValueException(
          "Cache node type " + node_type + " is not an allowed modification of " +
          s.cache_node_type + " (see ListAllowedNodeTypeModifications).");
  }
  if (target)
    CheckNodeType(env, node_type.empty() ? s.cache_node_type : node_type, engine,
                  target->actual_version);
  for (size_t i = 0; i < members.size(); ++i) {
    const ReplicationGroup& rg = members[i];
    GroupModification& mod = mods[i];
    if (!node_type.empty()) mod.cache_node_type = node_type;
    if (target) {
      if (engine != rg.settings.engine) mod.engine = engine;
      mod.engine_version = target->actual_version;
    }
    if (in.AutomaticFailoverEnabled && *in.AutomaticFailoverEnabled != rg.automatic_failover) {
      CheckAutomaticFailover(rg, *in.AutomaticFailoverEnabled, rg.multi_az);
      mod.automatic_failover = *in.AutomaticFailoverEnabled;
    }
  }
  if (family_changes)  // each member gets a group of the new family, made for the datastore
    for (size_t i = 0; i < members.size(); ++i) {
      const ReplicationGroup& rg = members[i];
      const RequestContext there = InRegion(ctx, rg.region);
      std::optional<CacheParameterGroup> source =
          named ? named
                : DefaultParameterGroupOf(env, there, target->parameter_group_family,
                                          rg.cluster_mode != "disabled");
      if (!source)
        throw faults::InvalidParameterValueException("Engine version " + target->engine_version +
                                                     " has no default parameter group for "
                                                     "replication group " +
                                                     rg.id + "; name a CacheParameterGroupName.");
      mods[i].cache_parameter_group_name =
          NewMemberParameterGroup(env, grg, rg.region, rg.id, *source);
    }
  return mods;
}

api::ModifyGlobalReplicationGroupResult ModifyGlobalReplicationGroup(
    HandlerEnv env, const RequestContext& ctx, const api::ModifyGlobalReplicationGroupMessage& in) {
  return WithFaults(kNotFoundStateValue, [&]() -> api::ModifyGlobalReplicationGroupResult {
    GlobalReplicationGroup grg = RequireGlobal(env, ctx, in.GlobalReplicationGroupId);
    RequireApplyImmediately(in.ApplyImmediately);
    RequireSettled(grg, "modify");
    bool described = false;
    if (in.GlobalReplicationGroupDescription) {
      std::string d = ValidateGlobalDescription(*in.GlobalReplicationGroupDescription);
      if (d.empty()) d = std::string(kEmptyGlobalDescription);
      described = d != grg.description;
      grg.description = d;
    }
    std::vector<ReplicationGroup> members = RequireMembers(env, grg);
    const ReplicationGroup primary = RequirePrimary(env, grg);
    std::vector<GroupModification> mods = PlanMemberChanges(env, ctx, grg, members, primary, in);
    const bool changes_members =
        std::any_of(mods.begin(), mods.end(), [](const auto& m) { return !m.Empty(); });
    if (!described && !changes_members)
      throw faults::InvalidParameterValueException("No modifications were requested.");
    if (changes_members) {
      for (const auto& rg : members) RequireMemberAvailable(grg, rg);
      for (size_t i = 0; i < members.size(); ++i) {
        if (mods[i].Empty()) continue;
        ReplicationGroup& rg = members[i];
        DomainEvent started = StartGroupModification(rg, mods[i], ctx.now, env.TransitionMs());
        env.store.Save(rg);
        FollowGroupSettings(env, rg, ctx.now);
        Record(env, InRegion(ctx, rg.region), {started});
      }
      StartGlobalChange(grg, ctx.now, env.TransitionMs());
    }
    SaveAndFollow(env, grg);
    RecordGlobal(env, grg, happened::kModifying, ctx.now);
    return {View(env, grg, false)};
  });
}

// ---- DeleteGlobalReplicationGroup, DisassociateGlobalReplicationGroup, Failover ------------

api::DeleteGlobalReplicationGroupResult DeleteGlobalReplicationGroup(
    HandlerEnv env, const RequestContext& ctx, const api::DeleteGlobalReplicationGroupMessage& in) {
  GlobalReplicationGroup grg = RequireGlobal(env, ctx, in.GlobalReplicationGroupId);
  StartGlobalDeletion(grg, in.RetainPrimaryReplicationGroup, ctx.now, env.TransitionMs());
  SaveAndFollow(env, grg);
  RecordGlobal(env, grg, happened::kDeleting, ctx.now);
  return {View(env, grg, true)};
}

api::DisassociateGlobalReplicationGroupResult DisassociateGlobalReplicationGroup(
    HandlerEnv env, const RequestContext& ctx,
    const api::DisassociateGlobalReplicationGroupMessage& in) {
  GlobalReplicationGroup grg = RequireGlobal(env, ctx, in.GlobalReplicationGroupId);
  StartDisassociation(grg, in.ReplicationGroupId, in.ReplicationGroupRegion, ctx.now,
                      env.TransitionMs());
  SaveAndFollow(env, grg);
  RecordGlobal(env, grg, kMemberLeaving, ctx.now);
  return {View(env, grg, true)};
}

api::FailoverGlobalReplicationGroupResult FailoverGlobalReplicationGroup(
    HandlerEnv env, const RequestContext& ctx,
    const api::FailoverGlobalReplicationGroupMessage& in) {
  GlobalReplicationGroup grg = RequireGlobal(env, ctx, in.GlobalReplicationGroupId);
  StartGlobalFailover(grg, in.PrimaryRegion, in.PrimaryReplicationGroupId, ctx.now,
                      env.TransitionMs());
  for (const auto& rg : RequireMembers(env, grg)) RequireMemberAvailable(grg, rg);
  SaveAndFollow(env, grg);
  RecordGlobal(env, grg, happened::kFailoverStarted, ctx.now);
  return {View(env, grg, true)};
}

// ---- node groups: every member resharded together -------------------------------------------

// Plans `base` on every member (with its RegionalConfiguration's resharding configuration),
// checks the plans give the members the same node groups and slots, then starts them all.
void ReshardEveryMember(HandlerEnv env, const RequestContext& ctx, GlobalReplicationGroup& grg,
                        const ReshardRequest& base,
                        const std::vector<api::RegionalConfiguration>& regional) {
  RequireSettled(grg, "modify the node groups of");
  for (const auto& c : regional)
    if (!grg.Member(ToLowerAscii(c.ReplicationGroupId), c.ReplicationGroupRegion))
      throw faults::InvalidParameterValueException(
          "Replication group " + c.ReplicationGroupId + " in region " + c.ReplicationGroupRegion +
          " is not associated with Global Replication Group " + grg.id + ".");
  std::vector<ReplicationGroup> members = RequireMembers(env, grg);
  std::vector<ReshardPlan> plans;
  for (const auto& rg : members) {
    RequireMemberAvailable(grg, rg);
    ReshardRequest req = base;
    for (const auto& c : regional)
      if (ToLowerAscii(c.ReplicationGroupId) == rg.id && c.ReplicationGroupRegion == rg.region)
        for (const auto& r : c.ReshardingConfiguration)
          req.resharding_configuration.push_back(
              {r.NodeGroupId, Items(r.PreferredAvailabilityZones)});
    req.placement = PlacementOf(env, rg);
    plans.push_back(PlanResharding(rg, req, ClusterIdTaken(env.store, rg.account, rg.region)));
  }
  auto ids = [](const ReshardPlan& p) {
    std::vector<std::string> out;
    for (const auto& ng : p.added) out.push_back(ng.id);
    return out;
  };
  for (const auto& p : plans)
    if (ids(p) != ids(plans[0]) || p.removed != plans[0].removed ||
        p.final_slots != plans[0].final_slots)
      throw faults::InvalidParameterValueException(
          "Every member of global replication group " + grg.id +
          " must end with the same node groups: give the new node groups the same ids in every "
          "RegionalConfiguration.");
  for (size_t i = 0; i < members.size(); ++i)
    StartReshardPlan(env, InRegion(ctx, members[i].region), members[i], plans[i]);
  StartGlobalChange(grg, ctx.now, env.TransitionMs());
  SaveAndFollow(env, grg);
  RecordGlobal(env, grg, happened::kReshardingStarted, ctx.now);
}

int NodeGroupCountOf(HandlerEnv env, const GlobalReplicationGroup& grg) {
  return int(RequirePrimary(env, grg).node_groups.size());
}

ReshardRequest BaseRequest(HandlerEnv env, int node_group_count, bool apply_immediately) {
  ReshardRequest req;
  req.node_group_count = node_group_count;
  req.apply_immediately = apply_immediately;
  req.node_groups_quota = env.options.node_groups_per_replication_group_quota;
  return req;
}

api::IncreaseNodeGroupsInGlobalReplicationGroupResult IncreaseNodeGroupsInGlobalReplicationGroup(
    HandlerEnv env, const RequestContext& ctx,
    const api::IncreaseNodeGroupsInGlobalReplicationGroupMessage& in) {
  return WithFaults(
      kNotFoundStateValue, [&]() -> api::IncreaseNodeGroupsInGlobalReplicationGroupResult {
        GlobalReplicationGroup grg = RequireGlobal(env, ctx, in.GlobalReplicationGroupId);
        const int current = NodeGroupCountOf(env, grg);
        if (in.NodeGroupCount <= current)
          throw faults::InvalidParameterValueException(
              "NodeGroupCount (" + std::to_string(in.NodeGroupCount) +
              ") must be greater than the current number of node groups (" +
              std::to_string(current) + ").");
        ReshardEveryMember(env, ctx, grg, BaseRequest(env, in.NodeGroupCount, in.ApplyImmediately),
                           Items(in.RegionalConfigurations));
        return {View(env, grg, true)};
      });
}

api::DecreaseNodeGroupsInGlobalReplicationGroupResult DecreaseNodeGroupsInGlobalReplicationGroup(
    HandlerEnv env, const RequestContext& ctx,
    const api::DecreaseNodeGroupsInGlobalReplicationGroupMessage& in) {
  return WithFaults(kNotFoundStateValueCombination,
                    [&]() -> api::DecreaseNodeGroupsInGlobalReplicationGroupResult {
                      GlobalReplicationGroup grg =
                          RequireGlobal(env, ctx, in.GlobalReplicationGroupId);
                      const int current = NodeGroupCountOf(env, grg);
                      if (in.NodeGroupCount >= current)
                        throw faults::InvalidParameterValueException(
                            "NodeGroupCount (" + std::to_string(in.NodeGroupCount) +
                            ") must be less than the current number of node groups (" +
                            std::to_string(current) + ").");
                      ReshardRequest req = BaseRequest(env, in.NodeGroupCount, in.ApplyImmediately);
                      req.node_groups_to_remove = LocalNodeGroupIds(
                          grg.id, Items(in.GlobalNodeGroupsToRemove), "GlobalNodeGroupsToRemove");
                      req.node_groups_to_retain = LocalNodeGroupIds(
                          grg.id, Items(in.GlobalNodeGroupsToRetain), "GlobalNodeGroupsToRetain");
                      ReshardEveryMember(env, ctx, grg, req, {});
                      return {View(env, grg, true)};
                    });
}

api::RebalanceSlotsInGlobalReplicationGroupResult RebalanceSlotsInGlobalReplicationGroup(
    HandlerEnv env, const RequestContext& ctx,
    const api::RebalanceSlotsInGlobalReplicationGroupMessage& in) {
  return WithFaults(
      kNotFoundStateValue, [&]() -> api::RebalanceSlotsInGlobalReplicationGroupResult {
        GlobalReplicationGroup grg = RequireGlobal(env, ctx, in.GlobalReplicationGroupId);
        ReshardEveryMember(env, ctx, grg,
                           BaseRequest(env, NodeGroupCountOf(env, grg), in.ApplyImmediately), {});
        return {View(env, grg, true)};
      });
}

// ---- what a secondary inherits --------------------------------------------------------------

// The request's members a secondary takes from its primary instead.
std::vector<std::string> InheritedParametersGiven(const api::CreateReplicationGroupMessage& in) {
  std::vector<std::string> given;
  auto note = [&](bool present, const char* name) {
    if (present) given.push_back(name);
  };
  note(in.Engine.has_value(), "Engine");
  note(in.EngineVersion.has_value(), "EngineVersion");
  note(in.CacheNodeType.has_value(), "CacheNodeType");
  note(in.CacheParameterGroupName.has_value(), "CacheParameterGroupName");
  note(in.NumNodeGroups.has_value(), "NumNodeGroups");
  note(!Items(in.CacheSecurityGroupNames).empty(), "CacheSecurityGroupNames");
  note(in.TransitEncryptionEnabled.has_value(), "TransitEncryptionEnabled");
  note(in.TransitEncryptionMode.has_value(), "TransitEncryptionMode");
  note(in.AtRestEncryptionEnabled.has_value(), "AtRestEncryptionEnabled");
  note(!Items(in.SnapshotArns).empty(), "SnapshotArns");
  note(in.SnapshotName.has_value(), "SnapshotName");
  note(in.PrimaryClusterId.has_value(), "PrimaryClusterId");
  return given;
}

// How many replicas the (cluster-mode-disabled) secondary asks for, as the topology rules
// count them.
int RequestedReplicas(const api::CreateReplicationGroupMessage& in) {
  const auto& configs = Items(in.NodeGroupConfiguration);
  if (!configs.empty() && configs[0].ReplicaCount) return *configs[0].ReplicaCount;
  if (in.ReplicasPerNodeGroup) return *in.ReplicasPerNodeGroup;
  if (in.NumCacheClusters) return *in.NumCacheClusters - 1;
  if (!Items(in.PreferredCacheClusterAZs).empty())
    return int(in.PreferredCacheClusterAZs->size()) - 1;
  return 0;
}

}  // namespace

GlobalReplicationGroup GlobalDatastoreToJoin(HandlerEnv env, const RequestContext& ctx,
                                             const api::CreateReplicationGroupMessage& request) {
  GlobalReplicationGroup grg = RequireGlobal(env, ctx, *request.GlobalReplicationGroupId);
  RefuseInheritedParameters(InheritedParametersGiven(request));
  CheckCanJoin(grg, ctx.region);
  return grg;
}

api::CreateReplicationGroupMessage SecondaryRequest(
    HandlerEnv env, const RequestContext& ctx, const api::CreateReplicationGroupMessage& request,
    const GlobalReplicationGroup& grg) {
  const ReplicationGroup primary = RequirePrimary(env, grg);
  const NodeSettings& s = primary.settings;
  const auto refuse = [] { RefuseInheritedParameters({"NodeGroupConfiguration"}); };
  if (request.ClusterMode && ToLowerAscii(*request.ClusterMode) != primary.cluster_mode)
    RefuseInheritedParameters({"ClusterMode"});
  if (request.DataTieringEnabled && *request.DataTieringEnabled != primary.data_tiering)
    RefuseInheritedParameters({"DataTieringEnabled"});
  api::CreateReplicationGroupMessage in = request;
  in.Engine = s.engine;
  in.EngineVersion = s.engine_version;
  in.CacheNodeType = s.cache_node_type;
  in.TransitEncryptionEnabled = s.transit_encryption_enabled;
  in.TransitEncryptionMode = s.transit_encryption_mode;
  in.AtRestEncryptionEnabled = s.at_rest_encryption_enabled;
  in.DataTieringEnabled = primary.data_tiering;
  in.ClusterMode = primary.cluster_mode;
  const std::vector<api::NodeGroupConfiguration> given = Items(request.NodeGroupConfiguration);
  if (primary.cluster_enabled) {
    if (!given.empty() && given.size() != primary.node_groups.size())
      throw faults::InvalidParameterValueException(
          "NodeGroupConfiguration must list " + std::to_string(primary.node_groups.size()) +
          " node groups, as many as the primary of global replication group " + grg.id + " has.");
    in.NumNodeGroups = int(primary.node_groups.size());
    auto& configs = in.NodeGroupConfiguration.emplace();
    for (size_t i = 0; i < primary.node_groups.size(); ++i) {
      const NodeGroup& ng = primary.node_groups[i];
      api::NodeGroupConfiguration c = given.empty() ? api::NodeGroupConfiguration{} : given[i];
      if (c.Slots && ParseSlots(*c.Slots).ToString() != ng.slots) refuse();
      if (c.NodeGroupId &&
          (!IsValidNodeGroupId(*c.NodeGroupId) || ValidateNodeGroupId(*c.NodeGroupId) != ng.id))
        refuse();
      c.NodeGroupId = ng.id;
      c.Slots = ng.slots;
      configs.push_back(std::move(c));
    }
  } else {
    for (const auto& c : given)
      if (c.Slots) refuse();
    // Automatic failover is the datastore's: the secondary has it when it can (a replica).
    if (!request.AutomaticFailoverEnabled)
      in.AutomaticFailoverEnabled = primary.automatic_failover && RequestedReplicas(request) > 0;
  }
  const std::string id = ValidateReplicationGroupId(request.ReplicationGroupId);
  const CacheParameterGroup source =
      RequireParameterGroupForUse(env, InRegion(ctx, primary.region), s.cache_parameter_group_name);
  in.CacheParameterGroupName = NewMemberParameterGroup(env, grg, ctx.region, id, source);
  return in;
}

void JoinGlobalDatastore(HandlerEnv env, const RequestContext& ctx, GlobalReplicationGroup& grg,
                         ReplicationGroup& rg) {
  JoinAsSecondary(grg, rg.id, ctx.region, ctx.now, env.TransitionMs());
  rg.global_datastore = GlobalDatastoreMembership{grg.id, GlobalMemberRole::kSecondary};
  env.store.Save(grg);  // the new group is saved by its caller, so FollowGlobal... waits
  RecordGlobal(env, grg, kMemberJoining, ctx.now);
}

void FollowGlobalReplicationGroup(HandlerEnv env, GlobalReplicationGroup& grg, bool removed) {
  for (const auto& m : grg.members) {
    auto rg = FindMember(env, grg, m);
    if (!rg) continue;
    std::optional<GlobalDatastoreMembership> want;
    if (!removed) want = GlobalDatastoreMembership{grg.id, m.role};
    if (rg->global_datastore == want) continue;
    rg->global_datastore = want;
    env.store.Save(*rg);
  }
  for (const auto& d : grg.departed) {
    auto rg = env.store.Find<ReplicationGroup>({grg.account, d.region, d.replication_group_id});
    if (!rg || !rg->global_datastore || rg->global_datastore->global_replication_group_id != grg.id)
      continue;
    rg->global_datastore.reset();
    env.store.Save(*rg);
  }
  grg.departed.clear();
}

void RegisterGlobalReplicationGroupHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::CreateGlobalReplicationGroup>(env, CreateGlobalReplicationGroup);
  registry.Add<api::op::DescribeGlobalReplicationGroups>(env, DescribeGlobalReplicationGroups);
  registry.Add<api::op::ModifyGlobalReplicationGroup>(env, ModifyGlobalReplicationGroup);
  registry.Add<api::op::DeleteGlobalReplicationGroup>(env, DeleteGlobalReplicationGroup);
  registry.Add<api::op::DisassociateGlobalReplicationGroup>(env,
                                                            DisassociateGlobalReplicationGroup);
  registry.Add<api::op::FailoverGlobalReplicationGroup>(env, FailoverGlobalReplicationGroup);
  registry.Add<api::op::IncreaseNodeGroupsInGlobalReplicationGroup>(
      env, IncreaseNodeGroupsInGlobalReplicationGroup);
  registry.Add<api::op::DecreaseNodeGroupsInGlobalReplicationGroup>(
      env, DecreaseNodeGroupsInGlobalReplicationGroup);
  registry.Add<api::op::RebalanceSlotsInGlobalReplicationGroup>(
      env, RebalanceSlotsInGlobalReplicationGroup);
}

}  // namespace ecl

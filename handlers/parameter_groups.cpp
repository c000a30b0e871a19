#include "handlers/parameter_groups.h"

#include <algorithm>
#include <climits>

#include "model/aws_faults.h"
#include "model/identifiers.h"
#include "model/parameter_group_rules.h"

namespace ecl {

namespace {

// What DomainEvents of parameter groups say happened (none is shown by DescribeEvents: AWS
// documents no message for a parameter group's own changes).
constexpr std::string_view kParametersChanged = "parameters-changed";
// A cluster took up an immediate parameter change ("Updated parameter %s to %s").
constexpr std::string_view kParameterUpdated = "parameter-updated";

std::string GroupArn(const CacheParameterGroup& g) {
  return ArnOf<CacheParameterGroup>(g.region, g.account, g.id);
}

// Saves the default groups of the catalog the caller's account and region lack.
void EnsureDefaultGroups(HandlerEnv env, const RequestContext& ctx) {
  for (const auto& d : env.catalogs.parameters.default_groups())
    if (!env.store.Find<CacheParameterGroup>({ctx.account, ctx.region, d.name}))
      env.store.Save(BuiltInGroup(d, ctx.account, ctx.region));
}

std::optional<CacheParameterGroup> FindGroup(HandlerEnv env, const RequestContext& ctx,
                                             std::string_view name) {
  std::string id = Kind<CacheParameterGroup>::CanonicalId(name);
  auto group = env.store.Find<CacheParameterGroup>({ctx.account, ctx.region, id});
  if (!group && env.catalogs.parameters.FindDefaultGroup(id)) {
    EnsureDefaultGroups(env, ctx);
    group = env.store.Find<CacheParameterGroup>({ctx.account, ctx.region, id});
  }
  return group;
}

// The clusters of the caller's account and region that use the group.
std::vector<CacheCluster> ClustersUsing(HandlerEnv env, const RequestContext& ctx,
                                        const std::string& id) {
  return env.store
      .Scan<CacheCluster>(ctx.account, ctx.region, "", INT32_MAX,
                          [&](const CacheCluster& cc) {
                            return ToLowerAscii(cc.settings.cache_parameter_group_name) == id;
                          })
      .items;
}

api::CacheParameterGroup GroupView(const CacheParameterGroup& g) {
  return {g.id, g.family, g.description, g.is_global, GroupArn(g)};
}

api::Parameter ParameterView(const CacheParameter& p, const std::string& value,
                             const std::string& source) {
  api::Parameter v;
  v.ParameterName = p.name;
  if (!value.empty()) v.ParameterValue = value;
  v.Description = p.description;
  v.Source = source;
  v.DataType = p.data_type;
  if (!p.allowed_values.empty()) v.AllowedValues = p.allowed_values;
  v.IsModifiable = p.is_modifiable;
  v.MinimumEngineVersion = p.minimum_engine_version;
  v.ChangeType = p.change_type;
  return v;
}

api::CacheNodeTypeSpecificParameter NodeTypeSpecificView(const ParameterCatalog& catalog,
                                                         const CacheParameter& p,
                                                         const std::string& source) {
  api::CacheNodeTypeSpecificParameter v;
  v.ParameterName = p.name;
  v.Description = p.description;
  v.Source = source;
  v.DataType = p.data_type;
  if (!p.allowed_values.empty()) v.AllowedValues = p.allowed_values;
  v.IsModifiable = p.is_modifiable;
  v.MinimumEngineVersion = p.minimum_engine_version;
  auto& values = v.CacheNodeTypeSpecificValues.emplace();
  for (const auto& n : catalog.NodeTypeSpecificParameters(p.family))
    if (n.parameter == &p)
      for (const auto& value : n.values) values.push_back({value.cache_node_type, value.value});
  v.ChangeType = p.change_type;
  return v;
}

// One page of a family's parameters in name order, both kinds counted together (AWS's
// DescribeEngineDefaultParameters example with MaxRecords 25 answers 22 plain and 3
// node-type-specific parameters, the Marker naming the last one returned).
struct ParameterPage {
  std::vector<api::Parameter> parameters;
  std::vector<api::CacheNodeTypeSpecificParameter> node_type_specific;
  std::optional<std::string> next_position;  // the last name returned, when more follow
};

template <typename Include, typename ValueOf, typename SourceOfParameter>
ParameterPage PageParameters(const ParameterCatalog& catalog, std::string_view family,
                             const std::string& after, int limit, Include include, ValueOf value_of,
                             SourceOfParameter source_of) {
  ParameterPage page;
  int taken = 0;
  std::string last;
  for (const CacheParameter* p : catalog.AllParameters(family)) {
    if (!after.empty() && p->name <= after) continue;
    if (!include(*p)) continue;
    if (taken == limit) {
      page.next_position = last;
      break;
    }
    if (p->node_type_specific)
      page.node_type_specific.push_back(NodeTypeSpecificView(catalog, *p, source_of(*p)));
    else
      page.parameters.push_back(ParameterView(*p, value_of(*p), source_of(*p)));
    last = p->name;
    ++taken;
  }
  return page;
}

std::vector<ParameterNameValueRequest> RequestsOf(
    const std::vector<api::ParameterNameValue>& values) {
  std::vector<ParameterNameValueRequest> out;
  for (const auto& v : values) out.push_back({v.ParameterName, v.ParameterValue});
  return out;
}

// Saves a changed group and shows the change on every cluster using it: immediate changes are
// applying for a transition and then recorded as taken up; requires-reboot ones leave the
// cluster pending-reboot.
void ApplyChanges(HandlerEnv env, const RequestContext& ctx, CacheParameterGroup& group,
                  std::vector<CacheCluster>& clusters,
                  const std::vector<ParameterChange>& changes) {
  env.store.Save(group);
  if (changes.empty()) return;
  std::vector<DomainEvent> events;
  events.push_back(DomainEvent{std::string(Kind<CacheParameterGroup>::kStoredName),
                               group.id,
                               std::string(kParametersChanged),
                               ctx.now,
                               {},
                               {},
                               {}});
  const Timestamp applied{ctx.now.epoch_ms + env.TransitionMs()};
  for (auto& cc : clusters) {
    if (cc.status == CacheClusterStatus::kDeleting) continue;  // takes up nothing any more
    auto immediate = ApplyToCluster(cc, changes, ctx.now, env.TransitionMs());
    env.store.Save(cc);
    for (const auto& c : immediate)
      events.push_back(DomainEvent{std::string(Kind<CacheCluster>::kStoredName), cc.id,
                                   std::string(kParameterUpdated), applied, "cache-cluster", cc.id,
                                   ParameterUpdatedMessage(c.parameter->name, c.value)});
  }
  Record(env, ctx, events);
}

api::CreateCacheParameterGroupResult CreateCacheParameterGroup(
    HandlerEnv env, const RequestContext& ctx, const api::CreateCacheParameterGroupMessage& in) {
  std::string name = ValidateParameterGroupName(in.CacheParameterGroupName);
  const ParameterCatalog& catalog = env.catalogs.parameters;
  if (!catalog.HasFamily(in.CacheParameterGroupFamily)) {
    std::string valid;
    for (const auto& f : catalog.families()) valid += (valid.empty() ? "" : ", ") + f;
    throw faults::InvalidParameterValueException(
        "The parameter CacheParameterGroupFamily has an "
        "invalid value: " +
        in.CacheParameterGroupFamily + ". Valid values are: " + valid + ".");
  }
  std::vector<Tag> tags = TagsFrom(in.Tags);
  if (env.store.Find<CacheParameterGroup>({ctx.account, ctx.region, name}))
    throw faults::CacheParameterGroupAlreadyExistsFault("Parameter group " + name +
                                                        " already exists");
  // Only the groups the account created count against the quota.
  const auto own = env.store
                       .Scan<CacheParameterGroup>(ctx.account, ctx.region, "", INT32_MAX,
                                                  [](const auto& g) { return !g.built_in; })
                       .items.size();
  if (static_cast<int64_t>(own) >= env.options.parameter_groups_quota)
    throw faults::CacheParameterGroupQuotaExceededFault(
        "The request cannot be processed because it would exceed the maximum number of cache "
        "parameter groups (" +
        std::to_string(env.options.parameter_groups_quota) + ") in this region.");

  CacheParameterGroup group;
  group.account = ctx.account;
  group.region = ctx.region;
  group.id = name;
  group.family = in.CacheParameterGroupFamily;
  group.description = in.Description;
  env.store.Save(group);
  if (!tags.empty()) env.store.PutTags(ctx.account, ctx.region, GroupArn(group), tags);
  Record(env, ctx,
         {{std::string(Kind<CacheParameterGroup>::kStoredName),
           name,
           std::string(happened::kCreated),
           ctx.now,
           {},
           {},
           {}}});
  return {GroupView(group)};
}

api::CacheParameterGroupsMessage DescribeCacheParameterGroups(
    HandlerEnv env, const RequestContext& ctx, const api::DescribeCacheParameterGroupsMessage& in) {
  int limit = PageSize(in.MaxRecords, 20, 100, 100);
  api::CacheParameterGroupsMessage out;
  auto& groups = out.CacheParameterGroups.emplace();
  if (in.CacheParameterGroupName) {
    auto group = FindGroup(env, ctx, *in.CacheParameterGroupName);
    if (!group) throw Kind<CacheParameterGroup>::NotFound(*in.CacheParameterGroupName);
    groups.push_back(GroupView(*group));
    return out;
  }
  EnsureDefaultGroups(env, ctx);
  auto page = env.store.Scan<CacheParameterGroup>(
      ctx.account, ctx.region,
      MarkerPosition(api::op::DescribeCacheParameterGroups::kName, in.Marker), limit);
  for (const auto& g : page.items) groups.push_back(GroupView(g));
  out.Marker = NextMarker(api::op::DescribeCacheParameterGroups::kName, page.next_marker);
  return out;
}

api::CacheParameterGroupDetails DescribeCacheParameters(
    HandlerEnv env, const RequestContext& ctx, const api::DescribeCacheParametersMessage& in) {
  int limit = PageSize(in.MaxRecords, 20, 100, 100);
  std::optional<std::string> source;
  if (in.Source) source = ValidateSourceFilter(*in.Source);
  auto group = FindGroup(env, ctx, in.CacheParameterGroupName);
  if (!group) throw Kind<CacheParameterGroup>::NotFound(in.CacheParameterGroupName);
  const ParameterCatalog& catalog = env.catalogs.parameters;
  ParameterPage page = PageParameters(
      catalog, group->family, MarkerPosition(api::op::DescribeCacheParameters::kName, in.Marker),
      limit, [&](const CacheParameter& p) { return !source || SourceOf(*group, p) == *source; },
      [&](const CacheParameter& p) { return EffectiveValue(catalog, *group, p); },
      [&](const CacheParameter& p) { return SourceOf(*group, p); });
  api::CacheParameterGroupDetails out;
  out.Parameters = std::move(page.parameters);
  out.CacheNodeTypeSpecificParameters = std::move(page.node_type_specific);
  out.Marker = NextMarker(api::op::DescribeCacheParameters::kName, page.next_position);
  return out;
}

api::DescribeEngineDefaultParametersResult DescribeEngineDefaultParameters(
    HandlerEnv env, const RequestContext&, const api::DescribeEngineDefaultParametersMessage& in) {
  int limit = PageSize(in.MaxRecords, 20, 100, 100);
  const ParameterCatalog& catalog = env.catalogs.parameters;
  if (!catalog.HasFamily(in.CacheParameterGroupFamily))
    throw faults::InvalidParameterValueException(
        "The parameter CacheParameterGroupFamily has an invalid value: " +
        in.CacheParameterGroupFamily + ".");
  ParameterPage page = PageParameters(
      catalog, in.CacheParameterGroupFamily,
      MarkerPosition(api::op::DescribeEngineDefaultParameters::kName, in.Marker), limit,
      [](const CacheParameter&) { return true; }, [](const CacheParameter& p) { return p.value; },
      [](const CacheParameter& p) { return p.source; });
  api::EngineDefaults defaults;
  defaults.CacheParameterGroupFamily = in.CacheParameterGroupFamily;
  defaults.Marker = NextMarker(api::op::DescribeEngineDefaultParameters::kName, page.next_position);
  defaults.Parameters = std::move(page.parameters);
  defaults.CacheNodeTypeSpecificParameters = std::move(page.node_type_specific);
  return {std::move(defaults)};
}

// Modify, Reset and Delete word their not-found fault differently from the describes.
CacheParameterGroup RequireForChange(HandlerEnv env, const RequestContext& ctx,
                                     std::string_view name, std::string_view prefix) {
  auto group = FindGroup(env, ctx, name);
  if (!group)
    throw faults::CacheParameterGroupNotFoundFault(std::string(prefix) + std::string(name));
  return std::move(*group);
}

api::CacheParameterGroupNameMessage ModifyCacheParameterGroup(
    HandlerEnv env, const RequestContext& ctx, const api::ModifyCacheParameterGroupMessage& in) {
  CacheParameterGroup group =
      RequireForChange(env, ctx, in.CacheParameterGroupName, "CacheParameterGroup not found: ");
  auto clusters = ClustersUsing(env, ctx, group.id);
  auto changes = PlanModify(env.catalogs.parameters, group, RequestsOf(in.ParameterNameValues),
                            !clusters.empty());
  ApplyModify(group, changes, ctx.now, env.TransitionMs());
  ApplyChanges(env, ctx, group, clusters, changes);
  return {group.id};
}

api::CacheParameterGroupNameMessage ResetCacheParameterGroup(
    HandlerEnv env, const RequestContext& ctx, const api::ResetCacheParameterGroupMessage& in) {
  CacheParameterGroup group =
      RequireForChange(env, ctx, in.CacheParameterGroupName, "CacheParameterGroup not found: ");
  auto clusters = ClustersUsing(env, ctx, group.id);
  auto changes = PlanReset(env.catalogs.parameters, group, in.ResetAllParameters,
                           RequestsOf(Items(in.ParameterNameValues)), !clusters.empty(), ctx.now);
  ApplyReset(group, changes, ctx.now, env.TransitionMs());
  ApplyChanges(env, ctx, group, clusters, changes);
  return {group.id};
}

void DeleteCacheParameterGroup(HandlerEnv env, const RequestContext& ctx,
                               const api::DeleteCacheParameterGroupMessage& in) {
  // AWS's own wording, without the space (see docs/parameter-groups.md).
  CacheParameterGroup group =
      RequireForChange(env, ctx, in.CacheParameterGroupName, "CacheParameterGroupnot found: ");
  CheckDeletable(group, !ClustersUsing(env, ctx, group.id).empty(), ctx.now);
  env.store.Remove<CacheParameterGroup>({ctx.account, ctx.region, group.id});
  env.store.RemoveAllTags(ctx.account, ctx.region, GroupArn(group));
  Record(env, ctx,
         {{std::string(Kind<CacheParameterGroup>::kStoredName),
           group.id,
           std::string(happened::kRemoved),
           ctx.now,
           {},
           {},
           {}}});
}

}  // namespace

CacheParameterGroup RequireParameterGroupForUse(HandlerEnv env, const RequestContext& ctx,
                                                std::string_view name) {
  return RequireForChange(env, ctx, name, "CacheParameterGroup not found: ");
}

std::optional<CacheParameterGroup> DefaultParameterGroupOf(HandlerEnv env,
                                                           const RequestContext& ctx,
                                                           std::string_view family,
                                                           bool cluster_enabled) {
  const ParameterCatalog& catalog = env.catalogs.parameters;
  for (const DefaultParameterGroup* d : catalog.DefaultGroupsOf(family))
    if ((catalog.DefaultGroupValue(d->name, "cluster-enabled") == "yes") == cluster_enabled)
      return RequireParameterGroupForUse(env, ctx, d->name);  // seeds the defaults
  return std::nullopt;
}

void RegisterParameterGroupHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::CreateCacheParameterGroup>(env, CreateCacheParameterGroup);
  registry.Add<api::op::DescribeCacheParameterGroups>(env, DescribeCacheParameterGroups);
  registry.Add<api::op::ModifyCacheParameterGroup>(env, ModifyCacheParameterGroup);
  registry.Add<api::op::ResetCacheParameterGroup>(env, ResetCacheParameterGroup);
  registry.Add<api::op::DeleteCacheParameterGroup>(env, DeleteCacheParameterGroup);
  registry.Add<api::op::DescribeCacheParameters>(env, DescribeCacheParameters);
  registry.Add<api::op::DescribeEngineDefaultParameters>(env, DescribeEngineDefaultParameters);
}

}  // namespace ecl

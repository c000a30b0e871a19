#include "handlers/subnet_groups.h"

#include <climits>
#include <fstream>
#include <sstream>

#include "model/aws_faults.h"
#include "model/identifiers.h"
#include "model/naming.h"

namespace ecl {

namespace {

// The built-in `default` group is a real record, written the first time an account and region
// need it (AWS has it before anyone asks); a network without a default VPC there has none.
void EnsureDefaultGroup(HandlerEnv env, const std::string& account, const std::string& region) {
  const std::string name(kDefaultCacheSubnetGroupName);
  if (env.store.Find<CacheSubnetGroup>({account, region, name})) return;
  if (auto group = DefaultCacheSubnetGroup(NetworkOf(env), account, region)) env.store.Save(*group);
}

api::CacheSubnetGroup View(const CacheSubnetGroup& g) {
  api::CacheSubnetGroup v;
  v.CacheSubnetGroupName = g.id;
  v.CacheSubnetGroupDescription = g.description;
  v.VpcId = g.vpc_id;
  auto& subnets = v.Subnets.emplace();
  for (const CacheSubnet& s : g.subnets) {
    api::Subnet sv;
    sv.SubnetIdentifier = s.id;
    sv.SubnetAvailabilityZone = api::AvailabilityZone{s.availability_zone};
    sv.SupportedNetworkTypes = s.supported_network_types;
    subnets.push_back(std::move(sv));
  }
  v.ARN = ArnOf<CacheSubnetGroup>(g.region, g.account, g.id);
  v.SupportedNetworkTypes = SupportedNetworkTypesOf(g);
  return v;
}

// The cache clusters placed on the group `name`, and the zones they are in.
std::vector<ZoneInUse> ZonesInUse(HandlerEnv env, const RequestContext& ctx,
                                  const std::string& name) {
  std::vector<ZoneInUse> in_use;
  auto page = env.store.Scan<CacheCluster>(
      ctx.account, ctx.region, "", INT_MAX, [&](const CacheCluster& cc) {
        return ToLowerAscii(cc.settings.cache_subnet_group_name) == name;
      });
  for (const CacheCluster& cc : page.items) {
    // A Memcached cluster's nodes may be in several zones ("Multiple").
    if (cc.nodes.empty()) in_use.push_back({cc.availability_zone, cc.id});
    for (const CacheNode& node : cc.nodes) in_use.push_back({node.availability_zone, cc.id});
  }
  return in_use;
}

bool InUse(HandlerEnv env, const RequestContext& ctx, const std::string& name) {
  if (!ZonesInUse(env, ctx, name).empty()) return true;
  auto groups = env.store.Scan<ReplicationGroup>(
      ctx.account, ctx.region, "", 1,
      [&](const auto& rg) { return ToLowerAscii(rg.settings.cache_subnet_group_name) == name; });
  return !groups.items.empty();
}

api::CreateCacheSubnetGroupResult CreateCacheSubnetGroup(
    HandlerEnv env, const RequestContext& ctx, const api::CreateCacheSubnetGroupMessage& in) {
  std::string name = ValidateCacheSubnetGroupName(in.CacheSubnetGroupName);
  std::string description = ValidateCacheSubnetGroupDescription(in.CacheSubnetGroupDescription);
  std::vector<Tag> tags = TagsFrom(in.Tags);
  ResolvedSubnets subnets = ResolveSubnets(NetworkOf(env), ctx.account, ctx.region, in.SubnetIds,
                                           env.options.subnets_per_subnet_group_quota);
  EnsureDefaultGroup(env, ctx.account, ctx.region);
  if (env.store.Find<CacheSubnetGroup>({ctx.account, ctx.region, name}))
    throw faults::CacheSubnetGroupAlreadyExistsFault("Cache subnet group " + name +
                                                     " already exists.");
  const int quota = env.options.subnet_groups_quota;
  if (env.store.Count<CacheSubnetGroup>(ctx.account, ctx.region) >= quota)
    throw faults::CacheSubnetGroupQuotaExceededFault(
        "The request cannot be processed because it would exceed the allowed number of cache "
        "subnet groups (" +
        std::to_string(quota) + ") for this account in this region.");

  CacheSubnetGroup group;
  group.account = ctx.account;
  group.region = ctx.region;
  group.id = name;
  group.description = description;
  group.vpc_id = subnets.vpc_id;
  group.subnets = std::move(subnets.subnets);
  env.store.Save(group);
  env.store.PutTags(ctx.account, ctx.region, ArnOf<CacheSubnetGroup>(ctx.region, ctx.account, name),
                    tags);
  // Recorded, not shown: no ElastiCache event text is known for subnet groups
  // (docs/events.md), so DescribeEvents lists none, as the project's research proposes.
  Record(env, ctx, {EventOf<CacheSubnetGroup>(group.id, happened::kCreated, ctx.now)});
  return {View(group)};
}

api::CacheSubnetGroupMessage DescribeCacheSubnetGroups(
    HandlerEnv env, const RequestContext& ctx, const api::DescribeCacheSubnetGroupsMessage& in) {
  int limit = PageSize(in.MaxRecords, 20, 100, 100);
  EnsureDefaultGroup(env, ctx.account, ctx.region);
  api::CacheSubnetGroupMessage out;
  auto& groups = out.CacheSubnetGroups.emplace();
  if (in.CacheSubnetGroupName) {
    groups.push_back(View(Require<CacheSubnetGroup>(env, ctx, *in.CacheSubnetGroupName)));
    return out;
  }
  auto page = env.store.Scan<CacheSubnetGroup>(
      ctx.account, ctx.region, MarkerPosition(api::op::DescribeCacheSubnetGroups::kName, in.Marker),
      limit);
  for (const auto& g : page.items) groups.push_back(View(g));
  out.Marker = NextMarker(api::op::DescribeCacheSubnetGroups::kName, page.next_marker);
  return out;
}

api::ModifyCacheSubnetGroupResult ModifyCacheSubnetGroup(
    HandlerEnv env, const RequestContext& ctx, const api::ModifyCacheSubnetGroupMessage& in) {
  EnsureDefaultGroup(env, ctx.account, ctx.region);
  CacheSubnetGroup group = Require<CacheSubnetGroup>(env, ctx, in.CacheSubnetGroupName);
  if (in.CacheSubnetGroupDescription)
    group.description = ValidateCacheSubnetGroupDescription(*in.CacheSubnetGroupDescription);
  if (in.SubnetIds) {
    ResolvedSubnets subnets = ResolveSubnets(NetworkOf(env), ctx.account, ctx.region, *in.SubnetIds,
                                             env.options.subnets_per_subnet_group_quota);
    CheckSubnetsInUse(group, subnets, ZonesInUse(env, ctx, group.id));
    group.vpc_id = subnets.vpc_id;
    group.subnets = std::move(subnets.subnets);
  }
  env.store.Save(group);
  Record(env, ctx, {EventOf<CacheSubnetGroup>(group.id, happened::kModifying, ctx.now)});
  return {View(group)};
}

void DeleteCacheSubnetGroup(HandlerEnv env, const RequestContext& ctx,
                            const api::DeleteCacheSubnetGroupMessage& in) {
  EnsureDefaultGroup(env, ctx.account, ctx.region);
  const std::string name = Kind<CacheSubnetGroup>::CanonicalId(in.CacheSubnetGroupName);
  auto group = env.store.Find<CacheSubnetGroup>({ctx.account, ctx.region, name});
  // The delete words its not-found differently from the describe (floci-io/floci#2401).
  if (!group)
    throw faults::CacheSubnetGroupNotFoundFault("Cache Subnet Group " + name + " does not exist.");
  if (group->built_in)
    throw faults::InvalidParameterValueException("Default CacheSubnetGroup cannot be deleted: " +
                                                 name);
  if (InUse(env, ctx, name))
    throw faults::CacheSubnetGroupInUse("Cache subnet group " + name +
                                        " is currently in use by a cache cluster.");
  env.store.Remove<CacheSubnetGroup>({ctx.account, ctx.region, name});
  env.store.RemoveAllTags(ctx.account, ctx.region,
                          ArnOf<CacheSubnetGroup>(ctx.region, ctx.account, name));
  Record(env, ctx, {EventOf<CacheSubnetGroup>(group->id, happened::kRemoved, ctx.now)});
}

}  // namespace

const SimulatedNetwork& NetworkOf(HandlerEnv env) {
  static const SimulatedNetwork kDefaultVpcs;
  return env.options.network ? *env.options.network : kDefaultVpcs;
}

std::shared_ptr<const SimulatedNetwork> LoadNetwork(const std::string& network_file) {
  if (network_file.empty()) return std::make_shared<const SimulatedNetwork>();
  std::ifstream in(network_file);
  if (!in) throw CatalogError("cannot read network file '" + network_file + "'");
  std::stringstream text;
  text << in.rdbuf();
  return std::make_shared<const SimulatedNetwork>(
      SimulatedNetwork::Parse(text.str(), network_file));
}

CacheSubnetGroup RequireCacheSubnetGroup(HandlerEnv env, const RequestContext& ctx,
                                         std::string_view name) {
  EnsureDefaultGroup(env, ctx.account, ctx.region);
  return Require<CacheSubnetGroup>(env, ctx, name);
}

ZonePlacement PlacementFor(HandlerEnv env, const CacheSubnetGroup& group,
                           std::string_view network_type) {
  return PlacementIn(group, network_type, NetworkOf(env).Zones(group.account, group.region));
}

ZonePlacement PlacementOf(HandlerEnv env, const std::string& account, const std::string& region,
                          const NodeSettings& settings) {
  if (settings.cache_subnet_group_name.empty()) return ZonePlacement{region, {}, {}, {}};
  EnsureDefaultGroup(env, account, region);
  auto group = env.store.Find<CacheSubnetGroup>(
      {account, region, ToLowerAscii(settings.cache_subnet_group_name)});
  if (!group) return ZonePlacement{region, {}, {}, {}};
  return PlacementFor(env, *group, settings.network_type);
}

ZonePlacement PlacementOf(HandlerEnv env, const ReplicationGroup& rg) {
  return PlacementOf(env, rg.account, rg.region, rg.settings);
}

std::vector<std::string> ZonesOf(const ZonePlacement& placement) {
  return placement.zones.empty() ? AvailabilityZonesForRegion(placement.region) : placement.zones;
}

void RegisterSubnetGroupHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::CreateCacheSubnetGroup>(env, CreateCacheSubnetGroup);
  registry.Add<api::op::DescribeCacheSubnetGroups>(env, DescribeCacheSubnetGroups);
  registry.Add<api::op::ModifyCacheSubnetGroup>(env, ModifyCacheSubnetGroup);
  registry.Add<api::op::DeleteCacheSubnetGroup>(env, DeleteCacheSubnetGroup);
}

}  // namespace ecl

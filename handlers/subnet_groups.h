// Cache subnet groups: CreateCacheSubnetGroup, DescribeCacheSubnetGroups,
// ModifyCacheSubnetGroup and DeleteCacheSubnetGroup, and what the other families ask of them:
// a subnet group by name (the built-in `default` is seeded the first time an account and
// region needs it) and the zones a replication group's clusters may be placed in. The
// simulated network they resolve subnets against is ServiceOptions::network. Handlers run one
// at a time (the service serializes calls).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"
#include "model/cache_subnet_group.h"
#include "model/replication_group.h"
#include "model/subnet_rules.h"

namespace ecl {

void RegisterSubnetGroupHandlers(HandlerRegistry& registry, HandlerEnv env);

// The network a `network_file` declares, or the default-VPC network for "". Throws
// CatalogError naming the file and line of what is malformed.
std::shared_ptr<const SimulatedNetwork> LoadNetwork(const std::string& network_file);

// The network subnets are resolved against: the loaded network file's, else the default VPC of
// every account and region.
const SimulatedNetwork& NetworkOf(HandlerEnv env);

// The cache subnet group `name` of the caller's account and region, else
// CacheSubnetGroupNotFoundFault. The built-in `default` group is created first if missing.
CacheSubnetGroup RequireCacheSubnetGroup(HandlerEnv env, const RequestContext& ctx,
                                         std::string_view name);

// Where clusters of a new group on `group` with `network_type` may go.
ZonePlacement PlacementFor(HandlerEnv env, const CacheSubnetGroup& group,
                           std::string_view network_type);

// Where new clusters of an existing replication group may go: the zones of its cache subnet
// group now; the region's zones when that group is unknown (a record older than subnet
// groups).
ZonePlacement PlacementOf(HandlerEnv env, const ReplicationGroup& rg);
// The same for a cluster of (account, region) with these settings (a standalone cluster): the
// region's zones when it is outside any VPC (no subnet group).
ZonePlacement PlacementOf(HandlerEnv env, const std::string& account, const std::string& region,
                          const NodeSettings& settings);
// The zones a placement allows, in spreading order.
std::vector<std::string> ZonesOf(const ZonePlacement& placement);

}  // namespace ecl

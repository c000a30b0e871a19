// Cache parameter groups: CreateCacheParameterGroup, DescribeCacheParameterGroups,
// ModifyCacheParameterGroup, ResetCacheParameterGroup, DeleteCacheParameterGroup,
// DescribeCacheParameters and DescribeEngineDefaultParameters, and the lookup other families
// use to check a group a request names. The default groups are seeded from the parameter
// catalog the first time an account and region need them.
#pragma once

#include <optional>
#include <string_view>

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"

namespace ecl {

void RegisterParameterGroupHandlers(HandlerRegistry& registry, HandlerEnv env);

// The group `name` names in the caller's account and region (a default group included), else
// CacheParameterGroupNotFound "CacheParameterGroup not found: NAME", the words
// CreateReplicationGroup answers with.
CacheParameterGroup RequireParameterGroupForUse(HandlerEnv env, const RequestContext& ctx,
                                                std::string_view name);

// The default group of `family` for the cluster mode (default.redis7 or
// default.redis7.cluster.on), seeded in the caller's account and region; nullopt when the
// family has no such default group.
std::optional<CacheParameterGroup> DefaultParameterGroupOf(HandlerEnv env,
                                                           const RequestContext& ctx,
                                                           std::string_view family,
                                                           bool cluster_enabled);

}  // namespace ecl

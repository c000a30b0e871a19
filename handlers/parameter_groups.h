// Cache parameter groups: CreateCacheParameterGroup, DescribeCacheParameterGroups,
// ModifyCacheParameterGroup, ResetCacheParameterGroup, DeleteCacheParameterGroup,
// DescribeCacheParameters and DescribeEngineDefaultParameters, and the lookup other families
// use to check a group a request names. The default groups are seeded from the parameter
// catalog the first time an account and region need them.
#pragma once

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

}  // namespace ecl

// DescribeCacheEngineVersions: the engine versions of the engine catalog
// (config/engine-versions.csv), filtered by Engine, EngineVersion, CacheParameterGroupFamily
// and DefaultOnly, in the order ElastiCache lists them, paged.
#pragma once

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"

namespace ecl {

void RegisterEngineVersionHandlers(HandlerRegistry& registry, HandlerEnv env);

}  // namespace ecl

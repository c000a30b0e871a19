// Cache cluster operations: DescribeCacheClusters.
#pragma once

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"

namespace ecl {

void RegisterCacheClusterHandlers(HandlerRegistry& registry, HandlerEnv env);

}  // namespace ecl

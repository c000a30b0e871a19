// DescribeEvents: what happened to the resources of an account and region in the last 14 days,
// newest first, as the lifecycle and the handlers recorded it.
#pragma once

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"

namespace ecl {

void RegisterEventHandlers(HandlerRegistry& registry, HandlerEnv env);

}  // namespace ecl

// Reserved cache node operations: DescribeReservedCacheNodesOfferings (from the offerings
// catalog), PurchaseReservedCacheNodesOffering and DescribeReservedCacheNodes.
#pragma once

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"

namespace ecl {

void RegisterReservedNodeHandlers(HandlerRegistry& registry, HandlerEnv env);

}  // namespace ecl

// Reserved cache node operations: DescribeReservedCacheNodesOfferings (from the offerings
// catalog), PurchaseReservedCacheNodesOffering and DescribeReservedCacheNodes.
#pragma once

#include <memory>
#include <string>

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"
#include "model/reserved_offering_catalog.h"

namespace ecl {

// The catalog in `file`, or the built-in one (config/reserved-offerings.csv, compiled into
// the binary) when `file` is empty. Throws CatalogError naming the file and line.
ReservedOfferingCatalog LoadReservedOfferingCatalog(const std::string& file);

void RegisterReservedNodeHandlers(HandlerRegistry& registry, HandlerEnv env,
                                  std::shared_ptr<const ReservedOfferingCatalog> catalog);

}  // namespace ecl

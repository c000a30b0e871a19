// Catalogs: AWS's data the service answers from — reserved node offerings, engine versions,
// cache parameters per family with the default parameter groups, node types, service updates —
// compiled into the binary from config/ and parsed once at start (the offerings may come from
// a file instead). Immutable after loading; shared by every handler.
#pragma once

#include <memory>
#include <string>

#include "model/engine_catalog.h"
#include "model/node_type_catalog.h"
#include "model/parameter_catalog.h"
#include "model/reserved_offering_catalog.h"
#include "model/service_update_catalog.h"

namespace ecl {

struct Catalogs {
  ReservedOfferingCatalog reserved_offerings;
  EngineCatalog engines;
  ParameterCatalog parameters;
  NodeTypeCatalog node_types;
  ServiceUpdateCatalog service_updates;
};

// The built-in catalogs, with the reserved offerings read from `reserved_offerings_file`
// instead when it is not empty. Throws CatalogError naming the file and line of what is
// malformed.
std::shared_ptr<const Catalogs> LoadCatalogs(const std::string& reserved_offerings_file);

// The reserved offerings alone: the built-in ones for "", else those of the file.
ReservedOfferingCatalog LoadReservedOfferingCatalog(const std::string& file);

}  // namespace ecl

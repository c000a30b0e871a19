// The catalogs the repository ships in config/, parsed once, for tests that check rules
// against the real parameter data rather than a hand-made sample.
#pragma once

#include <string>

#include "model/engine_catalog.h"
#include "model/node_type_catalog.h"
#include "model/parameter_catalog.h"
#include "model/service_update_catalog.h"
#include "tests/model/repo_file.h"

namespace ecl::testing {

inline const ParameterCatalog& ShippedParameterCatalog() {
  static const std::string parameters = ReadRepoFile("config/cache-parameters/parameters.csv");
  static const std::string values = ReadRepoFile("config/cache-parameters/node-type-values.csv");
  static const std::string groups = ReadRepoFile("config/cache-parameters/default-groups.csv");
  static const ParameterCatalog catalog =
      ParameterCatalog::Parse({parameters, "parameters.csv"}, {values, "node-type-values.csv"},
                              {groups, "default-groups.csv"});
  return catalog;
}

inline const EngineCatalog& ShippedEngineCatalog() {
  static const std::string csv = ReadRepoFile("config/engine-versions.csv");
  static const EngineCatalog catalog = EngineCatalog::Parse(csv, "config/engine-versions.csv");
  return catalog;
}

inline const NodeTypeCatalog& ShippedNodeTypeCatalog() {
  static const std::string csv = ReadRepoFile("config/node-types.csv");
  static const NodeTypeCatalog catalog = NodeTypeCatalog::Parse(csv, "config/node-types.csv");
  return catalog;
}

inline const ServiceUpdateCatalog& ShippedServiceUpdateCatalog() {
  static const std::string csv = ReadRepoFile("config/service-updates.csv");
  static const ServiceUpdateCatalog catalog =
      ServiceUpdateCatalog::Parse(csv, "config/service-updates.csv");
  return catalog;
}

}  // namespace ecl::testing

// The catalogs the repository ships in config/, parsed once, for tests that check rules
// against the real parameter data rather than a hand-made sample.
#pragma once

#include <string>

#include "model/parameter_catalog.h"
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

}  // namespace ecl::testing

#include "handlers/catalogs.h"

#include <fstream>
#include <future>
#include <sstream>

namespace ecl {

// config/*.csv, embedded at build time (handlers/CMakeLists.txt).
extern const char kEmbeddedReservedOfferings[];
extern const char kEmbeddedEngineVersions[];
extern const char kEmbeddedNodeTypes[];
extern const char kEmbeddedCacheParameters[];
extern const char kEmbeddedNodeTypeValues[];
extern const char kEmbeddedDefaultParameterGroups[];
extern const char kEmbeddedServiceUpdates[];

ReservedOfferingCatalog LoadReservedOfferingCatalog(const std::string& file) {
  if (file.empty())
    return ReservedOfferingCatalog::Parse(kEmbeddedReservedOfferings,
                                          "built-in config/reserved-offerings.csv");
  std::ifstream in(file);
  if (!in) throw CatalogError("cannot read reserved offerings file '" + file + "'");
  std::stringstream text;
  text << in.rdbuf();
  return ReservedOfferingCatalog::Parse(text.str(), file);
}

std::shared_ptr<const Catalogs> LoadCatalogs(const std::string& reserved_offerings_file) {
  auto catalogs = std::make_shared<Catalogs>();
  // The two largest catalogs parse on threads of their own meanwhile: most of the start-up
  // time is theirs. A parse error is rethrown here by get().
  auto reserved_offerings = std::async(std::launch::async, [&reserved_offerings_file] {
    return LoadReservedOfferingCatalog(reserved_offerings_file);
  });
  auto parameters = std::async(std::launch::async, [] {
    return ParameterCatalog::Parse(
        {kEmbeddedCacheParameters, "built-in config/cache-parameters/parameters.csv"},
        {kEmbeddedNodeTypeValues, "built-in config/cache-parameters/node-type-values.csv"},
        {kEmbeddedDefaultParameterGroups, "built-in config/cache-parameters/default-groups.csv"});
  });
  catalogs->engines =
      EngineCatalog::Parse(kEmbeddedEngineVersions, "built-in config/engine-versions.csv");
  catalogs->node_types =
      NodeTypeCatalog::Parse(kEmbeddedNodeTypes, "built-in config/node-types.csv");
  catalogs->service_updates =
      ServiceUpdateCatalog::Parse(kEmbeddedServiceUpdates, "built-in config/service-updates.csv");
  catalogs->reserved_offerings = reserved_offerings.get();
  catalogs->parameters = parameters.get();
  return catalogs;
}

}  // namespace ecl

#include "model/engine_version_rules.h"

#include "model/aws_faults.h"
#include "model/identifiers.h"

namespace ecl {

std::string ValidateReplicationGroupEngine(std::string_view engine) {
  std::string lower = ToLowerAscii(engine);
  if (lower != "redis" && lower != "valkey")
    throw faults::InvalidParameterValueException("Invalid engine: " + std::string(engine) +
                                                 ". Replication groups support redis and valkey.");
  return lower;
}

const EngineVersionEntry& ResolveEngineVersion(const EngineCatalog& catalog,
                                               std::string_view engine,
                                               const std::optional<std::string>& requested,
                                               bool accept_actual_version) {
  const EngineVersionEntry* entry = nullptr;
  if (!requested) {
    entry = catalog.DefaultVersion(engine);
  } else {
    entry = catalog.Resolve(engine, *requested);
    if (entry == nullptr && accept_actual_version) entry = catalog.FindActual(engine, *requested);
  }
  if (entry == nullptr)
    throw faults::InvalidParameterCombinationException(
        "Cannot find version " + requested.value_or("") + " for " + std::string(engine));
  return *entry;
}

}  // namespace ecl

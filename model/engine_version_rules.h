// Which engine and engine version a create request gets, resolved through the engine catalog:
// the engine must be one a replication group runs (redis, valkey), the version one of the
// forms ElastiCache accepts for it (7.1, 7.1.0, 6.2, 6.x, 5.0.6, ...) or, when omitted, the
// engine's default. Pure functions; thread-safe. Sources: docs/parameter-groups.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/engine_catalog.h"

namespace ecl {

// Engine of a replication group, case-insensitive, returned lower case; anything but redis
// and valkey is InvalidParameterValue.
std::string ValidateReplicationGroupEngine(std::string_view engine);

// The catalog entry `requested` selects for `engine` (its default when absent). An unknown
// version is InvalidParameterCombination "Cannot find version X for redis". With
// `accept_actual_version` the full version a cluster reports ("6.0.5") is accepted too: a
// restore takes the version its snapshot recorded.
const EngineVersionEntry& ResolveEngineVersion(const EngineCatalog& catalog,
                                               std::string_view engine,
                                               const std::optional<std::string>& requested,
                                               bool accept_actual_version = false);

}  // namespace ecl

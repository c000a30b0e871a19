// Engine defaults: the engine version and default parameter group ElastiCache picks when a
// request leaves them out.
#pragma once

#include <string>

namespace ecl {

// "redis" → "7.1.0", "valkey" → "8.0.1"; the newest version each engine defaults to.
std::string DefaultEngineVersion(const std::string& engine);
// The parameter group family of an engine version: redis 7.1.0 → "redis7",
// redis 6.2.6 → "redis6.x", redis 5.0.6 → "redis5.0", valkey 8.0.1 → "valkey8".
std::string ParameterGroupFamily(const std::string& engine, const std::string& version);
// "default.redis7", or "default.redis7.cluster.on" for cluster mode enabled groups.
std::string DefaultParameterGroupName(const std::string& engine, const std::string& version,
                                      bool cluster_enabled);

}  // namespace ecl

namespace ecl {
// Engine must be redis or valkey (case-insensitive; returned lower case) and the version one
// ElastiCache offers for it, else InvalidParameterValue / InvalidParameterCombination.
std::string ValidateEngine(const std::string& engine);
void ValidateEngineVersion(const std::string& engine, const std::string& version);
}  // namespace ecl

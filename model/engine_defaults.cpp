#include "model/engine_defaults.h"

namespace ecl {

std::string DefaultEngineVersion(const std::string& engine) {
  return engine == "valkey" ? "8.0.1" : "7.1.0";
}

std::string ParameterGroupFamily(const std::string& engine, const std::string& version) {
  std::string major = version.substr(0, version.find('.'));
  if (engine == "valkey") return "valkey" + major;
  if (major == "6") return "redis6.x";
  if (major.empty() || std::stoi(major) >= 7) return "redis" + (major.empty() ? "7" : major);
  // 5.0.x, 4.0.x, 3.2.x, 2.8.x families keep major.minor.
  auto second_dot = version.find('.', major.size() + 1);
  return "redis" + version.substr(0, second_dot);
}

std::string DefaultParameterGroupName(const std::string& engine, const std::string& version,
                                      bool cluster_enabled) {
  return "default." + ParameterGroupFamily(engine, version) +
         (cluster_enabled ? ".cluster.on" : "");
}

}  // namespace ecl

#include <algorithm>
#include <vector>

#include "model/aws_faults.h"

namespace ecl {

std::string ValidateEngine(const std::string& engine) {
  std::string lower = engine;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (lower != "redis" && lower != "valkey")
    throw faults::InvalidParameterValueException("Invalid engine: " + engine +
                                                 ". Replication groups support redis and valkey.");
  return lower;
}

void ValidateEngineVersion(const std::string& engine, const std::string& version) {
  // Versions ElastiCache lists in DescribeCacheEngineVersions, plus the major.minor forms
  // its API accepts for 6 and later.
  static const std::vector<std::string> kRedis = {
      "2.8.24", "3.2.4", "3.2.6", "3.2.10", "4.0.10", "5.0.0", "5.0.3", "5.0.4", "5.0.5",
      "5.0.6",  "6.x",   "6.0",   "6.2",    "6.2.6",  "7.0",   "7.0.7", "7.1",   "7.1.0"};
  static const std::vector<std::string> kValkey = {"7.2", "7.2.6", "8.0", "8.0.1", "8.1", "8.1.0"};
  const auto& known = engine == "valkey" ? kValkey : kRedis;
  if (std::find(known.begin(), known.end(), version) == known.end())
    throw faults::InvalidParameterCombinationException("Cannot find version " + version + " for " +
                                                       engine);
}

}  // namespace ecl

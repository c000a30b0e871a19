#include "model/serverless_cache_rules.h"

#include "model/characters.h"

#include <algorithm>
#include <cstdio>

#include "model/aws_faults.h"
#include "model/identifiers.h"
#include "model/lifecycle.h"
#include "model/naming.h"
#include "model/security_group_rules.h"
#include "model/time_windows.h"
#include "model/timestamp.h"
#include "model/user_rules.h"

namespace ecl {

namespace {

constexpr std::string_view kRedis = "redis";
constexpr std::string_view kValkey = "valkey";
constexpr std::string_view kMemcached = "memcached";

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

// "<prefix>" followed by 17 hexadecimal digits derived from `seed`; the hash is mixed so ids of
// neighbouring seeds look unrelated.
std::string DerivedServerlessId(std::string_view prefix, const std::string& seed) {
  uint64_t h = StableHash(seed);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  char hex[18];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return std::string(prefix) + "0" + hex;
}

std::vector<std::string> WithoutRepeats(const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  for (const auto& id : ids)
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  return out;
}

UsageBounds CheckBounds(const UsageBounds& given, std::string_view limit, int min, int max,
                        std::string_view unit) {
  UsageBounds out;
  for (auto [value, kept] : {std::pair{given.maximum, &out.maximum},
                             std::pair{given.minimum, &out.minimum}}) {
    if (!value || *value == 0) continue;
    if (*value < min || *value > max)
      throw faults::InvalidParameterValueException(
          "Invalid value for " + std::string(limit) + " limit. Must be between " +
          std::to_string(min) + " and " + std::to_string(max) + std::string(unit) +
          ". You can set the value to zero to remove the limit.");
    *kept = value;
  }
  if (out.maximum && out.minimum && *out.minimum > *out.maximum)
    throw faults::InvalidParameterValueException(
        "Invalid " + std::string(limit) + " limits: the minimum " +
        std::to_string(*out.minimum) + " is greater than the maximum " +
        std::to_string(*out.maximum) + ".");
  return out;
}

// Minutes after midnight of "HH:MM", or -1 when malformed.
int MinuteOfDay(std::string_view time) {
  if (time.size() != 5 || time[2] != ':' || !IsDigit(time[0]) || !IsDigit(time[1]) ||
      !IsDigit(time[3]) || !IsDigit(time[4]))
    return -1;
  int hours = (time[0] - '0') * 10 + (time[1] - '0');
  int minutes = (time[3] - '0') * 10 + (time[4] - '0');
  if (hours > 23 || minutes > 59) return -1;
  return hours * 60 + minutes;
}

std::string DisplayEngine(std::string_view engine) {
  if (engine == kRedis) return "Redis OSS";
  if (engine == kValkey) return "Valkey";
  return "Memcached";
}

}  // namespace

std::string ValidateServerlessCacheName(std::string_view name) {
  return ValidateIdentifier("ServerlessCacheName", name, kMaxServerlessCacheNameLength);
}

std::string ValidateServerlessCacheDescription(std::string_view description) {
  if (description.size() > kMaxServerlessCacheDescriptionLength)
    throw faults::InvalidParameterValueException(
        "The parameter Description cannot be longer than 255 characters.");
  return std::string(description);
}

std::string ValidateServerlessEngine(std::string_view engine) {
  std::string lower = ToLowerAscii(engine);
  if (lower == kRedis || lower == kValkey || lower == kMemcached) return lower;
  throw faults::InvalidParameterValueException(
      "Invalid engine: " + std::string(engine) +
      ". Serverless caches support the engines valkey, redis and memcached.");
}

std::vector<std::string> ServerlessMajorVersions(std::string_view engine) {
  if (engine == kValkey) return {"7", "8"};
  if (engine == kMemcached) return {"1.6"};
  return {"7"};
}

std::string DefaultServerlessMajorVersion(std::string_view engine) {
  return ServerlessMajorVersions(engine).back();
}

std::string ValidateServerlessMajorVersion(std::string_view engine, std::string_view requested) {
  auto majors = ServerlessMajorVersions(engine);
  if (std::find(majors.begin(), majors.end(), requested) != majors.end())
    return std::string(requested);
  throw faults::InvalidParameterValueException(
      "Invalid MajorEngineVersion " + std::string(requested) + " for engine " +
      std::string(engine) + ". Serverless caches of " + DisplayEngine(engine) +
      " run major version " + Joined(majors) + ".");
}

std::string ServerlessFullEngineVersion(const EngineCatalog& catalog, std::string_view engine,
                                        std::string_view major) {
  const std::string prefix = std::string(major) + ".";
  const EngineVersionEntry* newest = nullptr;
  for (const auto& e : catalog.entries()) {
    if (e.engine != engine || e.engine_version.rfind(prefix, 0) != 0) continue;
    if (!newest || CompareEngineVersions(e.engine_version, newest->engine_version) > 0)
      newest = &e;
  }
  return newest ? newest->engine_version : std::string(major);
}

ServerlessUsageLimits ValidateUsageLimits(const UsageLimitsRequest& request) {
  ServerlessUsageLimits out;
  if (request.data_storage) {
    if (request.data_storage_unit != kDataStorageUnit)
      throw faults::InvalidParameterValueException(
          "Invalid value for DataStorage Unit: " + request.data_storage_unit +
          ". The only valid value is GB.");
    UsageBounds b = CheckBounds(*request.data_storage, "DataStorage", kMinDataStorageGb,
                                kMaxDataStorageGb, " GB");
    if (b.maximum || b.minimum) out.data_storage_gb = b;
  }
  if (request.ecpu_per_second) {
    UsageBounds b = CheckBounds(*request.ecpu_per_second, "ECPUPerSecond", kMinEcpuPerSecond,
                                kMaxEcpuPerSecond, "");
    if (b.maximum || b.minimum) out.ecpu_per_second = b;
  }
  return out;
}

std::string ValidateDailySnapshotTime(std::string_view time) {
  if (MinuteOfDay(time) < 0)
    throw faults::InvalidParameterValueException(
        "Invalid DailySnapshotTime: " + std::string(time) +
        ". Specify the time of day in UTC as HH:MM, for example 09:00.");
  return std::string(time);
}

std::string DefaultDailySnapshotTime(std::string_view seed) {
  const int hour = 3 + static_cast<int>(StableHash("daily-snapshot/" + std::string(seed)) % 8);
  char text[6];
  std::snprintf(text, sizeof text, "%02d:00", hour);
  return text;
}

int ValidateServerlessSnapshotRetention(int days) {
  if (days < 0 || days > kMaxServerlessSnapshotRetentionDays)
    throw faults::InvalidParameterValueException(
        "Invalid value for SnapshotRetentionLimit: " + std::to_string(days) +
        ". It must be between 0 and 35 days.");
  return days;
}

ServerlessNetwork ResolveServerlessNetwork(const SimulatedNetwork& network,
                                           std::string_view account, std::string_view region,
                                           const std::vector<std::string>& subnet_ids,
                                           const std::optional<std::string>& network_type) {
  if (network_type && *network_type != NetworkType::kIpv4 &&
      *network_type != NetworkType::kIpv6 && *network_type != NetworkType::kDualStack)
    throw faults::InvalidParameterValueException("Invalid value for NetworkType: " +
                                                 *network_type +
                                                 ". Valid values are: ipv4, ipv6, dual_stack.");
  std::vector<NetworkSubnet> subnets;
  if (subnet_ids.empty()) {
    subnets = network.DefaultSubnets(account, region);
    if (subnets.empty())
      throw faults::InvalidParameterValueException(
          "The region has no default subnets to place the serverless cache in: specify "
          "SubnetIds.");
    subnets.resize(std::min<std::size_t>(subnets.size(), region == "us-west-1" ? 2 : 3));
  } else {
    for (const auto& id : WithoutRepeats(subnet_ids)) {
      if (!IsWellFormedSubnetId(id))
        throw faults::InvalidParameterValueException(
            "Invalid subnet id '" + id +
            "' in SubnetIds: a subnet id is subnet- followed by hexadecimal digits, for example "
            "subnet-0a1b2c3d.");
      auto subnet = network.Find(account, region, id);
      if (!subnet)
        throw faults::InvalidParameterValueException("The subnet " + id + " does not exist.");
      if (!subnets.empty() && subnet->vpc_id != subnets.front().vpc_id)
        throw faults::InvalidParameterValueException(
            "All the subnets of a serverless cache must belong to the same VPC: " +
            subnets.front().id + " is in " + subnets.front().vpc_id + ", " + id + " in " +
            subnet->vpc_id + ".");
      subnets.push_back(std::move(*subnet));
    }
  }
  ServerlessNetwork out;
  out.vpc_id = subnets.front().vpc_id;
  for (const auto& s : subnets) out.subnet_ids.push_back(s.id);
  const bool all_ipv6_only = std::all_of(subnets.begin(), subnets.end(),
                                         [](const NetworkSubnet& s) { return s.ipv6 && !s.ipv4; });
  out.network_type = network_type ? *network_type
                                  : std::string(all_ipv6_only ? NetworkType::kIpv6
                                                              : NetworkType::kIpv4);
  for (const auto& s : subnets) {
    auto supported = SupportedNetworkTypesOf(s);
    if (std::find(supported.begin(), supported.end(), out.network_type) == supported.end())
      throw faults::InvalidParameterCombinationException(
          "The subnet " + s.id + " does not support NetworkType " + out.network_type +
          " (it supports " + Joined(supported) +
          "): ipv6 needs IPv6-only subnets, dual_stack dual-stack ones.");
  }
  return out;
}

std::string DefaultVpcSecurityGroupId(std::string_view vpc_id) {
  return DerivedServerlessId("sg-", "default-security-group/" + std::string(vpc_id));
}

std::vector<std::string> ValidateServerlessSecurityGroupIds(const std::vector<std::string>& ids) {
  ValidateSecurityGroupIds(ids);
  return WithoutRepeats(ids);
}

void CheckServerlessEngineTakesUserGroup(std::string_view engine) {
  if (engine == kMemcached)
    throw faults::InvalidParameterCombinationException(
        "User groups are available for Valkey and Redis OSS serverless caches only, not for "
        "Memcached.");
}

void CheckUserGroupFitsServerlessCache(std::string_view engine, const UserGroup& group) {
  CheckServerlessEngineTakesUserGroup(engine);
  RequireActiveUserGroup(group, "associated with a serverless cache");
  if (engine == kRedis && group.engine != kRedis)
    throw faults::InvalidParameterCombinationException(
        "User group " + group.id + " has engine " + group.engine +
        ". A Redis OSS serverless cache can only use user groups of engine redis.");
}

ServerlessEngineChoice PlanServerlessEngineChange(const ServerlessCache& cache,
                                                  const std::optional<std::string>& engine,
                                                  const std::optional<std::string>& major) {
  ServerlessEngineChoice choice{engine ? ValidateServerlessEngine(*engine) : cache.engine,
                                cache.major_engine_version};
  if ((choice.engine == kMemcached) != (cache.engine == kMemcached))
    throw faults::InvalidParameterCombinationException(
        "Serverless cache " + cache.id + " runs " + DisplayEngine(cache.engine) +
        " and cannot be changed to " + DisplayEngine(choice.engine) +
        ". Only Redis OSS and Valkey caches can change their engine, into each other.");
  if (major) {
    choice.major_engine_version = ValidateServerlessMajorVersion(choice.engine, *major);
  } else if (choice.engine != cache.engine) {
    auto majors = ServerlessMajorVersions(choice.engine);
    // Keep the major version when the new engine has it (Valkey 7 is Redis OSS 7's drop-in).
    if (std::find(majors.begin(), majors.end(), cache.major_engine_version) == majors.end())
      choice.major_engine_version = DefaultServerlessMajorVersion(choice.engine);
  }
  if (CompareEngineVersions(choice.major_engine_version, cache.major_engine_version) < 0)
    throw faults::InvalidParameterValueException(
        "Serverless cache " + cache.id + " runs " + DisplayEngine(cache.engine) + " " +
        cache.major_engine_version + "; its major engine version cannot be downgraded to " +
        choice.major_engine_version + ".");
  return choice;
}

int ServerlessPort(std::string_view engine) { return engine == kMemcached ? 11211 : 6379; }
int ServerlessReaderPort(std::string_view engine) { return ServerlessPort(engine) + 1; }

void RequireServerlessCacheAvailable(const ServerlessCache& cache, std::string_view action) {
  if (cache.status != ServerlessCacheStatus::kAvailable)
    throw faults::InvalidServerlessCacheStateFault(
        "Serverless cache " + cache.id + " has status " + cache.status +
        ". It must be available to be " + std::string(action) + ".");
}

void ScheduleDailySnapshot(ServerlessCache& cache, Timestamp after) {
  if (cache.snapshot_retention_limit <= 0 || cache.transition ||
      cache.status != ServerlessCacheStatus::kAvailable)
    return;
  const int minute = MinuteOfDay(cache.daily_snapshot_time);
  if (minute < 0) return;
  const SnapshotWindow window{minute, (minute + kMinimumWindowMinutes) % kMinutesPerDay};
  cache.transition = Transition{kDailySnapshot, after,
                                Timestamp{NextWindowStart(window, after.epoch_ms)}};
}

std::string AutomaticSnapshotName(std::string_view cache, Timestamp at) {
  const std::string iso = FormatIso8601(at);  // YYYY-MM-DDTHH:MM:SS.mmmZ
  return "automatic." + std::string(cache) + "-" + iso.substr(0, 10) + "-" + iso.substr(11, 2) +
         "-" + iso.substr(14, 2);
}

}  // namespace ecl

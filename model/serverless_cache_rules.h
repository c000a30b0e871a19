// Rules of serverless caches (CreateServerlessCache, ModifyServerlessCache,
// DeleteServerlessCache) as pure functions: names and descriptions, engines and their major
// versions, the full version a major version runs, usage limits, the daily snapshot settings,
// subnets (resolved against the simulated network of model/subnet_rules.h), security groups and
// network types, which user groups a cache may use, the engine
// upgrades ModifyServerlessCache allows, and the daily automatic snapshot schedule. Every
// violation throws the fault the service model lists for the operation. Sources and the
// choices made where AWS is silent: docs/serverless.md. Thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/engine_catalog.h"
#include "model/serverless_cache.h"
#include "model/subnet_rules.h"
#include "model/user_group.h"

namespace ecl {

inline constexpr std::size_t kMaxServerlessCacheNameLength = 40;
inline constexpr std::size_t kMaxServerlessCacheDescriptionLength = 255;
// "Serverless caches per Region: 40" (ElastiCache quotas).
inline constexpr int kDefaultServerlessCacheQuota = 40;
inline constexpr int kMaxServerlessSnapshotRetentionDays = 35;
// The ranges AWS answers with ("Invalid value for ECPUPerSecond limit. Must be between 1000
// and 15000000. You can set the value to zero to remove the limit.") and documents for data
// storage (1 to 5,000 GB).
inline constexpr int kMinDataStorageGb = 1;
inline constexpr int kMaxDataStorageGb = 5000;
inline constexpr int kMinEcpuPerSecond = 1000;
inline constexpr int kMaxEcpuPerSecond = 15000000;
inline constexpr std::string_view kDataStorageUnit = "GB";

// ServerlessCacheName: the identifier rule, 1-40 characters; returned lower case.
std::string ValidateServerlessCacheName(std::string_view name);
// Description: at most 255 characters.
std::string ValidateServerlessCacheDescription(std::string_view description);
// Engine: valkey, redis or memcached, any case; returned lower case.
std::string ValidateServerlessEngine(std::string_view engine);
// The major versions a serverless cache of `engine` runs, oldest first, and the one a create
// without MajorEngineVersion gets.
std::vector<std::string> ServerlessMajorVersions(std::string_view engine);
std::string DefaultServerlessMajorVersion(std::string_view engine);
// MajorEngineVersion must be one of the engine's (InvalidParameterValue).
std::string ValidateServerlessMajorVersion(std::string_view engine, std::string_view requested);
// FullEngineVersion: serverless caches always run the newest minor version of their major
// version, so it is the newest of the catalog's versions of that engine and major version
// ("7" -> "7.1", "1.6" -> "1.6.22"); the major version itself when the catalog has none.
std::string ServerlessFullEngineVersion(const EngineCatalog& catalog, std::string_view engine,
                                        std::string_view major);

// CacheUsageLimits as a request gives them.
struct UsageLimitsRequest {
  std::optional<UsageBounds> data_storage;
  std::string data_storage_unit{kDataStorageUnit};
  std::optional<UsageBounds> ecpu_per_second;
};
// Each bound within its range (data storage 1-5000 GB, ECPU 1000-15000000 per second; 0 means
// no bound), Unit GB, minimum not above maximum; InvalidParameterValue otherwise. A limit left
// without bounds is dropped, as AWS shows none for it.
ServerlessUsageLimits ValidateUsageLimits(const UsageLimitsRequest& request);

// DailySnapshotTime "HH:MM" (UTC, 24-hour); returned as given.
std::string ValidateDailySnapshotTime(std::string_view time);
// The time a cache gets when the request names none: on the hour between 03:00 and 10:00,
// derived from `seed` (the cache name) so that runs agree.
std::string DefaultDailySnapshotTime(std::string_view seed);
// SnapshotRetentionLimit: 0-35 days.
int ValidateServerlessSnapshotRetention(int days);

// Where a new serverless cache's VPC endpoint goes.
struct ServerlessNetwork {
  std::vector<std::string> subnet_ids;
  std::string vpc_id;
  std::string network_type;
};
// SubnetIds resolved against the network: each well-formed and existing for the caller, all in
// one VPC (InvalidParameterValue: CreateServerlessCache lists no subnet fault), without
// repeats; none given, the default VPC's default subnets, three of them (two in us-west-1) —
// InvalidParameterValue when the region has none. NetworkType ipv4, ipv6 or dual_stack
// (InvalidParameterValue otherwise) must be one every subnet supports: ipv6 needs IPv6-only
// subnets, dual_stack dual-stack ones (InvalidParameterCombination); none given, ipv6 when
// every subnet is IPv6-only, else ipv4.
ServerlessNetwork ResolveServerlessNetwork(const SimulatedNetwork& network,
                                           std::string_view account, std::string_view region,
                                           const std::vector<std::string>& subnet_ids,
                                           const std::optional<std::string>& network_type);
// The default security group of a VPC, used when SecurityGroupIds names none.
std::string DefaultVpcSecurityGroupId(std::string_view vpc_id);
// SecurityGroupIds: the sg- rule of VPC security groups; returned without repeats.
std::vector<std::string> ValidateServerlessSecurityGroupIds(const std::vector<std::string>& ids);

// User groups are for Valkey and Redis OSS caches only (InvalidParameterCombination for
// Memcached).
void CheckServerlessEngineTakesUserGroup(std::string_view engine);
// A user group the cache of `engine` is to use: the engine takes user groups, the group is
// active (InvalidUserGroupState), and of engine redis for a Redis OSS cache (a Valkey cache
// takes groups of either engine).
void CheckUserGroupFitsServerlessCache(std::string_view engine, const UserGroup& group);

// Engine and major version after ModifyServerlessCache's Engine / MajorEngineVersion.
struct ServerlessEngineChoice {
  std::string engine;
  std::string major_engine_version;
  bool operator==(const ServerlessEngineChoice&) const = default;
};
// Memcached stays Memcached, Redis OSS and Valkey may change into each other (Redis OSS 7 to
// Valkey 7 or 8, and back to Redis OSS at the same major version); a major version may rise,
// never fall. Unchanged values are no change. Throws InvalidParameterValue or
// InvalidParameterCombination.
ServerlessEngineChoice PlanServerlessEngineChange(const ServerlessCache& cache,
                                                  const std::optional<std::string>& engine,
                                                  const std::optional<std::string>& major);

// Endpoint ports: 6379 (reads and writes) and 6380 (reads from replicas) for Valkey and Redis
// OSS, 11211 and 11212 for Memcached.
int ServerlessPort(std::string_view engine);
int ServerlessReaderPort(std::string_view engine);

// InvalidServerlessCacheStateFault unless the cache is available.
void RequireServerlessCacheAvailable(const ServerlessCache& cache, std::string_view action);

// The daily automatic snapshot: when a cache that keeps snapshots (retention > 0) is available
// and has nothing else under way, its next snapshot is its transition, due at the next
// DailySnapshotTime at or after `after`. Does nothing otherwise.
void ScheduleDailySnapshot(ServerlessCache& cache, Timestamp after);
// The name of the automatic snapshot taken at `at`: "automatic.<cache>-YYYY-MM-DD-HH-MM".
std::string AutomaticSnapshotName(std::string_view cache, Timestamp at);

}  // namespace ecl

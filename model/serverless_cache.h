// ServerlessCache: an ElastiCache Serverless cache (CreateServerlessCache …
// DeleteServerlessCache) — its engine and major version, usage limits, the network it is
// reached from (subnets, security groups), its user group, the daily snapshot settings, and its
// status with the pending transition. The endpoints and the full engine version are derived
// when the cache is shown. Plain data.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/api_value.h"
#include "model/transition.h"

namespace ecl {

// Statuses of a serverless cache as DescribeServerlessCaches shows them (lower case, as AWS's
// examples and terraform-provider-aws's waiters have them).
struct ServerlessCacheStatus {
  static constexpr const char* kCreating = "creating";
  static constexpr const char* kAvailable = "available";
  static constexpr const char* kModifying = "modifying";
  static constexpr const char* kDeleting = "deleting";
};

// ARN resource types: arn:aws:elasticache:REGION:ACCOUNT:serverlesscache:NAME and
// …:serverlesscachesnapshot:NAME.
inline constexpr std::string_view kArnServerlessCache = "serverlesscache";
inline constexpr std::string_view kArnServerlessCacheSnapshot = "serverlesscachesnapshot";

// One limit of CacheUsageLimits as the request gave it: AWS shows only the bounds that were
// set (Terraform compares them member by member).
struct UsageBounds {
  std::optional<int> maximum;
  std::optional<int> minimum;
  bool operator==(const UsageBounds&) const = default;
};

struct ServerlessUsageLimits {
  std::optional<UsageBounds> data_storage_gb;  // DataStorage, Unit GB
  std::optional<UsageBounds> ecpu_per_second;  // ECPUPerSecond
  bool operator==(const ServerlessUsageLimits&) const = default;
};

struct ServerlessCache {
  std::string account;
  std::string region;
  std::string id;  // ServerlessCacheName, lower case
  std::string description;
  std::string engine;                // redis | valkey | memcached
  std::string major_engine_version;  // "7", "8", "1.6"
  ServerlessUsageLimits usage_limits;
  std::optional<std::string> kms_key_id;
  std::vector<std::string> security_group_ids;
  std::vector<std::string> subnet_ids;
  std::optional<std::string> user_group_id;
  int snapshot_retention_limit = 0;  // days automatic snapshots are kept; 0 takes none
  std::string daily_snapshot_time;   // "HH:MM" UTC
  std::string network_type = "ipv4";
  std::string endpoint_address;  // the reader endpoint shares it, on the next port
  // An engine or major version upgrade under way (ModifyServerlessCache): shown once the
  // transition is done.
  std::optional<std::string> pending_engine;
  std::optional<std::string> pending_major_engine_version;
  std::string status = ServerlessCacheStatus::kCreating;
  std::optional<Transition> transition;
  Timestamp created_at;
};

}  // namespace ecl

// CacheParameterGroup: a named set of engine parameter values of one family (redis7,
// valkey8, memcached1.6, ...). A group stores only what its user changed; every other value
// comes from the parameter catalog (the family's defaults, or a default group's overrides).
// The default groups (default.redis7, default.redis7.cluster.on, ...) are records too, seeded
// from the catalog in each account and region and flagged built_in. Plain data; the rules
// live in parameter_group_rules.h.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/api_value.h"
#include "model/transition.h"

namespace ecl {

// The resource type of parameter group ARNs:
// arn:aws:elasticache:REGION:ACCOUNT:parametergroup:NAME.
inline constexpr std::string_view kArnParameterGroup = "parametergroup";

// Cache parameter groups an account may create per region (the default groups do not count).
// Service Quotas lists "Parameter groups per Region" with 150; configurable.
inline constexpr int kDefaultParameterGroupsQuota = 150;

// A parameter whose new value is still being applied: until `until` the group "has pending
// changes" for it (ResetCacheParameterGroup and DeleteCacheParameterGroup refuse).
struct PendingParameterChange {
  std::string name;
  Timestamp until;
};

struct CacheParameterGroup {
  std::string account;
  std::string region;
  std::string id;  // CacheParameterGroupName, lower case
  std::string family;
  std::string description;
  // A default group ElastiCache creates: it cannot be modified, reset or deleted.
  bool built_in = false;
  // Created by ElastiCache for a member of a global datastore (IsGlobal).
  bool is_global = false;
  // Values the user set (Source "user"), by parameter name.
  std::map<std::string, std::string> values;
  std::vector<PendingParameterChange> pending;
  // Parameter groups have no lifecycle of their own; never set.
  std::optional<Transition> transition;
};

}  // namespace ecl

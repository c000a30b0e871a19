// CacheSubnetGroup: a named set of subnets of one VPC that a cluster's nodes are placed in, as
// ElastiCache describes it. The subnets are copied in when the group is created or modified
// (id, zone, what they support), so a group reads the same after the network's configuration
// changes. Plain data; the rules live in model/subnet_rules.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/transition.h"

namespace ecl {

// The resource type in a subnet group's ARN: arn:aws:elasticache:REGION:ACCOUNT:subnetgroup:NAME.
inline constexpr std::string_view kArnSubnetGroup = "subnetgroup";
// The subnet group every account and region has and clusters use when they name none.
inline constexpr std::string_view kDefaultCacheSubnetGroupName = "default";
// Its description, as AWS's examples show it.
inline constexpr std::string_view kDefaultCacheSubnetGroupDescription = "Default CacheSubnetGroup";

// Network types as the API spells them (NetworkType, SupportedNetworkTypes).
struct NetworkType {
  static constexpr const char* kIpv4 = "ipv4";
  static constexpr const char* kIpv6 = "ipv6";
  static constexpr const char* kDualStack = "dual_stack";
};

struct CacheSubnet {
  std::string id;                                    // SubnetIdentifier, e.g. subnet-0a1b2c3d
  std::string availability_zone;                     // SubnetAvailabilityZone.Name
  std::vector<std::string> supported_network_types;  // ipv4, ipv6, dual_stack
};

struct CacheSubnetGroup {
  std::string account;
  std::string region;
  std::string id;  // CacheSubnetGroupName, lower case
  std::string description;
  std::string vpc_id;
  std::vector<CacheSubnet> subnets;  // in the order they were given
  // The `default` group, seeded by the service: it cannot be deleted or tagged.
  bool built_in = false;
  // Subnet groups have no transitional states; the store reads this member of every kind.
  std::optional<Transition> transition;
};

}  // namespace ecl

// The simulated network and the rules of cache subnet groups: which subnets exist (and in which
// VPC and zone), the default subnet group, CreateCacheSubnetGroup / ModifyCacheSubnetGroup's
// checks, the network types a group supports and the zones its clusters may use.
// Pure functions and an immutable network; thread-safe. Every rule throws the model's faults.
//
// The network (docs/subnet-groups.md has the sources of every choice):
// - Without a network file every well-formed subnet id (`subnet-` and 1-17 hexadecimal digits)
//   exists: in the default VPC of the caller's account and region, in the zone its id maps to
//   (a hash of the id over the region's zones), IPv4 only. That VPC and its default subnets,
//   one per zone, have ids derived from (account, region), so they are the same on every run.
// - With a network file only the subnets it declares exist (see SimulatedNetwork::Parse for
//   the format), each in its VPC and zone, IPv4 and/or IPv6; subnets of different VPCs cannot
//   share a group. The default subnet group holds the subnets marked `default_for_az`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/cache_subnet_group.h"
#include "model/naming.h"

namespace ecl {

// ElastiCache's default quotas (User Guide, "Quotas for ElastiCache"): subnet groups per
// region and subnets per subnet group.
inline constexpr int kDefaultCacheSubnetGroupsQuota = 300;
inline constexpr int kDefaultSubnetsPerCacheSubnetGroupQuota = 20;
// CacheSubnetGroupName: "no more than 255 alphanumeric characters or hyphens" (API reference).
inline constexpr std::size_t kMaxCacheSubnetGroupNameLength = 255;

// One subnet of the simulated network.
struct NetworkSubnet {
  std::string id;
  std::string vpc_id;
  std::string region;
  std::string availability_zone;
  bool ipv4 = true;
  bool ipv6 = false;
  bool default_for_az = false;  // a default subnet of the region's default VPC
  std::string account;          // the account it belongs to; "" for every account
  bool operator==(const NetworkSubnet&) const = default;
};

// The header of a network file.
inline constexpr std::string_view kNetworkFileHeader =
    "subnet_id,vpc_id,region,availability_zone,ipv4,ipv6,default_for_az,account";

class SimulatedNetwork {
 public:
  // No file: the default VPC of every account and region, holding every well-formed subnet id.
  SimulatedNetwork() = default;

  // A network file's text (CSV, model/catalog_csv.h): header kNetworkFileHeader, then one
  // subnet per line. ipv4, ipv6 and default_for_az are yes/no (at least one of ipv4 and ipv6);
  // account is a 12-digit account id or empty for every account. The zone must belong to the
  // region (`<region>` followed by a zone suffix). Subnet ids are unique in the file; a VPC
  // lies in one region; the default subnets of one account scope (an account, or every
  // account) and region are of one VPC, at most one per zone. Throws CatalogError
  // "<source>:<line>: ...".
  static SimulatedNetwork Parse(std::string_view csv, const std::string& source);

  // True when a network file declared the subnets.
  bool declared() const { return declared_; }
  // The subnet `id` as (account, region) sees it; nullopt when it does not exist there. Does
  // not check the id's form.
  std::optional<NetworkSubnet> Find(std::string_view account, std::string_view region,
                                    std::string_view id) const;
  // The default VPC's default subnets in zone order; empty when the region has none (a
  // network file that marks none default_for_az).
  std::vector<NetworkSubnet> DefaultSubnets(std::string_view account,
                                            std::string_view region) const;
  // Every zone the region has: its three zones and those of the subnets declared in it.
  std::vector<std::string> Zones(std::string_view account, std::string_view region) const;

 private:
  std::vector<NetworkSubnet> subnets_;
  bool declared_ = false;
};

// The default VPC of (account, region) and its default subnet in `zone`: `vpc-` and
// `subnet-` followed by 17 hexadecimal digits, derived with StableHash.
std::string DefaultVpcId(std::string_view account, std::string_view region);
std::string DefaultSubnetId(std::string_view account, std::string_view region,
                            std::string_view zone);

// `subnet-` followed by 1 to 17 hexadecimal digits.
bool IsWellFormedSubnetId(std::string_view id);
// `vpc-` followed by 1 to 17 hexadecimal digits.
bool IsWellFormedVpcId(std::string_view id);

// CacheSubnetGroupName: the identifier rule, at most 255 characters; returned lower-cased.
std::string ValidateCacheSubnetGroupName(std::string_view name);
// CacheSubnetGroupDescription must not be blank.
std::string ValidateCacheSubnetGroupDescription(std::string_view description);

// What a subnet supports: ipv4 for an IPv4-only subnet, ipv4 and dual_stack for a dual-stack
// subnet, ipv6 for an IPv6-only subnet.
std::vector<std::string> SupportedNetworkTypesOf(const NetworkSubnet& subnet);
// What a group supports: every type one of its subnets supports, in the order ipv4, ipv6,
// dual_stack.
std::vector<std::string> SupportedNetworkTypesOf(const CacheSubnetGroup& group);

struct ResolvedSubnets {
  std::string vpc_id;
  std::vector<CacheSubnet> subnets;  // as requested, duplicates dropped
};

// SubnetIds of CreateCacheSubnetGroup / ModifyCacheSubnetGroup resolved against the network.
// Throws InvalidParameterValue (none given; ids the network does not have, listed as AWS
// lists them), InvalidSubnet (a malformed id; subnets of two VPCs) and
// CacheSubnetQuotaExceededFault (more than `subnets_quota` subnets).
ResolvedSubnets ResolveSubnets(const SimulatedNetwork& network, std::string_view account,
                               std::string_view region, const std::vector<std::string>& ids,
                               int subnets_quota);

// The `default` group of (account, region): the default VPC's default subnets; nullopt when
// the region has no default VPC.
std::optional<CacheSubnetGroup> DefaultCacheSubnetGroup(const SimulatedNetwork& network,
                                                        std::string_view account,
                                                        std::string_view region);

// NetworkType must be ipv4, ipv6 or dual_stack (InvalidParameterValue) and one the group
// supports (InvalidParameterCombination).
void CheckNetworkTypeSupported(const CacheSubnetGroup& group, std::string_view network_type);

// Where clusters of a group on `group` with `network_type` go: the distinct zones of the
// subnets that support that type, in name order (all of its zones when none does, as for a
// group whose subnets were changed under its clusters), within `region_zones`.
ZonePlacement PlacementIn(const CacheSubnetGroup& group, std::string_view network_type,
                          std::vector<std::string> region_zones);

// A zone a cluster on the group is placed in.
struct ZoneInUse {
  std::string zone;
  std::string cache_cluster_id;
};

// ModifyCacheSubnetGroup may not take away the subnets clusters use: every zone in use must
// keep a subnet, and a group in use stays in its VPC. Throws SubnetInUse naming a subnet that
// would go.
void CheckSubnetsInUse(const CacheSubnetGroup& before, const ResolvedSubnets& after,
                       const std::vector<ZoneInUse>& in_use);

}  // namespace ecl

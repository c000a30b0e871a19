#include "model/subnet_rules.h"

#include "model/characters.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include "model/aws_faults.h"
#include "model/catalog_csv.h"
#include "model/identifiers.h"

namespace ecl {
namespace {

bool IsPrefixedHexId(std::string_view id, std::string_view prefix) {
  if (id.substr(0, prefix.size()) != prefix) return false;
  std::string_view digits = id.substr(prefix.size());
  if (digits.empty() || digits.size() > 17) return false;
  return std::all_of(digits.begin(), digits.end(), IsHexDigit);
}

// "0" and 16 hexadecimal digits of the hash: the 17-digit form of current AWS ids. The hash is
// mixed (the splitmix64 finalizer) so ids of seeds that differ in one character look unrelated.
std::string DerivedNetworkId(std::string_view prefix, const std::string& seed) {
  constexpr char kHex[] = "0123456789abcdef";
  uint64_t h = StableHash(seed);
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
  h ^= h >> 31;
  std::string digits(16, '0');
  for (int i = 15; i >= 0; --i) {
    digits[static_cast<std::size_t>(i)] = kHex[h & 0xF];
    h >>= 4;
  }
  return std::string(prefix) + "0" + digits;
}

bool SameScope(const NetworkSubnet& s, std::string_view account, std::string_view region) {
  return s.region == region && (s.account.empty() || s.account == account);
}

// In default-VPC mode the zone of a subnet id: its own zone for a default subnet, else the
// zone the id hashes to.
std::string ZoneOfId(std::string_view account, std::string_view region, std::string_view id) {
  const std::vector<std::string> zones = AvailabilityZonesForRegion(region);
  for (const std::string& zone : zones)
    if (DefaultSubnetId(account, region, zone) == id) return zone;
  return zones[StableHash("subnet-zone/" + std::string(id)) % zones.size()];
}

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

CacheSubnet ToCacheSubnet(const NetworkSubnet& s) {
  return {s.id, s.availability_zone, SupportedNetworkTypesOf(s)};
}

bool Supports(const CacheSubnet& subnet, std::string_view network_type) {
  return std::find(subnet.supported_network_types.begin(), subnet.supported_network_types.end(),
                   network_type) != subnet.supported_network_types.end();
}

}  // namespace

SimulatedNetwork SimulatedNetwork::Parse(std::string_view csv, const std::string& source) {
  SimulatedNetwork network;
  network.declared_ = true;
  std::map<std::string, int> seen_ids;              // subnet id -> line
  std::map<std::string, std::string> vpc_regions;   // vpc -> region
  std::map<std::string, std::string> default_vpcs;  // account|region -> vpc
  std::set<std::string> default_zones;              // account|region|zone
  for (const CatalogRow& row : ReadCatalogRows(csv, source, kNetworkFileHeader)) {
    CatalogFields f(row, source);
    NetworkSubnet s;
    s.id = f.Required(0, "subnet_id");
    if (!IsWellFormedSubnetId(s.id))
      f.Fail("subnet_id must be subnet- followed by 1 to 17 hexadecimal digits, got '" + s.id +
             "'");
    s.vpc_id = f.Required(1, "vpc_id");
    if (!IsWellFormedVpcId(s.vpc_id))
      f.Fail("vpc_id must be vpc- followed by 1 to 17 hexadecimal digits, got '" + s.vpc_id + "'");
    s.region = f.Required(2, "region");
    if (s.region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
      f.Fail("region must be a region name such as us-east-1, got '" + s.region + "'");
    s.availability_zone = ToLowerAscii(f.Required(3, "availability_zone"));
    if (s.availability_zone.size() <= s.region.size() ||
        s.availability_zone.compare(0, s.region.size(), s.region) != 0)
      f.Fail("availability_zone " + s.availability_zone + " is not a zone of region " + s.region);
    s.ipv4 = f.YesNo(4, "ipv4");
    s.ipv6 = f.YesNo(5, "ipv6");
    if (!s.ipv4 && !s.ipv6) f.Fail("a subnet supports ipv4, ipv6 or both: both are no");
    s.default_for_az = f.YesNo(6, "default_for_az");
    s.account = f.Text(7);
    if (!s.account.empty() &&
        (s.account.size() != 12 || s.account.find_first_not_of("0123456789") != std::string::npos))
      f.Fail("account must be a 12-digit account id or empty, got '" + s.account + "'");

    if (auto [it, fresh] = seen_ids.emplace(s.id, row.line); !fresh)
      f.Fail("subnet " + s.id + " is already declared on line " + std::to_string(it->second));
    if (auto [it, fresh] = vpc_regions.emplace(s.vpc_id, s.region);
        !fresh && it->second != s.region)
      f.Fail("vpc " + s.vpc_id + " is in region " + it->second + ", not " + s.region);
    if (s.default_for_az) {
      const std::string scope = s.account + "|" + s.region;
      if (auto [it, fresh] = default_vpcs.emplace(scope, s.vpc_id);
          !fresh && it->second != s.vpc_id)
        f.Fail("default subnets of region " + s.region + " must be of one VPC (the default VPC " +
               it->second + "), not " + s.vpc_id);
      if (!default_zones.insert(scope + "|" + s.availability_zone).second)
        f.Fail("zone " + s.availability_zone + " already has a default subnet");
    }
    network.subnets_.push_back(std::move(s));
  }
  return network;
}

std::optional<NetworkSubnet> SimulatedNetwork::Find(std::string_view account,
                                                    std::string_view region,
                                                    std::string_view id) const {
  if (!declared_) {
    NetworkSubnet s;
    s.id = std::string(id);
    s.vpc_id = DefaultVpcId(account, region);
    s.region = std::string(region);
    s.availability_zone = ZoneOfId(account, region, id);
    s.default_for_az = DefaultSubnetId(account, region, s.availability_zone) == id;
    s.account = std::string(account);
    return s;
  }
  for (const NetworkSubnet& s : subnets_)
    if (s.id == id && SameScope(s, account, region)) return s;
  return std::nullopt;
}

std::vector<NetworkSubnet> SimulatedNetwork::DefaultSubnets(std::string_view account,
                                                            std::string_view region) const {
  std::vector<NetworkSubnet> defaults;
  if (!declared_) {
    for (const std::string& zone : AvailabilityZonesForRegion(region))
      defaults.push_back(*Find(account, region, DefaultSubnetId(account, region, zone)));
    return defaults;
  }
  // The account's own default VPC when the file gives it one, else the one every account has.
  for (bool own : {true, false}) {
    for (const NetworkSubnet& s : subnets_)
      if (s.default_for_az && s.region == region &&
          (own ? s.account == account : s.account.empty()))
        defaults.push_back(s);
    if (!defaults.empty()) break;
  }
  std::sort(defaults.begin(), defaults.end(), [](const NetworkSubnet& a, const NetworkSubnet& b) {
    return a.availability_zone < b.availability_zone;
  });
  return defaults;
}

std::vector<std::string> SimulatedNetwork::Zones(std::string_view account,
                                                 std::string_view region) const {
  std::set<std::string> zones;
  for (const std::string& zone : AvailabilityZonesForRegion(region)) zones.insert(zone);
  for (const NetworkSubnet& s : subnets_)
    if (SameScope(s, account, region)) zones.insert(s.availability_zone);
  return {zones.begin(), zones.end()};
}

std::string DefaultVpcId(std::string_view account, std::string_view region) {
  return DerivedNetworkId("vpc-", "default-vpc/" + std::string(account) + "/" + std::string(region));
}

std::string DefaultSubnetId(std::string_view account, std::string_view region,
                            std::string_view zone) {
  return DerivedNetworkId("subnet-", "default-subnet/" + std::string(account) + "/" + std::string(region) +
                                  "/" + std::string(zone));
}

bool IsWellFormedSubnetId(std::string_view id) { return IsPrefixedHexId(id, "subnet-"); }
bool IsWellFormedVpcId(std::string_view id) { return IsPrefixedHexId(id, "vpc-"); }

std::string ValidateCacheSubnetGroupName(std::string_view name) {
  return ValidateIdentifier("CacheSubnetGroupName", name, kMaxCacheSubnetGroupNameLength);
}

std::string ValidateCacheSubnetGroupDescription(std::string_view description) {
  if (description.find_first_not_of(" \t\r\n") == std::string_view::npos)
    throw faults::InvalidParameterValueException(
        "The parameter CacheSubnetGroupDescription must be provided and must not be blank.");
  return std::string(description);
}

std::vector<std::string> SupportedNetworkTypesOf(const NetworkSubnet& subnet) {
  if (subnet.ipv4 && subnet.ipv6) return {NetworkType::kIpv4, NetworkType::kDualStack};
  if (subnet.ipv6) return {NetworkType::kIpv6};
  return {NetworkType::kIpv4};
}

std::vector<std::string> SupportedNetworkTypesOf(const CacheSubnetGroup& group) {
  std::vector<std::string> types;
  for (const char* type : {NetworkType::kIpv4, NetworkType::kIpv6, NetworkType::kDualStack})
    if (std::any_of(group.subnets.begin(), group.subnets.end(),
                    [&](const CacheSubnet& s) { return Supports(s, type); }))
      types.emplace_back(type);
  return types;
}

ResolvedSubnets ResolveSubnets(const SimulatedNetwork& network, std::string_view account,
                               std::string_view region, const std::vector<std::string>& ids,
                               int subnets_quota) {
  if (ids.empty())
    throw faults::InvalidParameterValueException("The parameter SubnetIds must be provided.");
  std::vector<std::string> unique;
  for (const std::string& id : ids)
    if (std::find(unique.begin(), unique.end(), id) == unique.end()) unique.push_back(id);
  for (const std::string& id : unique)
    if (!IsWellFormedSubnetId(id))
      throw faults::InvalidSubnet("The subnet identifier " + id +
                                  " is not valid: a subnet ID is subnet- followed by hexadecimal "
                                  "digits, for example subnet-0a1b2c3d.");
  if (static_cast<int>(unique.size()) > subnets_quota)
    throw faults::CacheSubnetQuotaExceededFault(
        "The request cannot be processed because it would exceed the allowed number of subnets "
        "in a cache subnet group: " +
        std::to_string(unique.size()) + " requested, at most " + std::to_string(subnets_quota) +
        ".");
  std::vector<NetworkSubnet> found;
  bool unknown = false;
  for (const std::string& id : unique) {
    auto subnet = network.Find(account, region, id);
    if (!subnet) {
      unknown = true;
      continue;
    }
    found.push_back(std::move(*subnet));
  }
  if (unknown)
    throw faults::InvalidParameterValueException("Some input subnets in :[" + Join(ids, ", ") +
                                                 "] are invalid.");
  ResolvedSubnets resolved;
  resolved.vpc_id = found.front().vpc_id;
  for (const NetworkSubnet& s : found) {
    if (s.vpc_id != resolved.vpc_id)
      throw faults::InvalidSubnet("Subnets " + found.front().id + " and " + s.id +
                                  " are not in the same VPC.");
    resolved.subnets.push_back(ToCacheSubnet(s));
  }
  return resolved;
}

std::optional<CacheSubnetGroup> DefaultCacheSubnetGroup(const SimulatedNetwork& network,
                                                        std::string_view account,
                                                        std::string_view region) {
  std::vector<NetworkSubnet> subnets = network.DefaultSubnets(account, region);
  if (subnets.empty()) return std::nullopt;
  CacheSubnetGroup group;
  group.account = std::string(account);
  group.region = std::string(region);
  group.id = std::string(kDefaultCacheSubnetGroupName);
  group.description = std::string(kDefaultCacheSubnetGroupDescription);
  group.vpc_id = subnets.front().vpc_id;
  for (const NetworkSubnet& s : subnets) group.subnets.push_back(ToCacheSubnet(s));
  group.built_in = true;
  return group;
}

void CheckNetworkTypeSupported(const CacheSubnetGroup& group, std::string_view network_type) {
  if (network_type != NetworkType::kIpv4 && network_type != NetworkType::kIpv6 &&
      network_type != NetworkType::kDualStack)
    throw faults::InvalidParameterValueException(
        "Invalid value '" + std::string(network_type) +
        "' for NetworkType. Valid values are ipv4, ipv6 and dual_stack.");
  const std::vector<std::string> supported = SupportedNetworkTypesOf(group);
  if (std::find(supported.begin(), supported.end(), network_type) == supported.end())
    throw faults::InvalidParameterCombinationException(
        "The specified network type '" + std::string(network_type) +
        "' is not supported by cache subnet group '" + group.id +
        "', which supports: " + Join(supported, ", ") + ".");
}

ZonePlacement PlacementIn(const CacheSubnetGroup& group, std::string_view network_type,
                          std::vector<std::string> region_zones) {
  std::set<std::string> zones;
  for (const CacheSubnet& s : group.subnets)
    if (Supports(s, network_type)) zones.insert(s.availability_zone);
  if (zones.empty())  // a group whose subnets changed under its clusters: any of its zones
    for (const CacheSubnet& s : group.subnets) zones.insert(s.availability_zone);
  ZonePlacement placement;
  placement.region = group.region;
  placement.subnet_group = group.id;
  placement.zones.assign(zones.begin(), zones.end());
  placement.region_zones = std::move(region_zones);
  return placement;
}

void CheckSubnetsInUse(const CacheSubnetGroup& before, const ResolvedSubnets& after,
                       const std::vector<ZoneInUse>& in_use) {
  if (in_use.empty()) return;
  auto kept = [&](const std::string& id) {
    return std::any_of(after.subnets.begin(), after.subnets.end(),
                       [&](const CacheSubnet& s) { return s.id == id; });
  };
  auto first_leaving = [&](const std::string& zone) -> std::string {
    for (const CacheSubnet& s : before.subnets)
      if ((zone.empty() || s.availability_zone == zone) && !kept(s.id)) return s.id;
    return {};
  };
  if (after.vpc_id != before.vpc_id) {
    std::string leaving = first_leaving("");
    throw faults::SubnetInUse("The subnet " + leaving + " is in use by cache cluster " +
                              in_use.front().cache_cluster_id + "; cache subnet group " +
                              before.id + " cannot move from VPC " + before.vpc_id + " to " +
                              after.vpc_id + " while clusters use it.");
  }
  for (const ZoneInUse& use : in_use) {
    bool covered =
        std::any_of(after.subnets.begin(), after.subnets.end(),
                    [&](const CacheSubnet& s) { return s.availability_zone == use.zone; });
    if (covered) continue;
    throw faults::SubnetInUse("The subnet " + first_leaving(use.zone) +
                              " is in use by cache cluster " + use.cache_cluster_id +
                              " in availability zone " + use.zone +
                              " and cannot be removed from cache subnet group " + before.id + ".");
  }
}

}  // namespace ecl

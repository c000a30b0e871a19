#include "model/naming.h"

#include <array>
#include <utility>

#include "model/aws_faults.h"
#include "model/identifiers.h"

namespace ecl {
namespace {

std::string ZeroPadded(int number, std::size_t width) {
  std::string digits = std::to_string(number < 0 ? 0 : number);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Commercial regions, from AWS endpoints seen in the wild; the general rule covers the rest.
constexpr std::array<std::pair<std::string_view, std::string_view>, 37> kRegionAbbreviations{{
    {"us-east-1", "use1"},       {"us-east-2", "use2"},       {"us-west-1", "usw1"},
    {"us-west-2", "usw2"},       {"af-south-1", "afs1"},      {"ap-east-1", "ape1"},
    {"ap-east-2", "ape2"},       {"ap-south-1", "aps1"},      {"ap-south-2", "aps2"},
    {"ap-southeast-1", "apse1"}, {"ap-southeast-2", "apse2"}, {"ap-southeast-3", "apse3"},
    {"ap-southeast-4", "apse4"}, {"ap-southeast-5", "apse5"}, {"ap-southeast-6", "apse6"},
    {"ap-southeast-7", "apse7"}, {"ap-northeast-1", "apne1"}, {"ap-northeast-2", "apn2"},
    {"ap-northeast-3", "apn3"},  {"ca-central-1", "cac1"},    {"ca-west-1", "caw1"},
    {"eu-central-1", "euc1"},    {"eu-central-2", "euc2"},    {"eu-west-1", "euw1"},
    {"eu-west-2", "euw2"},       {"eu-west-3", "euw3"},       {"eu-north-1", "eun1"},
    {"eu-south-1", "eus1"},      {"eu-south-2", "eus2"},      {"il-central-1", "ilc1"},
    {"me-south-1", "mes1"},      {"me-central-1", "mec1"},    {"mx-central-1", "mxc1"},
    {"sa-east-1", "sae1"},       {"cn-north-1", "cnn1"},      {"cn-northwest-1", "cnnw1"},
    {"us-gov-west-1", "usgw1"},
}};

std::string DirectionLetters(std::string_view word) {
  for (std::string_view vertical : {"north", "south"}) {
    if (StartsWith(word, vertical) && word.size() > vertical.size()) {
      return std::string(1, vertical[0]) + word[vertical.size()];
    }
  }
  return word.empty() ? std::string() : std::string(1, word[0]);
}

std::string AbbreviateByRule(std::string_view region) {
  std::vector<std::string_view> words;
  std::size_t begin = 0;
  while (begin <= region.size()) {
    std::size_t dash = region.find('-', begin);
    if (dash == std::string_view::npos) dash = region.size();
    words.push_back(region.substr(begin, dash - begin));
    begin = dash + 1;
  }
  if (words.size() < 2) return std::string(region);
  std::string abbreviation(words.front().substr(0, 2));
  for (std::size_t i = 1; i + 1 < words.size(); ++i) abbreviation += DirectionLetters(words[i]);
  abbreviation += words.back();
  return abbreviation;
}

std::string DnsSuffix(std::string_view region) {
  return StartsWith(region, "cn-") ? ".cache.amazonaws.com.cn" : ".cache.amazonaws.com";
}

// "<hash>.<abbr>.cache.amazonaws.com"-style tail shared by every endpoint of a scope.
struct EndpointParts {
  std::string hash;
  std::string tail;  // ".<abbr>.cache.amazonaws.com"
};

EndpointParts PartsOf(const EndpointScope& scope) {
  // Appending (rather than "." + ...) sidesteps a GCC 12 -Wrestrict false positive.
  std::string tail(1, '.');
  tail.append(RegionAbbreviation(scope.region)).append(DnsSuffix(scope.region));
  return {EndpointHash(scope.account, scope.region), std::move(tail)};
}

constexpr std::array<std::string_view, 11> kTaggableResourceTypes = {kArnReplicationGroup,
                                                                     kArnCluster,
                                                                     kArnSnapshot,
                                                                     kArnReservedInstance,
                                                                     "parametergroup",
                                                                     "subnetgroup",
                                                                     "securitygroup",
                                                                     "user",
                                                                     "usergroup",
                                                                     "serverlesscache",
                                                                     "serverlesscachesnapshot"};

constexpr std::array<char, 3> kZoneSuffixes = {'a', 'b', 'c'};

}  // namespace

uint64_t StableHash(std::string_view text) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string FormatNodeGroupId(int number) { return ZeroPadded(number, 4); }

std::string MemberClusterId(std::string_view replication_group_id, int member_number) {
  return std::string(replication_group_id) + "-" + ZeroPadded(member_number, 3);
}

std::string MemberClusterId(std::string_view replication_group_id, std::string_view node_group_id,
                            int member_number) {
  std::string group(node_group_id);
  if (group.size() < 4) group.insert(0, 4 - group.size(), '0');
  return std::string(replication_group_id) + "-" + group + "-" + ZeroPadded(member_number, 3);
}

std::string RegionAbbreviation(std::string_view region) {
  for (const auto& [name, abbreviation] : kRegionAbbreviations) {
    if (name == region) return std::string(abbreviation);
  }
  return AbbreviateByRule(region);
}

std::string PartitionForRegion(std::string_view region) {
  if (StartsWith(region, "cn-")) return "aws-cn";
  if (StartsWith(region, "us-gov-")) return "aws-us-gov";
  return "aws";
}

std::string EndpointHash(std::string_view account, std::string_view region) {
  constexpr std::string_view kAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
  uint64_t h = StableHash("endpoint/" + std::string(account) + "/" + std::string(region));
  std::string hash(6, '0');
  for (char& c : hash) {
    c = kAlphabet[h % kAlphabet.size()];
    h /= kAlphabet.size();
  }
  return hash;
}

std::string ServerlessEndpointAddress(std::string_view account, std::string_view region,
                                      std::string_view name) {
  // Real serverless endpoints carry a suffix of their own per cache (my-cache-tx4y2n, …).
  std::string suffix =
      EndpointHash(std::string(account) + "/serverless/" + std::string(name), region);
  std::string address(name);
  address.append("-").append(suffix).append(".serverless.");
  address.append(RegionAbbreviation(region)).append(DnsSuffix(region));
  return address;
}

std::string PrimaryEndpointAddress(const EndpointScope& scope) {
  const EndpointParts p = PartsOf(scope);
  if (scope.transit_encryption) {
    return "master." + scope.replication_group_id + "." + p.hash + p.tail;
  }
  return scope.replication_group_id + "." + p.hash + ".ng.0001" + p.tail;
}

std::string ReaderEndpointAddress(const EndpointScope& scope) {
  const EndpointParts p = PartsOf(scope);
  if (scope.transit_encryption) {
    return "replica." + scope.replication_group_id + "." + p.hash + p.tail;
  }
  return scope.replication_group_id + "-ro." + p.hash + ".ng.0001" + p.tail;
}

std::string ConfigurationEndpointAddress(const EndpointScope& scope) {
  const EndpointParts p = PartsOf(scope);
  if (scope.transit_encryption) {
    return "clustercfg." + scope.replication_group_id + "." + p.hash + p.tail;
  }
  return scope.replication_group_id + "." + p.hash + ".clustercfg" + p.tail;
}

std::string NodeEndpointAddress(const EndpointScope& scope, std::string_view cache_cluster_id) {
  const EndpointParts p = PartsOf(scope);
  if (scope.transit_encryption) {
    return std::string(cache_cluster_id) + "." + scope.replication_group_id + "." + p.hash + p.tail;
  }
  return std::string(cache_cluster_id) + "." + p.hash + "." + std::string(kRedisCacheNodeId) +
         p.tail;
}

std::string CacheNodeEndpointAddress(std::string_view account, std::string_view region,
                                     std::string_view cache_cluster_id, std::string_view node_id) {
  const EndpointParts p =
      PartsOf({std::string(account), std::string(region), std::string(cache_cluster_id), false});
  return std::string(cache_cluster_id) + "." + p.hash + "." + std::string(node_id) + p.tail;
}

std::string MemcachedConfigurationEndpointAddress(std::string_view account, std::string_view region,
                                                  std::string_view cache_cluster_id) {
  const EndpointParts p =
      PartsOf({std::string(account), std::string(region), std::string(cache_cluster_id), false});
  return std::string(cache_cluster_id) + "." + p.hash + ".cfg" + p.tail;
}

std::string ElastiCacheArn(std::string_view region, std::string_view account,
                           std::string_view resource_type, std::string_view resource_id) {
  return "arn:" + PartitionForRegion(region) + ":elasticache:" + std::string(region) + ":" +
         std::string(account) + ":" + std::string(resource_type) + ":" + std::string(resource_id);
}

std::string ReplicationGroupArn(std::string_view region, std::string_view account,
                                std::string_view replication_group_id) {
  return ElastiCacheArn(region, account, kArnReplicationGroup, replication_group_id);
}

std::string CacheClusterArn(std::string_view region, std::string_view account,
                            std::string_view cache_cluster_id) {
  return ElastiCacheArn(region, account, kArnCluster, cache_cluster_id);
}

std::string SnapshotArn(std::string_view region, std::string_view account,
                        std::string_view snapshot_name) {
  return ElastiCacheArn(region, account, kArnSnapshot, snapshot_name);
}

std::string ReservedCacheNodeArn(std::string_view region, std::string_view account,
                                 std::string_view reserved_cache_node_id) {
  return ElastiCacheArn(region, account, kArnReservedInstance, reserved_cache_node_id);
}

ElastiCacheArnParts ParseElastiCacheArn(std::string_view arn) {
  std::vector<std::string_view> parts;
  std::size_t begin = 0;
  while (true) {
    std::size_t colon = arn.find(':', begin);
    if (colon == std::string_view::npos) {
      parts.push_back(arn.substr(begin));
      break;
    }
    parts.push_back(arn.substr(begin, colon - begin));
    begin = colon + 1;
  }
  if (parts.size() != 7) {
    throw faults::InvalidARNFault("Input ARN string does not have 7 components.");
  }
  bool known_type = false;
  for (std::string_view type : kTaggableResourceTypes) known_type = known_type || type == parts[5];
  const bool well_formed = parts[0] == "arn" && StartsWith(parts[1], "aws") &&
                           parts[2] == "elasticache" && !parts[3].empty() && !parts[4].empty() &&
                           known_type && !parts[6].empty();
  if (!well_formed) {
    throw faults::InvalidARNFault("The ARN " + std::string(arn) + " is not a valid ARN.");
  }
  return {std::string(parts[1]), std::string(parts[3]), std::string(parts[4]),
          std::string(parts[5]), std::string(parts[6])};
}

std::vector<std::string> AvailabilityZonesForRegion(std::string_view region) {
  std::vector<std::string> zones;
  for (char suffix : kZoneSuffixes) zones.push_back(std::string(region) + suffix);
  return zones;
}

std::vector<std::string> SpreadAcrossZones(const ZonePlacement& placement, int count, int offset) {
  const std::vector<std::string> zones =
      placement.zones.empty() ? AvailabilityZonesForRegion(placement.region) : placement.zones;
  const int zone_count = static_cast<int>(zones.size());
  std::vector<std::string> spread;
  for (int i = 0; i < count; ++i) {
    int index = (offset + i) % zone_count;
    if (index < 0) index += zone_count;
    spread.push_back(zones[static_cast<std::size_t>(index)]);
  }
  return spread;
}

std::vector<std::string> SpreadAcrossZones(std::string_view region, int count, int offset) {
  return SpreadAcrossZones(ZonePlacement{std::string(region), {}, {}, {}}, count, offset);
}

std::string ValidateAvailabilityZone(const ZonePlacement& placement, std::string_view zone) {
  const std::string lower = ToLowerAscii(zone);
  const std::vector<std::string> usable =
      placement.zones.empty() ? AvailabilityZonesForRegion(placement.region) : placement.zones;
  for (const std::string& candidate : usable) {
    if (candidate == lower) return lower;
  }
  const std::vector<std::string> region_zones = placement.region_zones.empty()
                                                    ? AvailabilityZonesForRegion(placement.region)
                                                    : placement.region_zones;
  bool in_region = false;
  for (const std::string& candidate : region_zones) in_region = in_region || candidate == lower;
  if (in_region) {
    // ElastiCache's words (app-sre/qontract-reconcile#3644); the zone is appended.
    throw faults::InvalidVPCNetworkStateFault(
        "No subnet is present in the cache subnet group for availability zone " + lower);
  }
  std::string listed;
  for (std::size_t i = 0; i < region_zones.size(); ++i) {
    if (i > 0) listed += i + 1 == region_zones.size() ? " and " : ", ";
    listed += region_zones[i];
  }
  throw faults::InvalidParameterValueException("Invalid availability zone '" + std::string(zone) +
                                               "': it is not in region " + placement.region +
                                               ", whose zones are " + listed + ".");
}

std::string ValidateAvailabilityZone(std::string_view region, std::string_view zone) {
  return ValidateAvailabilityZone(ZonePlacement{std::string(region), {}, {}, {}}, zone);
}

}  // namespace ecl

// Names as ElastiCache shows them: member cluster ids, node group and cache node ids, region
// abbreviations, endpoint addresses, ARNs (build and parse) and the emulator's availability
// zones. Pure functions; thread-safe.
//
// Choices (see /work/shared/reference/aws-semantics.md §4):
// - The 6-character endpoint hash depends on (account, region) only: real endpoints of two
//   groups in one account and region share it (redis.gfmuwq… and redis-dev.gfmuwq…).
// - Each region has three zones, <region>a, <region>b and <region>c (a network file may declare
//   more); a group uses those of its cache subnet group (model/subnet_rules.h).
// - ARNs use the partition of the region (aws, aws-cn for cn-*, aws-us-gov for us-gov-*);
//   endpoints in cn-* regions end in .cache.amazonaws.com.cn.
// - A malformed ARN is InvalidARN (the code the tagging operations list and AWS returns).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ecl {

// FNV-1a 64: stable across platforms and runs, so derived names never change.
uint64_t StableHash(std::string_view text);

// ---- member clusters, node groups, cache nodes --------------------------------------------

// Every Redis member cluster has exactly one node, always "0001".
inline constexpr std::string_view kRedisCacheNodeId = "0001";
// The only node group of a cluster-mode-disabled group.
inline constexpr std::string_view kSingleNodeGroupId = "0001";
inline constexpr int kDefaultRedisPort = 6379;

// 1 -> "0001".
std::string FormatNodeGroupId(int number);
// Cluster mode disabled: "<rg>-001" for member 1 (members are numbered from 1).
std::string MemberClusterId(std::string_view replication_group_id, int member_number);
// Cluster mode enabled: "<rg>-0003-002" for member 2 of node group "0003".
std::string MemberClusterId(std::string_view replication_group_id, std::string_view node_group_id,
                            int member_number);

// ---- regions and endpoints ------------------------------------------------------------------

// "us-east-1" -> "use1", "ap-northeast-2" -> "apn2". Known regions come from a table (AWS has
// quirks such as apne1 but apn2); others follow the general rule: two letters of the area,
// the first letter of each direction (northeast counts as two), then the number.
std::string RegionAbbreviation(std::string_view region);
// "aws", "aws-cn" or "aws-us-gov".
std::string PartitionForRegion(std::string_view region);
// Six lowercase letters/digits shared by all endpoints of an account in a region.
std::string EndpointHash(std::string_view account, std::string_view region);

struct EndpointScope {
  std::string account;
  std::string region;
  std::string replication_group_id;
  bool transit_encryption = false;
};

// Cluster mode disabled: NodeGroups[0].PrimaryEndpoint and ReaderEndpoint.
std::string PrimaryEndpointAddress(const EndpointScope& scope);
std::string ReaderEndpointAddress(const EndpointScope& scope);
// Cluster mode enabled: the group's ConfigurationEndpoint.
std::string ConfigurationEndpointAddress(const EndpointScope& scope);
// A member's node: CacheNode.Endpoint and NodeGroupMember.ReadEndpoint.
std::string NodeEndpointAddress(const EndpointScope& scope, std::string_view cache_cluster_id);
// A node of a standalone cluster: "<cluster>.<hash>.<node>.<region-abbr>.cache.amazonaws.com".
std::string CacheNodeEndpointAddress(std::string_view account, std::string_view region,
                                     std::string_view cache_cluster_id, std::string_view node_id);
// A Memcached cluster's ConfigurationEndpoint: "<cluster>.<hash>.cfg.<region-abbr>.cache...".
std::string MemcachedConfigurationEndpointAddress(std::string_view account, std::string_view region,
                                                  std::string_view cache_cluster_id);

// A serverless cache's endpoint (its reader endpoint shares it): "<name>-<6 characters>.serverless.
// <region-abbr>.cache.amazonaws.com". The 6 characters are derived from (account, region, name).
std::string ServerlessEndpointAddress(std::string_view account, std::string_view region,
                                      std::string_view name);

// ---- ARNs -------------------------------------------------------------------------------------

inline constexpr std::string_view kArnReplicationGroup = "replicationgroup";
inline constexpr std::string_view kArnCluster = "cluster";
inline constexpr std::string_view kArnSnapshot = "snapshot";
inline constexpr std::string_view kArnReservedInstance = "reserved-instance";

std::string ElastiCacheArn(std::string_view region, std::string_view account,
                           std::string_view resource_type, std::string_view resource_id);
std::string ReplicationGroupArn(std::string_view region, std::string_view account,
                                std::string_view replication_group_id);
std::string CacheClusterArn(std::string_view region, std::string_view account,
                            std::string_view cache_cluster_id);
std::string SnapshotArn(std::string_view region, std::string_view account,
                        std::string_view snapshot_name);
std::string ReservedCacheNodeArn(std::string_view region, std::string_view account,
                                 std::string_view reserved_cache_node_id);

struct ElastiCacheArnParts {
  std::string partition;
  std::string region;
  std::string account;
  std::string resource_type;  // one of the kArn* values or another taggable ElastiCache type
  std::string resource_id;
  bool operator==(const ElastiCacheArnParts&) const = default;
};

// Splits arn:<partition>:elasticache:<region>:<account>:<type>:<id>. Throws AwsError
// InvalidARN for anything else.
ElastiCacheArnParts ParseElastiCacheArn(std::string_view arn);

// ---- availability zones -----------------------------------------------------------------------

std::vector<std::string> AvailabilityZonesForRegion(std::string_view region);

// Where a replication group's nodes may be placed: the zones of its cache subnet group (those
// of its subnets that support the group's network type), inside the zones its region has.
struct ZonePlacement {
  std::string region;
  std::string subnet_group;  // the cache subnet group's name; "" when none is known
  // The zones nodes may use, in spreading order; empty: the region's zones.
  std::vector<std::string> zones;
  // Every zone of the region; empty: AvailabilityZonesForRegion(region).
  std::vector<std::string> region_zones;
  bool operator==(const ZonePlacement&) const = default;
};

// `count` zones round-robin over the placement's zones, beginning with zone number `offset`
// (taken modulo the zone count), so shard i can start at zone i.
std::vector<std::string> SpreadAcrossZones(const ZonePlacement& placement, int count,
                                           int offset = 0);
// The same over the region's zones.
std::vector<std::string> SpreadAcrossZones(std::string_view region, int count, int offset = 0);
// Returns the zone lower-cased when nodes may go there. A zone the region does not have is
// InvalidParameterValue naming it; a zone of the region where the cache subnet group has no
// subnet is InvalidVPCNetworkStateFault, as ElastiCache answers it.
std::string ValidateAvailabilityZone(const ZonePlacement& placement, std::string_view zone);
// The same against the region's zones.
std::string ValidateAvailabilityZone(std::string_view region, std::string_view zone);

}  // namespace ecl

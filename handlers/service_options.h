// ServiceOptions: how the emulated service behaves — where its state lives, how long
// transitions take, its quotas and catalogs. Filled from the server's settings; plain data.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "model/cache_cluster_rules.h"
#include "model/cache_parameter_group.h"
#include "model/replication_group.h"
#include "model/reserved_cache_node_rules.h"
#include "model/security_group_rules.h"
#include "model/serverless_cache_rules.h"
#include "model/serverless_snapshot_rules.h"
#include "model/snapshot_rules.h"
#include "model/user_rules.h"
#include "model/subnet_rules.h"

namespace ecl {

struct ServiceOptions {
  std::string data_dir = "./data";  // where the SQLite file lives (ignored when in_memory)
  bool in_memory = false;           // no file at all
  double transition_seconds = 0.0;  // how long creating/modifying/deleting... take
  std::string default_account = "000000000000";  // for access keys that are not 12 digits
  int node_groups_per_replication_group_quota = kDefaultNodeGroupsQuota;
  std::string export_dir = "./data/exports";   // snapshot export "buckets" are folders here
  int snapshot_quota = kDefaultSnapshotQuota;  // snapshots per account and region
  // The reserved offerings catalog (CSV); "" means the built-in config/reserved-offerings.csv.
  std::string reserved_offerings_file;
  // Reserved cache nodes (summed CacheNodeCount of reservations not yet retired) each account
  // may hold per region.
  int reserved_nodes_quota = kDefaultReservedNodesQuota;
  // Cache clusters (standalone and members) and cache nodes per account and region, and nodes
  // per Memcached cluster.
  int cache_clusters_quota = kDefaultCacheClustersQuota;
  int nodes_quota = kDefaultNodesPerRegion;
  int nodes_per_cluster_quota = kDefaultNodesPerMemcachedCluster;
  // An account that still has EC2-Classic: cache security groups work. Off, every account is
  // VPC-only, as every account is since EC2-Classic was retired.
  bool ec2_classic = false;
  // Cache security groups (the default one included) per account and region.
  int cache_security_groups_quota = kDefaultCacheSecurityGroupsQuota;
  // Cache parameter groups each account may create per region (default groups not counted).
  int parameter_groups_quota = kDefaultParameterGroupsQuota;
  // RBAC users (besides the built-in default user) and user groups per account and region,
  // and users per user group.
  int user_quota = kDefaultUserQuota;
  int user_group_quota = kDefaultUserGroupQuota;
  int users_per_user_group_quota = kDefaultUsersPerUserGroupQuota;
  // Serverless caches per account and region, and snapshots per serverless cache per day.
  int serverless_cache_quota = kDefaultServerlessCacheQuota;
  int serverless_snapshots_per_day_quota = kDefaultServerlessSnapshotsPerDayQuota;
  // The simulated network subnets are resolved against (handlers/subnet_groups.h LoadNetwork);
  // null: every account and region has one default VPC that holds every subnet id.
  std::shared_ptr<const SimulatedNetwork> network;
  // Cache subnet groups per account and region, and subnets per subnet group.
  int subnet_groups_quota = kDefaultCacheSubnetGroupsQuota;
  int subnets_per_subnet_group_quota = kDefaultSubnetsPerCacheSubnetGroupQuota;

  // With the data plane on, how many cache nodes (engine processes) may exist at once;
  // 0 sets no cap (the control plane alone runs nothing).
  int max_engines = 0;
  // With the data plane on: where snapshots keep their data (SnapshotFiles), so exports carry
  // it; "" without.
  std::string snapshot_data_dir;

  int64_t TransitionMs() const { return int64_t(transition_seconds * 1000.0); }
};

}  // namespace ecl

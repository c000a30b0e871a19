// Settings: the server's typed configuration and where it comes from. Precedence, lowest
// first: built-in defaults < config file (`key = value` lines) < environment variables
// (ECL_*) < command-line flags. Unknown keys and bad values raise SettingsError with a
// message naming the source, so a typo never silently runs with a default.
// Pure functions over their inputs (the environment is injected); thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engines/port_range.h"
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

struct Settings {
  // 0.0.0.0 so the port is reachable from outside a container; use 127.0.0.1 on a laptop
  // to keep it private.
  std::string host = "0.0.0.0";
  // 4510: clear of Redis (6379), LocalStack (4566) and the usual 8000/8080 dev servers.
  // 0 picks a free port (the ready line prints it).
  uint16_t port = 4510;
  std::string data_dir = "./data";
  bool in_memory = false;
  std::string config_file;  // the file that was loaded, "" for none
  // How long creating/modifying/deleting... take. 0: due at once, so SDK waiters see the
  // final state at their first poll.
  double transition_seconds = 0.0;
  std::string export_dir;                           // "" means <data_dir>/exports; see ExportDir()
  std::string log_level = "info";                   // trace, debug, info, warn, error, off
  int threads = 1;                                  // io_context threads
  std::string default_account = "000000000000";     // for access keys that are not 12 digits
  std::string default_region = "us-east-1";         // when no credential scope names one
  int node_groups_quota = kDefaultNodeGroupsQuota;  // node groups per replication group
  int snapshot_quota = kDefaultSnapshotQuota;       // snapshots per account and region
  std::string reserved_offerings_file;              // "" means the built-in catalog
  int reserved_nodes_quota = kDefaultReservedNodesQuota;  // per account and region
  int cache_clusters_quota = kDefaultCacheClustersQuota;  // per account and region
  int nodes_quota = kDefaultNodesPerRegion;               // cache nodes per account and region
  int nodes_per_cluster_quota = kDefaultNodesPerMemcachedCluster;
  bool ec2_classic = false;  // accounts still have EC2-Classic: cache security groups work
  int cache_security_groups_quota = kDefaultCacheSecurityGroupsQuota;  // per account and region
  int parameter_groups_quota = kDefaultParameterGroupsQuota;  // per account and region
  int user_quota = kDefaultUserQuota;             // RBAC users per account and region
  int user_group_quota = kDefaultUserGroupQuota;  // user groups per account and region
  int users_per_user_group_quota = kDefaultUsersPerUserGroupQuota;
  // The data plane: a real engine behind every node (off: the control plane alone).
  bool data_plane = false;
  std::string redis_server = "redis-server";  // path, or a name found on PATH
  std::string memcached = "memcached";
  PortRange engine_ports;  // ports of engines and emulator-owned endpoints
  int max_engines = 64;    // engine processes at most; more nodes: InsufficientCacheClusterCapacity
  std::string endpoint_host = "127.0.0.1";  // the Address every endpoint shows
  bool loopback_endpoints = false;  // instead: an address per endpoint, on the API's port
  int serverless_cache_quota = kDefaultServerlessCacheQuota;  // per account and region
  int serverless_snapshots_per_day_quota = kDefaultServerlessSnapshotsPerDayQuota;  // per cache
  std::string network_file;  // "" means one default VPC per account and region
  std::string init_file;     // a fixture applied at start (server/fixture.h); "" for none
  int subnet_groups_quota = kDefaultCacheSubnetGroupsQuota;  // per account and region
  int subnets_per_subnet_group_quota = kDefaultSubnetsPerCacheSubnetGroupQuota;

  std::string ExportDir() const;
};

struct SettingsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class CommandLineAction { kRun, kHelp, kVersion };

struct LoadedSettings {
  Settings settings;
  CommandLineAction action = CommandLineAction::kRun;
};

// Returns the value of an environment variable, nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The real process environment.
EnvLookup ProcessEnvironment();

// Applies a config file's text on top of `base`. `source` names the file in messages.
Settings ApplyConfigText(std::string_view text, Settings base, const std::string& source);

// Defaults, then the config file named by --config or ECL_CONFIG, then ECL_* variables,
// then flags. `args` excludes the program name. Throws SettingsError.
LoadedSettings LoadSettings(const std::vector<std::string>& args, const EnvLookup& env);

// The --help text.
std::string UsageText();

}  // namespace ecl

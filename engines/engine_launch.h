// How an engine process is started: the Redis configuration file (written next to its data,
// readable by the emulator's user only, since it holds passwords) and the Memcached command
// line. Pure functions; the reconciler writes and runs what they return.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engines/topology.h"

namespace ecl {

// The emulator's own user on every Redis engine: it configures the engine and its replicas
// replicate through it, whatever users and passwords the model gives the engine.
inline constexpr const char* kAdminUser = "elasticache-local-admin";

// The files of the certificate every TLS engine presents.
struct TlsFiles {
  std::string cert_file;
  std::string key_file;
  std::string ca_file;
};

// A Redis Cluster node (cluster mode enabled): its bus port, and what it tells clients and
// the other nodes. Clients (CLUSTER SLOTS, CLUSTER SHARDS, MOVED) get `client_host` and
// `client_port`, the endpoint the API shows; the nodes reach each other and replicate at
// `node_ip` and `client_port`.
// Cluster node timeouts (ms): nodes ping each other every half timeout, so while the
// reconciler changes a cluster its nodes gossip fast and the change is known everywhere in
// a fraction of a second; a settled cluster takes the steadier timeout, which a busy host's
// pauses do not reach (a node seen failing makes the cluster refuse its slots).
inline constexpr int kClusterChangingNodeTimeoutMs = 400;
inline constexpr int kClusterSettledNodeTimeoutMs = 5000;

struct ClusterLaunch {
  int bus_port = 0;
  std::string node_ip;
  int client_port = 0;
  // Announced as the node's host name (preferred endpoint type hostname) when the clients'
  // address is not `node_ip`; "" otherwise.
  std::string client_host;
};

struct RedisLaunch {
  std::string bind_host;
  int port = 0;      // plain connections: the emulator, replication, and clients without TLS
  int tls_port = 0;  // TLS connections (0: none)
  TlsFiles tls;
  std::string dir;  // working directory: dump.rdb, appendonlydir
  // Keep data across restarts: the append-only file (on from the start when one exists, else
  // switched on once the engine has loaded what it starts from).
  bool persistent = false;
  bool append_only_at_start = false;
  std::string admin_password;
  std::optional<int> replica_of_port;  // on 127.0.0.1
  std::optional<ClusterLaunch> cluster;
  const EngineSpec* spec = nullptr;
};

std::string RedisConfigFile(const RedisLaunch& launch);
// Settings Redis refuses with CONFIG SET: they are written into the configuration file; all
// others are set once the engine runs.
bool TakenOnlyAtStart(const std::string& redis_config_name);

struct MemcachedLaunch {
  std::string program;
  std::string bind_host;
  int port = 0;
  int64_t memory_bytes = 0;
  std::optional<std::string> run_as_user;  // memcached refuses to run as root without -u
};

std::vector<std::string> MemcachedArgv(const MemcachedLaunch& launch);

// A configuration value quoted for redis.conf (double quotes, backslash escapes).
std::string QuoteRedisConfig(const std::string& value);

}  // namespace ecl

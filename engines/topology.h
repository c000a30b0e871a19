// Topology: what the data plane should run, derived from the model alone — an engine per
// cache node, with its role, users and configuration; a forwarder per primary and reader
// endpoint; an auto-discovery endpoint per Memcached cluster. Pure functions of the model
// state (no processes, no ports), so the rules are tested in isolation; the reconciler
// (reconciler.h) moves what runs toward it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/cache_cluster.h"
#include "model/cache_parameter_group.h"
#include "model/node_type_catalog.h"
#include "model/parameter_catalog.h"
#include "model/replication_group.h"
#include "model/slot_ranges.h"
#include "model/snapshot.h"
#include "model/user.h"
#include "model/user_group.h"
#include "storage/snapshot_files.h"

namespace ecl {

// The model resources the data plane follows, of every account and region.
struct ModelState {
  std::vector<ReplicationGroup> replication_groups;
  std::vector<CacheCluster> cache_clusters;
  std::vector<User> users;
  std::vector<UserGroup> user_groups;
  std::vector<CacheParameterGroup> parameter_groups;
  std::vector<Snapshot> snapshots;
};

enum class EngineKind { kRedis, kMemcached };

// In-transit encryption of a node: off, TLS only, or TLS and plain connections on the same
// port (TransitEncryptionMode preferred, while a group migrates to TLS).
enum class EngineTls { kOff, kRequired, kPreferred };

// An ACL user of a Redis engine: its name and rules in ACL SETUSER syntax, passwords included
// (">secret", or "nopass").
struct EngineUser {
  std::string name;
  std::vector<std::string> rules;

  bool operator==(const EngineUser&) const = default;
};

// Where a new engine's data comes from: a node group of a snapshot, or an RDB object in an
// export bucket (an s3 ARN of SnapshotArns). Loaded only by an engine that has no data yet.
struct DataSeed {
  std::optional<SnapshotKey> snapshot;
  std::string node_group_id;
  std::optional<std::string> object_arn;
};

// A node of a cluster-mode-enabled group: a Redis Cluster node of its group's cluster, in
// the shard of its node group.
struct ClusterRole {
  std::string cluster_key;  // the group's ClusterSpec::key
  std::string node_group_id;

  bool operator==(const ClusterRole&) const = default;
};

struct EngineSpec {
  std::string address;  // the node's endpoint address, as the model names it (the key)
  std::string account;
  std::string region;
  std::string cache_cluster_id;
  std::string cache_node_id;
  std::string replication_group_id;  // "" for a standalone cluster
  int port = 6379;                   // the port the API shows (the cluster's Port)
  EngineKind kind = EngineKind::kRedis;
  // The address of the engine this one replicates from; none for a primary or standalone node.
  std::optional<std::string> replica_of;
  EngineTls tls = EngineTls::kOff;
  // The engine's users, `default` first (Redis only).
  std::vector<EngineUser> users;
  // Engine settings from the parameter group (Redis config names): those that change on a
  // running engine, and those taken up only when it (re)starts (requires-reboot parameters).
  std::map<std::string, std::string> dynamic_config;
  std::map<std::string, std::string> start_config;
  int64_t maxmemory_bytes = 0;
  // The model shows the node available: it must answer before the API says so.
  bool must_answer = false;
  // A reboot of the node under way, identified by when it started (0: none): the engine
  // restarts once per reboot and takes up its start_config then.
  int64_t reboot_id = 0;
  // A primary of a group or cluster restored from a snapshot starts from its data.
  std::optional<DataSeed> seed;
  // Cluster mode enabled: the engine runs as a Redis Cluster node (replica_of is then its
  // shard's primary, followed with CLUSTER REPLICATE rather than REPLICAOF).
  std::optional<ClusterRole> cluster;
};

// One shard of a Redis Cluster: a node group, the slots its primary owns (exactly the
// group's NodeGroups[].Slots) and its members' engine addresses.
struct ClusterShard {
  std::string node_group_id;
  SlotSet slots;
  std::string primary;
  std::vector<std::string> replicas;
};

// The Redis Cluster of one cluster-mode-enabled replication group.
struct ClusterSpec {
  std::string key;  // "<account>/<region>/<group id>"
  std::vector<ClusterShard> shards;
  // Every node of the group is available: the cluster must be whole before the API says so.
  bool must_answer = false;
  // RDB objects of SnapshotArns beyond one per node group (a restore into fewer shards):
  // their keys are copied into the cluster once it is whole, once per group (`created_ms`
  // tells one group of this id from an earlier one).
  std::vector<DataSeed> extra_seeds;
  int64_t created_ms = 0;
  // A resharding under way (the shards' slots are those they will own): when it started,
  // which tells one resharding from the next, and how many slots change shard in all.
  struct Resharding {
    int64_t started_ms = 0;
    int slots_to_move = 0;
  };
  std::optional<Resharding> resharding;
};

// A snapshot being taken: the data of one node group, saved from an engine or copied from
// the snapshot it copies (CopySnapshot).
struct SnapshotCapture {
  SnapshotKey snapshot;
  std::string node_group_id;
  std::optional<std::string> engine_address;
  std::optional<SnapshotKey> copy_of;
};

// A group's primary or reader endpoint: connections go to one of the targets (engine
// addresses), the primary for a primary endpoint, the replicas for a reader endpoint, the
// shards' primaries for a cluster's configuration endpoint.
struct ForwarderSpec {
  std::string address;
  std::vector<std::string> targets;
  int port = 6379;  // the port the API shows
};

// A Memcached cluster's configuration endpoint: answers `config get cluster` with its nodes.
struct DiscoverySpec {
  std::string address;
  std::vector<std::string> nodes;  // engine addresses, in node id order
  std::string engine_version;      // what `version` answers
  std::optional<std::string> forward_to;  // other commands go to the first node
  int port = 11211;                       // the port the API shows, the nodes' too
};

struct Topology {
  std::vector<EngineSpec> engines;
  std::vector<ForwarderSpec> forwarders;
  std::vector<DiscoverySpec> discovery;
  std::vector<SnapshotCapture> captures;
  std::vector<ClusterSpec> clusters;
  std::vector<SnapshotKey> snapshots;  // every snapshot that exists: the data to keep

  // Every address that needs a port: engines, forwarders and discovery endpoints.
  std::set<std::string> Addresses() const;
  const EngineSpec* FindEngine(const std::string& address) const;
};

struct TopologyCatalogs {
  const ParameterCatalog& parameters;
  const NodeTypeCatalog& node_types;
};

// How much memory an engine gets: node type memory divided by this (documented in
// docs/data-plane.md), so a laptop holds many nodes; at least kMinEngineMemoryBytes.
inline constexpr int64_t kEngineMemoryDivisor = 64;
inline constexpr int64_t kMinEngineMemoryBytes = 8 * 1024 * 1024;

Topology BuildTopology(const ModelState& state, const TopologyCatalogs& catalogs);

// ClusterSpec::key of a replication group.
std::string ClusterKey(const std::string& account, const std::string& region,
                       const std::string& group_id);

// maxmemory of an engine for a node type ("cache.r7g.large"); the minimum for unknown types.
int64_t EngineMemoryBytes(const NodeTypeCatalog& node_types, const std::string& cache_node_type);

// Redis config of a parameter group: (dynamic, start) settings by Redis config name. Only
// parameters Redis itself knows pass; ElastiCache's own (reserved-memory-percent,
// cluster-enabled, ...) and those the emulator decides (persistence, maxmemory) do not.
std::pair<std::map<std::string, std::string>, std::map<std::string, std::string>> RedisConfigOf(
    const ParameterCatalog& catalog, const CacheParameterGroup& group);

}  // namespace ecl

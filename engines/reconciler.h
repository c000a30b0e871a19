// Reconciler: moves the engines that run toward a Topology — starts an engine for each node,
// stops those whose node is gone, restarts a node being rebooted, keeps each engine's users,
// settings and replication as the topology says (promoting a replica without losing the
// writes its primary acknowledged), and points the forwarders and discovery endpoints at the
// engines' ports; makes each cluster-mode-enabled group's engines its Redis Cluster
// (cluster_plan.h), moving slots and keys as the group's Slots change. Before Apply returns,
// every node the model shows available answers (and a replica has synced, a cluster is
// settled), so an API answer never shows a node that cannot be reached.
// Apply is called by one thread at a time (the service's serialization); CheckEngines,
// ContinueMigrations and Migration may be called from other threads.
#pragma once

#include <boost/asio.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engines/child_process.h"
#include "engines/cluster_plan.h"
#include "engines/data_plane_options.h"
#include "engines/discovery_endpoint.h"
#include "engines/engine_launch.h"
#include "engines/endpoint_directory.h"
#include "engines/slot_migration.h"
#include "engines/tcp_forwarder.h"
#include "engines/topology.h"

namespace ecl {

class RespClient;

class Reconciler {
 public:
  Reconciler(const DataPlaneOptions& options, EndpointDirectory& directory,
             boost::asio::io_context& io, std::string admin_password, TlsFiles tls);
  ~Reconciler();

  void Apply(const Topology& topology);
  // Engines whose process ended without the reconciler stopping it: those seen for the first
  // time (`died`, reported once, so the model can fail over), and whether any is due to be
  // started again by the next Apply. One that keeps dying soon after its start waits longer
  // each time (up to 10 s). It also probes every running engine about once a second; one that
  // has not answered for `hang_timeout` (a hung or stopped process) is killed, so the next
  // check reports it like any engine that died. Probes run outside the lock: Apply and the
  // API never wait for a hung engine.
  struct EngineCheck {
    std::vector<EngineSpec> died;
    bool restart_due = false;
      // A resharding's slots are still moving: ContinueMigrations goes on with them.
    bool migration_due = false;
  };
  EngineCheck CheckEngines();
  // Moves the slots of the reshardings of the last Apply on, for a slice of time. Needs no
  // serialization with the API: it changes no model state, only the engines Apply set up.
  void ContinueMigrations();
  // Stops every engine and endpoint (their data stays for the next start).
  void StopAll();

  // What runs, for GET /_admin/engines (tests, the dashboard).
  struct EngineStatus {
    std::string address;
    std::string account;
    std::string region;
    std::string cache_cluster_id;
    std::string cache_node_id;
    std::string engine;  // redis | memcached
    std::string role;    // primary | replica ("" for memcached)
    int port = 0;
    int pid = -1;  // -1: not running
  };
  std::vector<EngineStatus> Engines();

  // How far the slot migration of a group's resharding has come, as the cluster itself
  // shows it; nullopt for a cluster not resharding. Thread-safe.
  std::optional<SlotMigration> Migration(const std::string& cluster_key) const;

 private:
  // What was last applied to a running engine.
  struct Applied {
    bool done = false;
    std::vector<EngineUser> users;
    std::map<std::string, std::string> config;
    std::optional<std::string> replica_of;
    int64_t maxmemory_bytes = 0;
  };
  struct Engine {
    EngineSpec spec;
    int port = 0;         // plain port: the emulator and replicas (and clients without TLS)
    int public_port = 0;  // the port the API shows
    int tls_port = 0;     // 0 without TLS
    // Cluster mode enabled: where the other nodes reach it (CLUSTER MEET).
    std::string cluster_ip;
    int bus_port = 0;
    bool fast_gossip = true;  // the short node timeout of a cluster changing (at start)
    std::shared_ptr<TcpForwarder> front;  // TLS preferred: one port for TLS and plain
    // Loopback endpoints: the node's own address on the port the API shows, to public_port.
    std::shared_ptr<TcpForwarder> loopback_front;
    std::string dir;
    ChildProcess process;
    std::chrono::steady_clock::time_point started_at;
    std::chrono::steady_clock::time_point not_before;  // restart backoff
    int quick_deaths = 0;  // deaths in a row soon after a start
    // It answered as the model requires (a replica: synced) since it last started or changed
    // whom it follows; later passes need not wait for it again, so a hung engine holds up no
    // API call (the watcher's probes deal with it).
    bool proven = false;
    std::chrono::steady_clock::time_point next_probe;
    std::chrono::steady_clock::time_point answered_at;  // the last probe it answered
    int64_t handled_reboot_id = 0;
    bool lost = false;  // ended by itself, seen by LostEngines
    Applied applied;
    std::map<std::string, std::string> start_config;  // as it started
  };

  void ProbeEngines();
  // Stops engines the topology no longer has, except `spared` (cluster nodes leaving with
  // slots still to move).
  void StopUnwanted(const Topology& topology, const std::set<std::string>& spared = {});
  // Engines of removed node groups whose cluster remains and that still own slots: they run
  // until their slots and keys have moved to the shards that own them now.
  std::set<std::string> LeavingClusterNodes(const Topology& topology);
  // Moves `slots` and their keys from one cluster node to another (SETSLOT IMPORTING /
  // MIGRATING, MIGRATE, SETSLOT NODE), while clients keep working (ASK redirects).
  // Stops between batches of slots once `deadline` has passed (the rest moves on the next
  // pass), so a long migration holds the API up for a slice at a time only.
  void MoveSlots(Engine& from, RespClient& source, Engine& to, RespClient& target,
                 const std::string& from_id, const std::string& to_id, const SlotSet& slots,
                 std::chrono::steady_clock::time_point deadline);
  // Records how far a resharding cluster has come (Migration).
  void RecordMigration(const ClusterSpec& spec, const std::map<std::string, ClusterNodeView>& views,
                       bool settled);
  void Start(Engine& engine, const EngineSpec& spec);
  void StartRedis(Engine& engine, const EngineSpec& spec);
  void StartMemcached(Engine& engine, const EngineSpec& spec);
  void UpdateEndpoints(const Topology& topology);
  // Makes each cluster-mode-enabled group's engines its Redis Cluster (cluster_plan.h);
  // waits until `deadline` for one whose nodes must answer.
  void ReconcileClusters(const Topology& topology, std::chrono::steady_clock::time_point deadline,
                         const std::set<std::string>& leaving);
  void ReconcileCluster(const ClusterSpec& spec, std::chrono::steady_clock::time_point deadline,
                        const std::vector<std::string>& leaving);
  ClusterLaunch ClusterLaunchOf(Engine& engine, const EngineSpec& spec);
  // Copies the keys of a cluster's extra seeds (cluster.h: ClusterSpec::extra_seeds) to the
  // primaries owning their slots, through a short-lived engine loading each RDB; once.
  void ImportExtraSeeds(const ClusterSpec& spec);
  void ImportKeys(const ClusterSpec& spec, const std::filesystem::path& rdb);
  // Saves a snapshot's node group from its engine (or copies it from the snapshot copied).
  void Capture(const SnapshotCapture& capture);
  // The RDB file a new engine starts from, if its seed has data.
  std::optional<std::filesystem::path> SeedFile(const DataSeed& seed) const;
  // Brings a running Redis engine to `spec`; waits for it until `deadline` when it must answer.
  void Configure(Engine& engine, const EngineSpec& spec,
                 std::chrono::steady_clock::time_point deadline);
  // Whether it answered (a replica: synced) before `deadline`.
  bool WaitAnswers(Engine& engine, std::chrono::steady_clock::time_point deadline);
  std::unique_ptr<RespClient> Connect(Engine& engine,
                                      std::chrono::steady_clock::time_point deadline);
  // Each node's engine works in a directory of its own here, named by its address.
  std::filesystem::path NodesDir() const;
  void Promote(Engine& engine, RespClient& client, const std::string& old_primary);
  void Follow(RespClient& client, const std::string& primary);
  void SyncUsers(Engine& engine, RespClient& client, const EngineSpec& spec);
  // The port the API shows for an engine, and the plain port the emulator and replicas use.
  int PublicPortOf(const std::string& address);
  // Where an endpoint the emulator owns listens: --host and the endpoint's port of the range,
  // or (loopback endpoints) the endpoint's loopback address and the port the API shows.
  std::pair<std::string, int> ListenPointOf(const std::string& address, int shown_port);
  // How the API's address of a node reads in auto-discovery answers: (host, ip, port).
  DiscoveredNode DiscoveredNodeOf(const std::string& address, int shown_port);
  int PlainPortOf(const std::string& address);
  // Every port key the topology needs: its addresses, and the inner ports of TLS engines.
  std::set<std::string> PortKeys(const Topology& topology) const;

  DataPlaneOptions options_;
  EndpointDirectory& directory_;
  boost::asio::io_context& io_;
  std::string admin_password_;
  TlsFiles tls_;
  std::string local_host_;  // where the emulator reaches engines
  std::string endpoint_ip_;  // endpoint_host resolved, once (auto-discovery's ip field)
  std::map<std::string, EngineTls> tls_of_;  // by address, of the topology being applied
  SnapshotFiles snapshot_files_;
  std::mutex mu_;
  std::map<std::string, Engine> engines_;  // by address
  std::map<std::string, std::shared_ptr<TcpForwarder>> forwarders_;
  std::map<std::string, std::shared_ptr<DiscoveryEndpoint>> discovery_;
  bool swept_ = false;  // stale engine directories removed (first Apply)
  Topology applied_;  // the last one applied (ContinueMigrations)
  bool migrating_ = false;  // slots of a resharding are left to move
  mutable std::mutex migrations_mu_;
  std::map<std::string, SlotMigration> migrations_;  // by ClusterSpec::key
};

}  // namespace ecl

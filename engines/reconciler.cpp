#include "engines/reconciler.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "engines/cluster_plan.h"
#include "engines/engine_launch.h"
#include "engines/resp_client.h"
#include "model/snapshot_rules.h"

namespace ecl {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

// Whether something listening on host:port answers `probe` with any byte within `timeout`
// (an error reply counts: the engine is alive, only busy or particular about auth).
bool AnswersProbe(const std::string& host, int port, const std::string& probe,
                  milliseconds timeout) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) return true;  // not ours to judge
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return true;
  bool answered = false;
  const auto deadline = Clock::now() + timeout;
  auto wait_for = [&](short events) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    pollfd p{fd, events, 0};
    return left > 0 && ::poll(&p, 1, static_cast<int>(left)) == 1 && (p.revents & events);
  };
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 ||
      (errno == EINPROGRESS && wait_for(POLLOUT))) {
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
    char byte;
    if (error == 0 && ::send(fd, probe.data(), probe.size(), MSG_NOSIGNAL) ==
                          static_cast<ssize_t>(probe.size()))
      answered = wait_for(POLLIN) && ::recv(fd, &byte, 1, 0) == 1;
  }
  ::close(fd);
  return answered;
}

bool IsWildcardOrLoopback(const std::string& host) {
  return host == "0.0.0.0" || host == "::" || host == "127.0.0.1" || host == "localhost" ||
         host == "::1";
}

// Engines listen where clients are and on loopback, where the emulator and replicas are.
std::string RedisBind(const std::string& bind_host) {
  return IsWildcardOrLoopback(bind_host) && bind_host != "localhost" ? bind_host
                                                                     : bind_host + " 127.0.0.1";
}

std::optional<std::string> RunAsUser() {
  if (geteuid() != 0) return std::nullopt;
  const passwd* pw = getpwuid(0);
  return pw ? std::string(pw->pw_name) : std::string("root");
}

// The IPv4 address clients are told for a host name (auto-discovery answers host|ip|port).
std::string AddressOf(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || !found) return host;
  char text[INET_ADDRSTRLEN] = {};
  auto* in = reinterpret_cast<sockaddr_in*>(found->ai_addr);
  inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
  freeaddrinfo(found);
  return text;
}

void WritePrivateFile(const fs::path& path, const std::string& text) {
  auto temp = path;
  temp += ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << text;
  }
  chmod(temp.c_str(), 0600);
  fs::rename(temp, path);
}

std::string Info(RespClient& client, const std::string& section) {
  RespReply r = client.Call({"INFO", section});
  return r.type == RespReply::Type::kBulk ? r.text : "";
}

int64_t ToInt(const std::string& text) {
  try {
    return std::stoll(text);
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

Reconciler::Reconciler(const DataPlaneOptions& options, EndpointDirectory& directory,
                       boost::asio::io_context& io, std::string admin_password, TlsFiles tls)
    : options_(options),
      directory_(directory),
      io_(io),
      admin_password_(std::move(admin_password)),
      tls_(std::move(tls)),
      local_host_(IsWildcardOrLoopback(options.bind_host) ? "127.0.0.1" : options.bind_host),
      snapshot_files_(std::filesystem::path(options.work_dir) / "snapshots") {}

Reconciler::~Reconciler() { StopAll(); }

void Reconciler::StopAll() {
  std::lock_guard lock(mu_);
  for (auto& [address, e] : engines_) {
    if (e.front) e.front->Close();
    if (e.loopback_front) e.loopback_front->Close();
  }
  for (auto& [address, f] : forwarders_) f->Close();
  forwarders_.clear();
  for (auto& [address, d] : discovery_) d->Close();
  discovery_.clear();
  // Stop every engine at once, then wait: a clean shutdown each (the append-only file is
  // flushed), in the time of the slowest.
  for (auto& [address, e] : engines_)
    if (e.process.Running()) kill(e.process.pid(), SIGTERM);
  for (auto& [address, e] : engines_) e.process.Stop(milliseconds(5000));
  engines_.clear();
}

std::vector<Reconciler::EngineStatus> Reconciler::Engines() {
  std::lock_guard lock(mu_);
  std::vector<EngineStatus> all;
  for (auto& [address, e] : engines_) {
    EngineStatus s;
    s.address = address;
    s.account = e.spec.account;
    s.region = e.spec.region;
    s.cache_cluster_id = e.spec.cache_cluster_id;
    s.cache_node_id = e.spec.cache_node_id;
    s.engine = e.spec.kind == EngineKind::kMemcached ? "memcached" : "redis";
    if (e.spec.kind == EngineKind::kRedis) s.role = e.spec.replica_of ? "replica" : "primary";
    s.port = e.public_port;
    s.pid = e.process.Running() ? e.process.pid() : -1;
    all.push_back(std::move(s));
  }
  return all;
}

Reconciler::EngineCheck Reconciler::CheckEngines() {
  ProbeEngines();  // takes the lock itself, and not while it probes
  std::lock_guard lock(mu_);
  EngineCheck check;
  const auto now = Clock::now();
  for (auto& [address, e] : engines_) {
    if (e.process.pid() <= 0 || e.process.Running()) continue;
    if (!e.lost) {
      e.lost = true;
      e.quick_deaths = now - e.started_at < milliseconds(5000) ? e.quick_deaths + 1 : 0;
      auto wait = e.quick_deaths == 0
                      ? milliseconds(0)
                      : std::min(milliseconds(10000), milliseconds(250 << std::min(e.quick_deaths - 1, 6)));
      e.not_before = now + wait;
      spdlog::warn("data plane: the engine of {} (cluster {}) stopped by itself; starting it "
                   "again in {} ms (see {}/engine.log)",
                   address, e.spec.cache_cluster_id, wait.count(), e.dir);
      check.died.push_back(e.spec);
    }
    if (now >= e.not_before) check.restart_due = true;
  }
  check.migration_due = migrating_;
  return check;
}

void Reconciler::ProbeEngines() {
  struct Probe {
    std::string address;
    pid_t pid;
    int port;
    std::string bytes;
    bool answered = false;
  };
  std::vector<Probe> probes;
  const auto now = Clock::now();
  {
    std::lock_guard lock(mu_);
    for (auto& [address, e] : engines_) {
      if (e.process.pid() <= 0 || e.lost || e.port <= 0 || now < e.next_probe) continue;
      e.next_probe = now + milliseconds(1000);
      if (e.answered_at < e.started_at) e.answered_at = e.started_at;
      probes.push_back({address, e.process.pid(), e.port,
                        e.spec.kind == EngineKind::kMemcached ? "version\r\n" : "PING\r\n"});
    }
  }
  for (auto& p : probes) p.answered = AnswersProbe(local_host_, p.port, p.bytes, milliseconds(500));
  std::lock_guard lock(mu_);
  for (const auto& p : probes) {
    auto it = engines_.find(p.address);
    if (it == engines_.end() || it->second.process.pid() != p.pid) continue;  // changed meanwhile
    Engine& e = it->second;
    if (p.answered) {
      e.answered_at = Clock::now();
    } else if (Clock::now() - e.answered_at >= options_.hang_timeout && e.process.Running()) {
      spdlog::warn("data plane: the engine of {} (cluster {}, pid {}) has not answered for {} ms; "
                   "killing it so it is recovered",
                   p.address, e.spec.cache_cluster_id, p.pid, options_.hang_timeout.count());
      e.process.Kill();
    }
  }
}

namespace {
constexpr char kPlainPortSuffix[] = "#plain";
constexpr char kTlsPortSuffix[] = "#tls";
constexpr char kBusPortSuffix[] = "#bus";  // a cluster node's bus
// A node that learned (by gossip) that its last slots are taken follows their new owner
// (cluster-allow-replica-migration) and refuses SETSLOT: nothing is left to give up.
bool LostItsLastSlot(const RespReply& reply) {
  return reply.text.find("SETSLOT only with masters") != std::string::npos;
}

// How long one pass moves a resharding's slots before Apply and the API may go on.
constexpr auto kMigrationSlice = std::chrono::milliseconds(200);
}  // namespace

int Reconciler::PublicPortOf(const std::string& address) { return directory_.PortFor(address); }

std::pair<std::string, int> Reconciler::ListenPointOf(const std::string& address, int shown_port) {
  const int port = directory_.PortFor(address);
  if (options_.loopback_endpoints) return {EndpointDirectory::LoopbackAddress(port), shown_port};
  return {options_.bind_host, port};
}

DiscoveredNode Reconciler::DiscoveredNodeOf(const std::string& address, int shown_port) {
  const int port = PublicPortOf(address);
  if (options_.loopback_endpoints) {
    const std::string ip = EndpointDirectory::LoopbackAddress(port);
    return {ip, ip, shown_port};
  }
  if (endpoint_ip_.empty()) endpoint_ip_ = AddressOf(options_.endpoint_host);
  return {options_.endpoint_host, endpoint_ip_, port};
}

int Reconciler::PlainPortOf(const std::string& address) {
  auto it = tls_of_.find(address);
  if (it == tls_of_.end() || it->second == EngineTls::kOff) return directory_.PortFor(address);
  return directory_.PortFor(address + kPlainPortSuffix);
}

std::set<std::string> Reconciler::PortKeys(const Topology& topology) const {
  std::set<std::string> keys = topology.Addresses();
  for (const auto& e : topology.engines) {
    if (e.cluster) keys.insert(e.address + kBusPortSuffix);
    if (e.tls == EngineTls::kOff) continue;
    keys.insert(e.address + kPlainPortSuffix);
    if (e.tls == EngineTls::kPreferred) keys.insert(e.address + kTlsPortSuffix);
  }
  return keys;
}

std::set<std::string> Reconciler::LeavingClusterNodes(const Topology& topology) {
  std::set<std::string> clusters, leaving;
  for (const auto& c : topology.clusters) clusters.insert(c.key);
  for (auto& [address, engine] : engines_) {
    if (!engine.spec.cluster || !clusters.count(engine.spec.cluster->cluster_key) ||
        topology.FindEngine(address) || !engine.process.Running())
      continue;
    try {
      auto client = Connect(engine, Clock::now() + milliseconds(500));
      if (!client) continue;
      RespReply nodes = client->Call({"CLUSTER", "NODES"});
      ClusterNodeView view{ParseClusterNodes(nodes.text), false, {}};
      if (view.Myself() && !view.Myself()->slots.Empty()) leaving.insert(address);
    } catch (const EngineUnreachable&) {
    }
  }
  return leaving;
}

void Reconciler::StopUnwanted(const Topology& topology, const std::set<std::string>& spared) {
  for (auto it = engines_.begin(); it != engines_.end();) {
    if (topology.FindEngine(it->first) || spared.count(it->first)) {
      ++it;
      continue;
    }
    it->second.process.Stop();
    if (it->second.front) it->second.front->Close();
    if (it->second.loopback_front) it->second.loopback_front->Close();
    std::error_code ec;
    fs::remove_all(it->second.dir, ec);  // the node is gone, and its data with it
    spdlog::info("data plane: stopped the engine of {}", it->first);
    it = engines_.erase(it);
  }
  if (!swept_) {
    // Directories of nodes deleted while the emulator was not running.
    swept_ = true;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(NodesDir(), ec))
      if (entry.is_directory() && !topology.FindEngine(entry.path().filename().string()))
        fs::remove_all(entry.path(), ec);
  }
}

void Reconciler::Start(Engine& engine, const EngineSpec& spec) {
  if (Clock::now() < engine.not_before) return;  // one that keeps dying waits (LostEngines)
  engine.spec = spec;
  engine.public_port = PublicPortOf(spec.address);
  engine.port = PlainPortOf(spec.address);
  engine.tls_port = spec.tls == EngineTls::kRequired    ? engine.public_port
                    : spec.tls == EngineTls::kPreferred ? directory_.PortFor(spec.address + kTlsPortSuffix)
                                                        : 0;
  if (engine.front && spec.tls != EngineTls::kPreferred) {
    engine.front->Close();
    engine.front.reset();
  }
  if (spec.tls == EngineTls::kPreferred) {
    if (!engine.front) engine.front = TcpForwarder::Open(io_, options_.bind_host, engine.public_port);
    engine.front->SplitByTls(engine.port, engine.tls_port);
  }
  if (options_.loopback_endpoints && !engine.loopback_front) {
    try {
      auto [host, port] = ListenPointOf(spec.address, spec.port);
      engine.loopback_front = TcpForwarder::Open(io_, host, port);
      engine.loopback_front->Retarget({engine.public_port});
    } catch (const std::exception& e) {
      spdlog::error("data plane: cannot listen for {} on its loopback address: {}", spec.address,
                    e.what());
    }
  }
  engine.dir = (NodesDir() / spec.address).string();
  fs::create_directories(engine.dir);
  engine.applied = {};
  engine.proven = false;
  engine.lost = false;
  engine.started_at = Clock::now();
  try {
    if (spec.kind == EngineKind::kMemcached)
      StartMemcached(engine, spec);
    else
      StartRedis(engine, spec);
    spdlog::info("data plane: started the engine of {} (cluster {}) on port {}, pid {}",
                 spec.address, spec.cache_cluster_id, engine.port, engine.process.pid());
  } catch (const std::exception& e) {
    spdlog::error("data plane: cannot start the engine of {}: {}", spec.address, e.what());
  }
}

void Reconciler::StartRedis(Engine& engine, const EngineSpec& spec) {
  RedisLaunch launch;
  launch.bind_host = RedisBind(options_.bind_host);
  launch.port = engine.port;
  launch.tls_port = engine.tls_port;
  launch.tls = tls_;
  launch.dir = engine.dir;
  launch.persistent = options_.persistent;
  // A node restored from a snapshot starts from its data, the first time only.
  const fs::path dump = fs::path(engine.dir) / "dump.rdb";
  // The append-only file from the start, unless the engine must first load an RDB (a restore):
  // then it is switched on once loaded (Configure), and the node is ready only after that.
  launch.append_only_at_start = fs::exists(fs::path(engine.dir) / "appendonlydir") ||
                                (!spec.seed && !fs::exists(dump));
  if (spec.seed && !launch.append_only_at_start && !fs::exists(dump)) {
    if (auto seed = SeedFile(*spec.seed))
      fs::copy_file(*seed, dump);
    else
      spdlog::warn("data plane: {} starts empty: its snapshot holds no data for node group {}",
                   spec.address, spec.seed->node_group_id);
  }
  launch.admin_password = admin_password_;
  if (spec.cluster) {
    launch.cluster = ClusterLaunchOf(engine, spec);
    // Loopback endpoints: the other nodes reach this one at its own address.
    if (launch.cluster->node_ip != "127.0.0.1" && options_.bind_host != "0.0.0.0" &&
        options_.bind_host != "::")
      launch.bind_host += " " + launch.cluster->node_ip;
  } else if (spec.replica_of) {
    launch.replica_of_port = PlainPortOf(*spec.replica_of);
  }
  launch.spec = &spec;
  auto conf = fs::path(engine.dir) / "engine.conf";
  WritePrivateFile(conf, RedisConfigFile(launch));
  engine.start_config = spec.start_config;
  engine.process = ChildProcess::Start({options_.redis_server, conf.string()},
                                       (fs::path(engine.dir) / "engine.log").string());
}

ClusterLaunch Reconciler::ClusterLaunchOf(Engine& engine, const EngineSpec& spec) {
  ClusterLaunch c;
  c.bus_port = directory_.PortFor(spec.address + kBusPortSuffix);
  if (options_.loopback_endpoints) {
    // The node's own address and the port the API shows (its loopback front).
    c.node_ip = EndpointDirectory::LoopbackAddress(engine.public_port);
    c.client_port = spec.port;
  } else {
    // Nodes meet and replicate on loopback; clients are told the endpoint host, by name.
    c.node_ip = "127.0.0.1";
    c.client_port = engine.public_port;
    c.client_host = options_.endpoint_host;
  }
  engine.cluster_ip = c.node_ip;
  engine.fast_gossip = true;
  engine.bus_port = c.bus_port;
  return c;
}

void Reconciler::StartMemcached(Engine& engine, const EngineSpec& spec) {
  MemcachedLaunch launch;
  launch.program = options_.memcached;
  launch.bind_host = IsWildcardOrLoopback(options_.bind_host) && options_.bind_host != "localhost"
                         ? options_.bind_host
                         : options_.bind_host + ",127.0.0.1";
  launch.port = engine.port;
  launch.memory_bytes = spec.maxmemory_bytes;
  launch.run_as_user = RunAsUser();
  engine.process =
      ChildProcess::Start(MemcachedArgv(launch), (fs::path(engine.dir) / "engine.log").string());
}

std::optional<fs::path> Reconciler::SeedFile(const DataSeed& seed) const {
  if (seed.snapshot) {
    if (!snapshot_files_.Has(*seed.snapshot, seed.node_group_id)) return std::nullopt;
    return snapshot_files_.PathOf(*seed.snapshot, seed.node_group_id);
  }
  if (!seed.object_arn || options_.export_dir.empty()) return std::nullopt;
  try {
    S3ObjectLocation object = ParseS3ObjectArn(*seed.object_arn);
    fs::path path = fs::path(options_.export_dir) / object.bucket / object.key;
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) return path;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

void Reconciler::Capture(const SnapshotCapture& c) {
  if (snapshot_files_.Has(c.snapshot, c.node_group_id)) return;
  if (c.copy_of) {
    if (snapshot_files_.Has(*c.copy_of, c.node_group_id))
      snapshot_files_.Store(c.snapshot, c.node_group_id,
                            snapshot_files_.PathOf(*c.copy_of, c.node_group_id));
    return;
  }
  auto it = engines_.find(c.engine_address.value_or(""));
  if (it == engines_.end() || !it->second.process.Running()) {
    spdlog::warn("data plane: snapshot {} holds no data: the engine of {} does not run",
                 c.snapshot.snapshot, c.engine_address.value_or("its source"));
    return;
  }
  Engine& engine = it->second;
  auto client = Connect(engine, Clock::now() + options_.ready_timeout);
  if (!client) return;
  // SAVE, not BGSAVE: the snapshot holds exactly the data as it is now. A background save
  // under way (a replica's sync) makes it wait its turn.
  const auto until = Clock::now() + options_.ready_timeout;
  while (true) {
    RespReply r = client->Call({"SAVE"});
    if (r.IsOk()) break;
    if (Clock::now() >= until) {
      spdlog::warn("data plane: snapshot {}: the engine of {} did not save: {}",
                   c.snapshot.snapshot, engine.spec.address, r.text);
      return;
    }
    std::this_thread::sleep_for(milliseconds(20));
  }
  snapshot_files_.Store(c.snapshot, c.node_group_id, fs::path(engine.dir) / "dump.rdb");
  spdlog::info("data plane: snapshot {} took node group {} from {}", c.snapshot.snapshot,
               c.node_group_id, engine.spec.address);
}

void Reconciler::UpdateEndpoints(const Topology& topology) {
  std::set<std::string> wanted;
  for (const auto& f : topology.forwarders) {
    wanted.insert(f.address);
    auto& forwarder = forwarders_[f.address];
    if (!forwarder) {
      auto [host, port] = ListenPointOf(f.address, f.port);
      forwarder = TcpForwarder::Open(io_, host, port);
    }
    std::vector<int> ports;
    for (const auto& target : f.targets) ports.push_back(PublicPortOf(target));
    forwarder->Retarget(std::move(ports));
  }
  for (auto it = forwarders_.begin(); it != forwarders_.end();) {
    if (wanted.count(it->first)) {
      ++it;
      continue;
    }
    it->second->Close();
    it = forwarders_.erase(it);
  }
  wanted.clear();
  for (const auto& d : topology.discovery) {
    wanted.insert(d.address);
    auto& endpoint = discovery_[d.address];
    if (!endpoint) {
      auto [host, port] = ListenPointOf(d.address, d.port);
      endpoint = DiscoveryEndpoint::Open(io_, host, port);
    }
    std::vector<DiscoveredNode> nodes;
    for (const auto& n : d.nodes) nodes.push_back(DiscoveredNodeOf(n, d.port));
    endpoint->Update(std::move(nodes), d.engine_version,
                     d.forward_to ? PublicPortOf(*d.forward_to) : 0);
  }
  for (auto it = discovery_.begin(); it != discovery_.end();) {
    if (wanted.count(it->first)) {
      ++it;
      continue;
    }
    it->second->Close();
    it = discovery_.erase(it);
  }
}

std::filesystem::path Reconciler::NodesDir() const {
  return fs::path(options_.work_dir) / "nodes";
}

std::unique_ptr<RespClient> Reconciler::Connect(Engine& engine, Clock::time_point deadline) {
  while (true) {
    if (!engine.process.Running()) return nullptr;  // it died: no use waiting
    try {
      auto client = std::make_unique<RespClient>(local_host_, engine.port, milliseconds(1000));
      RespReply auth = client->Call({"AUTH", kAdminUser, admin_password_});
      if (auth.IsOk()) {
        RespReply pong = client->Call({"PING"});
        if (pong.type == RespReply::Type::kSimple) return client;  // not -LOADING
      }
    } catch (const EngineUnreachable&) {
    }
    if (Clock::now() >= deadline) return nullptr;
    std::this_thread::sleep_for(milliseconds(5));
  }
}

void Reconciler::SyncUsers(Engine& engine, RespClient& client, const EngineSpec& spec) {
  std::set<std::string> wanted = {kAdminUser};
  for (const auto& user : spec.users) {
    std::vector<std::string> command = {"ACL", "SETUSER", user.name, "reset"};
    command.insert(command.end(), user.rules.begin(), user.rules.end());
    RespReply r = client.Call(command);
    if (r.IsError())
      spdlog::warn("data plane: {} refused user {}: {}", spec.address, user.name, r.text);
    wanted.insert(user.name);
  }
  RespReply users = client.Call({"ACL", "USERS"});
  for (const auto& u : users.elements)
    if (!wanted.count(u.text)) client.Call({"ACL", "DELUSER", u.text});
  // Connections of users that changed or went away authenticate again, as on AWS.
  engine.applied.users = spec.users;
}

void Reconciler::Follow(RespClient& client, const std::string& primary) {
  client.Expect({"CONFIG", "SET", "masteruser", kAdminUser});
  client.Expect({"CONFIG", "SET", "masterauth", admin_password_});
  client.Expect({"REPLICAOF", local_host_, std::to_string(PlainPortOf(primary))});
}

void Reconciler::Promote(Engine& engine, RespClient& client, const std::string& old_primary) {
  // A failover the model decided: writes the old primary acknowledged must survive. Pause
  // its writers, let this replica catch up, then promote it; the old primary follows it
  // when its own turn comes.
  auto old = engines_.find(old_primary);
  if (old != engines_.end() && old->second.process.Running()) {
    try {
      RespClient previous(local_host_, old->second.port, milliseconds(500));
      previous.Expect({"AUTH", kAdminUser, admin_password_});
      previous.Call({"CLIENT", "PAUSE", "3000", "WRITE"});
      int64_t target = ToInt(InfoField(Info(previous, "replication"), "master_repl_offset"));
      auto until = Clock::now() + milliseconds(2000);
      while (Clock::now() < until &&
             ToInt(InfoField(Info(client, "replication"), "slave_repl_offset")) < target)
        std::this_thread::sleep_for(milliseconds(2));
    } catch (const EngineUnreachable&) {
      // The old primary is gone: promote what this replica has, as AWS does.
    }
  }
  client.Expect({"REPLICAOF", "NO", "ONE"});
  spdlog::info("data plane: promoted the engine of {} to primary", engine.spec.address);
}

void Reconciler::Configure(Engine& engine, const EngineSpec& spec, Clock::time_point deadline) {
  if (spec.kind != EngineKind::kRedis) return;
  Applied& applied = engine.applied;
  const bool same = applied.done && applied.users == spec.users &&
                    applied.config == spec.dynamic_config && applied.replica_of == spec.replica_of &&
                    applied.maxmemory_bytes == spec.maxmemory_bytes;
  if (same) return;
  auto client = Connect(engine, deadline);
  if (!client) {
    if (spec.must_answer)
      spdlog::warn("data plane: the engine of {} does not answer yet", spec.address);
    return;
  }
  try {
    if (!applied.done) {
      // Settings taken up at start: those of a reboot-only parameter as the engine started.
      for (const auto& [name, value] : engine.start_config)
        if (!TakenOnlyAtStart(name)) client->Call({"CONFIG", "SET", name, value});
      if (options_.persistent) {
        client->Call({"CONFIG", "SET", "appendonly", "yes"});
        // Until its first rewrite ends the engine has no append-only file: writes acknowledged
        // then would be lost by a stop (Redis refuses a clean shutdown while "writing initial
        // AOF"), so the node is not ready before it ends.
        while (Clock::now() < deadline) {
          const std::string info = Info(*client, "persistence");
          if (InfoField(info, "aof_rewrite_in_progress") == "0" &&
              InfoField(info, "aof_rewrite_scheduled") == "0")
            break;
          std::this_thread::sleep_for(milliseconds(2));
        }
      }
    }
    for (const auto& [name, value] : spec.dynamic_config) {
      auto it = applied.config.find(name);
      if (applied.done && it != applied.config.end() && it->second == value) continue;
      RespReply r = client->Call({"CONFIG", "SET", name, value});
      if (r.IsError())
        spdlog::debug("data plane: {} does not take {}={}: {}", spec.address, name, value, r.text);
    }
    applied.config = spec.dynamic_config;
    if (!applied.done || applied.maxmemory_bytes != spec.maxmemory_bytes)
      client->Call({"CONFIG", "SET", "maxmemory", std::to_string(spec.maxmemory_bytes)});
    applied.maxmemory_bytes = spec.maxmemory_bytes;
    if (!applied.done || applied.users != spec.users) SyncUsers(engine, *client, spec);
    if (spec.cluster) {
      // Cluster nodes follow and take over through the cluster (ReconcileClusters).
    } else if (!applied.done || applied.replica_of != spec.replica_of) {
      if (spec.replica_of)
        Follow(*client, *spec.replica_of);
      else if (engine.spec.replica_of || applied.replica_of)
        Promote(engine, *client, applied.replica_of.value_or(engine.spec.replica_of.value_or("")));
      else
        client->Call({"REPLICAOF", "NO", "ONE"});
    }
    applied.replica_of = spec.replica_of;
    applied.done = true;
    engine.spec = spec;
  } catch (const EngineUnreachable& e) {
    spdlog::warn("data plane: configuring the engine of {} failed: {}", spec.address, e.what());
    applied.done = false;
  }
}

bool Reconciler::WaitAnswers(Engine& engine, Clock::time_point deadline) {
  if (engine.spec.kind == EngineKind::kMemcached) {
    while (Clock::now() < deadline) {
      try {
        RespClient probe(local_host_, engine.port, milliseconds(200));  // a TCP connect suffices
        return true;
      } catch (const EngineUnreachable&) {
        std::this_thread::sleep_for(milliseconds(5));
      }
    }
    spdlog::warn("data plane: the engine of {} does not answer", engine.spec.address);
    return false;
  }
  if (!engine.spec.replica_of) return engine.applied.done;  // Configure connected: it answers
  auto client = Connect(engine, deadline);
  while (client && Clock::now() < deadline) {
    try {
      if (InfoField(Info(*client, "replication"), "master_link_status") == "up") return true;
    } catch (const EngineUnreachable&) {
      return false;
    }
    std::this_thread::sleep_for(milliseconds(5));
  }
  spdlog::warn("data plane: the replica {} has not synced with its primary yet",
               engine.spec.address);
  return false;
}

void Reconciler::Apply(const Topology& topology) {
  std::lock_guard lock(mu_);
  tls_of_.clear();
  for (const auto& e : topology.engines) tls_of_[e.address] = e.tls;
  const std::set<std::string> leaving = LeavingClusterNodes(topology);
  std::set<std::string> port_keys = PortKeys(topology);
  for (const auto& address : leaving)
    for (const char* suffix : {"", kPlainPortSuffix, kTlsPortSuffix, kBusPortSuffix})
      port_keys.insert(address + suffix);
  directory_.Retain(port_keys);
  fs::create_directories(NodesDir());
  // Before anything stops: a final snapshot saves the engines of a group being deleted.
  for (const auto& capture : topology.captures) Capture(capture);
  snapshot_files_.RetainOnly(topology.snapshots);
  StopUnwanted(topology, leaving);
  for (const auto& spec : topology.engines) {
    Engine& engine = engines_[spec.address];
    // Encryption decides the engine's ports: a change needs a restart.
    if (engine.process.Running() && engine.spec.tls != spec.tls) {
      engine.process.Stop();
      engine.not_before = {};
    }
    // Memcached takes its memory limit only at start: a new node type replaces the node, which
    // starts empty, as a node of the new type does on AWS.
    if (engine.process.Running() && spec.kind == EngineKind::kMemcached &&
        engine.spec.maxmemory_bytes != spec.maxmemory_bytes) {
      engine.process.Stop();
      engine.not_before = {};
      spdlog::info("data plane: replacing the engine of {} for its new node type", spec.address);
    }
    if (spec.reboot_id != 0 && spec.reboot_id != engine.handled_reboot_id) {
      engine.handled_reboot_id = spec.reboot_id;
      if (engine.process.Running()) {
        engine.process.Stop();
        engine.not_before = {};  // a reboot starts again at once
        spdlog::info("data plane: rebooting the engine of {}", spec.address);
      }
    }
    if (!engine.process.Running()) Start(engine, spec);
  }
  UpdateEndpoints(topology);
  // Primaries first, so a promoted replica leads before the others follow it.
  const auto deadline = Clock::now() + options_.ready_timeout;
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& spec : topology.engines) {
      if (bool(spec.replica_of) != (pass == 1)) continue;
      Engine& engine = engines_[spec.address];
      if (!engine.process.Running()) continue;
      if (!engine.applied.done || engine.applied.replica_of != spec.replica_of)
        engine.proven = false;
      Configure(engine, spec, spec.must_answer ? deadline : Clock::now() + milliseconds(50));
      engine.spec.must_answer = spec.must_answer;
    }
  ReconcileClusters(topology, deadline, leaving);
  // Nodes that left their cluster and handed all their slots over stop now.
  if (!leaving.empty()) StopUnwanted(topology, LeavingClusterNodes(topology));
  applied_ = topology;
  for (const auto& spec : topology.engines)
    if (spec.must_answer) {
      Engine& engine = engines_[spec.address];
      if (engine.process.Running() && !engine.proven) engine.proven = WaitAnswers(engine, deadline);
    }
}

void Reconciler::ReconcileClusters(const Topology& topology, Clock::time_point deadline,
                                   const std::set<std::string>& leaving) {
  std::set<std::string> resharding;
  for (const auto& spec : topology.clusters) {
    std::vector<std::string> its_leaving;
    for (const auto& address : leaving)
      if (engines_.at(address).spec.cluster->cluster_key == spec.key)
        its_leaving.push_back(address);
    // A resharding moves its slots a slice at a time; the watcher asks for the next pass
    // (migration_due) until it is over, and the API answers in between.
    auto until = !spec.must_answer ? Clock::now()
                 : spec.resharding ? std::min(deadline, Clock::now() + kMigrationSlice)
                                   : deadline;
    ReconcileCluster(spec, until, its_leaving);
    if (spec.resharding) resharding.insert(spec.key);
  }
  std::lock_guard lock(migrations_mu_);
  std::erase_if(migrations_, [&](const auto& m) { return !resharding.count(m.first); });
  migrating_ = std::any_of(migrations_.begin(), migrations_.end(),
                           [](const auto& m) { return !m.second.finished_at; });
}

void Reconciler::ContinueMigrations() {
  std::lock_guard lock(mu_);
  if (!migrating_) return;
  Topology resharding = applied_;
  std::erase_if(resharding.clusters, [](const ClusterSpec& c) { return !c.resharding; });
  const std::set<std::string> leaving = LeavingClusterNodes(applied_);
  ReconcileClusters(resharding, Clock::now() + kMigrationSlice, leaving);
  if (!leaving.empty()) StopUnwanted(applied_, LeavingClusterNodes(applied_));
}

std::optional<SlotMigration> Reconciler::Migration(
    const std::string& cluster_key) const {
  std::lock_guard lock(migrations_mu_);
  auto it = migrations_.find(cluster_key);
  if (it == migrations_.end()) return std::nullopt;
  return it->second;
}

void Reconciler::RecordMigration(const ClusterSpec& spec,
                                 const std::map<std::string, ClusterNodeView>& views,
                                 bool settled) {
  std::lock_guard lock(migrations_mu_);
  SlotMigration& m = migrations_[spec.key];
  if (m.started_ms != spec.resharding->started_ms) m = {spec.resharding->started_ms, 0, {}};
  if (m.finished_at) return;
  // Never backwards: a primary that stops answering for a moment owns its slots still.
  m.percent = std::max(m.percent, settled ? 100.0 : MigratedPercent(spec, views));
  if (settled) m.finished_at = std::chrono::system_clock::now();
}

void Reconciler::MoveSlots(Engine& from, RespClient& source, Engine& to, RespClient& target,
                           const std::string& from_id, const std::string& to_id,
                           const SlotSet& slots, Clock::time_point deadline) {
  using Commands = std::vector<std::vector<std::string>>;
  std::vector<std::string> all;
  for (const auto& r : slots.ranges())
    for (int slot = r.start; slot <= r.end; ++slot) all.push_back(std::to_string(slot));
  // Empty slots change owner at once (the new owner first): clients asking the old one get
  // MOVED and so learn of the new node before any ASK sends them there for a key.
  Commands counts;
  for (const auto& slot : all) counts.push_back({"CLUSTER", "COUNTKEYSINSLOT", slot});
  auto replies = source.CallAll(counts);
  std::vector<std::string> empty, full;
  for (size_t i = 0; i < all.size(); ++i)
    (replies[i].type == RespReply::Type::kInteger && replies[i].integer == 0 ? empty : full)
        .push_back(all[i]);
  auto owner_commands = [&](const std::vector<std::string>& batch) {
    Commands owner;
    for (const auto& slot : batch) owner.push_back({"CLUSTER", "SETSLOT", slot, "NODE", to_id});
    return owner;
  };
  // The old owner first: it refuses while it holds a key of the slot (one written since it
  // was counted), and once it has let go its clients get MOVED, never a write it then drops.
  // Slots it kept move with their keys below.
  {
    auto given = source.CallAll(owner_commands(empty));
    std::vector<std::string> assigned;
    for (size_t i = 0; i < empty.size(); ++i)
      (given[i].IsError() ? full : assigned).push_back(empty[i]);
    target.CallAll(owner_commands(assigned));
  }
  // Slots with keys: importing and migrating, the keys, then the new owner.
  constexpr size_t kBatch = 64;
  size_t moved = 0;
  for (size_t begin = 0; begin < full.size() && (begin == 0 || Clock::now() < deadline);
       begin += kBatch) {
    const std::vector<std::string> batch(full.begin() + begin,
                                         full.begin() + std::min(full.size(), begin + kBatch));
    Commands importing, migrating;
    for (const auto& slot : batch) {
      importing.push_back({"CLUSTER", "SETSLOT", slot, "IMPORTING", from_id});
      migrating.push_back({"CLUSTER", "SETSLOT", slot, "MIGRATING", to_id});
    }
    target.CallAll(importing);
    source.CallAll(migrating);
    // The keys of the whole batch, two round trips at a time: their lists, then a MIGRATE
    // per slot that has keys (MIGRATE takes keys of one slot only, as every cluster command).
    while (true) {
      Commands listing, migrates;
      for (const auto& slot : batch) listing.push_back({"CLUSTER", "GETKEYSINSLOT", slot, "100"});
      for (const auto& found : source.CallAll(listing)) {
        if (found.elements.empty()) continue;
        std::vector<std::string> migrate = {"MIGRATE", "127.0.0.1", std::to_string(to.port), "",
                                            "0", "5000", "REPLACE", "AUTH2", kAdminUser,
                                            admin_password_, "KEYS"};
        for (const auto& k : found.elements) migrate.push_back(k.text);
        migrates.push_back(std::move(migrate));
      }
      if (migrates.empty()) break;
      for (const auto& moved : source.CallAll(migrates))
        if (moved.IsError())
          throw EngineUnreachable("moving slots " + batch.front() + "-" + batch.back() +
                                  " from " + from.spec.address + ": " + moved.text);
    }
    // Keys of a migrating slot are written at the new owner (ASK): it takes the slot first.
    target.CallAll(owner_commands(batch));
    auto given = source.CallAll(owner_commands(batch));
    for (size_t i = 0; i < batch.size(); ++i)
      if (given[i].IsError() && !LostItsLastSlot(given[i]))
        spdlog::warn("data plane: {} keeps slot {}: {}", from.spec.address, batch[i], given[i].text);
    moved += batch.size();
  }
  spdlog::info("data plane: slots {} from {} to {}: {} without keys moved, {} of {} with keys",
               slots.ToString(), from.spec.address, to.spec.address, all.size() - full.size(),
               moved, full.size());
}

void Reconciler::ImportExtraSeeds(const ClusterSpec& spec) {
  std::string name = spec.key + "-" + std::to_string(spec.created_ms);
  std::replace(name.begin(), name.end(), '/', '_');
  const fs::path marker = fs::path(options_.work_dir) / "imports" / name;
  if (fs::exists(marker)) return;
  for (const auto& seed : spec.extra_seeds) {
    auto rdb = SeedFile(seed);
    if (!rdb) {
      spdlog::warn("data plane: {} holds no data for cluster {}", seed.object_arn.value_or(""),
                   spec.key);
      continue;
    }
    try {
      ImportKeys(spec, *rdb);
    } catch (const std::exception& e) {
      spdlog::error("data plane: copying {} into cluster {} failed: {}", rdb->string(), spec.key,
                    e.what());
      return;  // tried again on the next pass
    }
  }
  fs::create_directories(marker.parent_path());
  std::ofstream(marker) << "imported\n";
}

void Reconciler::ImportKeys(const ClusterSpec& spec, const fs::path& rdb) {
  using Commands = std::vector<std::vector<std::string>>;
  const fs::path dir = fs::path(options_.work_dir) / "imports" / "loading";
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  fs::copy_file(rdb, dir / "dump.rdb");
  const int port = directory_.PortFor(spec.key + "#import");
  std::string conf = "bind 127.0.0.1\nport " + std::to_string(port) +
                     "\nprotected-mode no\ndaemonize no\nlogfile \"\"\nsave \"\"\n"
                     "appendonly no\ndbfilename dump.rdb\ndir " + QuoteRedisConfig(dir.string()) +
                     "\n";
  WritePrivateFile(dir / "engine.conf", conf);
  Engine loader;
  loader.spec.address = spec.key + " import";
  loader.port = port;
  loader.process = ChildProcess::Start({options_.redis_server, (dir / "engine.conf").string()},
                                       (dir / "engine.log").string());
  // The loader has no users of its own: its default user is open, on loopback only.
  std::unique_ptr<RespClient> source;
  const auto until = Clock::now() + options_.ready_timeout;
  while (!source && Clock::now() < until && loader.process.Running()) {
    try {
      auto client = std::make_unique<RespClient>(local_host_, port, milliseconds(1000));
      if (client->Call({"PING"}).type == RespReply::Type::kSimple) source = std::move(client);
    } catch (const EngineUnreachable&) {
      std::this_thread::sleep_for(milliseconds(10));
    }
  }
  if (!source) throw EngineUnreachable("the engine loading the RDB did not answer");
  std::map<std::string, std::unique_ptr<RespClient>> owners;
  auto owner_of = [&](int slot) -> RespClient& {
    for (const auto& shard : spec.shards)
      if (shard.slots.Contains(slot)) {
        auto& client = owners[shard.primary];
        if (!client) client = Connect(engines_.at(shard.primary), until);
        if (!client) throw EngineUnreachable("the primary " + shard.primary + " does not answer");
        return *client;
      }
    throw EngineUnreachable("slot " + std::to_string(slot) + " has no shard");
  };
  size_t copied = 0;
  std::string cursor = "0";
  do {
    RespReply page = source->Call({"SCAN", cursor, "COUNT", "500"});
    if (page.elements.size() != 2) throw EngineUnreachable("SCAN: " + page.text);
    cursor = page.elements[0].text;
    const auto& keys = page.elements[1].elements;
    if (keys.empty()) continue;
    Commands dumps, slots;
    for (const auto& k : keys) {
      dumps.push_back({"DUMP", k.text});
      dumps.push_back({"PTTL", k.text});
    }
    auto dumped = source->CallAll(dumps);
    RespClient& any = owner_of(0);
    for (const auto& k : keys) slots.push_back({"CLUSTER", "KEYSLOT", k.text});
    auto slot_of = any.CallAll(slots);
    std::map<RespClient*, Commands> restores;
    for (size_t i = 0; i < keys.size(); ++i) {
      if (dumped[2 * i].type != RespReply::Type::kBulk) continue;  // gone meanwhile
      const int64_t ttl = std::max<int64_t>(0, dumped[2 * i + 1].integer);
      restores[&owner_of(int(slot_of[i].integer))].push_back(
          {"RESTORE", keys[i].text, std::to_string(ttl), dumped[2 * i].text, "REPLACE"});
    }
    for (auto& [client, commands] : restores)
      for (const auto& r : client->CallAll(commands)) {
        if (r.IsError()) throw EngineUnreachable("RESTORE: " + r.text);
        ++copied;
      }
  } while (cursor != "0");
  loader.process.Stop();
  fs::remove_all(dir, ec);
  spdlog::info("data plane: copied {} keys of {} into cluster {}", copied, rdb.filename().string(),
               spec.key);
}

void Reconciler::ReconcileCluster(const ClusterSpec& spec, Clock::time_point deadline,
                                  const std::vector<std::string>& leaving) {
  std::map<std::string, std::unique_ptr<RespClient>> clients;
  // A failover asked for takes some milliseconds; asking again would start it over.
  std::map<std::string, Clock::time_point> failover_asked;
  auto call = [&](const std::string& address, const std::vector<std::string>& command) {
    RespReply r = clients.at(address)->Call(command);
    if (r.IsError())
      spdlog::debug("data plane: {} refused {} {}: {}", address, command[0], command[1], r.text);
    return r;
  };
  while (true) {
    std::map<std::string, ClusterNodeView> views;
    std::vector<std::string> addresses = leaving;
    for (const auto& shard : spec.shards) {
      addresses.push_back(shard.primary);
      addresses.insert(addresses.end(), shard.replicas.begin(), shard.replicas.end());
    }
    {
      for (const auto& address : addresses) {
        auto it = engines_.find(address);
        if (it == engines_.end() || !it->second.process.Running()) continue;
        try {
          auto& client = clients[address];
          if (!client) client = Connect(it->second, Clock::now() + milliseconds(200));
          if (!client) {
            clients.erase(address);
            continue;
          }
          RespReply nodes = client->Call({"CLUSTER", "NODES"});
          if (nodes.type != RespReply::Type::kBulk) continue;
          ClusterNodeView& view = views[address];
          view.lines = ParseClusterNodes(nodes.text);
          RespReply info = client->Call({"CLUSTER", "INFO"});
          view.state_ok = InfoField(info.text, "cluster_state") == "ok";
          view.online = OnlineNodeIds(client->Call({"CLUSTER", "SHARDS"}));
        } catch (const EngineUnreachable&) {
          clients.erase(address);
          views.erase(address);
        }
      }
    }
    ClusterSteps steps = PlanCluster(spec, views);
    if (spec.resharding) RecordMigration(spec, views, steps.settled);
    if (!steps.failovers.empty() || !steps.add_slots.empty() || !steps.meets.empty() ||
        !steps.replicates.empty() || !steps.forgets.empty() || !steps.moves.empty())
      spdlog::debug("data plane: cluster {}: {} failovers, {} slot claims, {} meets, {} replicas "
                    "to follow, {} nodes to forget, {} slot moves",
                    spec.key, steps.failovers.size(), steps.add_slots.size(), steps.meets.size(),
                    steps.replicates.size(), steps.forgets.size(), steps.moves.size());
    // Fast gossip while the cluster changes, the steady timeout once it is as wanted.
    for (const auto& [address, view] : views) {
      Engine& engine = engines_.at(address);
      if (engine.fast_gossip == !steps.settled) continue;
      const int timeout =
          steps.settled ? kClusterSettledNodeTimeoutMs : kClusterChangingNodeTimeoutMs;
      try {
        if (!call(address, {"CONFIG", "SET", "cluster-node-timeout", std::to_string(timeout)})
                 .IsError())
          engine.fast_gossip = !steps.settled;
      } catch (const EngineUnreachable&) {
        clients.erase(address);
      }
    }
    if (steps.settled) {
      if (!spec.extra_seeds.empty()) ImportExtraSeeds(spec);
      return;
    }
    try {
      // Slots first: a node met afterwards learns them in the handshake itself.
      for (const auto& f : steps.failovers) {
        auto asked = failover_asked.find(f.address);
        if (asked != failover_asked.end() && Clock::now() - asked->second < milliseconds(3000))
          continue;
        failover_asked[f.address] = Clock::now();
        std::vector<std::string> command = {"CLUSTER", "FAILOVER"};
        if (f.takeover) command.push_back("TAKEOVER");
        call(f.address, command);
        spdlog::info("data plane: {} takes over its shard{}", f.address,
                     f.takeover ? " (its primary is gone)" : "");
      }
      for (const auto& a : steps.add_slots) {
        std::vector<std::string> command = {"CLUSTER", "ADDSLOTSRANGE"};
        for (auto& arg : SlotRangeArguments(a.slots)) command.push_back(std::move(arg));
        call(a.address, command);
      }
      for (const auto& m : steps.meets) {
        const Engine& to = engines_.at(m.to);
        call(m.from, {"CLUSTER", "MEET", to.cluster_ip, std::to_string(to.port),
                      std::to_string(to.bus_port)});
      }
      for (const auto& r : steps.replicates) call(r.address, {"CLUSTER", "REPLICATE", r.primary_id});
      for (const auto& f : steps.forgets) call(f.address, {"CLUSTER", "FORGET", f.id});
      for (const auto& m : steps.moves) {
        const std::string from_id = views.at(m.from).Myself()->id;
        const std::string to_id = views.at(m.to).Myself()->id;
        MoveSlots(engines_.at(m.from), *clients.at(m.from), engines_.at(m.to), *clients.at(m.to),
                  from_id, to_id, m.slots, deadline);
      }
    } catch (const EngineUnreachable& e) {
      spdlog::warn("data plane: forming the cluster {} failed: {}", spec.key, e.what());
      clients.clear();
    }
    if (Clock::now() >= deadline) {
      if (spec.must_answer && !spec.resharding)
        spdlog::warn("data plane: the cluster {} has not formed yet", spec.key);
      return;
    }
    std::this_thread::sleep_for(milliseconds(10));
  }
}

}  // namespace ecl

#include "engines/reconciler.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <signal.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "engines/engine_launch.h"
#include "engines/resp_client.h"
#include "model/snapshot_rules.h"

namespace ecl {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

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
      snapshot_files_(std::filesystem::path(options.work_dir) / "snapshots"),
      local_host_(IsWildcardOrLoopback(options.bind_host) ? "127.0.0.1" : options.bind_host) {}

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
  return check;
}

namespace {
constexpr char kPlainPortSuffix[] = "#plain";
constexpr char kTlsPortSuffix[] = "#tls";
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
    if (e.tls == EngineTls::kOff) continue;
    keys.insert(e.address + kPlainPortSuffix);
    if (e.tls == EngineTls::kPreferred) keys.insert(e.address + kTlsPortSuffix);
  }
  return keys;
}

void Reconciler::StopUnwanted(const Topology& topology) {
  for (auto it = engines_.begin(); it != engines_.end();) {
    if (topology.FindEngine(it->first)) {
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
  launch.append_only_at_start = fs::exists(fs::path(engine.dir) / "appendonlydir");
  // A node restored from a snapshot starts from its data, the first time only.
  const fs::path dump = fs::path(engine.dir) / "dump.rdb";
  if (spec.seed && !launch.append_only_at_start && !fs::exists(dump)) {
    if (auto seed = SeedFile(*spec.seed))
      fs::copy_file(*seed, dump);
    else
      spdlog::warn("data plane: {} starts empty: its snapshot holds no data for node group {}",
                   spec.address, spec.seed->node_group_id);
  }
  launch.admin_password = admin_password_;
  if (spec.replica_of) launch.replica_of_port = PlainPortOf(*spec.replica_of);
  launch.spec = &spec;
  auto conf = fs::path(engine.dir) / "engine.conf";
  WritePrivateFile(conf, RedisConfigFile(launch));
  engine.start_config = spec.start_config;
  engine.process = ChildProcess::Start({options_.redis_server, conf.string()},
                                       (fs::path(engine.dir) / "engine.log").string());
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
      if (options_.persistent) client->Call({"CONFIG", "SET", "appendonly", "yes"});
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
    if (!applied.done || applied.replica_of != spec.replica_of) {
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

void Reconciler::WaitAnswers(Engine& engine, Clock::time_point deadline) {
  if (engine.spec.kind == EngineKind::kMemcached) {
    while (Clock::now() < deadline) {
      try {
        RespClient probe(local_host_, engine.port, milliseconds(200));  // a TCP connect suffices
        return;
      } catch (const EngineUnreachable&) {
        std::this_thread::sleep_for(milliseconds(5));
      }
    }
    spdlog::warn("data plane: the engine of {} does not answer", engine.spec.address);
    return;
  }
  if (!engine.spec.replica_of) return;  // Configure connected: it answers
  auto client = Connect(engine, deadline);
  while (client && Clock::now() < deadline) {
    try {
      if (InfoField(Info(*client, "replication"), "master_link_status") == "up") return;
    } catch (const EngineUnreachable&) {
      return;
    }
    std::this_thread::sleep_for(milliseconds(5));
  }
  spdlog::warn("data plane: the replica {} has not synced with its primary yet",
               engine.spec.address);
}

void Reconciler::Apply(const Topology& topology) {
  std::lock_guard lock(mu_);
  tls_of_.clear();
  for (const auto& e : topology.engines) tls_of_[e.address] = e.tls;
  directory_.Retain(PortKeys(topology));
  fs::create_directories(NodesDir());
  // Before anything stops: a final snapshot saves the engines of a group being deleted.
  for (const auto& capture : topology.captures) Capture(capture);
  snapshot_files_.RetainOnly(topology.snapshots);
  StopUnwanted(topology);
  for (const auto& spec : topology.engines) {
    Engine& engine = engines_[spec.address];
    // Encryption decides the engine's ports: a change needs a restart.
    if (engine.process.Running() && engine.spec.tls != spec.tls) {
      engine.process.Stop();
      engine.not_before = {};
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
      Configure(engine, spec, spec.must_answer ? deadline : Clock::now() + milliseconds(50));
      engine.spec.must_answer = spec.must_answer;
    }
  for (const auto& spec : topology.engines)
    if (spec.must_answer) {
      Engine& engine = engines_[spec.address];
      if (engine.process.Running()) WaitAnswers(engine, deadline);
    }
}

}  // namespace ecl

#include "engines/data_plane.h"

#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "engines/certificate_authority.h"
#include "engines/reconciler.h"
#include "handlers/catalogs.h"
#include "handlers/service.h"
#include "storage/store.h"

namespace ecl {

namespace fs = std::filesystem;

namespace {

std::string RandomSecret() {
  static const char kAlphabet[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::random_device device;
  std::uniform_int_distribution<int> pick(0, int(sizeof kAlphabet) - 2);
  std::string secret;
  for (int i = 0; i < 40; ++i) secret += kAlphabet[pick(device)];
  return secret;
}

// The emulator's password on its engines: kept in the work dir (owner-only), so engines that
// come back after a restart still accept it.
std::string AdminPassword(const std::string& work_dir, bool persistent) {
  if (!persistent) return RandomSecret();
  fs::path file = fs::path(work_dir) / "admin-password";
  if (std::ifstream in(file); in) {
    std::string secret;
    std::getline(in, secret);
    if (secret.size() >= 16) return secret;
  }
  std::string secret = RandomSecret();
  {
    std::ofstream out(file, std::ios::trunc);
    out << secret << "\n";
  }
  chmod(file.c_str(), 0600);
  return secret;
}

}  // namespace

std::string MakeTemporaryWorkDir() {
  std::string pattern = (fs::temp_directory_path() / "elasticache-local-XXXXXX").string();
  if (!mkdtemp(pattern.data()))
    throw std::runtime_error("cannot create a temporary directory for the engines");
  return pattern;
}

std::optional<std::string> FindProgram(const std::string& name) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string::npos)
    return access(name.c_str(), X_OK) == 0 ? std::optional<std::string>(name) : std::nullopt;
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    std::string candidate = dir + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

ModelState ReadModelState(Service& service) {
  ModelState state;
  service.Read([&](Store& store) {
    state.replication_groups = store.All<ReplicationGroup>();
    state.cache_clusters = store.All<CacheCluster>();
    state.users = store.All<User>();
    state.user_groups = store.All<UserGroup>();
    state.parameter_groups = store.All<CacheParameterGroup>();
    state.snapshots = store.All<Snapshot>();
  });
  return state;
}

DataPlane::DataPlane(DataPlaneOptions options, const Catalogs& catalogs)
    : options_(std::move(options)), catalogs_(catalogs) {
  auto redis = FindProgram(options_.redis_server);
  if (!redis)
    throw DataPlaneError("the data plane needs redis-server, which runs the redis and valkey "
                         "engines: '" + options_.redis_server +
                         "' was not found (install it with apt-get install redis-server, or "
                         "name it with --redis-server PATH)");
  auto memcached = FindProgram(options_.memcached);
  if (!memcached)
    throw DataPlaneError("the data plane needs memcached: '" + options_.memcached +
                         "' was not found (install it with apt-get install memcached, or name "
                         "it with --memcached PATH)");
  options_.redis_server = *redis;
  options_.memcached = *memcached;
  std::error_code ec;
  fs::create_directories(options_.work_dir, ec);
  if (ec)
    throw DataPlaneError("cannot create the engines' directory '" + options_.work_dir +
                         "': " + ec.message());
  // Everything that can fail comes before the threads start, so a failure leaves nothing
  // running; a temporary directory does not outlive it.
  try {
    directory_ = std::make_unique<EndpointDirectory>(
        options_.ports, options_.endpoint_host,
        options_.persistent ? (fs::path(options_.work_dir) / "ports.json").string() : "");
    authority_ = std::make_unique<CertificateAuthority>(
        (fs::path(options_.work_dir) / "tls").string(), options_.endpoint_host);
    reconciler_ = std::make_unique<Reconciler>(
        options_, *directory_, io_, AdminPassword(options_.work_dir, options_.persistent),
        TlsFiles{authority_->cert_file(), authority_->key_file(), authority_->ca_file()});
  } catch (...) {
    if (!options_.persistent) fs::remove_all(options_.work_dir, ec);
    throw;
  }
  if (!options_.persistent) temporary_dir_ = options_.work_dir;
  work_.emplace(io_.get_executor());
  io_thread_ = std::thread([this] { io_.run(); });
  watcher_ = std::thread([this] { Watch(); });
}

DataPlane::~DataPlane() {
  {
    std::lock_guard lock(watch_mu_);
    stopping_ = true;
  }
  watch_cv_.notify_all();
  if (watcher_.joinable()) watcher_.join();
  reconciler_->StopAll();
  work_.reset();
  io_.stop();
  if (io_thread_.joinable()) io_thread_.join();
  reconciler_.reset();
  if (!temporary_dir_.empty()) {
    std::error_code ec;
    fs::remove_all(temporary_dir_, ec);
  }
}

void DataPlane::Follow(const ModelState& state) {
  reconciler_->Apply(BuildTopology(state, {catalogs_.parameters, catalogs_.node_types}));
}

void DataPlane::OnEnginesLost(std::function<void(const std::vector<EngineSpec>&)> handler) {
  std::lock_guard lock(watch_mu_);
  on_lost_ = std::move(handler);
}

std::optional<std::pair<std::string, std::optional<int>>> DataPlane::MapEndpoint(
    const std::string& address) const {
  auto port = directory_->Find(address);
  if (!port) return std::nullopt;
  if (options_.loopback_endpoints)
    return std::make_pair(EndpointDirectory::LoopbackAddress(*port), std::optional<int>());
  return std::make_pair(options_.endpoint_host, std::optional<int>(*port));
}

std::optional<SlotMigration> DataPlane::Migration(const std::string& account,
                                                  const std::string& region,
                                                  const std::string& group_id) const {
  return reconciler_->Migration(ClusterKey(account, region, group_id));
}

const std::string& DataPlane::CaPem() const { return authority_->ca_pem(); }

std::string DataPlane::EnginesJson() {
  boost::json::array list;
  for (const auto& e : reconciler_->Engines())
    list.push_back({{"address", e.address},
                    {"account", e.account},
                    {"region", e.region},
                    {"cache_cluster_id", e.cache_cluster_id},
                    {"cache_node_id", e.cache_node_id},
                    {"engine", e.engine},
                    {"role", e.role},
                    {"port", e.port},
                    {"pid", e.pid},
                    {"running", e.pid > 0}});
  return boost::json::serialize(boost::json::object{{"engines", list}});
}

void DataPlane::Watch() {
  // Every 200 ms; back to back while a resharding's slots move (a short pause lets Apply in).
  std::unique_lock lock(watch_mu_);
  auto pause = std::chrono::milliseconds(200);
  while (!watch_cv_.wait_for(lock, pause, [this] { return stopping_; })) {
    auto handler = on_lost_;
    lock.unlock();
    auto check = reconciler_->CheckEngines();
    if ((!check.died.empty() || check.restart_due) && handler) handler(check.died);
    if (check.migration_due) reconciler_->ContinueMigrations();  // the API answers meanwhile
    pause = std::chrono::milliseconds(check.migration_due ? 5 : 200);
    lock.lock();
  }
}

}  // namespace ecl

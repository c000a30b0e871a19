// DataPlane: real engines behind the endpoints (--data-plane). It follows the model: after
// every committed change (Service's commit observer) it reads the state, derives the
// topology and lets the reconciler move the engines toward it; it watches the engines and
// reports the ones that died through the service entry point, like any caller (DESIGN.md,
// "the data plane is a reconciler"). It also tells the API layer the real address and port
// of each endpoint. Follow and the lost-engine callback run under the service's
// serialization; MapEndpoint is thread-safe.
#pragma once

#include <boost/asio.hpp>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "engines/data_plane_options.h"
#include "engines/endpoint_directory.h"
#include "engines/slot_migration.h"
#include "engines/topology.h"

namespace ecl {

class CertificateAuthority;
class Reconciler;
class Service;
struct Catalogs;

struct DataPlaneError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The program `name` names: a path as given, else found on PATH; nullopt if neither.
std::optional<std::string> FindProgram(const std::string& name);

// The resources the data plane follows, read from the service in one transaction.
ModelState ReadModelState(Service& service);

class DataPlane {
 public:
  // Throws DataPlaneError when an engine program is missing or the work dir cannot be made.
  DataPlane(DataPlaneOptions options, const Catalogs& catalogs);
  ~DataPlane();

  // Moves the engines toward `state` (the caller serializes calls).
  void Follow(const ModelState& state);
  // Called from the watcher thread when engines died by themselves (`died`: those not
  // reported before, so the model can fail over) or are due to be started again (`died`
  // empty); the handler then moves the engines on (Follow), through the service if need be.
  void OnEnginesLost(std::function<void(const std::vector<EngineSpec>& died)> handler);

  // The address and port clients use for an endpoint address of the API, when the data plane
  // serves it (no port: the one the API shows is right, as with loopback endpoints).
  std::optional<std::pair<std::string, std::optional<int>>> MapEndpoint(
      const std::string& address) const;

  // How far the resharding of a replication group has really come on its engines (nullopt:
  // none under way that the engines follow). Thread-safe.
  std::optional<SlotMigration> Migration(const std::string& account, const std::string& region,
                                         const std::string& group_id) const;

  // The CA that signs every TLS engine's certificate (GET /_admin/ca.pem).
  const std::string& CaPem() const;
  // The engines that run, as JSON (GET /_admin/engines): address, cluster, node, engine,
  // role, port, pid.
  std::string EnginesJson();

 private:
  void Watch();

  DataPlaneOptions options_;
  const Catalogs& catalogs_;
  std::string temporary_dir_;  // removed at stop (not persistent)
  std::unique_ptr<EndpointDirectory> directory_;
  std::unique_ptr<CertificateAuthority> authority_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread io_thread_;
  std::unique_ptr<Reconciler> reconciler_;
  std::function<void(const std::vector<EngineSpec>&)> on_lost_;
  std::mutex watch_mu_;
  std::condition_variable watch_cv_;
  bool stopping_ = false;
  std::thread watcher_;
};

}  // namespace ecl

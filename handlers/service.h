// Service: the emulated ElastiCache control plane behind the protocol layer. Owns the store,
// registers every operation's handler, applies due lifecycle transitions, and can be reset.
// Not thread-safe: the caller serializes calls (the server holds one mutex around them).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "handlers/handler_registry.h"
#include "model/api_value.h"

namespace ecl {

struct ServiceOptions {
  std::string data_dir = "./data";  // where the SQLite file lives (ignored when in_memory)
  bool in_memory = false;           // no file at all
  double transition_seconds = 0.0;  // how long creating/modifying/deleting... take
  std::string default_account = "000000000000";  // for access keys that are not 12 digits
  int node_groups_per_replication_group_quota = 15;
  std::string export_dir = "./data/exports";  // snapshot export "buckets" are folders here
  int snapshot_quota = 1000;                  // snapshots per account and region
  // The reserved offerings catalog (CSV); "" means the built-in config/reserved-offerings.csv.
  std::string reserved_offerings_file;
  // Reserved cache nodes (summed CacheNodeCount of reservations not yet retired) each account
  // may hold per region.
  int reserved_nodes_quota = 100;
};

class Store;
class ReservedOfferingCatalog;

class Service {
 public:
  // Throws CatalogError when the reserved offerings catalog cannot be loaded.
  explicit Service(const ServiceOptions& options);
  ~Service();

  // Adds a handler for every supported Action.
  void Register(HandlerRegistry& registry);
  // Empties all state (POST /_admin/reset).
  void Reset();
  // Applies transitions that are due at `now`. Called before each API request.
  void ApplyDueTransitions(Timestamp now);

 private:
  ServiceOptions options_;
  std::unique_ptr<Store> store_;
  std::shared_ptr<const ReservedOfferingCatalog> reserved_offerings_;  // loaded once at start
};

}  // namespace ecl

// NodeTypeCatalog: the cache node types ElastiCache offers, their memory and vCPUs, which
// engine versions run on each, and ListAllowedNodeTypeModifications as a pure function. Read
// from a CSV text (config/node-types.csv; tools/gen_node_types.py writes it).
//
// Format (see catalog_csv.h for the common rules):
//   cache_node_type,family,generation,category,memory_gib,vcpus,ssd_gib,redis_min_version,
//   valkey_min_version,memcached_min_version
// generation is current or previous; category one of burstable, general, compute, network,
// memory, memory-data-tiering; ssd_gib is empty unless the type tiers data to SSD; an empty
// *_min_version means the engine does not run on the type.
//
// Scaling rules (ListAllowedNodeTypeModifications), chosen from the User Guide's scaling
// pages; docs/catalogs.md gives the sources:
// - Only Redis OSS and Valkey change node types in place; a Memcached cluster gets no
//   modifications (a new node type means a new cluster).
// - Targets are current-generation types that run the cluster's engine version; previous
//   generation types (and T2) are never offered.
// - Scale up: strictly more memory. Scale down: strictly less memory.
// - Data tiering types (r6gd) scale only among themselves, others never to r6gd.
// - Redis OSS (cluster mode enabled) before 3.2.10 cannot change node type at all (online
//   vertical scaling starts with 3.2.10).
// - Both lists are sorted by name as text, as AWS shows them.
//
// Immutable once parsed; thread-safe for readers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecl {

inline constexpr std::string_view kNodeTypesHeader =
    "cache_node_type,family,generation,category,memory_gib,vcpus,ssd_gib,redis_min_version,"
    "valkey_min_version,memcached_min_version";

struct NodeType {
  std::string name;        // cache.r7g.large
  std::string family;      // r7g
  std::string generation;  // current, previous
  std::string category;    // burstable, general, compute, network, memory, memory-data-tiering
  double memory_gib = 0;
  int vcpus = 0;
  std::optional<double> ssd_gib;  // data tiering SSD
  std::string redis_min_version;  // empty: not supported
  std::string valkey_min_version;
  std::string memcached_min_version;

  bool data_tiering() const { return ssd_gib.has_value(); }
  bool current_generation() const { return generation == "current"; }
  // True when `engine` (redis, valkey, memcached) at `engine_version` (a dotted version such
  // as "7.1", "7.1.0" or "1.6.22") runs on this type.
  bool Supports(std::string_view engine, std::string_view engine_version) const;
};

struct NodeTypeModifications {
  std::vector<std::string> scale_up;    // ScaleUpModifications
  std::vector<std::string> scale_down;  // ScaleDownModifications
};

class NodeTypeCatalog {
 public:
  NodeTypeCatalog() = default;
  // Throws CatalogError "<source>:<line>: ..." for a malformed line or a duplicate type.
  static NodeTypeCatalog Parse(std::string_view csv, const std::string& source);

  const NodeType* Find(std::string_view name) const;
  std::optional<double> MemoryGib(std::string_view name) const;
  // ListAllowedNodeTypeModifications for a cluster of `current` type running `engine` at
  // `engine_version` (the full version the cluster reports). An unknown current type or
  // engine gets empty lists.
  NodeTypeModifications AllowedModifications(std::string_view current, std::string_view engine,
                                             std::string_view engine_version,
                                             bool cluster_mode_enabled) const;
  // Every type in file order.
  const std::vector<NodeType>& node_types() const { return node_types_; }

 private:
  std::vector<NodeType> node_types_;
};

}  // namespace ecl

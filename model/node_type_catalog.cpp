#include "model/node_type_catalog.h"

#include <algorithm>
#include <set>

#include "model/cache_cluster_rules.h"
#include "model/catalog_csv.h"

namespace ecl {
namespace {

const std::set<std::string, std::less<>> kGenerations = {"current", "previous"};
const std::set<std::string, std::less<>> kNodeCategories = {
    "burstable", "general", "compute", "network", "memory", "memory-data-tiering"};

// Online vertical scaling of Redis OSS (cluster mode enabled) starts with this version.
constexpr std::string_view kClusterModeVerticalScaling = "3.2.10";

}  // namespace

bool NodeType::Supports(std::string_view engine, std::string_view engine_version) const {
  const std::string* minimum = engine == "redis"       ? &redis_min_version
                               : engine == "valkey"    ? &valkey_min_version
                               : engine == "memcached" ? &memcached_min_version
                                                       : nullptr;
  if (minimum == nullptr || minimum->empty() || !IsDottedVersion(engine_version)) return false;
  return CompareVersions(engine_version, *minimum) >= 0;
}

NodeTypeCatalog NodeTypeCatalog::Parse(std::string_view csv, const std::string& source) {
  NodeTypeCatalog catalog;
  std::set<std::string, std::less<>> seen;
  for (const CatalogRow& row : ReadCatalogRows(csv, source, kNodeTypesHeader)) {
    CatalogFields f(row, source);
    NodeType t;
    t.name = f.Required(0, "cache_node_type");
    if (t.name.rfind("cache.", 0) != 0)
      f.Fail("cache_node_type must start with 'cache.', got '" + t.name + "'");
    t.family = f.Required(1, "family");
    t.generation = f.Required(2, "generation");
    if (!kGenerations.count(t.generation))
      f.Fail("generation must be current or previous, got '" + t.generation + "'");
    t.category = f.Required(3, "category");
    if (!kNodeCategories.count(t.category)) f.Fail("unknown category '" + t.category + "'");
    t.memory_gib = f.Number(4, "memory_gib");
    if (t.memory_gib <= 0) f.Fail("memory_gib must be positive");
    t.vcpus = f.Count(5, "vcpus");
    if (!f.Text(6).empty()) t.ssd_gib = f.Number(6, "ssd_gib");
    t.redis_min_version = f.Version(7, "redis_min_version", /*optional=*/true);
    t.valkey_min_version = f.Version(8, "valkey_min_version", /*optional=*/true);
    t.memcached_min_version = f.Version(9, "memcached_min_version", /*optional=*/true);
    if (!seen.insert(t.name).second) f.Fail("duplicate node type " + t.name);
    catalog.node_types_.push_back(std::move(t));
  }
  return catalog;
}

const NodeType* NodeTypeCatalog::Find(std::string_view name) const {
  for (const auto& t : node_types_)
    if (t.name == name) return &t;
  return nullptr;
}

std::optional<double> NodeTypeCatalog::MemoryGib(std::string_view name) const {
  const NodeType* t = Find(name);
  return t ? std::optional<double>(t->memory_gib) : std::nullopt;
}

NodeTypeModifications NodeTypeCatalog::AllowedModifications(std::string_view current,
                                                            std::string_view engine,
                                                            std::string_view engine_version,
                                                            bool cluster_mode_enabled) const {
  NodeTypeModifications out;
  const NodeType* from = Find(current);
  if (from == nullptr) return out;
  if (engine == "memcached" && CompareVersions(engine_version, kMemcachedVerticalScaling) < 0)
    return out;
  if (engine == "redis" && cluster_mode_enabled &&
      (!IsDottedVersion(engine_version) ||
       CompareVersions(engine_version, kClusterModeVerticalScaling) < 0))
    return out;
  for (const auto& to : node_types_) {
    if (to.name == from->name || !to.current_generation() ||
        to.data_tiering() != from->data_tiering() || !to.Supports(engine, engine_version))
      continue;
    if (to.memory_gib > from->memory_gib) out.scale_up.push_back(to.name);
    if (to.memory_gib < from->memory_gib) out.scale_down.push_back(to.name);
  }
  std::sort(out.scale_up.begin(), out.scale_up.end());
  std::sort(out.scale_down.begin(), out.scale_down.end());
  return out;
}

}  // namespace ecl

// EngineCatalog: the cache engine versions ElastiCache offers (DescribeCacheEngineVersions),
// which EngineVersion strings CreateCacheCluster / CreateReplicationGroup accept for each,
// the full version a cluster then reports, and the version picked when none is given. Read
// from a CSV text (config/engine-versions.csv; tools/gen_engine_versions.py writes it).
//
// Format (see catalog_csv.h for the common rules):
//   engine,engine_version,cache_parameter_group_family,cache_engine_description,
//   cache_engine_version_description,actual_version,accepted_versions,default_for_major,
//   engine_default,lifecycle
// engine_version is the form DescribeCacheEngineVersions shows ("2.8.24", "6.2", "8.0");
// actual_version the full version clusters report ("6.2.6"); accepted_versions the
// space-separated EngineVersion values a create request may use for this entry ("6.2 6.2.6
// 6.x"); default_for_major marks the entry DefaultOnly returns for its engine and major
// version, engine_default the one entry per engine used when EngineVersion is omitted;
// lifecycle is current, deprecated or end-of-life.
//
// Immutable once parsed; thread-safe for readers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecl {

inline constexpr std::string_view kEngineVersionsHeader =
    "engine,engine_version,cache_parameter_group_family,cache_engine_description,"
    "cache_engine_version_description,actual_version,accepted_versions,default_for_major,"
    "engine_default,lifecycle";

struct EngineVersionEntry {
  std::string engine;                  // redis, valkey, memcached
  std::string engine_version;          // EngineVersion in DescribeCacheEngineVersions
  std::string parameter_group_family;  // CacheParameterGroupFamily: redis7, valkey8, ...
  std::string engine_description;      // CacheEngineDescription: "Redis", "memcached"
  std::string version_description;     // CacheEngineVersionDescription
  std::string actual_version;          // the full version a cluster reports: "6.2.6"
  std::vector<std::string> accepted;   // request forms that select this entry
  bool default_for_major = false;      // DefaultOnly answer for (engine, major version)
  bool engine_default = false;         // used when EngineVersion is omitted
  std::string lifecycle;               // current, deprecated, end-of-life

  // "6" for "6.2", "1" for "1.4.14".
  std::string major() const;
};

// Filters of DescribeCacheEngineVersions; unset ones match everything.
struct EngineVersionFilter {
  std::optional<std::string> engine;
  std::optional<std::string> engine_version;  // matched against EngineVersion as shown
  std::optional<std::string> family;
  bool default_only = false;
};

class EngineCatalog {
 public:
  EngineCatalog() = default;
  // Throws CatalogError "<source>:<line>: ..." for a malformed line, a duplicate entry or
  // accepted form, or an engine without exactly one engine_default entry.
  static EngineCatalog Parse(std::string_view csv, const std::string& source);

  // Entries matching `filter`, in the order ElastiCache lists them: by engine, then by
  // EngineVersion compared as text (so "1.4.33" precedes "1.4.5", as AWS shows them).
  // default_only keeps the default_for_major entries: of the filter's major version when
  // engine_version is given ("6.0" → the default 6.x entry), else each engine's
  // engine_default entry only.
  std::vector<const EngineVersionEntry*> List(const EngineVersionFilter& filter) const;
  // The entry a create request's EngineVersion selects ("6.x", "7.1", "7.1.0", "2.8.24"),
  // or nullptr when the engine does not offer it.
  const EngineVersionEntry* Resolve(std::string_view engine, std::string_view requested) const;
  // The entry used when a create request omits EngineVersion, or nullptr for an unknown
  // engine.
  const EngineVersionEntry* DefaultVersion(std::string_view engine) const;
  // The entry whose actual_version (or, failing that, engine_version) is `version`, as a
  // stored cluster reports it; nullptr if none.
  const EngineVersionEntry* FindActual(std::string_view engine, std::string_view version) const;
  // Every entry in file order.
  const std::vector<EngineVersionEntry>& entries() const { return entries_; }

 private:
  std::vector<EngineVersionEntry> entries_;
};

}  // namespace ecl

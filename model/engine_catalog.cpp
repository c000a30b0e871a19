#include "model/engine_catalog.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "model/catalog_csv.h"

namespace ecl {
namespace {

const std::set<std::string, std::less<>> kLifecycles = {"current", "deprecated", "end-of-life"};

}  // namespace

std::string EngineVersionEntry::major() const {
  return engine_version.substr(0, engine_version.find('.'));
}

EngineCatalog EngineCatalog::Parse(std::string_view csv, const std::string& source) {
  EngineCatalog catalog;
  std::set<std::pair<std::string, std::string>> versions_seen;
  std::map<std::pair<std::string, std::string>, int> accepted_seen;  // (engine, form) -> line
  std::map<std::pair<std::string, std::string>, int> major_defaults;
  for (const CatalogRow& row : ReadCatalogRows(csv, source, kEngineVersionsHeader)) {
    CatalogFields f(row, source);
    EngineVersionEntry e;
    e.engine = f.Required(0, "engine");
    e.engine_version = f.Version(1, "engine_version");
    e.parameter_group_family = f.Required(2, "cache_parameter_group_family");
    e.engine_description = f.Required(3, "cache_engine_description");
    e.version_description = f.Required(4, "cache_engine_version_description");
    e.actual_version = f.Version(5, "actual_version");
    e.accepted = SplitWords(f.Text(6));
    if (e.accepted.empty()) f.Fail("accepted_versions must list at least one version");
    e.default_for_major = f.YesNo(7, "default_for_major");
    e.engine_default = f.YesNo(8, "engine_default");
    e.lifecycle = f.Required(9, "lifecycle");
    if (!kLifecycles.count(e.lifecycle))
      f.Fail("lifecycle must be current, deprecated or end-of-life, got '" + e.lifecycle + "'");
    if (!versions_seen.insert({e.engine, e.engine_version}).second)
      f.Fail("duplicate engine version " + e.engine + " " + e.engine_version);
    for (const auto& form : e.accepted) {
      auto [it, inserted] = accepted_seen.insert({{e.engine, form}, row.line});
      if (!inserted)
        f.Fail("accepted version " + form + " of " + e.engine + " is already taken by line " +
               std::to_string(it->second));
    }
    if (e.default_for_major && ++major_defaults[{e.engine, e.major()}] > 1)
      f.Fail("a second default_for_major entry for " + e.engine + " " + e.major());
    catalog.entries_.push_back(std::move(e));
  }
  std::map<std::string, int> engine_defaults;
  for (const auto& e : catalog.entries_) engine_defaults[e.engine] += e.engine_default ? 1 : 0;
  for (const auto& [engine, count] : engine_defaults)
    if (count != 1)
      throw CatalogError(source + ": engine " + engine +
                         " needs exactly one engine_default entry, has " + std::to_string(count));
  return catalog;
}

std::vector<const EngineVersionEntry*> EngineCatalog::List(
    const EngineVersionFilter& filter) const {
  std::optional<std::string> default_major;
  if (filter.default_only && filter.engine_version)
    default_major = filter.engine_version->substr(0, filter.engine_version->find('.'));
  std::vector<const EngineVersionEntry*> out;
  for (const auto& e : entries_) {
    if (filter.engine && e.engine != *filter.engine) continue;
    if (filter.family && e.parameter_group_family != *filter.family) continue;
    if (filter.default_only) {
      // DefaultOnly with a version means "the default of that major version".
      if (default_major ? !(e.default_for_major && e.major() == *default_major) : !e.engine_default)
        continue;
    } else if (filter.engine_version && e.engine_version != *filter.engine_version) {
      continue;
    }
    out.push_back(&e);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) {
    return std::tie(a->engine, a->engine_version) < std::tie(b->engine, b->engine_version);
  });
  return out;
}

const EngineVersionEntry* EngineCatalog::Resolve(std::string_view engine,
                                                 std::string_view requested) const {
  for (const auto& e : entries_)
    if (e.engine == engine &&
        std::find(e.accepted.begin(), e.accepted.end(), requested) != e.accepted.end())
      return &e;
  return nullptr;
}

const EngineVersionEntry* EngineCatalog::DefaultVersion(std::string_view engine) const {
  for (const auto& e : entries_)
    if (e.engine == engine && e.engine_default) return &e;
  return nullptr;
}

const EngineVersionEntry* EngineCatalog::FindActual(std::string_view engine,
                                                    std::string_view version) const {
  for (const auto& e : entries_)
    if (e.engine == engine && e.actual_version == version) return &e;
  for (const auto& e : entries_)
    if (e.engine == engine && e.engine_version == version) return &e;
  return nullptr;
}

}  // namespace ecl

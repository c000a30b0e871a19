#include "model/service_update_catalog.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "model/catalog_csv.h"

namespace ecl {
namespace {

const std::set<std::string, std::less<>> kSeverities = {"critical", "important", "medium", "low"};
const std::set<std::string, std::less<>> kStatuses = {ServiceUpdateStatus::kAvailable,
                                                      ServiceUpdateStatus::kCancelled,
                                                      ServiceUpdateStatus::kExpired};
// The API model names security-update only; AWS's notices also show the other two.
const std::set<std::string, std::less<>> kTypes = {"security-update", "engine-update",
                                                   "engine-major-version-update"};
const std::set<std::string, std::less<>> kEngines = {"redis", "valkey", "memcached"};

std::vector<EngineVersionRule> ParseRules(const CatalogFields& f, std::size_t column) {
  std::vector<EngineVersionRule> rules;
  for (const std::string& word : SplitWords(f.Text(column))) {
    auto colon = word.find(':');
    EngineVersionRule rule;
    if (colon != std::string::npos) {
      rule.engine = word.substr(0, colon);
      rule.version = word.substr(colon + 1);
    }
    if (!rule.version.empty() && rule.version.back() == '+') {
      rule.and_later = true;
      rule.version.pop_back();
    }
    if (!kEngines.count(rule.engine) || !IsDottedVersion(rule.version))
      f.Fail("applies_to rule '" + word +
             "' must be engine:version or engine:version+ (redis, valkey or memcached)");
    rules.push_back(std::move(rule));
  }
  if (rules.empty()) f.Fail("applies_to must list at least one engine:version rule");
  return rules;
}

bool Matches(const EngineVersionRule& rule, std::string_view version) {
  if (!IsDottedVersion(version)) return false;
  if (rule.and_later) return CompareVersions(version, rule.version) >= 0;
  return version == rule.version || (version.size() > rule.version.size() &&
                                     version.substr(0, rule.version.size()) == rule.version &&
                                     version[rule.version.size()] == '.');
}

}  // namespace

bool ServiceUpdateEntry::AppliesTo(std::string_view engine, std::string_view version) const {
  return std::any_of(applies_to.begin(), applies_to.end(), [&](const EngineVersionRule& r) {
    return r.engine == engine && Matches(r, version);
  });
}

ServiceUpdateCatalog ServiceUpdateCatalog::Parse(std::string_view csv, const std::string& source) {
  ServiceUpdateCatalog catalog;
  std::set<std::string, std::less<>> names;
  for (const CatalogRow& row : ReadCatalogRows(csv, source, kServiceUpdatesHeader)) {
    CatalogFields f(row, source);
    ServiceUpdateEntry e;
    e.name = f.Required(0, "service_update_name");
    e.release_date = *f.Instant(1, "release_date");
    e.end_date = f.Instant(2, "end_date", /*optional=*/true);
    e.severity = f.Required(3, "severity");
    if (!kSeverities.count(e.severity))
      f.Fail("severity must be critical, important, medium or low, got '" + e.severity + "'");
    e.status = f.Required(4, "status");
    if (!kStatuses.count(e.status))
      f.Fail("status must be available, cancelled or expired, got '" + e.status + "'");
    e.recommended_apply_by_date = *f.Instant(5, "recommended_apply_by_date");
    e.type = f.Required(6, "type");
    if (!kTypes.count(e.type))
      f.Fail("type must be security-update, engine-update or engine-major-version-update, got '" +
             e.type + "'");
    e.engine_shown = f.Required(7, "engine");
    e.engine_version_shown = f.Required(8, "engine_version");
    e.applies_to = ParseRules(f, 9);
    e.estimated_update_time = f.Required(10, "estimated_update_time");
    e.auto_update = f.YesNo(11, "auto_update_after_recommended_apply_by_date");
    e.description = f.Required(12, "description");
    if (!names.insert(e.name).second) f.Fail("duplicate service update " + e.name);
    catalog.entries_.push_back(std::move(e));
  }
  return catalog;
}

std::vector<const ServiceUpdateEntry*> ServiceUpdateCatalog::List(
    const ServiceUpdateFilter& filter) const {
  std::vector<const ServiceUpdateEntry*> out;
  for (const auto& e : entries_) {
    if (filter.name && e.name != *filter.name) continue;
    if (!filter.statuses.empty() && std::find(filter.statuses.begin(), filter.statuses.end(),
                                              e.status) == filter.statuses.end())
      continue;
    out.push_back(&e);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) {
    return std::tie(b->release_date, a->name) < std::tie(a->release_date, b->name);
  });
  return out;
}

const ServiceUpdateEntry* ServiceUpdateCatalog::Find(std::string_view name) const {
  for (const auto& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

}  // namespace ecl

// ServiceUpdateCatalog: the ElastiCache service updates the emulator offers
// (DescribeServiceUpdates) and which clusters each one concerns (the update actions of
// DescribeUpdateActions). Read from a CSV text (config/service-updates.csv, written by
// tools/gen_service_updates.py).
//
// Format (see catalog_csv.h for the common rules):
//   service_update_name,release_date,end_date,severity,status,recommended_apply_by_date,type,
//   engine,engine_version,applies_to,estimated_update_time,
//   auto_update_after_recommended_apply_by_date,description
// Dates are UTC, written 2019-10-09T16:00:00Z; end_date may be empty. severity is critical,
// important, medium or low; status available, cancelled or expired; type security-update,
// engine-update or engine-major-version-update. engine and engine_version are the texts
// DescribeServiceUpdates shows ("redis, memcached"); applies_to is a space-separated list of
// rules engine:version, where "redis:6.2" matches 6.2 and its patch versions (6.2.6) and
// "redis:4.0.10+" that version and every later one.
//
// Immutable once parsed; thread-safe for readers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/timestamp.h"

namespace ecl {

inline constexpr std::string_view kServiceUpdatesHeader =
    "service_update_name,release_date,end_date,severity,status,recommended_apply_by_date,type,"
    "engine,engine_version,applies_to,estimated_update_time,"
    "auto_update_after_recommended_apply_by_date,description";

// ServiceUpdateStatus values.
struct ServiceUpdateStatus {
  static constexpr const char* kAvailable = "available";
  static constexpr const char* kCancelled = "cancelled";
  static constexpr const char* kExpired = "expired";
};

// One applies_to rule.
struct EngineVersionRule {
  std::string engine;
  std::string version;     // dotted
  bool and_later = false;  // "+": this version and every later one
};

struct ServiceUpdateEntry {
  std::string name;
  Timestamp release_date;
  std::optional<Timestamp> end_date;
  std::string severity;
  std::string status;
  Timestamp recommended_apply_by_date;
  std::string type;
  std::string engine_shown;          // Engine as shown: "redis, memcached"
  std::string engine_version_shown;  // EngineVersion as shown
  std::vector<EngineVersionRule> applies_to;
  std::string estimated_update_time;
  bool auto_update = false;
  std::string description;

  // Whether a cluster of `engine` at `version` (as it reports it, "7.1.0") gets an update
  // action of this update.
  bool AppliesTo(std::string_view engine, std::string_view version) const;
};

// Filters of DescribeServiceUpdates; unset ones match everything.
struct ServiceUpdateFilter {
  std::optional<std::string> name;
  std::vector<std::string> statuses;  // any of them; empty = all
};

class ServiceUpdateCatalog {
 public:
  ServiceUpdateCatalog() = default;
  // Throws CatalogError "<source>:<line>: ..." for a malformed line, an unknown severity,
  // status or type, a bad applies_to rule or a duplicate name.
  static ServiceUpdateCatalog Parse(std::string_view csv, const std::string& source);

  // Entries matching `filter`, newest release first (ties by name), as AWS lists them.
  std::vector<const ServiceUpdateEntry*> List(const ServiceUpdateFilter& filter) const;
  // The entry named `name` (names are compared exactly), or nullptr.
  const ServiceUpdateEntry* Find(std::string_view name) const;
  const std::vector<ServiceUpdateEntry>& entries() const { return entries_; }

 private:
  std::vector<ServiceUpdateEntry> entries_;
};

}  // namespace ecl

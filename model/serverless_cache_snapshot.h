// ServerlessCacheSnapshot: a point-in-time copy of a serverless cache (manual, taken by
// CreateServerlessCacheSnapshot, DeleteServerlessCache's final snapshot or a copy; automated,
// taken daily and kept SnapshotRetentionLimit days), with the configuration of the cache it
// was taken of, its status and pending transition. Plain data.
#pragma once

#include <optional>
#include <string>

#include "model/api_value.h"
#include "model/transition.h"

namespace ecl {

// Statuses of a serverless cache snapshot.
struct ServerlessSnapshotStatus {
  static constexpr const char* kCreating = "creating";
  static constexpr const char* kAvailable = "available";
  static constexpr const char* kExporting = "exporting";
  static constexpr const char* kDeleting = "deleting";
};

// SnapshotType values.
struct ServerlessSnapshotType {
  static constexpr const char* kManual = "manual";
  static constexpr const char* kAutomated = "automated";
};

struct ServerlessCacheSnapshot {
  std::string account;
  std::string region;
  std::string id;  // ServerlessCacheSnapshotName, lower case
  std::string snapshot_type = ServerlessSnapshotType::kManual;
  std::optional<std::string> kms_key_id;
  Timestamp created_at;
  std::optional<Timestamp> expires_at;  // automated snapshots only
  std::string bytes_used_for_cache = "0";
  // ServerlessCacheConfiguration: the cache as it was when the snapshot was taken.
  std::string serverless_cache_name;
  std::string engine;
  std::string major_engine_version;
  // The snapshot this one was copied from (CopyServerlessCacheSnapshot); copies do not count
  // against the source cache's snapshots per day.
  std::optional<std::string> copied_from;
  std::string status = ServerlessSnapshotStatus::kCreating;
  std::optional<Transition> transition;
};

}  // namespace ecl

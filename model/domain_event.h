// DomainEvent: one thing that happened to a resource — it became available, a replica change
// finished, it is gone — at a moment of the emulator clock. Handlers and lifecycle steps say
// what they changed with these; the service saves them with the change, in the same
// transaction (the events table), DescribeEvents shows those that carry ElastiCache's wording,
// and later layers (engines, notifications) react to them. Plain data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/timestamp.h"

namespace ecl {

struct DomainEvent {
  std::string kind;  // stored kind of the resource that changed ("replication-group", ...)
  std::string id;    // its id
  std::string what;  // one of the kinds of happening below
  Timestamp at;
  // How DescribeEvents shows it: SourceType (the model's enumeration), SourceIdentifier and
  // Message. An empty source type means DescribeEvents does not show it (e.g. reservations,
  // which have no SourceType).
  std::string source_type;
  std::string source_id;
  std::string message;
};

// DescribeEvents answers events of the last 14 days; older ones are forgotten.
inline constexpr int64_t kEventRetentionMs = int64_t(14) * 24 * 3600 * 1000;

// What happened. Only kRemoved drives storage (the resource is deleted); the others describe.
namespace happened {
inline constexpr std::string_view kCreated = "created";      // requested; now creating
inline constexpr std::string_view kAvailable = "available";  // a transition finished
inline constexpr std::string_view kDeleting = "deleting";
inline constexpr std::string_view kRemoved = "removed";  // gone from the service
inline constexpr std::string_view kModifying = "modifying";
inline constexpr std::string_view kReplicaChangeScheduled = "replica-change-scheduled";
inline constexpr std::string_view kReplicaChangeStarted = "replica-change-started";
inline constexpr std::string_view kReplicaChangeCompleted = "replica-change-completed";
inline constexpr std::string_view kReshardingStarted = "resharding-started";
inline constexpr std::string_view kReshardingCompleted = "resharding-completed";
// ModifyReplicationGroup: a change began being applied, or finished (member clusters follow).
inline constexpr std::string_view kModificationStarted = "modification-started";
inline constexpr std::string_view kModificationCompleted = "modification-completed";
inline constexpr std::string_view kModificationScheduled = "modification-scheduled";
// TestFailover: requested, the primary moved, the old primary recovered.
inline constexpr std::string_view kFailoverStarted = "failover-started";
inline constexpr std::string_view kFailoverCompleted = "failover-completed";
inline constexpr std::string_view kRecoveryCompleted = "recovery-completed";
inline constexpr std::string_view kSnapshotStarted = "snapshot-started";
inline constexpr std::string_view kSnapshotCompleted = "snapshot-completed";
inline constexpr std::string_view kCopyStarted = "copy-started";
inline constexpr std::string_view kCopyCompleted = "copy-completed";
inline constexpr std::string_view kExportStarted = "export-started";
inline constexpr std::string_view kExportCompleted = "export-completed";
inline constexpr std::string_view kRestoreStarted = "restore-started";
inline constexpr std::string_view kRestoreCompleted = "restore-completed";
inline constexpr std::string_view kPurchased = "purchased";
inline constexpr std::string_view kActive = "active";
inline constexpr std::string_view kRetired = "retired";
inline constexpr std::string_view kUpdateApplying = "update-applying";    // an update's waves
inline constexpr std::string_view kUpdateStopping = "update-stopping";
inline constexpr std::string_view kUpdateStopped = "update-stopped";
inline constexpr std::string_view kUpdateCompleted = "update-completed";
inline constexpr std::string_view kMigrationStarted = "migration-started";
inline constexpr std::string_view kMigrationTested = "migration-tested";
inline constexpr std::string_view kMigrationCompleted = "migration-completed";
}  // namespace happened

}  // namespace ecl

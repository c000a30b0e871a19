// Online migration rules (StartMigration, TestMigration, CompleteMigration): which replication
// groups may receive data from a self-managed Valkey or Redis OSS endpoint, the endpoint list
// they take, and how the group's status moves: available -> modifying -> migrating while it
// replicates from the endpoint, then back to available when the migration completes. Pure
// functions that throw the model's faults; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/replication_group.h"

namespace ecl {

// The status a group shows while it replicates from the customer's endpoint.
inline constexpr const char* kMigratingStatus = "migrating";
// The lowest engine version a target may run (User Guide, "Preparing your source and target
// nodes for migration").
inline constexpr const char* kMigrationMinimumEngineVersion = "5.0.6";

// One CustomerNodeEndpoint as the request gives it.
struct CustomerEndpoint {
  std::optional<std::string> address;
  std::optional<int> port;
};

// The one endpoint a migration reads from, as "address:port". Throws InvalidParameterValue
// for a list without exactly one element, an empty address or a port outside 1-65535.
std::string CheckCustomerEndpoints(const std::vector<CustomerEndpoint>& endpoints);

// Whether a migration is starting, running or completing on the group.
bool UnderMigration(const ReplicationGroup& rg);

// What StartMigration and TestMigration require of the target: not already under migration
// (ReplicationGroupAlreadyUnderMigrationFault), available (InvalidReplicationGroupState),
// and InvalidParameterValue unless it runs Valkey or Redis OSS 5.0.6 or later without
// in-transit encryption or data tiering and with Multi-AZ enabled.
void CheckMigrationTarget(const ReplicationGroup& rg);

// StartMigration from `source`: the group becomes modifying, then migrating after
// `duration_ms`.
void StartMigratingFrom(ReplicationGroup& rg, const std::string& source, Timestamp now,
                        int64_t duration_ms);

// What CompleteMigration requires: a migration (ReplicationGroupNotUnderMigrationFault) that
// is running, neither still starting nor already completing (InvalidReplicationGroupState).
void CheckCanCompleteMigration(const ReplicationGroup& rg);
// CompleteMigration: the group stays migrating until the primary is promoted, `duration_ms`
// later, then it is available again.
void StartCompletingMigration(ReplicationGroup& rg, Timestamp now, int64_t duration_ms);

}  // namespace ecl

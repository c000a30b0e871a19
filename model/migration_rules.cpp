#include "model/migration_rules.h"

#include "model/aws_faults.h"
#include "model/catalog_csv.h"  // CompareVersions
#include "model/lifecycle.h"

namespace ecl {

std::string CheckCustomerEndpoints(const std::vector<CustomerEndpoint>& endpoints) {
  // "The list can only take one element for both cluster-mode disabled and cluster-mode
  // enabled." (User Guide, Starting migration)
  if (endpoints.size() != 1)
    throw faults::InvalidParameterValueException(
        "CustomerNodeEndpointList must have exactly one element, got " +
        std::to_string(endpoints.size()) + ".");
  const CustomerEndpoint& e = endpoints.front();
  if (!e.address || e.address->empty())
    throw faults::InvalidParameterValueException(
        "The customer node endpoint must have an Address.");
  if (!e.port || *e.port < 1 || *e.port > 65535)
    throw faults::InvalidParameterValueException(
        "The customer node endpoint must have a Port between 1 and 65535.");
  return *e.address + ":" + std::to_string(*e.port);
}

bool UnderMigration(const ReplicationGroup& rg) {
  if (rg.status == kMigratingStatus) return true;
  return rg.transition &&
         (rg.transition->kind == kStartMigration || rg.transition->kind == kCompleteMigration);
}

void CheckMigrationTarget(const ReplicationGroup& rg) {
  if (UnderMigration(rg))
    throw faults::ReplicationGroupAlreadyUnderMigrationFault("Replication group " + rg.id +
                                                             " is already under migration.");
  if (rg.status != ReplicationGroupStatus::kAvailable)
    throw faults::InvalidReplicationGroupStateFault(
        "Replication group must be in available state to migrate data. Replication group " + rg.id +
        " is " + rg.status + ".");
  const std::string& version = rg.settings.engine_version;
  if (!IsDottedVersion(version) || CompareVersions(version, kMigrationMinimumEngineVersion) < 0)
    throw faults::InvalidParameterValueException(
        "Online migration requires engine version " + std::string(kMigrationMinimumEngineVersion) +
        " or later; replication group " + rg.id + " runs " + rg.settings.engine + " " + version +
        ".");
  if (rg.settings.transit_encryption_enabled)
    throw faults::InvalidParameterValueException(
        "Online migration is not supported for replication group " + rg.id +
        " because it has in-transit encryption enabled.");
  if (!rg.multi_az)
    throw faults::InvalidParameterValueException(
        "Online migration requires Multi-AZ: enable it on replication group " + rg.id + ".");
  if (rg.data_tiering)
    throw faults::InvalidParameterValueException(
        "Online migration is not supported for replication group " + rg.id +
        " because it uses data tiering.");
}

void StartMigratingFrom(ReplicationGroup& rg, const std::string& source, Timestamp now,
                        int64_t duration_ms) {
  rg.status = ReplicationGroupStatus::kModifying;
  rg.migration_source = source;
  rg.transition = StartTransition(kStartMigration, now, duration_ms);
}

void CheckCanCompleteMigration(const ReplicationGroup& rg) {
  if (!UnderMigration(rg))
    throw faults::ReplicationGroupNotUnderMigrationFault("Replication group " + rg.id +
                                                         " is not under migration.");
  if (rg.status != kMigratingStatus || rg.transition)
    throw faults::InvalidReplicationGroupStateFault(
        "Replication group " + rg.id + " is " +
        (rg.transition && rg.transition->kind == kCompleteMigration ? "already completing"
                                                                    : "still starting") +
        " its migration.");
}

void StartCompletingMigration(ReplicationGroup& rg, Timestamp now, int64_t duration_ms) {
  rg.transition = StartTransition(kCompleteMigration, now, duration_ms);
}

}  // namespace ecl

#include "model/serverless_snapshot_rules.h"

#include "model/aws_faults.h"
#include "model/identifiers.h"
#include "model/naming.h"

namespace ecl {

namespace {

constexpr int64_t kDayMs = int64_t(24) * 3600 * 1000;

bool IsMemcached(std::string_view engine) { return engine == "memcached"; }

}  // namespace

std::string ValidateServerlessSnapshotName(std::string_view param_name, std::string_view name) {
  return ValidateIdentifier(param_name, name, kMaxServerlessSnapshotNameLength);
}

ServerlessCacheSnapshot SnapshotOfServerlessCache(const ServerlessCache& cache,
                                                  const std::string& name,
                                                  std::string_view snapshot_type, Timestamp now,
                                                  const std::optional<std::string>& kms_key_id) {
  ServerlessCacheSnapshot s;
  s.account = cache.account;
  s.region = cache.region;
  s.id = name;
  s.snapshot_type = std::string(snapshot_type);
  s.kms_key_id = kms_key_id ? kms_key_id : cache.kms_key_id;
  s.created_at = now;
  if (snapshot_type == ServerlessSnapshotType::kAutomated)
    s.expires_at = Timestamp{now.epoch_ms + cache.snapshot_retention_limit * kDayMs};
  s.serverless_cache_name = cache.id;
  s.engine = cache.engine;
  s.major_engine_version = cache.major_engine_version;
  s.status = ServerlessSnapshotStatus::kCreating;
  return s;
}

ServerlessCacheSnapshot CopyOfServerlessSnapshot(const ServerlessCacheSnapshot& source,
                                                 const std::string& name, Timestamp now,
                                                 const std::optional<std::string>& kms_key_id) {
  ServerlessCacheSnapshot s = source;
  s.id = name;
  s.snapshot_type = ServerlessSnapshotType::kManual;
  if (kms_key_id) s.kms_key_id = kms_key_id;
  s.created_at = now;
  s.expires_at.reset();
  s.copied_from = source.id;
  s.status = ServerlessSnapshotStatus::kCreating;
  s.transition.reset();
  return s;
}

std::optional<std::string> ServerlessSnapshotTypeFilter(const std::optional<std::string>& type) {
  if (!type) return std::nullopt;
  if (*type == ServerlessSnapshotType::kAutomated || *type == ServerlessSnapshotType::kManual)
    return type;
  throw faults::InvalidParameterValueException("Invalid value for SnapshotType: " + *type +
                                               ". Valid values are: automated, manual.");
}

void RequireServerlessSnapshotAvailable(const ServerlessCacheSnapshot& snapshot,
                                        std::string_view action) {
  if (snapshot.status != ServerlessSnapshotStatus::kAvailable)
    throw faults::InvalidServerlessCacheSnapshotStateFault(
        "Serverless cache snapshot " + snapshot.id + " has status " + snapshot.status +
        ". It must be available to be " + std::string(action) + ".");
}

bool TakenOfCacheInLastDay(const ServerlessCacheSnapshot& snapshot, std::string_view cache,
                           Timestamp now) {
  return !snapshot.copied_from && snapshot.serverless_cache_name == cache &&
         snapshot.created_at.epoch_ms > now.epoch_ms - kDayMs;
}

void CheckSnapshotsPerDay(std::string_view cache, int taken, int quota) {
  if (taken >= quota)
    throw faults::ServerlessCacheSnapshotQuotaExceededFault(
        "Serverless cache " + std::string(cache) + " already has " + std::to_string(taken) +
        " snapshots taken in the last 24 hours, the quota of snapshots per day per serverless "
        "cache (" +
        std::to_string(quota) + ").");
}

void CheckRestorableInto(std::string_view snapshot_engine, std::string_view snapshot_name,
                         std::string_view engine) {
  if (IsMemcached(snapshot_engine) != IsMemcached(engine))
    throw faults::InvalidParameterCombinationException(
        "Snapshot " + std::string(snapshot_name) + " holds " + std::string(snapshot_engine) +
        " data and cannot be restored into a serverless cache of engine " + std::string(engine) +
        ".");
}

SnapshotToRestore ParseSnapshotArnToRestore(std::string_view arn, std::string_view account,
                                            std::string_view region) {
  const std::string text(arn);
  if (text.find(":s3:::") != std::string::npos)
    return {SnapshotToRestore::Kind::kS3Object, "", ParseS3ObjectArn(text)};
  ElastiCacheArnParts parts;
  try {
    parts = ParseElastiCacheArn(text);
  } catch (const AwsError&) {
    throw faults::InvalidParameterValueException(
        "Invalid snapshot ARN " + text +
        " in SnapshotArnsToRestore: name a serverless cache snapshot "
        "(arn:aws:elasticache:REGION:ACCOUNT:serverlesscachesnapshot:NAME), a snapshot "
        "(…:snapshot:NAME) or an RDB file in Amazon S3 (arn:aws:s3:::bucket/key).");
  }
  if (parts.account != account || parts.region != region)
    throw faults::InvalidParameterValueException(
        "The snapshot ARN " + text + " does not belong to this account and region.");
  if (parts.resource_type == kArnServerlessCacheSnapshot)
    return {SnapshotToRestore::Kind::kServerlessSnapshot, ToLowerAscii(parts.resource_id), {}};
  if (parts.resource_type == kArnSnapshot)
    return {SnapshotToRestore::Kind::kNodeSnapshot, ToLowerAscii(parts.resource_id), {}};
  throw faults::InvalidParameterValueException("The ARN " + text +
                                               " in SnapshotArnsToRestore does not name a "
                                               "snapshot.");
}

}  // namespace ecl

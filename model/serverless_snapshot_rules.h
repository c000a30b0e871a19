// Rules of serverless cache snapshots (CreateServerlessCacheSnapshot … 
// ExportServerlessCacheSnapshot, and the snapshots CreateServerlessCache restores from) as pure
// functions: names, what a snapshot of a cache records, copies, the SnapshotType filter, the
// snapshots-per-day quota, which snapshots an engine can be restored from, and the kinds of
// ARN SnapshotArnsToRestore takes. Sources and choices: docs/serverless.md. Thread-safe;
// violations throw AwsError.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/serverless_cache.h"
#include "model/serverless_cache_snapshot.h"
#include "model/snapshot_rules.h"

namespace ecl {

inline constexpr std::size_t kMaxServerlessSnapshotNameLength = 255;
// "Serverless snapshots per day per cache: 24" (ElastiCache quotas).
inline constexpr int kDefaultServerlessSnapshotsPerDayQuota = 24;

// A snapshot name given as `param_name`: the identifier rule, 1-255 characters; lower case.
std::string ValidateServerlessSnapshotName(std::string_view param_name, std::string_view name);

// A snapshot of `cache` taken at `now`, status creating. Automated snapshots expire
// SnapshotRetentionLimit days later. The KMS key is the one given, else the cache's.
ServerlessCacheSnapshot SnapshotOfServerlessCache(const ServerlessCache& cache,
                                                  const std::string& name,
                                                  std::string_view snapshot_type, Timestamp now,
                                                  const std::optional<std::string>& kms_key_id);
// A manual copy of `source` named `name`, status creating.
ServerlessCacheSnapshot CopyOfServerlessSnapshot(const ServerlessCacheSnapshot& source,
                                                 const std::string& name, Timestamp now,
                                                 const std::optional<std::string>& kms_key_id);

// SnapshotType filter of DescribeServerlessCacheSnapshots: automated or manual
// (InvalidParameterValue otherwise); nullopt when absent.
std::optional<std::string> ServerlessSnapshotTypeFilter(const std::optional<std::string>& type);

// InvalidServerlessCacheSnapshotStateFault unless the snapshot is available.
void RequireServerlessSnapshotAvailable(const ServerlessCacheSnapshot& snapshot,
                                        std::string_view action);

// Whether `snapshot` is one of the snapshots of `cache` taken in the 24 hours before `now`
// (copies are not taken of the cache).
bool TakenOfCacheInLastDay(const ServerlessCacheSnapshot& snapshot, std::string_view cache,
                           Timestamp now);
// ServerlessCacheSnapshotQuotaExceededFault when `taken` snapshots already reach the quota.
void CheckSnapshotsPerDay(std::string_view cache, int taken, int quota);

// A cache of `engine` is restored from snapshots of its own engine family: Memcached from
// Memcached, Valkey and Redis OSS from either (InvalidParameterCombination otherwise).
void CheckRestorableInto(std::string_view snapshot_engine, std::string_view snapshot_name,
                         std::string_view engine);

// One ARN of SnapshotArnsToRestore.
struct SnapshotToRestore {
  enum class Kind { kServerlessSnapshot, kNodeSnapshot, kS3Object };
  Kind kind;
  std::string name;             // the snapshot's name (ElastiCache ARNs)
  S3ObjectLocation s3_object;   // kS3Object
};
// arn:aws:elasticache:REGION:ACCOUNT:serverlesscachesnapshot:NAME,
// arn:aws:elasticache:REGION:ACCOUNT:snapshot:NAME (a node-based cluster's snapshot) or
// arn:aws:s3:::bucket/key.rdb; ElastiCache ARNs must be of the caller's account and region.
// Anything else is InvalidParameterValue.
SnapshotToRestore ParseSnapshotArnToRestore(std::string_view arn, std::string_view account,
                                            std::string_view region);

}  // namespace ecl

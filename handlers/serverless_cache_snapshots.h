// Serverless cache snapshot operations: CreateServerlessCacheSnapshot,
// DescribeServerlessCacheSnapshots, CopyServerlessCacheSnapshot,
// DeleteServerlessCacheSnapshot and ExportServerlessCacheSnapshot (to the export buckets
// CopySnapshot writes to), plus what serverless caches need of snapshots: the final snapshot
// of DeleteServerlessCache, the snapshots CreateServerlessCache restores from, and the daily
// automatic snapshot the service takes when a cache's schedule falls due. Handlers run one at a
// time (the service serializes calls).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"
#include "model/domain_event.h"
#include "model/serverless_cache.h"
#include "model/serverless_cache_snapshot.h"

namespace ecl {

void RegisterServerlessCacheSnapshotHandlers(HandlerRegistry& registry, HandlerEnv env);

// Saves a new manual or automated snapshot of `cache` taken now (status creating), with its
// tags, after checking that the name is free (ServerlessCacheSnapshotAlreadyExistsFault) and,
// when `check_daily_quota`, the cache's snapshots per day
// (ServerlessCacheSnapshotQuotaExceededFault).
ServerlessCacheSnapshot SaveNewServerlessSnapshot(HandlerEnv env, const RequestContext& ctx,
                                                  const ServerlessCache& cache,
                                                  const std::string& name,
                                                  const std::optional<std::string>& kms_key_id,
                                                  const std::vector<Tag>& tags,
                                                  bool check_daily_quota);

// SnapshotArnsToRestore of a new cache of `engine`: every ARN names a snapshot that exists
// and is available (a serverless cache snapshot or a node-based one; CreateServerlessCache
// lists neither snapshot fault, so both are InvalidParameterValue) or an RDB file in an export
// bucket, and holds data of the cache's engine family (InvalidParameterCombination).
void CheckSnapshotsToRestore(HandlerEnv env, const RequestContext& ctx,
                             const std::vector<std::string>& arns, const std::string& engine);

// CreateReplicationGroup's ServerlessCacheSnapshotName: the snapshot exists
// (ServerlessCacheSnapshotNotFoundFault), is available
// (InvalidServerlessCacheSnapshotStateFault) and holds Valkey or Redis OSS data ("Available for
// Valkey, Redis OSS only", InvalidParameterCombination), and is the request's only restore
// source. Returns the request with the snapshot's engine when it names none.
api::CreateReplicationGroupMessage ServerlessRestoreRequest(
    HandlerEnv env, const RequestContext& ctx, const api::CreateReplicationGroupMessage& in);

// DeleteServerlessCache: the cache's automated snapshots are deleted with it.
void DeleteAutomatedSnapshots(HandlerEnv env, const RequestContext& ctx,
                              const std::string& cache_name);

// After a lifecycle step of `cache`: for each daily snapshot that fell due (an event
// happened::kSnapshotStarted), the automated snapshot taken at its time.
void TakeDueAutomaticSnapshots(HandlerEnv env, const ServerlessCache& cache,
                               const std::vector<DomainEvent>& events);

api::ServerlessCacheSnapshot ServerlessSnapshotView(const ServerlessCacheSnapshot& snapshot);

}  // namespace ecl

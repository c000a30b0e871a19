// Snapshot operations: CreateSnapshot, DescribeSnapshots, CopySnapshot (and export to a
// bucket) and DeleteSnapshot, plus the pieces replication groups use for restores and final
// snapshots. Export "buckets" are folders under ServiceOptions::export_dir (a BucketStore).
// Handlers run one at a time (the service serializes calls).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"
#include "model/lifecycle.h"
#include "model/snapshot.h"
#include "storage/bucket_store.h"

namespace ecl {

void RegisterSnapshotHandlers(HandlerRegistry& registry, HandlerEnv env);

// The export buckets of this service (folders under options.export_dir).
std::unique_ptr<BucketStore> ExportBuckets(const HandlerEnv& env);

// Writes an export into `bucket`: per key, contents[i] when given (the data the data plane
// saved), else an empty RDB file marked as written by `engine_version`. InvalidParameterValue with ElastiCache's S3 messages when the bucket does
// not exist, one of the keys is taken (the message names `name_member`, the request member
// the keys are made from) or the bucket cannot be written.
void WriteSnapshotExport(HandlerEnv env, const std::string& bucket,
                         const std::vector<std::string>& keys, std::string_view engine_version,
                         std::string_view name_member,
                         const std::vector<std::optional<std::string>>& contents = {});

// Saves a new snapshot (status creating, due with the current transition length) after
// checking that its name is free (SnapshotAlreadyExistsFault) and the quota
// (SnapshotQuotaExceededFault). `transition` is kCreate for a snapshot taken of a cluster or
// group, kCopy for a copy.
void SaveNewSnapshot(HandlerEnv env, const RequestContext& ctx, Snapshot snapshot,
                     const std::vector<Tag>& tags, const char* transition = kCreate);

// The snapshot a restore reads: it must exist (SnapshotNotFoundFault) and be available
// (InvalidSnapshotState).
Snapshot SnapshotForRestore(HandlerEnv env, const RequestContext& ctx, const std::string& name);

// The CreateReplicationGroup request `in` with what it leaves out taken from `snapshot`:
// engine, version, node type, parameter group, port, windows, failover, and the node groups
// with their ids, slots, replica counts and zones. Throws InvalidParameterValue when the
// request asks for a different number of node groups than the snapshot has ("must be the
// same", per the API reference).
api::CreateReplicationGroupMessage RestoreRequest(const api::CreateReplicationGroupMessage& in,
                                                  const Snapshot& snapshot);

// Checks that every arn:aws:s3:::bucket/key names an RDB file in an export bucket;
// InvalidParameterValue naming the ARN otherwise.
void CheckSnapshotArns(HandlerEnv env, const std::vector<std::string>& arns);

}  // namespace ecl

// Snapshot rules as pure functions: names, what a snapshot of a replication group or cache
// cluster records, copies, the DescribeSnapshots source filter, S3 locations of exports
// (bucket names, object keys, arn:aws:s3:::bucket/key). Thread-safe; violations throw
// AwsError.
//
// Choices where AWS documents no exact behaviour (see README "Snapshots"):
// - A snapshot of a replication group records one NodeSnapshot per node group; a snapshot of
//   a member cluster is shown as the cluster's (as AWS's examples do) but keeps the group's
//   settings and that node group's layout, so a restore rebuilds the shard.
// - An export writes one object per node group, "<target>-0001.rdb", "<target>-0002.rdb" ...
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/cache_cluster.h"
#include "model/replication_group.h"
#include "model/snapshot.h"

namespace ecl {

inline constexpr std::size_t kMaxSnapshotNameLength = 255;
inline constexpr int kDefaultSnapshotQuota = 1000;
inline constexpr int kMaxSnapshotRetentionDays = 35;

// SnapshotRetentionLimit: 0-35 days (InvalidParameterValue otherwise); returns `days`.
int ValidateSnapshotRetentionLimit(int days);

// Validates a snapshot name given as `param_name` and returns it lower-cased.
std::string ValidateSnapshotName(std::string_view param_name, std::string_view name);

// A manual snapshot named `name` of a replication group, status creating.
Snapshot SnapshotOfReplicationGroup(const ReplicationGroup& rg, const std::string& name,
                                    Timestamp now);
// A manual snapshot of one cluster; `group` is its replication group when it has one.
Snapshot SnapshotOfCacheCluster(const CacheCluster& cc, const ReplicationGroup* group,
                                const std::string& name, Timestamp now);
// A manual snapshot with the same contents as `source`, status creating.
Snapshot CopyOfSnapshot(const Snapshot& source, const std::string& name);

// DescribeSnapshots SnapshotSource: "user" -> "manual", "system" -> "automated"; nullopt when
// absent. Other values are InvalidParameterValue.
std::optional<std::string> SnapshotSourceFilter(const std::optional<std::string>& requested);

// S3 bucket naming rules (3-63 of a-z 0-9 . -, beginning and ending with a letter or digit).
bool IsValidBucketName(std::string_view bucket);
// Object keys of an export of `node_groups` node groups: "<target>-0001.rdb", ...
std::vector<std::string> ExportObjectKeys(const std::string& target, int node_groups);

struct S3ObjectLocation {
  std::string bucket;
  std::string key;
  bool operator==(const S3ObjectLocation&) const = default;
};
// arn:aws:s3:::bucket/key (any partition). Malformed ARNs, bad bucket names and keys that
// could leave the bucket ("..", leading "/", commas) are InvalidParameterValue.
S3ObjectLocation ParseS3ObjectArn(std::string_view arn);

}  // namespace ecl

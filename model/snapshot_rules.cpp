#include "model/snapshot_rules.h"

#include "model/aws_faults.h"
#include "model/identifiers.h"
#include "model/naming.h"

namespace ecl {

namespace {

void CopyGroupSettings(const ReplicationGroup& rg, Snapshot& s) {
  s.replication_group_id = rg.id;
  s.replication_group_description = rg.description;
  s.cluster_enabled = rg.cluster_enabled;
  s.cluster_mode = rg.cluster_mode;
  s.automatic_failover = rg.automatic_failover ? "enabled" : "disabled";
  s.multi_az = rg.multi_az;
  s.data_tiering = rg.data_tiering;
  s.kms_key_id = rg.kms_key_id;
  s.settings = rg.settings;
  s.cache_cluster_create_time = rg.created_at;
}

NodeSnapshotRecord NodeSnapshotOf(const ReplicationGroup& rg, const NodeGroup& ng, Timestamp now) {
  NodeSnapshotRecord n;
  n.node_group_id = ng.id;
  n.slots = rg.cluster_enabled ? ng.slots : "";
  for (const auto& m : ng.members) {
    if (m.primary) {
      n.cache_cluster_id = m.cache_cluster_id;
      n.primary_availability_zone = m.availability_zone;
    } else {
      n.replica_availability_zones.push_back(m.availability_zone);
    }
  }
  n.replica_count = static_cast<int>(n.replica_availability_zones.size());
  n.cache_node_create_time = rg.created_at;
  n.snapshot_create_time = now;
  return n;
}

Snapshot NewSnapshot(const std::string& account, const std::string& region,
                     const std::string& name) {
  Snapshot s;
  s.account = account;
  s.region = region;
  s.id = name;
  s.status = SnapshotStatus::kCreating;
  s.source = "manual";
  return s;
}

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

int ValidateSnapshotRetentionLimit(int days) {
  if (days < 0 || days > kMaxSnapshotRetentionDays)
    throw faults::InvalidParameterValueException(
        "Invalid snapshot retention limit " + std::to_string(days) +
        ". The retention limit must be between 0 and " + std::to_string(kMaxSnapshotRetentionDays) +
        " days.");
  return days;
}

std::string ValidateSnapshotName(std::string_view param_name, std::string_view name) {
  return ValidateIdentifier(param_name, name, kMaxSnapshotNameLength);
}

Snapshot SnapshotOfReplicationGroup(const ReplicationGroup& rg, const std::string& name,
                                    Timestamp now) {
  Snapshot s = NewSnapshot(rg.account, rg.region, name);
  CopyGroupSettings(rg, s);
  s.num_cache_nodes = static_cast<int>(rg.MemberClusterIds().size());
  s.taken_from_cluster_id = rg.snapshotting_cluster_id.value_or(rg.DefaultSnapshottingClusterId());
  for (const auto& ng : rg.node_groups) s.node_snapshots.push_back(NodeSnapshotOf(rg, ng, now));
  return s;
}

Snapshot SnapshotOfCacheCluster(const CacheCluster& cc, const ReplicationGroup* group,
                                const std::string& name, Timestamp now) {
  Snapshot s = NewSnapshot(cc.account, cc.region, name);
  s.cache_cluster_id = cc.id;
  s.taken_from_cluster_id = cc.id;
  s.preferred_availability_zone = cc.availability_zone;
  s.num_cache_nodes = 1;
  NodeSnapshotRecord n;
  n.cache_cluster_id = cc.id;
  n.node_group_id = std::string(kSingleNodeGroupId);
  n.primary_availability_zone = cc.availability_zone;
  n.cache_node_create_time = cc.created_at;
  n.snapshot_create_time = now;
  if (group) {
    CopyGroupSettings(*group, s);
    // The member's own node group: its id, slots and replicas are what a restore rebuilds.
    for (const auto& ng : group->node_groups)
      for (const auto& m : ng.members)
        if (m.cache_cluster_id == cc.id) {
          NodeSnapshotRecord of_group = NodeSnapshotOf(*group, ng, now);
          n.node_group_id = of_group.node_group_id;
          n.slots = of_group.slots;
          n.replica_count = of_group.replica_count;
          n.replica_availability_zones = of_group.replica_availability_zones;
          n.primary_availability_zone = of_group.primary_availability_zone;
        }
    // One shard of a sharded group restores as a group of its own: it then owns every slot.
    if (s.cluster_enabled && !n.slots.empty()) n.slots = "0-16383";
    // AWS shows a member's snapshot as the cluster's alone (no ReplicationGroupId).
    s.replication_group_id.reset();
    s.replication_group_description.reset();
  }
  s.settings = cc.settings;
  s.cache_cluster_create_time = cc.created_at;
  s.node_snapshots.push_back(std::move(n));
  return s;
}

Snapshot CopyOfSnapshot(const Snapshot& source, const std::string& name) {
  Snapshot s = source;
  s.id = name;
  s.copied_from = source.id;
  s.status = SnapshotStatus::kCreating;
  s.source = "manual";
  s.transition.reset();
  return s;
}

std::optional<std::string> SnapshotSourceFilter(const std::optional<std::string>& requested) {
  if (!requested) return std::nullopt;
  if (*requested == "user") return "manual";
  if (*requested == "system") return "automated";
  throw faults::InvalidParameterValueException("Invalid value for SnapshotSource: " + *requested +
                                               ". Valid values are: user, system.");
}

bool IsValidBucketName(std::string_view bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  if (!IsLowerAlnum(bucket.front()) || !IsLowerAlnum(bucket.back())) return false;
  for (char c : bucket)
    if (!IsLowerAlnum(c) && c != '.' && c != '-') return false;
  return bucket.find("..") == std::string_view::npos;
}

std::vector<std::string> ExportObjectKeys(const std::string& target, int node_groups) {
  std::vector<std::string> keys;
  for (int i = 1; i <= node_groups; ++i)
    keys.push_back(target + "-" + FormatNodeGroupId(i) + ".rdb");
  return keys;
}

S3ObjectLocation ParseS3ObjectArn(std::string_view arn) {
  const std::string text(arn);
  auto bad = [&](const std::string& why) {
    return faults::InvalidParameterValueException("Invalid snapshot ARN " + text + ": " + why);
  };
  // arn:<partition>:s3:::<bucket>/<key>
  if (text.rfind("arn:", 0) != 0) throw bad("it must look like arn:aws:s3:::bucket/key.");
  auto partition_end = text.find(':', 4);
  if (partition_end == std::string::npos || text.compare(partition_end, 6, ":s3:::") != 0)
    throw bad("it must look like arn:aws:s3:::bucket/key.");
  std::string path = text.substr(partition_end + 6);
  auto slash = path.find('/');
  if (slash == std::string::npos || slash + 1 == path.size())
    throw bad("it must name an object, as in arn:aws:s3:::bucket/key.");
  S3ObjectLocation loc{path.substr(0, slash), path.substr(slash + 1)};
  if (!IsValidBucketName(loc.bucket)) throw bad("the bucket name " + loc.bucket + " is not valid.");
  if (loc.key.find(',') != std::string::npos)
    throw bad("the Amazon S3 object name in the ARN cannot contain any commas.");
  // The key becomes a file path under the bucket's folder: it must stay inside it.
  std::string_view rest = loc.key;
  while (!rest.empty()) {
    auto end = rest.find('/');
    std::string_view segment = rest.substr(0, end);
    if (segment.empty() || segment == "." || segment == "..")
      throw bad("the object key " + loc.key + " is not valid.");
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return loc;
}

}  // namespace ecl

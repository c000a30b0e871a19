#include "model/global_replication_group_rules.h"

#include <algorithm>
#include <array>
#include <utility>

#include "model/aws_faults.h"
#include "model/catalog_csv.h"
#include "model/identifiers.h"
#include "model/lifecycle.h"
#include "model/naming.h"
#include "model/parameter_group_rules.h"

namespace ecl {

namespace {

// The User Guide's "Using the AWS CLI with global datastores" table.
constexpr std::array<std::pair<std::string_view, std::string_view>, 19> kRegionPrefixes = {{
    {"us-east-2", "fpkhr"},      {"us-east-1", "ldgnf"},      {"us-west-1", "virxk"},
    {"us-west-2", "sgaui"},      {"ca-central-1", "bxodz"},   {"ap-south-1", "erpgt"},
    {"ap-northeast-1", "quwsw"}, {"ap-northeast-2", "lfqnh"}, {"ap-northeast-3", "nlapn"},
    {"ap-southeast-1", "vlqxn"}, {"ap-southeast-2", "vbgxd"}, {"eu-central-1", "iudkw"},
    {"eu-west-1", "gxeiz"},      {"eu-west-2", "okuqm"},      {"eu-west-3", "fgjhi"},
    {"sa-east-1", "juxlw"},      {"cn-north-1", "emvgo"},     {"cn-northwest-1", "ckbem"},
    {"ap-east-1", "knjmp"},
}};

// M5 or R5 and later; the node type catalog's families of those generations.
constexpr std::array<std::string_view, 11> kGlobalFamilies = {
    "m5", "m6g", "m7g", "m8g", "r5", "r6g", "r6gd", "r7g", "r8g", "c7gn", "c8gn"};

constexpr std::string_view kGlobalParameterGroupPrefix = "global-datastore-";
constexpr std::size_t kMaxGlobalSuffixLength = 40;

std::string Letters(uint64_t hash, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    out.push_back(char('a' + hash % 26));
    hash /= 26;
  }
  return out;
}

std::string FamilyOf(std::string_view cache_node_type) {
  // cache.r6g.large -> r6g
  std::size_t first = cache_node_type.find('.');
  if (first == std::string_view::npos) return "";
  std::size_t second = cache_node_type.find('.', first + 1);
  if (second == std::string_view::npos) return "";
  return std::string(cache_node_type.substr(first + 1, second - first - 1));
}

[[noreturn]] void NotAMember(std::string_view id, std::string_view region,
                             const GlobalReplicationGroup& grg) {
  throw faults::InvalidParameterValueException(
      "Replication group " + std::string(id) + " in region " + std::string(region) +
      " is not associated with Global Replication Group " + grg.id + ".");
}

}  // namespace

std::string GlobalIdPrefix(std::string_view region) {
  for (const auto& [name, prefix] : kRegionPrefixes)
    if (name == region) return std::string(prefix);
  return Letters(StableHash("global-datastore-prefix/" + std::string(region)), 5);
}

std::string GlobalReplicationGroupIdFor(std::string_view region, std::string_view suffix) {
  return GlobalIdPrefix(region) + "-" +
         ValidateIdentifier("GlobalReplicationGroupIdSuffix", suffix, kMaxGlobalSuffixLength);
}

std::string GlobalReplicationGroupArn(std::string_view home_region, std::string_view account,
                                      std::string_view id) {
  return "arn:" + PartitionForRegion(home_region) + ":elasticache::" + std::string(account) + ":" +
         std::string(kArnGlobalReplicationGroup) + ":" + std::string(id);
}

std::string GlobalNodeGroupId(std::string_view global_id, std::string_view node_group_id) {
  return std::string(global_id) + "-" + std::string(node_group_id);
}

std::vector<std::string> LocalNodeGroupIds(std::string_view global_id,
                                           const std::vector<std::string>& global_node_group_ids,
                                           std::string_view parameter) {
  const std::string prefix = std::string(global_id) + "-";
  std::vector<std::string> local, unknown;
  for (const auto& raw : global_node_group_ids) {
    const std::string id = ToLowerAscii(raw);
    if (id.size() > prefix.size() && id.compare(0, prefix.size(), prefix) == 0 &&
        IsValidNodeGroupId(id.substr(prefix.size())))
      local.push_back(ValidateNodeGroupId(id.substr(prefix.size())));
    else
      unknown.push_back(raw);
  }
  if (!unknown.empty()) {
    std::string list;
    for (const auto& u : unknown) list += (list.empty() ? "" : ",") + u;
    throw faults::InvalidParameterValueException(
        std::string(parameter) + " names global node groups that are not of global replication " +
        "group " + std::string(global_id) + ": [" + list + "]");
  }
  return local;
}

std::string GlobalDatastoreParameterGroupName(std::string_view global_id,
                                              std::string_view region,
                                              std::string_view replication_group_id,
                                              std::string_view family, int attempt) {
  const std::string seed = std::string(global_id) + "/" + std::string(region) + "/" +
                           std::string(replication_group_id) + "/" + std::string(family) + "/" +
                           std::to_string(attempt);
  return std::string(kGlobalParameterGroupPrefix) + std::string(replication_group_id) +
         Letters(StableHash(seed), 4);
}

CacheParameterGroup GlobalDatastoreParameterGroup(const ParameterCatalog& catalog,
                                                  const CacheParameterGroup& source,
                                                  const std::string& account,
                                                  const std::string& region,
                                                  const std::string& name,
                                                  std::string_view global_id) {
  CacheParameterGroup copy;
  copy.account = account;
  copy.region = region;
  copy.id = name;
  copy.family = source.family;
  copy.description = "Created by ElastiCache to be used by global cluster " +
                     std::string(global_id);
  copy.is_global = true;
  if (const DefaultParameterGroup* d = catalog.FindDefaultGroup(source.id); d && source.built_in)
    for (const auto& [parameter, value] : d->overrides) copy.values[parameter] = value;
  for (const auto& [parameter, value] : source.values) copy.values[parameter] = value;
  return copy;
}

bool NodeTypeSupportsGlobalDatastore(std::string_view cache_node_type) {
  const std::string family = FamilyOf(cache_node_type);
  return std::find(kGlobalFamilies.begin(), kGlobalFamilies.end(), family) !=
         kGlobalFamilies.end();
}

void CheckGlobalNodeType(std::string_view node_type) {
  if (!NodeTypeSupportsGlobalDatastore(node_type))
    throw faults::InvalidParameterValueException(
        "Global replication group is not supported for the node type.");
}

void CheckPrimaryEligible(const ReplicationGroup& rg) {
  if (rg.global_datastore)
    throw faults::InvalidParameterValueException(
        "Replication group " + rg.id + " is already a member of global replication group " +
        rg.global_datastore->global_replication_group_id + ".");
  if (rg.status != ReplicationGroupStatus::kAvailable)
    throw faults::InvalidReplicationGroupStateFault("Replication group " + rg.id +
                                                    " is not in available state.");
  const NodeSettings& s = rg.settings;
  if (s.engine == "redis" && CompareVersions(s.engine_version, "5.0.6") < 0)
    throw faults::InvalidParameterValueException(
        "Global replication group is not supported for engine version " + s.engine_version +
        ". Use Redis OSS 5.0.6 or later, or Valkey.");
  CheckGlobalNodeType(s.cache_node_type);
  if (!s.cache_security_group_names.empty() || s.cache_subnet_group_name.empty())
    throw faults::InvalidParameterValueException(
        "Global replication groups are supported only for replication groups in a VPC.");
}

void RefuseGlobalMember(const ReplicationGroup& rg) {
  if (!rg.global_datastore) return;
  throw faults::InvalidParameterValueException(
      "Cluster [" + rg.id + "] is part of a global cluster [" +
      rg.global_datastore->global_replication_group_id + "]. Request rejected.");
}

void RefuseGlobalOwnedChange(const ReplicationGroup& rg, bool changes_owned_settings) {
  if (changes_owned_settings) RefuseGlobalMember(rg);
}

void RequireSettled(const GlobalReplicationGroup& grg, std::string_view action) {
  if (grg.status == GlobalReplicationGroupStatus::kPrimaryOnly ||
      grg.status == GlobalReplicationGroupStatus::kAvailable)
    return;
  throw faults::InvalidGlobalReplicationGroupStateFault(
      "Cannot " + std::string(action) + " a global replication group in " + grg.status +
      " state.");
}

std::string SettledStatus(const GlobalReplicationGroup& grg) {
  return grg.SecondaryCount() > 0 ? GlobalReplicationGroupStatus::kAvailable
                                  : GlobalReplicationGroupStatus::kPrimaryOnly;
}

void RequireMemberAvailable(const GlobalReplicationGroup& grg, const ReplicationGroup& member) {
  if (member.status == ReplicationGroupStatus::kAvailable) return;
  throw faults::InvalidGlobalReplicationGroupStateFault(
      "Replication group " + member.id + " in region " + member.region + " of global " +
      "replication group " + grg.id + " is not in available state (status " + member.status +
      ").");
}

GlobalReplicationGroup NewGlobalReplicationGroup(const ReplicationGroup& primary,
                                                 std::string id, std::string description,
                                                 Timestamp now, int64_t transition_ms) {
  GlobalReplicationGroup grg;
  grg.account = primary.account;
  grg.id = std::move(id);
  grg.home_region = primary.region;
  if (!description.empty()) grg.description = std::move(description);
  grg.status = GlobalReplicationGroupStatus::kCreating;
  grg.created_at = now;
  grg.transition = StartTransition(kCreate, now, transition_ms);
  grg.members.push_back({primary.id, primary.region, GlobalMemberRole::kPrimary,
                         GlobalMemberStatus::kAssociating, false});
  return grg;
}

void RefuseInheritedParameters(const std::vector<std::string>& given) {
  if (given.empty()) return;
  throw faults::InvalidParameterCombinationException(
      "Cannot use the given parameters when creating new replication group in an existing "
      "global replication group.");
}

void CheckCanJoin(const GlobalReplicationGroup& grg, std::string_view region) {
  RequireSettled(grg, "add a replication group to");
  if (const auto* m = grg.MemberIn(region))
    throw faults::InvalidParameterValueException(
        "Global replication group " + grg.id + " already has a member in region " +
        std::string(region) + ": replication group " + m->replication_group_id + ".");
  if (grg.SecondaryCount() >= kMaxGlobalSecondaries)
    throw faults::InvalidParameterValueException(
        "Global replication group " + grg.id + " already has " +
        std::to_string(kMaxGlobalSecondaries) +
        " secondary replication groups, the most a global datastore may have.");
}

void JoinAsSecondary(GlobalReplicationGroup& grg, const std::string& replication_group_id,
                     const std::string& region, Timestamp now, int64_t transition_ms) {
  grg.members.push_back({replication_group_id, region, GlobalMemberRole::kSecondary,
                         GlobalMemberStatus::kAssociating, false});
  grg.status = GlobalReplicationGroupStatus::kModifying;
  grg.transition = StartTransition(kAssociate, now, transition_ms);
}

void StartDisassociation(GlobalReplicationGroup& grg, std::string_view replication_group_id,
                         std::string_view region, Timestamp now, int64_t transition_ms) {
  const std::string id = ToLowerAscii(replication_group_id);
  auto it = std::find_if(grg.members.begin(), grg.members.end(),
                         [&](const auto& m) { return m.Is(id, region); });
  if (it == grg.members.end()) NotAMember(id, region, grg);
  if (it->role == GlobalMemberRole::kPrimary)
    throw faults::InvalidParameterValueException(
        "Replication group " + id + " is the primary of global replication group " + grg.id +
        " and cannot be disassociated. Fail over to a secondary first, or delete the global "
        "replication group.");
  RequireSettled(grg, "disassociate a replication group from");
  it->leaving = true;
  grg.status = GlobalReplicationGroupStatus::kModifying;
  grg.transition = StartTransition(kDisassociate, now, transition_ms);
}

void StartGlobalFailover(GlobalReplicationGroup& grg, std::string_view primary_region,
                         std::string_view primary_replication_group_id, Timestamp now,
                         int64_t transition_ms) {
  const std::string id = ToLowerAscii(primary_replication_group_id);
  const GlobalReplicationGroupMember* target = grg.Member(id, primary_region);
  if (!target) NotAMember(id, primary_region, grg);
  if (target->role == GlobalMemberRole::kPrimary)
    throw faults::InvalidParameterValueException(
        "Replication group " + id + " in region " + std::string(primary_region) +
        " is already the primary of global replication group " + grg.id + ".");
  RequireSettled(grg, "fail over");
  grg.failover_to_region = std::string(primary_region);
  grg.status = GlobalReplicationGroupStatus::kModifying;
  grg.transition = StartTransition(kFailover, now, transition_ms);
}

void StartGlobalChange(GlobalReplicationGroup& grg, Timestamp now, int64_t transition_ms) {
  grg.status = GlobalReplicationGroupStatus::kModifying;
  grg.transition = StartTransition(kModify, now, transition_ms);
}

void StartGlobalDeletion(GlobalReplicationGroup& grg, bool retain_primary, Timestamp now,
                         int64_t transition_ms) {
  if (!retain_primary)
    throw faults::InvalidParameterValueException(
        "RetainPrimaryReplicationGroup must be true: the primary replication group is never "
        "deleted with its global replication group.");
  if (grg.status != GlobalReplicationGroupStatus::kPrimaryOnly)
    throw faults::InvalidGlobalReplicationGroupStateFault(
        "Cannot delete a global replication group in " + grg.status + " state.");
  grg.status = GlobalReplicationGroupStatus::kDeleting;
  grg.transition = StartTransition(kDelete, now, transition_ms);
}

void RequireApplyImmediately(bool apply_immediately) {
  if (!apply_immediately)
    throw faults::InvalidParameterValueException(
        "Modifications to Global Replication Groups cannot be requested to be applied in "
        "PreferredMaintenceWindow: ApplyImmediately must be true.");
}

void CheckParameterGroupNeedsMajorUpgrade(bool family_changes) {
  if (!family_changes)
    throw faults::InvalidParameterValueException(
        "ModifyGlobalReplicationGroup API does not support cache parameter group modification "
        "without a change in major engine version.");
}

std::string ValidateGlobalDescription(std::string_view description) {
  if (description.size() > 255)
    throw faults::InvalidParameterValueException(
        "The parameter GlobalReplicationGroupDescription must be no longer than 255 "
        "characters.");
  return std::string(description);
}

AwsError AsGlobalOperationFault(const AwsError& error, const std::set<std::string>& allowed) {
  if (allowed.count(error.code)) return error;
  if (error.code == "InvalidReplicationGroupState")
    return faults::InvalidGlobalReplicationGroupStateFault(error.message());
  return faults::InvalidParameterValueException(error.message());
}

}  // namespace ecl

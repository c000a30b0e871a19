#include "model/replication_group_modify_rules.h"

#include <algorithm>
#include <cstdio>

#include "model/auth_token.h"
#include "model/aws_faults.h"
#include "model/catalog_csv.h"
#include "model/identifiers.h"
#include "model/lifecycle.h"
#include "model/naming.h"

namespace ecl {

namespace {

constexpr std::string_view kStrategySet = "SET";
constexpr std::string_view kStrategyRotate = "ROTATE";
constexpr std::string_view kStrategyDelete = "DELETE";

bool AtLeast(const NodeSettings& s, std::string_view redis, std::string_view valkey) {
  return CompareVersions(s.engine_version, s.engine == "valkey" ? valkey : redis) >= 0;
}

bool EveryNodeGroupHasAReplica(const ReplicationGroup& rg) {
  for (const auto& ng : rg.node_groups)
    if (std::none_of(ng.members.begin(), ng.members.end(),
                     [](const NodeGroupMember& m) { return !m.primary && !m.leaving; }))
      return false;
  return true;
}

const NodeGroupMember* FindMember(const ReplicationGroup& rg, const std::string& id,
                                  std::string* node_group_id = nullptr) {
  for (const auto& ng : rg.node_groups)
    for (const auto& m : ng.members)
      if (m.cache_cluster_id == id && !m.leaving) {
        if (node_group_id) *node_group_id = ng.id;
        return &m;
      }
  return nullptr;
}

std::string Field(const ApiValue& v, const char* name) { return v.GetString(name).value_or(""); }

std::string UpperAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
  return out;
}

}  // namespace

std::string ValidateChoice(std::string_view parameter, std::string_view value,
                           const std::vector<std::string_view>& allowed) {
  const std::string lower = ToLowerAscii(value);
  std::string listed;
  for (size_t i = 0; i < allowed.size(); ++i) {
    if (lower == allowed[i]) return lower;
    listed += (i == 0 ? "" : i + 1 == allowed.size() ? " and " : ", ") + std::string(allowed[i]);
  }
  throw faults::InvalidParameterValueException("Invalid value for " + std::string(parameter) +
                                               ": " + std::string(value) + ". Valid values are " +
                                               listed + ".");
}

void RequireModifiable(const ReplicationGroup& rg) {
  if (rg.status != ReplicationGroupStatus::kAvailable)
    throw faults::InvalidReplicationGroupStateFault(
        "Replication group must be in available state to modify.");
}

void ThrowNoModifications() {
  throw faults::InvalidParameterCombinationException("No modifications were requested.");
}

std::string ValidateReplicationGroupDescription(std::string_view description) {
  if (description.size() > kMaxReplicationGroupDescriptionLength)
    throw faults::InvalidParameterValueException(
        "The parameter ReplicationGroupDescription must be no longer than 255 characters.");
  return std::string(description);
}

std::string AuthTokenFingerprint(std::string_view token) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(StableHash(token)));
  return hex;
}

void PlanAuthTokenChange(const ReplicationGroup& rg, const AuthTokenRequest& r,
                         GroupModification& mod) {
  if (!r.token && !r.strategy) return;
  std::string strategy = r.strategy
                             ? UpperAscii(ValidateChoice("AuthTokenUpdateStrategy", *r.strategy,
                                                         {"set", "rotate", "delete"}))
                             : std::string(kStrategyRotate);
  if (strategy == kStrategyDelete) {
    if (r.token)
      throw faults::InvalidParameterCombinationException(
          "AuthToken cannot be specified with AuthTokenUpdateStrategy DELETE.");
    if (!r.adding_user_groups)
      throw faults::InvalidParameterValueException(
          "Auth token update strategy delete is not supported currently");
    mod.auth_token_strategy = strategy;
    mod.auth_token_status.reset();
    mod.auth_token_fingerprint.reset();
    mod.auth_token.reset();
    return;
  }
  if (!r.token)
    throw faults::InvalidParameterCombinationException("AuthTokenUpdateStrategy " + strategy +
                                                       " must be specified with an AuthToken.");
  ValidateAuthTokenForGroup(r.token, rg.settings.transit_encryption_enabled);
  if (rg.settings.engine == "redis" && CompareVersions(rg.settings.engine_version, "5.0.5") < 0)
    throw faults::InvalidParameterCombinationException(
        "The AUTH token can be modified on Redis OSS 5.0.5 and later only; replication group " +
        rg.id + " runs " + rg.settings.engine_version + ".");
  if (r.user_groups_remain)
    throw faults::InvalidParameterCombinationException(
        "Auth tokens can't be enabled with a user group already associated. Pass "
        "RemoveUserGroups to proceed.");
  std::string fingerprint = AuthTokenFingerprint(*r.token);
  if (strategy == kStrategySet && rg.rotated_auth_token && *rg.rotated_auth_token != fingerprint)
    throw faults::InvalidParameterValueException(
        "The AuthToken of a SET must be the same value as the AUTH token last rotated.");
  mod.auth_token_strategy = strategy;
  mod.auth_token_status = strategy == kStrategySet ? "SETTING" : "ROTATING";
  mod.auth_token_fingerprint = fingerprint;
  mod.auth_token = *r.token;
}

void PlanTransitEncryptionChange(const ReplicationGroup& rg, std::optional<bool> enabled,
                                 const std::optional<std::string>& raw_mode,
                                 GroupModification& mod) {
  if (!enabled && !raw_mode) return;
  const NodeSettings& s = rg.settings;
  std::optional<std::string> mode;
  if (raw_mode)
    mode = ValidateChoice("TransitEncryptionMode", *raw_mode, {"preferred", "required"});
  const bool was = s.transit_encryption_enabled;
  const bool will = enabled.value_or(was);
  const std::string current_mode = s.transit_encryption_mode.value_or(was ? "required" : "");
  if (will == was && (!mode || *mode == current_mode)) return;  // nothing changes
  if (!AtLeast(s, "7.0.5", "7.2"))
    throw faults::InvalidParameterCombinationException(
        "In-transit encryption can be modified on Redis OSS 7.0.5 and later (or Valkey) only; "
        "replication group " +
        rg.id + " runs " + s.engine + " " + s.engine_version + ".");
  if (!will) {
    if (mode)
      throw faults::InvalidParameterCombinationException(
          "TransitEncryptionMode cannot be specified when TransitEncryptionEnabled is false.");
    if (current_mode != "preferred")
      throw faults::InvalidParameterCombinationException(
          "To disable in-transit encryption, first set TransitEncryptionMode to preferred.");
    if (s.auth_token_enabled || !rg.user_group_ids.empty())
      throw faults::InvalidParameterCombinationException(
          "In-transit encryption cannot be disabled while an AUTH token or user groups are in "
          "use.");
    mod.transit_encryption_enabled = false;
    return;
  }
  if (!was) {
    if (mode != std::optional<std::string>("preferred"))
      throw faults::InvalidParameterCombinationException(
          "To enable in-transit encryption on an existing replication group, set "
          "TransitEncryptionMode to preferred in the same request; required comes after.");
    mod.transit_encryption_enabled = true;
    mod.transit_encryption_mode = "preferred";
    return;
  }
  mod.transit_encryption_mode = *mode;
}

std::string CheckClusterModeChange(const ReplicationGroup& rg, std::string_view raw,
                                   bool other_changes) {
  std::string mode = ValidateChoice("ClusterMode", raw, {"enabled", "disabled", "compatible"});
  if (mode == rg.cluster_mode) return mode;
  if (other_changes)
    throw faults::InvalidParameterCombinationException(
        "ClusterMode cannot be modified together with other parameters, except "
        "CacheParameterGroupName.");
  const std::string& from = rg.cluster_mode;
  const bool allowed = (from == "disabled" && mode == "compatible") ||
                       (from == "compatible" && (mode == "enabled" || mode == "disabled"));
  if (!allowed)
    throw faults::InvalidParameterCombinationException(
        from == "enabled"
            ? "Cluster mode cannot be changed once it is enabled."
            : "Cluster mode can be changed from disabled to compatible, and from compatible to "
              "enabled or disabled; from " +
                  from + " to " + mode + " is not supported.");
  if (mode != "disabled") {
    if (!AtLeast(rg.settings, "7.0", "7.2"))
      throw faults::InvalidParameterCombinationException(
          "Cluster mode can be changed on Redis OSS 7.0 and later (or Valkey 7.2 and later) "
          "only; replication group " +
          rg.id + " runs " + rg.settings.engine + " " + rg.settings.engine_version + ".");
    if (!rg.automatic_failover || !EveryNodeGroupHasAReplica(rg))
      throw faults::InvalidParameterCombinationException(
          "Cluster mode can be changed only when automatic failover is enabled and every node "
          "group has at least one replica.");
  }
  return mode;
}

void RefuseWhileCompatible(const ReplicationGroup& rg, std::string_view what) {
  if (rg.cluster_mode == "compatible")
    throw faults::InvalidParameterCombinationException(
        std::string(what) +
        " cannot be modified while the cluster mode is compatible; set it to enabled or "
        "disabled first.");
}

void CheckAutomaticFailover(const ReplicationGroup& rg, bool enable, bool multi_az) {
  if (enable) {
    if (!EveryNodeGroupHasAReplica(rg))
      throw faults::InvalidParameterCombinationException(
          "Replication group must have at least one read replica to enable autofailover.");
    return;
  }
  if (rg.cluster_enabled)
    throw faults::InvalidParameterCombinationException(
        "Turning off automatic failover for replication group with cluster mode enabled is not "
        "supported.");
  if (rg.cluster_mode == "compatible")
    throw faults::InvalidParameterCombinationException(
        "Automatic failover cannot be turned off while the cluster mode is compatible.");
  if (multi_az)
    throw faults::InvalidParameterCombinationException(
        "Multi-AZ requires automatic failover: disable Multi-AZ (MultiAZEnabled=false) to turn "
        "automatic failover off.");
}

void CheckMultiAz(const ReplicationGroup& rg, bool enable, bool failover) {
  if (!enable) return;
  if (!failover)
    throw faults::InvalidParameterCombinationException(
        "Multi-AZ requires automatic failover: MultiAZEnabled=true needs "
        "AutomaticFailoverEnabled=true.");
  if (!EveryNodeGroupHasAReplica(rg))
    throw faults::InvalidParameterValueException(
        "Must have at least 1 replica for Multi-AZ enabled Replication Group");
}

std::string CheckPrimaryClusterId(const ReplicationGroup& rg, std::string_view raw,
                                  const std::optional<std::string>& node_group_id, bool exists) {
  std::string id = ToLowerAscii(raw);
  if (rg.cluster_enabled || rg.cluster_mode != "disabled")
    throw faults::InvalidParameterCombinationException(
        "PrimaryClusterId can be used only for cluster mode disabled replication groups.");
  std::string member_of;
  const NodeGroupMember* m = FindMember(rg, id, &member_of);
  if (!m) {
    if (!exists) throw faults::CacheClusterNotFoundFault("CacheCluster not found: " + id);
    throw faults::InvalidParameterValueException(
        "Cache cluster " + id + " is not a member of replication group " + rg.id + ".");
  }
  if (node_group_id && *node_group_id != member_of)
    throw faults::InvalidParameterValueException(
        "Cache cluster " + id + " is not a member of node group " + *node_group_id + ".");
  if (m->joining)
    throw faults::InvalidCacheClusterStateFault("Cache cluster " + id +
                                                " is not in available state.");
  if (!m->primary && rg.multi_az)
    throw faults::InvalidParameterCombinationException(
        "A read replica cannot be promoted to primary while Multi-AZ is enabled on replication "
        "group " +
        rg.id + ". Disable Multi-AZ first.");
  return id;
}

std::string CheckSnapshottingClusterId(const ReplicationGroup& rg, std::string_view raw,
                                       bool exists) {
  std::string id = ToLowerAscii(raw);
  if (rg.cluster_enabled)
    throw faults::InvalidParameterCombinationException(
        "Cannot set snapshotting cluster for cluster mode enabled replication group");
  if (!FindMember(rg, id)) {
    if (!exists) throw faults::CacheClusterNotFoundFault("CacheCluster not found: " + id);
    throw faults::InvalidParameterValueException(
        "Cache cluster " + id + " is not a member of replication group " + rg.id + ".");
  }
  return id;
}

ApiValue MergeLogDeliveryConfigurations(const ApiValue& current,
                                        const std::vector<ApiValue>& requests) {
  std::vector<ApiValue> out;
  if (current.IsList())
    for (const auto& c : current.AsList()) out.push_back(c);
  for (const auto& r : requests) {
    const std::string type =
        ValidateChoice("LogType", Field(r, "LogType"), {"slow-log", "engine-log"});
    std::erase_if(out, [&](const ApiValue& c) { return Field(c, "LogType") == type; });
    if (r.GetBool("Enabled") == std::optional<bool>(false)) continue;
    const std::string destination = ValidateChoice("DestinationType", Field(r, "DestinationType"),
                                                   {"cloudwatch-logs", "kinesis-firehose"});
    const ApiValue* details = r.Get("DestinationDetails");
    const char* detail =
        destination == "cloudwatch-logs" ? "CloudWatchLogsDetails" : "KinesisFirehoseDetails";
    if (!details || !details->Get(detail))
      throw faults::InvalidParameterValueException("DestinationDetails must give " +
                                                   std::string(detail) + " for DestinationType " +
                                                   destination + ".");
    ValidateChoice("LogFormat", Field(r, "LogFormat"), {"text", "json"});
    out.push_back(r);
  }
  ApiValue list = ApiValue::List();
  for (auto& c : out) list.Push(std::move(c));
  return list;
}

DomainEvent StartGroupModification(ReplicationGroup& rg, const GroupModification& mod,
                                   Timestamp now, int64_t duration_ms) {
  rg.modification = mod;
  rg.status = ReplicationGroupStatus::kModifying;
  for (auto& ng : rg.node_groups) ng.status = ReplicationGroupStatus::kModifying;
  rg.transition = StartTransition(kModify, now, duration_ms);
  return {"replication-group", rg.id, std::string(happened::kModificationStarted), now, {}, {}, {}};
}

GroupModification MergeModifications(const GroupModification& base,
                                     const GroupModification& newer) {
  GroupModification m = base;
  auto take = [](auto& into, const auto& from) {
    if (from) into = from;
  };
  take(m.cache_node_type, newer.cache_node_type);
  take(m.engine, newer.engine);
  take(m.engine_version, newer.engine_version);
  take(m.cache_parameter_group_name, newer.cache_parameter_group_name);
  take(m.primary_cluster_id, newer.primary_cluster_id);
  take(m.automatic_failover, newer.automatic_failover);
  take(m.cache_security_group_names, newer.cache_security_group_names);
  take(m.security_group_ids, newer.security_group_ids);
  take(m.ip_discovery, newer.ip_discovery);
  if (newer.auth_token_strategy) {
    m.auth_token_strategy = newer.auth_token_strategy;
    m.auth_token_status = newer.auth_token_status;
    m.auth_token_fingerprint = newer.auth_token_fingerprint;
    m.auth_token = newer.auth_token;
  }
  for (const auto& id : newer.user_group_ids_to_add) m.user_group_ids_to_add.push_back(id);
  for (const auto& id : newer.user_group_ids_to_remove) m.user_group_ids_to_remove.push_back(id);
  take(m.log_delivery_configurations, newer.log_delivery_configurations);
  take(m.transit_encryption_enabled, newer.transit_encryption_enabled);
  take(m.transit_encryption_mode, newer.transit_encryption_mode);
  take(m.cluster_mode, newer.cluster_mode);
  return m;
}

namespace {

void ApplyAuthToken(ReplicationGroup& rg, const GroupModification& m, Timestamp at) {
  if (!m.auth_token_strategy) return;
  NodeSettings& s = rg.settings;
  if (*m.auth_token_strategy == kStrategyDelete) {
    s.auth_token_enabled = false;
    rg.rotated_auth_token.reset();
  } else {
    s.auth_token_enabled = true;
    rg.rotated_auth_token = *m.auth_token_strategy == kStrategyRotate
                                ? m.auth_token_fingerprint
                                : std::optional<std::string>();
  }
  s.auth_tokens = UpdatedAuthTokens(s.auth_tokens, m.auth_token, *m.auth_token_strategy);
  s.auth_token_last_modified = at;
}

void ApplyTransitEncryption(ReplicationGroup& rg, const GroupModification& m) {
  NodeSettings& s = rg.settings;
  if (m.transit_encryption_enabled &&
      *m.transit_encryption_enabled != s.transit_encryption_enabled) {
    if (!rg.endpoint_transit_encryption)
      rg.endpoint_transit_encryption = s.transit_encryption_enabled;
    s.transit_encryption_enabled = *m.transit_encryption_enabled;
    if (!s.transit_encryption_enabled) s.transit_encryption_mode.reset();
  }
  if (m.transit_encryption_mode && s.transit_encryption_enabled)
    s.transit_encryption_mode = m.transit_encryption_mode;
}

void ApplyClusterMode(ReplicationGroup& rg, const std::string& mode,
                      const std::string& parameter_group_before) {
  if (mode == "compatible" && rg.cluster_mode == "disabled")
    rg.parameter_group_before_compatible = parameter_group_before;
  if (mode != "compatible") rg.parameter_group_before_compatible.reset();
  rg.cluster_mode = mode;
  if (mode == "enabled") {
    rg.cluster_enabled = true;
    rg.snapshotting_cluster_id.reset();
    for (auto& ng : rg.node_groups) ng.slots = "0-16383";
  }
}

}  // namespace

void ApplyGroupModification(ReplicationGroup& rg, const GroupModification& m, Timestamp at) {
  NodeSettings& s = rg.settings;
  const std::string parameter_group_before = s.cache_parameter_group_name;
  if (m.cache_node_type) s.cache_node_type = *m.cache_node_type;
  if (m.engine) s.engine = *m.engine;
  if (m.engine_version) s.engine_version = *m.engine_version;
  if (m.cache_parameter_group_name) s.cache_parameter_group_name = *m.cache_parameter_group_name;
  if (m.cache_security_group_names) s.cache_security_group_names = *m.cache_security_group_names;
  if (m.security_group_ids) s.security_group_ids = *m.security_group_ids;
  if (m.ip_discovery) s.ip_discovery = *m.ip_discovery;
  if (m.automatic_failover) rg.automatic_failover = *m.automatic_failover;
  if (m.primary_cluster_id)
    for (auto& ng : rg.node_groups) {
      bool here = std::any_of(ng.members.begin(), ng.members.end(), [&](const NodeGroupMember& x) {
        return x.cache_cluster_id == *m.primary_cluster_id;
      });
      if (here)
        for (auto& x : ng.members) x.primary = x.cache_cluster_id == *m.primary_cluster_id;
    }
  ApplyAuthToken(rg, m, at);
  std::erase_if(rg.user_group_ids, [&](const std::string& id) {
    return std::find(m.user_group_ids_to_remove.begin(), m.user_group_ids_to_remove.end(), id) !=
           m.user_group_ids_to_remove.end();
  });
  if (m.log_delivery_configurations)
    rg.log_delivery_configurations = *m.log_delivery_configurations;
  ApplyTransitEncryption(rg, m);
  if (m.cluster_mode) ApplyClusterMode(rg, *m.cluster_mode, parameter_group_before);
}

}  // namespace ecl

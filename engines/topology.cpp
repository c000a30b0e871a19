#include "engines/topology.h"

#include <algorithm>
#include <cmath>

#include "model/naming.h"
#include "model/parameter_group_rules.h"

namespace ecl {

namespace {

// Parameters Redis does not know (ElastiCache's own), or that the emulator decides itself:
// persistence, memory, cluster mode and the command table are the data plane's business.
bool PassedToRedis(const std::string& name) {
  static const std::set<std::string> kNotPassed = {
      "cluster-enabled",       "maxmemory",
      "reserved-memory",       "reserved-memory-percent",
      "close-on-replica-write", "cluster-preferred-endpoint-type",
      "rename-commands",       "appendonly",
      "appendfsync",           "activedefrag",  // needs a jemalloc built for it; AWS manages it
  };
  if (kNotPassed.count(name)) return false;
  // ElastiCache splits client-output-buffer-limit into one parameter per class and field.
  return name.rfind("client-output-buffer-limit-", 0) != 0;
}


template <typename T>
const T* FindIn(const std::vector<T>& items, const std::string& account, const std::string& region,
                const std::string& id) {
  for (const auto& item : items)
    if (item.account == account && item.region == region && item.id == id) return &item;
  return nullptr;
}

// The parameter group a cluster uses, as a record: the stored one, else the default group of
// that name from the catalog (default groups are seeded lazily).
std::optional<CacheParameterGroup> ParameterGroupOf(const ModelState& state,
                                                    const ParameterCatalog& catalog,
                                                    const std::string& account,
                                                    const std::string& region,
                                                    const std::string& name) {
  if (name.empty()) return std::nullopt;
  if (const auto* group = FindIn(state.parameter_groups, account, region, name)) return *group;
  if (const auto* built_in = catalog.FindDefaultGroup(name))
    return BuiltInGroup(*built_in, account, region);
  return std::nullopt;
}

std::vector<std::string> PasswordRules(const std::vector<std::string>& passwords) {
  if (passwords.empty()) return {"nopass"};
  std::vector<std::string> rules;
  for (const auto& p : passwords) rules.push_back(">" + p);
  return rules;
}

// The engine's users: those of the group's user group (RBAC), else `default` with the AUTH
// tokens as its passwords (or none).
std::vector<EngineUser> UsersOf(const ModelState& state, const ReplicationGroup* group,
                                const NodeSettings& settings) {
  if (group && !group->user_group_ids.empty()) {
    std::vector<EngineUser> users;
    for (const auto& user_group_id : group->user_group_ids) {
      const auto* user_group =
          FindIn(state.user_groups, group->account, group->region, user_group_id);
      if (!user_group) continue;
      for (const auto& user_id : user_group->user_ids) {
        const auto* user = FindIn(state.users, group->account, group->region, user_id);
        if (!user) continue;
        EngineUser u{user->user_name, {"on"}};
        std::vector<std::string> passwords;
        if (user->authentication_type == AuthenticationType::kPassword)
          passwords = user->passwords;
        // An IAM user authenticates with a token the emulator cannot check: no password works.
        if (user->authentication_type == AuthenticationType::kIam)
          u.rules.push_back("resetpass");
        else
          for (auto& rule : PasswordRules(passwords)) u.rules.push_back(std::move(rule));
        // The access string carries on/off itself; it comes last so it decides.
        size_t start = 0;
        const std::string& access = user->access_string;
        while (start < access.size()) {
          size_t end = access.find(' ', start);
          if (end == std::string::npos) end = access.size();
          if (end > start) u.rules.push_back(access.substr(start, end - start));
          start = end + 1;
        }
        users.push_back(std::move(u));
      }
    }
    // `default` first, as the engine knows it first.
    std::stable_partition(users.begin(), users.end(),
                          [](const EngineUser& u) { return u.name == kDefaultUserName; });
    // A user group always holds a user named default (AWS requires it); if it is gone from
    // the state, the engine's default user is switched off rather than left open.
    if (users.empty() || users.front().name != kDefaultUserName)
      users.insert(users.begin(), EngineUser{std::string(kDefaultUserName), {"off", "resetpass"}});
    return users;
  }
  EngineUser u{std::string(kDefaultUserName), {"on"}};
  for (auto& rule : PasswordRules(settings.auth_tokens)) u.rules.push_back(std::move(rule));
  for (const char* rule : {"~*", "&*", "+@all"}) u.rules.push_back(rule);
  return {u};
}

struct MemberRole {
  const ReplicationGroup* group = nullptr;
  std::optional<std::string> primary_cluster_id;  // set for a replica
};

MemberRole RoleOf(const ModelState& state, const CacheCluster& cluster) {
  MemberRole role;
  if (!cluster.replication_group_id) return role;
  role.group =
      FindIn(state.replication_groups, cluster.account, cluster.region, *cluster.replication_group_id);
  if (!role.group) return role;
  for (const auto& ng : role.group->node_groups) {
    const NodeGroupMember* primary = nullptr;
    bool here = false;
    for (const auto& m : ng.members) {
      if (m.primary) primary = &m;
      if (m.cache_cluster_id == cluster.id) here = true;
    }
    if (here && primary && primary->cache_cluster_id != cluster.id)
      role.primary_cluster_id = primary->cache_cluster_id;
  }
  return role;
}

const CacheCluster* FindCluster(const ModelState& state, const std::string& account,
                                const std::string& region, const std::string& id) {
  return FindIn(state.cache_clusters, account, region, id);
}

std::string FirstNodeAddress(const CacheCluster& cluster) {
  return cluster.nodes.empty() ? std::string() : cluster.nodes.front().endpoint;
}

// The data of node group `index` (id `node_group_id`) of a restore source.
std::optional<DataSeed> SeedOf(const RestoreSource& source, const std::string& account,
                               const std::string& region, const std::string& node_group_id,
                               size_t index) {
  if (source.snapshot_name)
    return DataSeed{SnapshotKey{account, region, *source.snapshot_name}, node_group_id, {}};
  if (index < source.snapshot_arns.size())
    return DataSeed{std::nullopt, node_group_id, source.snapshot_arns[index]};
  return std::nullopt;
}

// The seed of a primary: its group's (by its node group), or its standalone cluster's.
std::optional<DataSeed> SeedOfPrimary(const CacheCluster& cluster, const MemberRole& role) {
  if (role.primary_cluster_id) return std::nullopt;  // replicas sync from their primary
  if (!role.group) return SeedOf(cluster.restored_from, cluster.account, cluster.region,
                                 std::string(kSingleNodeGroupId), 0);
  const auto& groups = role.group->node_groups;
  for (size_t i = 0; i < groups.size(); ++i)
    for (const auto& m : groups[i].members)
      if (m.cache_cluster_id == cluster.id)
        return SeedOf(role.group->restored_from, cluster.account, cluster.region, groups[i].id, i);
  return std::nullopt;
}

// The member a snapshot of a group copies for one node group: the one it was taken from if
// that is in the node group, else the node group's primary.
std::optional<std::string> SnapshotSourceCluster(const ModelState& state, const Snapshot& s,
                                                 const NodeSnapshotRecord& node) {
  if (node.cache_cluster_id) return node.cache_cluster_id;
  if (!s.replication_group_id) return s.cache_cluster_id;
  const auto* group =
      FindIn(state.replication_groups, s.account, s.region, *s.replication_group_id);
  if (!group) return s.taken_from_cluster_id;
  for (const auto& ng : group->node_groups) {
    if (ng.id != node.node_group_id) continue;
    for (const auto& m : ng.members)
      if (s.taken_from_cluster_id == m.cache_cluster_id) return m.cache_cluster_id;
    for (const auto& m : ng.members)
      if (m.primary) return m.cache_cluster_id;
  }
  return s.taken_from_cluster_id;
}

void AddCaptures(const ModelState& state, Topology& topology) {
  for (const auto& s : state.snapshots) {
    SnapshotKey key{s.account, s.region, s.id};
    topology.snapshots.push_back(key);
    if (s.status != SnapshotStatus::kCreating) continue;  // its data was taken when it began
    for (const auto& node : s.node_snapshots) {
      SnapshotCapture c{key, node.node_group_id, std::nullopt, std::nullopt};
      if (s.copied_from) {
        c.copy_of = SnapshotKey{s.account, s.region, *s.copied_from};
      } else {
        auto cluster_id = SnapshotSourceCluster(state, s, node);
        const auto* cluster =
            cluster_id ? FindCluster(state, s.account, s.region, *cluster_id) : nullptr;
        if (!cluster || cluster->nodes.empty()) continue;
        c.engine_address = FirstNodeAddress(*cluster);
      }
      topology.captures.push_back(std::move(c));
    }
  }
}

std::string ClusterKeyOf(const ReplicationGroup& group) {
  return ClusterKey(group.account, group.region, group.id);
}

std::string MemberAddress(const ModelState& state, const ReplicationGroup& group,
                          const NodeGroupMember& m) {
  const auto* cluster = FindCluster(state, group.account, group.region, m.cache_cluster_id);
  return cluster ? FirstNodeAddress(*cluster) : std::string();
}

// A slot string of the model; a malformed one (never written by the model) names none.
SlotSet SlotsOrNone(const std::string& slots) {
  if (slots.empty()) return {};
  try {
    return ParseSlots(slots);
  } catch (const std::exception&) {
    return {};
  }
}

// The slots a node group is to own: while a resharding runs, those it will hold when it
// finishes (none for a node group being removed), so the keys move meanwhile.
SlotSet SlotsOf(const ReplicationGroup& group, const NodeGroup& node_group) {
  if (group.resharding_target_slots.empty()) return SlotsOrNone(node_group.slots);
  auto target = group.resharding_target_slots.find(node_group.id);
  return target == group.resharding_target_slots.end() ? SlotSet() : SlotsOrNone(target->second);
}

// How many slots a resharding moves: those each node group is to own and does not yet.
int SlotsToMove(const ReplicationGroup& group) {
  int moving = 0;
  for (const auto& [id, target] : group.resharding_target_slots) {
    const std::string& node_group_id = id;  // lambdas cannot capture a structured binding
    auto ng = std::find_if(group.node_groups.begin(), group.node_groups.end(),
                           [&](const NodeGroup& n) { return n.id == node_group_id; });
    const SlotSet before = ng == group.node_groups.end() ? SlotSet() : SlotsOrNone(ng->slots);
    moving += SlotsOrNone(target).Difference(before).Count();
  }
  return moving;
}

// A cluster-mode-enabled group: its Redis Cluster, and the configuration endpoint leading to
// the shards' primaries (any node answers a cluster client's discovery).
void AddCluster(const ModelState& state, const ReplicationGroup& group, Topology& topology) {
  ClusterSpec spec;
  spec.key = ClusterKeyOf(group);
  spec.must_answer = group.status != ReplicationGroupStatus::kCreating;
  std::vector<std::string> primaries;
  for (const auto& ng : group.node_groups) {
    ClusterShard shard;
    shard.node_group_id = ng.id;
    shard.slots = SlotsOf(group, ng);
    for (const auto& m : ng.members) {
      std::string address = MemberAddress(state, group, m);
      if (address.empty()) continue;
      if (m.primary)
        shard.primary = address;
      else
        shard.replicas.push_back(address);
    }
    if (shard.primary.empty()) continue;
    primaries.push_back(shard.primary);
    spec.shards.push_back(std::move(shard));
  }
  if (spec.shards.empty()) return;
  const auto& arns = group.restored_from.snapshot_arns;
  for (size_t i = group.node_groups.size(); i < arns.size(); ++i)
    spec.extra_seeds.push_back(DataSeed{std::nullopt, "", arns[i]});
  spec.created_ms = group.created_at.epoch_ms;
  if (!group.resharding_target_slots.empty() && group.transition)
    spec.resharding = ClusterSpec::Resharding{group.transition->started_at.epoch_ms,
                                              SlotsToMove(group)};
  EndpointScope scope{group.account, group.region, group.id,
                      group.settings.transit_encryption_enabled};
  topology.forwarders.push_back(
      {ConfigurationEndpointAddress(scope), std::move(primaries), group.settings.port});
  topology.clusters.push_back(std::move(spec));
}

void AddForwarders(const ModelState& state, const ReplicationGroup& group, Topology& topology) {
  if (group.node_groups.empty()) return;
  if (group.cluster_enabled) return AddCluster(state, group, topology);
  EndpointScope scope{group.account, group.region, group.id,
                      group.settings.transit_encryption_enabled};
  std::vector<std::string> primary, readers;
  for (const auto& m : group.node_groups.front().members) {
    std::string address = MemberAddress(state, group, m);
    if (address.empty()) continue;
    if (m.primary)
      primary.push_back(address);
    else if (!m.joining && !m.leaving)
      readers.push_back(address);
  }
  // Without replicas the reader endpoint leads to the primary, as on AWS.
  if (readers.empty()) readers = primary;
  topology.forwarders.push_back({PrimaryEndpointAddress(scope), primary, group.settings.port});
  topology.forwarders.push_back({ReaderEndpointAddress(scope), readers, group.settings.port});
}

// Which node group of a cluster-mode-enabled group a member is in.
std::optional<ClusterRole> ClusterRoleOf(const MemberRole& role, const CacheCluster& cluster) {
  if (!role.group || !role.group->cluster_enabled) return std::nullopt;
  for (const auto& ng : role.group->node_groups)
    for (const auto& m : ng.members)
      if (m.cache_cluster_id == cluster.id) return ClusterRole{ClusterKeyOf(*role.group), ng.id};
  return std::nullopt;
}

}  // namespace

std::set<std::string> Topology::Addresses() const {
  std::set<std::string> all;
  for (const auto& e : engines) all.insert(e.address);
  for (const auto& f : forwarders) all.insert(f.address);
  for (const auto& d : discovery) all.insert(d.address);
  return all;
}

const EngineSpec* Topology::FindEngine(const std::string& address) const {
  for (const auto& e : engines)
    if (e.address == address) return &e;
  return nullptr;
}

int64_t EngineMemoryBytes(const NodeTypeCatalog& node_types, const std::string& cache_node_type) {
  const NodeType* type = node_types.Find(cache_node_type);
  if (!type) return kMinEngineMemoryBytes;
  auto bytes = int64_t(std::llround(type->memory_gib * 1024.0 * 1024.0 * 1024.0)) /
               kEngineMemoryDivisor;
  return std::max(bytes, kMinEngineMemoryBytes);
}

std::pair<std::map<std::string, std::string>, std::map<std::string, std::string>> RedisConfigOf(
    const ParameterCatalog& catalog, const CacheParameterGroup& group) {
  std::map<std::string, std::string> dynamic, start;
  for (const CacheParameter* p : catalog.AllParameters(group.family)) {
    if (!PassedToRedis(p->name) || p->node_type_specific) continue;
    std::string value = EffectiveValue(catalog, group, *p);
    if (value.empty() && p->data_type != "string") continue;
    (p->change_type == "requires-reboot" ? start : dynamic)[p->name] = value;
  }
  return {dynamic, start};
}

std::string ClusterKey(const std::string& account, const std::string& region,
                       const std::string& group_id) {
  return account + "/" + region + "/" + group_id;
}

Topology BuildTopology(const ModelState& state, const TopologyCatalogs& catalogs) {
  Topology topology;
  for (const auto& cluster : state.cache_clusters) {
    const bool memcached = cluster.settings.engine == "memcached";
    MemberRole role = memcached ? MemberRole{} : RoleOf(state, cluster);
    auto parameter_group =
        ParameterGroupOf(state, catalogs.parameters, cluster.account, cluster.region,
                         cluster.settings.cache_parameter_group_name);
    std::map<std::string, std::string> dynamic, start;
    if (parameter_group && !memcached)
      std::tie(dynamic, start) = RedisConfigOf(catalogs.parameters, *parameter_group);
    const bool cluster_ready = cluster.status != CacheClusterStatus::kCreating;
    const int64_t reboot_started =
        cluster.transition ? cluster.transition->started_at.epoch_ms : 0;
    std::vector<std::string> node_addresses;
    for (const auto& node : cluster.nodes) {
      EngineSpec e;
      e.address = node.endpoint;
      e.account = cluster.account;
      e.region = cluster.region;
      e.cache_cluster_id = cluster.id;
      e.cache_node_id = node.id;
      e.replication_group_id = cluster.replication_group_id.value_or("");
      e.port = cluster.settings.port;
      e.kind = memcached ? EngineKind::kMemcached : EngineKind::kRedis;
      if (role.primary_cluster_id)
        if (const auto* primary =
                FindCluster(state, cluster.account, cluster.region, *role.primary_cluster_id))
          if (!primary->nodes.empty()) e.replica_of = FirstNodeAddress(*primary);
      if (!memcached) e.users = UsersOf(state, role.group, cluster.settings);
      if (!memcached && cluster.settings.transit_encryption_enabled)
        e.tls = cluster.settings.transit_encryption_mode == std::optional<std::string>("preferred")
                    ? EngineTls::kPreferred
                    : EngineTls::kRequired;
      e.dynamic_config = dynamic;
      e.start_config = start;
      e.maxmemory_bytes = EngineMemoryBytes(catalogs.node_types, cluster.settings.cache_node_type);
      e.must_answer = cluster_ready && node.status == CacheNodeStatus::kAvailable;
      if (node.status == CacheNodeStatus::kRebooting) e.reboot_id = reboot_started;
      if (!memcached) e.seed = SeedOfPrimary(cluster, role);
      if (!memcached) e.cluster = ClusterRoleOf(role, cluster);
      node_addresses.push_back(e.address);
      topology.engines.push_back(std::move(e));
    }
    if (memcached && !cluster.nodes.empty()) {
      DiscoverySpec d;
      d.address = MemcachedConfigurationEndpointAddress(cluster.account, cluster.region, cluster.id);
      for (const auto& node : cluster.nodes)
        if (node.status != CacheNodeStatus::kDeleting &&
            (node.status != CacheNodeStatus::kCreating || !cluster_ready))
          d.nodes.push_back(node.endpoint);
      d.forward_to = node_addresses.front();
      d.engine_version = cluster.settings.engine_version;
      d.port = cluster.settings.port;
      topology.discovery.push_back(std::move(d));
    }
  }
  for (const auto& group : state.replication_groups) AddForwarders(state, group, topology);
  AddCaptures(state, topology);
  return topology;
}

}  // namespace ecl

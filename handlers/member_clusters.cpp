#include "handlers/member_clusters.h"

#include "model/lifecycle.h"
#include "model/naming.h"

namespace ecl {

namespace {

CacheCluster NewMemberCluster(HandlerEnv env, const ReplicationGroup& rg, const NodeGroupMember& m,
                              Timestamp at) {
  CacheCluster cc;
  cc.account = rg.account;
  cc.region = rg.region;
  cc.id = m.cache_cluster_id;
  cc.replication_group_id = rg.id;
  cc.status = CacheClusterStatus::kCreating;
  cc.transition = StartTransition(kCreate, at, env.TransitionMs());
  cc.created_at = at;
  cc.availability_zone = m.availability_zone;
  cc.nodes.push_back(
      {std::string(kRedisCacheNodeId), CacheNodeStatus::kCreating, at, m.availability_zone,
       NodeEndpointAddress({rg.account, rg.region, rg.id, rg.EndpointsUseTls()}, cc.id)});
  cc.settings = rg.settings;
  return cc;
}

// What the group is doing to its members' nodes: the change it applies, else the one waiting
// for the maintenance window.
PendingClusterChanges PendingFor(const ReplicationGroup& rg) {
  PendingClusterChanges p;
  const GroupModification* m =
      rg.modification && rg.modification->ChangesNodes()
          ? &*rg.modification
          : (rg.deferred_modification ? &*rg.deferred_modification : nullptr);
  if (!m) return p;
  p.cache_node_type = m->cache_node_type;
  p.engine_version = m->engine_version;
  return p;
}

}  // namespace

std::function<bool(const std::string&)> ClusterIdTaken(Store& store, const std::string& account,
                                                       const std::string& region) {
  return [&store, account, region](const std::string& id) {
    return store.Find<CacheCluster>({account, region, id}).has_value();
  };
}

void SyncMemberClusters(HandlerEnv env, const ReplicationGroup& rg, Timestamp at) {
  for (const auto& ng : rg.node_groups) {
    const bool group_leaving = ng.status == ReplicationGroupStatus::kDeleting;
    for (const auto& m : ng.members) {
      auto cc = env.store.Find<CacheCluster>({rg.account, rg.region, m.cache_cluster_id});
      if (!cc) {
        if (!m.leaving && !group_leaving) env.store.Save(NewMemberCluster(env, rg, m, at));
        continue;
      }
      if (cc->replication_group_id != rg.id) continue;  // e.g. a primary kept on deletion
      if ((m.leaving || group_leaving) && cc->status != CacheClusterStatus::kDeleting) {
        cc->status = CacheClusterStatus::kDeleting;
        cc->transition = StartTransition(kDelete, at, env.TransitionMs());
        env.store.Save(*cc);
      }
    }
  }
}

void FollowGroupSettings(HandlerEnv env, const ReplicationGroup& rg, Timestamp at) {
  const PendingClusterChanges pending = PendingFor(rg);
  const bool nodes_changing = rg.status == ReplicationGroupStatus::kModifying && rg.modification &&
                              rg.modification->ChangesNodes();
  for (const auto& id : rg.MemberClusterIds()) {
    auto cc = env.store.Find<CacheCluster>({rg.account, rg.region, id});
    if (!cc || cc->replication_group_id != rg.id || cc->status == CacheClusterStatus::kDeleting)
      continue;
    const CacheCluster before = *cc;
    cc->settings = rg.settings;
    cc->pending.cache_node_type = pending.cache_node_type;
    cc->pending.engine_version = pending.engine_version;
    if (!cc->transition) {
      if (nodes_changing && cc->status == CacheClusterStatus::kAvailable)
        cc->status = CacheClusterStatus::kModifying;
      if (!nodes_changing && cc->status == CacheClusterStatus::kModifying)
        cc->status = CacheClusterStatus::kAvailable;
    }
    // A new parameter group is taken up like a changed one (ParameterApplyStatus applying).
    if (cc->settings.cache_parameter_group_name != before.settings.cache_parameter_group_name)
      cc->parameters_applying_until = Timestamp{at.epoch_ms + env.TransitionMs()};
    const bool changed = !(cc->settings == before.settings) || cc->status != before.status ||
                         cc->pending.cache_node_type != before.pending.cache_node_type ||
                         cc->pending.engine_version != before.pending.engine_version ||
                         cc->parameters_applying_until != before.parameters_applying_until;
    if (changed) env.store.Save(*cc);
  }
}

}  // namespace ecl

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
       NodeEndpointAddress({rg.account, rg.region, rg.id, rg.settings.transit_encryption_enabled},
                           cc.id)});
  cc.settings = rg.settings;
  return cc;
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

}  // namespace ecl

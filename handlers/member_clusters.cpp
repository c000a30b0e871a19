#include "handlers/member_clusters.h"

#include "model/aws_faults.h"
#include "model/lifecycle.h"
#include "model/naming.h"

namespace ecl {

std::function<bool(const std::string&)> ClusterIdTaken(HandlerEnv env, const ReplicationGroup& rg) {
  return [env, account = rg.account, region = rg.region](const std::string& id) {
    return env.store.Find<CacheCluster>({account, region, id}).has_value();
  };
}

void AddMemberClusters(HandlerEnv env, const ReplicationGroup& rg,
                       const std::vector<NodeGroupMember>& members, Timestamp now) {
  for (const auto& m : members) {
    if (env.store.Find<CacheCluster>({rg.account, rg.region, m.cache_cluster_id}))
      throw faults::CacheClusterAlreadyExistsFault("Cache cluster " + m.cache_cluster_id +
                                                   " already exists.");
    CacheCluster cc;
    cc.account = rg.account;
    cc.region = rg.region;
    cc.id = m.cache_cluster_id;
    cc.replication_group_id = rg.id;
    cc.status = "creating";
    cc.transition = StartTransition(kCreate, now, env.TransitionMs());
    cc.created_at = now;
    cc.availability_zone = m.availability_zone;
    cc.node_endpoint = NodeEndpointAddress(
        {rg.account, rg.region, rg.id, rg.settings.transit_encryption_enabled}, cc.id);
    cc.settings = rg.settings;
    env.store.Save(cc);
  }
}

void RemoveMemberClusters(HandlerEnv env, const ReplicationGroup& rg,
                          const std::vector<std::string>& ids, Timestamp now) {
  for (const auto& id : ids) {
    auto cc = env.store.Find<CacheCluster>({rg.account, rg.region, id});
    if (!cc) continue;
    cc->status = "deleting";
    cc->transition = StartTransition(kDelete, now, env.TransitionMs());
    env.store.Save(*cc);
  }
}

}  // namespace ecl

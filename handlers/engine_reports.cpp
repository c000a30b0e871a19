#include "handlers/engine_reports.h"

#include "model/lifecycle.h"

namespace ecl {

void ReportEnginesLost(HandlerEnv env, const std::vector<LostEngine>& lost, Timestamp now) {
  for (const auto& engine : lost) {
    auto cluster = env.store.Find<CacheCluster>({engine.account, engine.region,
                                                  engine.cache_cluster_id});
    // Gone or going already: nothing to recover.
    if (!cluster || cluster->status == CacheClusterStatus::kDeleting) continue;
    std::optional<ReplicationGroup> group;
    if (cluster->replication_group_id)
      group = env.store.Find<ReplicationGroup>(
          {engine.account, engine.region, *cluster->replication_group_id});
    auto events = NodeFailed(group ? &*group : nullptr, *cluster, engine.cache_node_id, now);
    if (group) env.store.Save(*group);
    env.store.AppendEvents(engine.account, engine.region, events);
  }
}

}  // namespace ecl

#include "handlers/replicas.h"

#include "handlers/member_clusters.h"
#include "handlers/resource_views.h"
#include "handlers/subnet_groups.h"
#include "model/event_messages.h"
#include "model/lifecycle.h"
#include "model/replica_scaling.h"
#include "model/time_windows.h"

namespace ecl {

namespace {

template <typename Message>
ReplicaChangeRequest RequestFrom(const Message& in, bool increase) {
  ReplicaChangeRequest req;
  req.increase = increase;
  req.new_replica_count = in.NewReplicaCount;
  for (const auto& c : Items(in.ReplicaConfiguration))
    req.replica_configuration.push_back(
        {c.NodeGroupId, c.NewReplicaCount, Items(c.PreferredAvailabilityZones)});
  return req;
}

// Plans and starts the change at once (new member clusters appear `creating`, leaving ones go
// `deleting`, the group is `modifying` until the transition is due), or validates it and
// waits for the maintenance window.
ReplicationGroup ChangeReplicas(HandlerEnv env, const RequestContext& ctx, const std::string& id,
                                ReplicaChangeRequest req, bool apply_immediately) {
  ReplicationGroup rg = Require<ReplicationGroup>(env, ctx, id);
  req.placement = PlacementOf(env, rg);  // new replicas go to the subnet group's zones
  ReplicaPlan plan = PlanReplicaChange(rg, req, ClusterIdTaken(env.store, ctx.account, ctx.region));
  if (apply_immediately) {
    StartReplicaChange(rg, plan);
    rg.transition = StartTransition(kModifyReplicas, ctx.now, env.TransitionMs());
    rg.scheduled_replica_change.reset();
    env.store.Save(rg);
    SyncMemberClusters(env, rg, ctx.now);
    Record(env, ctx,
           {{"replication-group", rg.id, std::string(happened::kReplicaChangeStarted), ctx.now,
             "replication-group", rg.id,
             event_messages::ReplicaCountChangeStarted(req.increase, rg.id, ctx.now)}});
  } else {
    MaintenanceWindow window = ParseMaintenanceWindow(rg.settings.preferred_maintenance_window);
    rg.scheduled_replica_change = req;
    rg.transition = Transition{kScheduledReplicaChange, ctx.now,
                               Timestamp{NextWindowStart(window, ctx.now.epoch_ms)}};
    env.store.Save(rg);
    Record(env, ctx,
           {{"replication-group",
             rg.id,
             std::string(happened::kReplicaChangeScheduled),
             ctx.now,
             {},
             {},
             {}}});
  }
  return rg;
}

api::IncreaseReplicaCountResult IncreaseReplicaCount(HandlerEnv env, const RequestContext& ctx,
                                                     const api::IncreaseReplicaCountMessage& in) {
  return {ReplicationGroupView(
      ChangeReplicas(env, ctx, in.ReplicationGroupId, RequestFrom(in, true), in.ApplyImmediately))};
}

api::DecreaseReplicaCountResult DecreaseReplicaCount(HandlerEnv env, const RequestContext& ctx,
                                                     const api::DecreaseReplicaCountMessage& in) {
  ReplicaChangeRequest req = RequestFrom(in, false);
  req.replicas_to_remove = Items(in.ReplicasToRemove);
  return {ReplicationGroupView(
      ChangeReplicas(env, ctx, in.ReplicationGroupId, req, in.ApplyImmediately))};
}

}  // namespace

void RegisterReplicaHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::IncreaseReplicaCount>(env, IncreaseReplicaCount);
  registry.Add<api::op::DecreaseReplicaCount>(env, DecreaseReplicaCount);
}

}  // namespace ecl

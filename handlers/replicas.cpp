#include "handlers/replicas.h"

#include "handlers/member_clusters.h"
#include "handlers/resource_views.h"
#include "model/aws_faults.h"
#include "model/identifiers.h"
#include "model/lifecycle.h"
#include "model/naming.h"
#include "model/replica_scaling.h"
#include "model/time_windows.h"

namespace ecl {

namespace {

ReplicaChangeRequest RequestFrom(const ApiValue& in, bool increase) {
  ReplicaChangeRequest req;
  req.increase = increase;
  if (auto n = in.GetInt("NewReplicaCount")) req.new_replica_count = int(*n);
  for (const auto& c : in.GetList("ReplicaConfiguration"))
    req.replica_configuration.push_back({*c.GetString("NodeGroupId"),
                                         int(*c.GetInt("NewReplicaCount")),
                                         c.GetStrings("PreferredAvailabilityZones")});
  if (!increase) req.replicas_to_remove = in.GetStrings("ReplicasToRemove");
  return req;
}

// Plans and starts the change: new member clusters appear `creating`, leaving ones go
// `deleting`, the group is `modifying` until the transition is due.
void BeginReplicaChange(HandlerEnv env, ReplicationGroup& rg, const ReplicaChangeRequest& req,
                        Timestamp now) {
  ReplicaPlan plan = PlanReplicaChange(rg, req, ClusterIdTaken(env, rg));
  Transition transition = StartTransition(kModifyReplicas, now, env.TransitionMs());
  for (const auto& shard : plan.shards) {
    AddMemberClusters(env, rg, shard.joining, now);
    RemoveMemberClusters(env, rg, shard.leaving, now);
  }
  StartReplicaChange(rg, plan);
  rg.transition = transition;
  rg.scheduled_replica_change.reset();
}

ApiValue ChangeReplicas(HandlerEnv env, const RequestContext& ctx, const ApiValue& in,
                        bool increase) {
  std::string id = ToLowerAscii(*in.GetString("ReplicationGroupId"));
  ReplicaChangeRequest req = RequestFrom(in, increase);
  bool apply_immediately = *in.GetBool("ApplyImmediately");
  return env.store.InTransaction([&] {
    auto rg = env.store.Find<ReplicationGroup>({ctx.account, ctx.region, id});
    if (!rg) throw faults::ReplicationGroupNotFoundFault("Replication group " + id + " not found.");
    if (apply_immediately) {
      BeginReplicaChange(env, *rg, req, ctx.now);
    } else {
      // Validate now so a bad request fails at once; apply when the window opens.
      PlanReplicaChange(*rg, req, ClusterIdTaken(env, *rg));
      MaintenanceWindow window = ParseMaintenanceWindow(rg->settings.preferred_maintenance_window);
      rg->scheduled_replica_change = req;
      rg->transition = Transition{kScheduledReplicaChange, ctx.now,
                                  Timestamp{NextWindowStart(window, ctx.now.epoch_ms)}};
    }
    env.store.Save(*rg);
    return ApiValue::Struct().Set("ReplicationGroup", ReplicationGroupView(*rg));
  });
}

}  // namespace

void StartScheduledReplicaChange(HandlerEnv env, ReplicationGroup& rg, Timestamp now) {
  auto req = rg.scheduled_replica_change;
  // The change starts when the window opened, not when a request next noticed it: after a
  // clock advance past the window and the transition, it must already be complete.
  Timestamp window_start =
      rg.transition && rg.transition->due_at.epoch_ms < now.epoch_ms ? rg.transition->due_at : now;
  rg.transition.reset();
  rg.scheduled_replica_change.reset();
  if (req) {
    try {
      BeginReplicaChange(env, rg, *req, window_start);
    } catch (const AwsError&) {
      // The group changed since the request was accepted; the deferred change no longer
      // applies and is dropped, as the group stays as it is.
    }
  }
  env.store.Save(rg);
}

void RegisterReplicaHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add("IncreaseReplicaCount", [env](const RequestContext& ctx, const ApiValue& in) {
    return ChangeReplicas(env, ctx, in, true);
  });
  registry.Add("DecreaseReplicaCount", [env](const RequestContext& ctx, const ApiValue& in) {
    return ChangeReplicas(env, ctx, in, false);
  });
}

}  // namespace ecl

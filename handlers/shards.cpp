#include "handlers/shards.h"

#include "handlers/member_clusters.h"
#include "handlers/resource_views.h"
#include "model/aws_faults.h"
#include "model/identifiers.h"
#include "model/lifecycle.h"
#include "model/naming.h"
#include "model/resharding.h"

namespace ecl {

namespace {

ReshardRequest RequestFrom(const ApiValue& in, const ServiceOptions& options) {
  ReshardRequest req;
  req.node_group_count = int(*in.GetInt("NodeGroupCount"));
  req.apply_immediately = *in.GetBool("ApplyImmediately");
  for (const auto& c : in.GetList("ReshardingConfiguration"))
    req.resharding_configuration.push_back(
        {c.GetString("NodeGroupId"), c.GetStrings("PreferredAvailabilityZones")});
  req.node_groups_to_remove = in.GetStrings("NodeGroupsToRemove");
  req.node_groups_to_retain = in.GetStrings("NodeGroupsToRetain");
  req.node_groups_quota = options.node_groups_per_replication_group_quota;
  return req;
}

ApiValue ModifyShardConfiguration(HandlerEnv env, const RequestContext& ctx, const ApiValue& in) {
  std::string id = ToLowerAscii(*in.GetString("ReplicationGroupId"));
  ReshardRequest req = RequestFrom(in, env.options);
  return env.store.InTransaction([&] {
    auto rg = env.store.Find<ReplicationGroup>({ctx.account, ctx.region, id});
    if (!rg) throw faults::ReplicationGroupNotFoundFault("Replication group " + id + " not found.");
    ReshardPlan plan = PlanResharding(*rg, req, ClusterIdTaken(env, *rg));
    Transition migration = StartTransition(kReshard, ctx.now, env.TransitionMs());
    for (const auto& ng : plan.added) AddMemberClusters(env, *rg, ng.members, ctx.now);
    for (const auto& ng : rg->node_groups)
      if (std::find(plan.removed.begin(), plan.removed.end(), ng.id) != plan.removed.end())
        RemoveMemberClusters(env, *rg, rg->MemberClusterIdsOf(ng.id), ctx.now);
    StartResharding(*rg, plan);
    rg->transition = migration;
    env.store.Save(*rg);
    return ApiValue::Struct().Set("ReplicationGroup", ReplicationGroupView(*rg, ctx.now));
  });
}

}  // namespace

void RegisterShardHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add("ModifyReplicationGroupShardConfiguration",
               [env](const RequestContext& ctx, const ApiValue& in) {
                 return ModifyShardConfiguration(env, ctx, in);
               });
}

}  // namespace ecl

#include "handlers/shards.h"

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
    ReshardPlan plan = PlanResharding(*rg, req, [&](const std::string& cluster) {
      return env.store.Find<CacheCluster>({ctx.account, ctx.region, cluster}).has_value();
    });
    Transition migration = StartTransition(kReshard, ctx.now, env.TransitionMs());
    auto primary = env.store.Find<CacheCluster>(
        {ctx.account, ctx.region, rg->node_groups[0].members[0].cache_cluster_id});
    for (const auto& ng : plan.added)
      for (const auto& m : ng.members) {
        CacheCluster cc;
        cc.account = ctx.account;
        cc.region = ctx.region;
        cc.id = m.cache_cluster_id;
        cc.replication_group_id = rg->id;
        cc.status = "creating";
        cc.transition = StartTransition(kCreate, ctx.now, env.TransitionMs());
        cc.created_at = ctx.now;
        cc.availability_zone = m.availability_zone;
        cc.node_endpoint = NodeEndpointAddress(
            {ctx.account, ctx.region, rg->id, rg->settings.transit_encryption_enabled}, cc.id);
        cc.settings = primary ? primary->settings : rg->settings;
        env.store.Save(cc);
      }
    for (const auto& ng : rg->node_groups)
      if (std::find(plan.removed.begin(), plan.removed.end(), ng.id) != plan.removed.end())
        for (const auto& m : ng.members)
          if (auto cc = env.store.Find<CacheCluster>({ctx.account, ctx.region, m.cache_cluster_id})) {
            cc->status = "deleting";
            cc->transition = StartTransition(kDelete, ctx.now, env.TransitionMs());
            env.store.Save(*cc);
          }
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

#include "handlers/failover.h"

#include "handlers/resource_views.h"
#include "model/event_messages.h"
#include "model/failover_rules.h"

namespace ecl {

namespace {

// Test failovers of the last 24 hours in the caller's account and region (AWS counts node
// groups per customer).
int RecentInRegion(HandlerEnv env, const RequestContext& ctx) {
  int count = 0;
  for (const auto& rg :
       env.store.Scan<ReplicationGroup>(ctx.account, ctx.region, "", INT32_MAX).items)
    count += RecentTestFailovers(rg, ctx.now);
  return count;
}

api::TestFailoverResult TestFailover(HandlerEnv env, const RequestContext& ctx,
                                     const api::TestFailoverMessage& in) {
  ReplicationGroup rg = Require<ReplicationGroup>(env, ctx, in.ReplicationGroupId);
  auto status_of = [&](const std::string& id) {
    auto cc = env.store.Find<CacheCluster>({ctx.account, ctx.region, id});
    return cc ? cc->status : std::string(CacheClusterStatus::kAvailable);
  };
  FailoverInProgress failover =
      PlanTestFailover(rg, in.NodeGroupId, RecentInRegion(env, ctx), status_of);
  api::ReplicationGroup answer = ReplicationGroupView(rg, ctx.now);
  StartTestFailover(rg, failover, ctx.now, env.TransitionMs());
  env.store.Save(rg);
  Record(
      env, ctx,
      {{"replication-group", rg.id, std::string(happened::kFailoverStarted), ctx.now,
        "replication-group", rg.id, event_messages::TestFailoverCalled(failover.node_group_id)}});
  return {answer};
}

}  // namespace

void RegisterFailoverHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::TestFailover>(env, TestFailover);
}

}  // namespace ecl

#include "handlers/shards.h"

#include "handlers/member_clusters.h"
#include "handlers/resource_views.h"
#include "handlers/subnet_groups.h"
#include "model/event_messages.h"
#include "model/global_replication_group_rules.h"
#include "model/lifecycle.h"
#include "model/resharding.h"

namespace ecl {

namespace {

ReshardRequest RequestFrom(const api::ModifyReplicationGroupShardConfigurationMessage& in,
                           const ServiceOptions& options) {
  ReshardRequest req;
  req.node_group_count = in.NodeGroupCount;
  req.apply_immediately = in.ApplyImmediately;
  for (const auto& c : Items(in.ReshardingConfiguration))
    req.resharding_configuration.push_back({c.NodeGroupId, Items(c.PreferredAvailabilityZones)});
  req.node_groups_to_remove = Items(in.NodeGroupsToRemove);
  req.node_groups_to_retain = Items(in.NodeGroupsToRetain);
  req.node_groups_quota = options.node_groups_per_replication_group_quota;
  return req;
}

// What ElastiCache says when a resharding starts (docs/events.md).
std::vector<DomainEvent> ReshardingStartedEvents(const ReplicationGroup& rg, int from,
                                                 const ReshardPlan& plan, Timestamp at) {
  auto event = [&](std::string message) {
    return DomainEvent{"replication-group",
                       rg.id,
                       std::string(happened::kReshardingStarted),
                       at,
                       "replication-group",
                       rg.id,
                       std::move(message)};
  };
  std::vector<DomainEvent> events;
  int to = from + int(plan.added.size()) - int(plan.removed.size());
  if (to != from) events.push_back(event(event_messages::ScalingNodeGroups(rg.id, from, to)));
  if (!plan.added.empty()) {
    std::string ids;
    for (const auto& ng : plan.added) ids += (ids.empty() ? "" : ",") + ng.id;
    events.push_back(event(event_messages::NodeGroupsAdded(rg.id, int(plan.added.size()), ids)));
  }
  if (events.empty()) events.push_back(event({}));
  return events;
}

api::ModifyReplicationGroupShardConfigurationResult ModifyReplicationGroupShardConfiguration(
    HandlerEnv env, const RequestContext& ctx,
    const api::ModifyReplicationGroupShardConfigurationMessage& in) {
  ReshardRequest req = RequestFrom(in, env.options);
  ReplicationGroup rg = Require<ReplicationGroup>(env, ctx, in.ReplicationGroupId);
  RefuseGlobalMember(rg);  // IncreaseNodeGroupsInGlobalReplicationGroup reshards members
  req.placement = PlacementOf(env, rg);  // new shards go to the subnet group's zones
  ReshardPlan plan = PlanResharding(rg, req, ClusterIdTaken(env.store, ctx.account, ctx.region));
  StartReshardPlan(env, ctx, rg, plan);
  return {ReplicationGroupView(rg, ctx.now)};
}

}  // namespace

void StartReshardPlan(HandlerEnv env, const RequestContext& ctx, ReplicationGroup& rg,
                      const ReshardPlan& plan) {
  const int shards_before = int(rg.node_groups.size());
  StartResharding(rg, plan);
  rg.transition = StartTransition(kReshard, ctx.now, env.TransitionMs());
  env.store.Save(rg);
  SyncMemberClusters(env, rg, ctx.now);
  Record(env, ctx, ReshardingStartedEvents(rg, shards_before, plan, ctx.now));
}

void RegisterShardHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::ModifyReplicationGroupShardConfiguration>(
      env, ModifyReplicationGroupShardConfiguration);
}

}  // namespace ecl

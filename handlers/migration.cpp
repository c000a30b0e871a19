#include "handlers/migration.h"

#include "handlers/resource_views.h"
#include "model/lifecycle.h"
#include "model/migration_rules.h"

namespace ecl {

namespace {

DomainEvent MigrationEvent(const ReplicationGroup& rg, std::string_view what, Timestamp at) {
  return {
      std::string(Kind<ReplicationGroup>::kStoredName), rg.id, std::string(what), at, {}, {}, {}};
}

std::vector<CustomerEndpoint> EndpointsOf(const std::vector<api::CustomerNodeEndpoint>& list) {
  std::vector<CustomerEndpoint> endpoints;
  for (const auto& e : list) endpoints.push_back({e.Address, e.Port});
  return endpoints;
}

api::StartMigrationResponse Start(HandlerEnv env, const RequestContext& ctx,
                                  const api::StartMigrationMessage& in) {
  ReplicationGroup rg = Require<ReplicationGroup>(env, ctx, in.ReplicationGroupId);
  CheckMigrationTarget(rg);
  std::string source = CheckCustomerEndpoints(EndpointsOf(in.CustomerNodeEndpointList));
  StartMigration(rg, source, ctx.now, env.TransitionMs());
  env.store.Save(rg);
  Record(env, ctx, {MigrationEvent(rg, happened::kModifying, ctx.now)});
  return {ReplicationGroupView(rg, ctx.now)};
}

// An asynchronous check of the same requirements: the group itself does not change.
api::TestMigrationResponse Test(HandlerEnv env, const RequestContext& ctx,
                                const api::TestMigrationMessage& in) {
  ReplicationGroup rg = Require<ReplicationGroup>(env, ctx, in.ReplicationGroupId);
  CheckMigrationTarget(rg);
  CheckCustomerEndpoints(EndpointsOf(in.CustomerNodeEndpointList));
  Record(env, ctx, {MigrationEvent(rg, happened::kMigrationTested, ctx.now)});
  return {ReplicationGroupView(rg, ctx.now)};
}

api::CompleteMigrationResponse Complete(HandlerEnv env, const RequestContext& ctx,
                                        const api::CompleteMigrationMessage& in) {
  ReplicationGroup rg = Require<ReplicationGroup>(env, ctx, in.ReplicationGroupId);
  CheckCanCompleteMigration(rg);
  // Force stops without waiting for the data to be in sync; the emulator's data is always in
  // sync, so both end the same way.
  StartCompletingMigration(rg, ctx.now, env.TransitionMs());
  env.store.Save(rg);
  return {ReplicationGroupView(rg, ctx.now)};
}

}  // namespace

void RegisterMigrationHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::StartMigration>(env, Start);
  registry.Add<api::op::TestMigration>(env, Test);
  registry.Add<api::op::CompleteMigration>(env, Complete);
}

}  // namespace ecl

#include "handlers/migration.h"

#include "handlers/resource_views.h"
#include "model/lifecycle.h"
#include "model/migration_rules.h"

namespace ecl {

namespace {

std::vector<CustomerEndpoint> EndpointsOf(const std::vector<api::CustomerNodeEndpoint>& list) {
  std::vector<CustomerEndpoint> endpoints;
  for (const auto& e : list) endpoints.push_back({e.Address, e.Port});
  return endpoints;
}

api::StartMigrationResponse StartMigration(HandlerEnv env, const RequestContext& ctx,
                                           const api::StartMigrationMessage& in) {
  ReplicationGroup rg = Require<ReplicationGroup>(env, ctx, in.ReplicationGroupId);
  CheckMigrationTarget(rg);
  std::string source = CheckCustomerEndpoints(EndpointsOf(in.CustomerNodeEndpointList));
  StartMigratingFrom(rg, source, ctx.now, env.TransitionMs());
  env.store.Save(rg);
  Record(env, ctx, {EventOf<ReplicationGroup>(rg.id, happened::kModifying, ctx.now)});
  return {ReplicationGroupView(rg, ctx.now)};
}

// An asynchronous check of the same requirements: the group itself does not change.
api::TestMigrationResponse TestMigration(HandlerEnv env, const RequestContext& ctx,
                                         const api::TestMigrationMessage& in) {
  ReplicationGroup rg = Require<ReplicationGroup>(env, ctx, in.ReplicationGroupId);
  CheckMigrationTarget(rg);
  CheckCustomerEndpoints(EndpointsOf(in.CustomerNodeEndpointList));
  Record(env, ctx, {EventOf<ReplicationGroup>(rg.id, happened::kMigrationTested, ctx.now)});
  return {ReplicationGroupView(rg, ctx.now)};
}

api::CompleteMigrationResponse CompleteMigration(HandlerEnv env, const RequestContext& ctx,
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
  registry.Add<api::op::StartMigration>(env, StartMigration);
  registry.Add<api::op::TestMigration>(env, TestMigration);
  registry.Add<api::op::CompleteMigration>(env, CompleteMigration);
}

}  // namespace ecl

#include "handlers/service.h"

#include <filesystem>

#include "handlers/cache_clusters.h"
#include "handlers/handler_support.h"
#include "handlers/replicas.h"
#include "handlers/replication_groups.h"
#include "handlers/reserved_nodes.h"
#include "handlers/shards.h"
#include "handlers/snapshots.h"
#include "handlers/tags.h"
#include "model/lifecycle.h"
#include "model/naming.h"
#include "model/reserved_cache_node_rules.h"
#include "storage/store.h"

namespace ecl {

namespace {

std::string DatabasePath(const ServiceOptions& options) {
  if (options.in_memory) return "";
  std::filesystem::create_directories(options.data_dir);
  return (std::filesystem::path(options.data_dir) / "elasticache-local.db").string();
}

// Loads one resource, advances it, and saves or removes it (with its tags).
template <typename T, typename Advance, typename ArnOf>
void ApplyDue(Store& store, const ResourceKey& key, Timestamp now, Advance advance, ArnOf arn_of) {
  auto resource = store.Find<T>(key);
  if (!resource) return;
  switch (advance(*resource, now)) {
    case LifecycleOutcome::kUnchanged:
      break;
    case LifecycleOutcome::kUpdated:
      store.Save(*resource);
      break;
    case LifecycleOutcome::kRemoved:
      store.Remove<T>(key);
      store.RemoveAllTags(key.account, key.region, arn_of(key));
      break;
  }
}

// A replica change deferred to the maintenance window starts when the window opens.
bool StartScheduledChange(HandlerEnv env, const ResourceKey& key, Timestamp now) {
  auto rg = env.store.Find<ReplicationGroup>(key);
  if (!rg || !rg->transition || rg->transition->kind != kScheduledReplicaChange) return false;
  StartScheduledReplicaChange(env, *rg, now);
  return true;
}

}  // namespace

Service::Service(const ServiceOptions& options)
    : options_(options),
      store_(std::make_unique<Store>(DatabasePath(options))),
      reserved_offerings_(std::make_shared<const ReservedOfferingCatalog>(
          LoadReservedOfferingCatalog(options.reserved_offerings_file))) {}

Service::~Service() = default;

void Service::Register(HandlerRegistry& registry) {
  HandlerEnv env{*store_, options_};
  RegisterReplicationGroupHandlers(registry, env);
  RegisterCacheClusterHandlers(registry, env);
  RegisterTagHandlers(registry, env);
  RegisterReplicaHandlers(registry, env);
  RegisterShardHandlers(registry, env);
  RegisterSnapshotHandlers(registry, env);
  RegisterReservedNodeHandlers(registry, env, reserved_offerings_);
}

void Service::Reset() { store_->Clear(); }

void Service::ApplyDueTransitions(Timestamp now) {
  // The common case — nothing in flight — costs no query.
  auto next_due = store_->NextDueHint();
  if (!next_due || now.epoch_ms < *next_due) return;
  store_->InTransaction([&] {
    HandlerEnv env{*store_, options_};
    // Starting a deferred replica change creates transitions that may already be due (it
    // started when the window opened); a second pass settles them before the request sees
    // the group. Bounded: a pass only moves resources forward.
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& due : store_->DueAt(now)) {
        if (due.kind == ResourceKind<ReplicationGroup>::kName &&
            StartScheduledChange(env, due.key, now))
          continue;
        if (due.kind == ResourceKind<ReplicationGroup>::kName)
          ApplyDue<ReplicationGroup>(
              *store_, due.key, now, AdvanceReplicationGroup,
              [](const ResourceKey& k) { return ReplicationGroupArn(k.region, k.account, k.id); });
        else if (due.kind == ResourceKind<CacheCluster>::kName)
          ApplyDue<CacheCluster>(
              *store_, due.key, now, AdvanceCacheCluster,
              [](const ResourceKey& k) { return CacheClusterArn(k.region, k.account, k.id); });
        else if (due.kind == ResourceKind<Snapshot>::kName)
          ApplyDue<Snapshot>(*store_, due.key, now, AdvanceSnapshot, [](const ResourceKey& k) {
            return SnapshotArn(k.region, k.account, k.id);
          });
        else if (due.kind == ResourceKind<ReservedCacheNode>::kName)
          ApplyDue<ReservedCacheNode>(
              *store_, due.key, now, AdvanceReservedCacheNode,
              [](const ResourceKey& k) { return ReservedCacheNodeArn(k.region, k.account, k.id); });
      }
    }
  });
  store_->NextDue();
}

}  // namespace ecl

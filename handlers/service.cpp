#include "handlers/service.h"

#include <algorithm>
#include <exception>
#include <filesystem>

#include "handlers/cache_clusters.h"
#include "handlers/engine_versions.h"
#include "handlers/events.h"
#include "handlers/failover.h"
#include "handlers/global_replication_groups.h"
#include "handlers/handler_support.h"
#include "handlers/member_clusters.h"
#include "handlers/migration.h"
#include "handlers/node_types.h"
#include "handlers/parameter_groups.h"
#include "handlers/replicas.h"
#include "handlers/replication_group_modify.h"
#include "handlers/replication_groups.h"
#include "handlers/reserved_nodes.h"
#include "handlers/security_groups.h"
#include "handlers/serverless_cache_snapshots.h"
#include "handlers/serverless_caches.h"
#include "handlers/service_updates.h"
#include "handlers/shards.h"
#include "handlers/slot_migration_progress.h"
#include "handlers/snapshots.h"
#include "handlers/subnet_groups.h"
#include "handlers/tags.h"
#include "handlers/user_groups.h"
#include "handlers/users.h"
#include "model/aws_faults.h"
#include "model/resource_kinds.h"
#include "storage/store.h"

namespace ecl {

namespace {

// A step may start a transition that is already due (a deferred replica change that opened
// in a window long past); later passes settle it. Bounded: every pass moves resources forward.
constexpr int kMaxPasses = 8;

// Events past the 14 days DescribeEvents answers are deleted at most this often (emulator
// time) per account and region, not with every write.
constexpr int64_t kEventPurgeIntervalMs = 3600 * 1000;

// Whether a transition due at `due_ms` (none: nothing pending) is due at `now`.
bool FallsDueBy(std::optional<int64_t> due_ms, Timestamp now) {
  return due_ms && *due_ms <= now.epoch_ms;
}

std::string DatabasePath(const ServiceOptions& options) {
  if (options.in_memory) return "";
  std::filesystem::create_directories(options.data_dir);
  return (std::filesystem::path(options.data_dir) / "elasticache-local.db").string();
}

// Loads one resource, advances it, saves or removes it with its tags, and saves its events.
// False when it waits for the data plane (a resharding whose slots are still moving).
template <typename T>
bool AdvanceResource(HandlerEnv env, const ResourceKey& key, Timestamp now,
                     const std::function<void(const std::string&)>& warn) {
  std::optional<T> resource;
  try {
    resource = env.store.Find<T>(key);
  } catch (const StorageError& e) {
    // It cannot advance; keep it from being tried on every request. The rest goes on.
    warn(std::string(e.what()) + "; its pending transition is dropped");
    env.store.ClearDue(Kind<T>::kStoredName, key);
    return true;
  }
  if (!resource) return true;
  LifecycleContext lifecycle{now, env.TransitionMs(), {}};
  if constexpr (std::is_same_v<T, ReplicationGroup>) {
    if (WaitsForSlotMigration(env, *resource, now)) return false;
    lifecycle.cluster_id_taken = ClusterIdTaken(env.store, key.account, key.region);
  }
  std::vector<DomainEvent> events = Kind<T>::Advance(*resource, lifecycle);
  if (events.empty()) return true;
  const bool removed = std::any_of(events.begin(), events.end(), [&](const DomainEvent& e) {
    return e.what == happened::kRemoved && e.kind == Kind<T>::kStoredName && e.id == key.id;
  });
  // A global datastore's members (in their regions) follow its member list and roles.
  if constexpr (std::is_same_v<T, GlobalReplicationGroup>)
    FollowGlobalReplicationGroup(env, *resource, removed);
  if (removed) {
    env.store.Remove<T>(key);
    env.store.RemoveAllTags(key.account, key.region, ArnOf<T>(key.region, key.account, key.id));
  } else {
    env.store.Save(*resource);
    // A group's membership decides its member clusters' records (a deferred replica change
    // that just started adds and removes members).
    if constexpr (std::is_same_v<T, ReplicationGroup>) {
      if (resource->MembershipChanging())
        SyncMemberClusters(env, *resource,
                           resource->transition ? resource->transition->started_at : now);
      // A ModifyReplicationGroup change that started or finished decides their settings.
      for (const auto& e : events)
        if (e.what == happened::kModificationStarted ||
            e.what == happened::kModificationCompleted) {
          FollowGroupSettings(env, *resource, e.at);
          break;
        }
    }
    // A serverless cache's daily snapshot that fell due is taken (a record of its own).
    if constexpr (std::is_same_v<T, ServerlessCache>)
      TakeDueAutomaticSnapshots(env, *resource, events);
  }
  env.store.AppendEvents(key.account, key.region, events);
  return true;
}

}  // namespace

Service::Service(const ServiceOptions& options)
    : options_(options),
      store_(OpenStore(DatabasePath(options), options.max_state_bytes)),
      catalogs_(LoadCatalogs(options.reserved_offerings_file)) {}

Service::~Service() = default;

void Service::SetWarningSink(std::function<void(const std::string&)> sink) {
  warn_ = sink;
  store_->SetWarningSink(std::move(sink));
}

void Service::Register(HandlerRegistry& registry) {
  registry.SetInvoker([this](const RequestContext& ctx, std::string_view action,
                              const std::function<void()>& call) {
    auto body = [&] {
      call();
      return ApiValue::Struct();
    };
    if (OnlyReads(action))
      InvokeRead(ctx, body);
    else
      Invoke(ctx, body);
  });
  HandlerEnv env{*store_, options_, *catalogs_, &slot_migrations_};
  RegisterReplicationGroupHandlers(registry, env);
  RegisterReplicationGroupModifyHandlers(registry, env);
  RegisterFailoverHandlers(registry, env);
  RegisterCacheClusterHandlers(registry, env);
  RegisterTagHandlers(registry, env);
  RegisterReplicaHandlers(registry, env);
  RegisterShardHandlers(registry, env);
  RegisterSnapshotHandlers(registry, env);
  RegisterReservedNodeHandlers(registry, env);
  RegisterEventHandlers(registry, env);
  RegisterNodeTypeHandlers(registry, env);
  RegisterSecurityGroupHandlers(registry, env);
  RegisterEngineVersionHandlers(registry, env);
  RegisterParameterGroupHandlers(registry, env);
  RegisterUserHandlers(registry, env);
  RegisterUserGroupHandlers(registry, env);
  RegisterServerlessCacheHandlers(registry, env);
  RegisterServerlessCacheSnapshotHandlers(registry, env);
  RegisterServiceUpdateHandlers(registry, env);
  RegisterMigrationHandlers(registry, env);
  RegisterSubnetGroupHandlers(registry, env);
  RegisterGlobalReplicationGroupHandlers(registry, env);
}

ApiValue Service::Invoke(const RequestContext& ctx, const std::function<ApiValue()>& body) {
  std::lock_guard lock(mu_);
  const uint64_t revision = store_->Revision();
  ApiValue result;
  std::exception_ptr failure;
  auto run = [&](bool housekeeping) {
    if (housekeeping) ForgetOldEvents(ctx);
    ApiValue r = body();
    // What the call started and is due already (with transition_seconds 0, every transition)
    // is done before it is answered, so the calls that follow find nothing due and reads of
    // a snapshot need not wait for the writer to do it. In the call's own transaction, unless
    // someone follows each commit (the data plane must see a snapshot being taken before it
    // is taken): then in one of its own, after (SettleDue). Not when the state is full (a
    // read is then answered as of the last state that fit).
    if (housekeeping && !commit_observer_) AdvanceDue(ctx.now);
    CheckEngineCapacity();
    return r;
  };
  auto call = [&](bool housekeeping) {
    return store_->InSavepoint([&] { return run(housekeeping); });
  };
  struct RolledBack {};
  try {
    if (in_group_) {
      // One of several calls in InOneCommit's transaction: what fell due stays whatever
      // this call does, and the call alone is undone when it fails. A failure of the
      // storage itself may have ended the transaction (SQLite rolls it back on a full
      // disk): then nothing more of the group may write, and its calls run again one by
      // one, each answered as if alone.
      if (group_broken_)
        throw AwsError("ServiceUnavailable", "The calls that shared a commit run again alone.",
                       503, false);
      try {
        AdvanceDue(ctx.now);
      } catch (...) {
        group_broken_ = true;
        throw;
      }
      try {
        result = call(true);
      } catch (const StorageError&) {
        group_broken_ = true;
        failure = std::current_exception();
      } catch (...) {
        failure = std::current_exception();
      }
    } else {
      store_->InTransaction([&] {
        if (!AdvanceDue(ctx.now)) {
          // Nothing fell due, so nothing to keep: a call that fails rolls the transaction back
          // whole, without the savepoint below.
          try {
            result = run(true);
          } catch (...) {
            failure = std::current_exception();
            throw RolledBack{};
          }
          return;
        }
        // What fell due happened whatever this call does: a call that fails is undone back to
        // here (a savepoint), not further, so a waiter's describe of the id whose deletion just
        // finished does not roll the deletion back — the stored state, and the data plane that
        // follows it, stay with the answers. One commit either way.
        try {
          result = call(true);
        } catch (...) {
          failure = std::current_exception();
        }
      });
    }
  } catch (const RolledBack&) {
  } catch (const StateFull&) {
    // No room even for what fell due or the purge of old events (a full disk, or
    // max_state_mib): nothing was written. A call that only reads is answered without them,
    // as of the last state that fit; one that writes fails again, below.
    // In a group, the group is done for (above).
    failure = std::current_exception();
    if (!in_group_) {
      failure = nullptr;
      try {
        store_->InTransaction([&] { result = call(false); });
      } catch (...) {
        failure = std::current_exception();
      }
    }
  }
  if (!failure && transaction_nodes_ >= 0) committed_nodes_ = transaction_nodes_;
  if (store_->Revision() != revision && commit_observer_) commit_observer_();
  if (!failure && commit_observer_) SettleDue(ctx.now);
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const StateFull& e) {
      throw AwsError("ServiceUnavailable",
                     "The request failed because the emulator's state storage is full (" +
                         std::string(e.what()) +
                         "); nothing was changed. Free disk space or raise max_state_mib, "
                         "then retry.",
                     503, false);
    }
  }
  return result;
}

bool Service::InOneCommit(const std::function<void()>& calls) {
  std::lock_guard lock(mu_);
  if (commit_observer_ || in_group_) {
    calls();
    return true;
  }
  struct Broken {};
  const int committed_nodes = committed_nodes_;
  in_group_ = true;
  group_broken_ = false;
  try {
    store_->InTransaction([&] {
      calls();
      if (group_broken_) throw Broken{};
    });
  } catch (...) {
    // Nothing was saved: the calls' answers are void, and the count of nodes is as before.
    in_group_ = false;
    committed_nodes_ = committed_nodes;
    return false;
  }
  in_group_ = false;
  return true;
}

ApiValue Service::InvokeRead(const RequestContext& ctx, const std::function<ApiValue()>& body) {
  if (!EventPurgeDue(ctx)) {
    if (auto snapshot = store_->ReadSnapshot()) {
      // As Invoke would see the state: only when nothing fell due since the last commit (a
      // transition of transition_seconds > 0, one waiting for the data plane).
      if (!FallsDueBy(store_->NextDue(), ctx.now)) {
        try {
          return body();
        } catch (const NeedsWriter&) {
          // It writes after all (defaults stored on first use): again, as a writer.
        }
      }
    }
  }
  return Invoke(ctx, body);
}

void Service::SetCommitObserver(std::function<void()> observer) {
  commit_observer_ = std::move(observer);
}

void Service::SetSlotMigrationSource(SlotMigrationSource source) {
  slot_migrations_ = std::move(source);
}

void Service::ReportEnginesLost(const std::vector<LostEngine>& lost, Timestamp now) {
  RequestContext ctx;
  ctx.request_id = "data-plane";
  ctx.now = now;
  HandlerEnv env{*store_, options_, *catalogs_, &slot_migrations_};
  Invoke(ctx, [&] {
    ecl::ReportEnginesLost(env, lost, now);
    return ApiValue::Struct();
  });
}

ApiValue Service::Inspect(Timestamp now,
                           const std::function<ApiValue(HandlerEnv, Timestamp)>& view) {
  RequestContext ctx;
  ctx.request_id = "admin";
  ctx.now = now;
  HandlerEnv env{*store_, options_, *catalogs_, &slot_migrations_};
  return Invoke(ctx, [&] { return view(env, now); });
}

void Service::Read(const std::function<void(Store&)>& read) {
  std::lock_guard lock(mu_);
  store_->InTransaction([&] { read(*store_); });
}

int Service::CountNodes() {
  int nodes = 0;
  for (const auto& cluster : store_->All<CacheCluster>()) nodes += int(cluster.nodes.size());
  return nodes;
}

void Service::CheckEngineCapacity() {
  // With the data plane on, every cache node is an engine process: a change that would need
  // more than --max-engines of them is refused as AWS refuses nodes it has no capacity for.
  // Only growth is refused, so a state that is over a lowered cap can still shrink.
  if (options_.max_engines <= 0) return;
  const int nodes = CountNodes();
  if (committed_nodes_ < 0) committed_nodes_ = nodes;
  if (nodes > options_.max_engines && nodes > committed_nodes_)
    throw faults::InsufficientCacheClusterCapacityFault(
        "There is not enough capacity for " + std::to_string(nodes - committed_nodes_) +
        " more cache node(s): the data plane runs at most " +
        std::to_string(options_.max_engines) + " engines (max_engines) and " +
        std::to_string(committed_nodes_) + " are in use.");
  transaction_nodes_ = nodes;
}

bool Service::EventPurgeDue(const RequestContext& ctx) {
  std::lock_guard lock(purge_mu_);
  auto it = last_event_purge_.find(ctx.account + "/" + ctx.region);
  return it == last_event_purge_.end() || ctx.now.epoch_ms - it->second >= kEventPurgeIntervalMs;
}

void Service::ForgetOldEvents(const RequestContext& ctx) {
  {
    std::lock_guard lock(purge_mu_);
    int64_t& last = last_event_purge_[ctx.account + "/" + ctx.region];
    if (last != 0 && ctx.now.epoch_ms - last < kEventPurgeIntervalMs) return;
    last = ctx.now.epoch_ms;
  }
  store_->PurgeEvents(ctx.account, ctx.region, Timestamp{ctx.now.epoch_ms - kEventRetentionMs});
}

void Service::Exclusive(const std::function<void()>& f) {
  std::lock_guard lock(mu_);
  f();
}

void Service::Reset() {
  std::lock_guard lock(mu_);
  store_->Clear();
  committed_nodes_ = 0;
  if (commit_observer_) commit_observer_();
}

void Service::SettleDue(Timestamp now) {
  // What the call started and is due already, in a transaction of its own after the call's
  // commit, for whoever follows each commit (see Invoke). Nothing of the answer depends on
  // it; a failure (a full state) leaves it to the next call, which applies what is due first.
  if (!FallsDueBy(store_->NextDueHint(), now)) return;  // no empty transaction
  const uint64_t revision = store_->Revision();
  try {
    store_->InTransaction([&] { AdvanceDue(now); });
  } catch (const std::exception& e) {
    if (warn_) warn_(std::string("due transitions left to the next call: ") + e.what());
    return;
  }
  if (store_->Revision() == revision) return;
  if (options_.max_engines > 0) committed_nodes_ = CountNodes();
  if (commit_observer_) commit_observer_();
}

void Service::ApplyDueTransitions(Timestamp now) {
  std::lock_guard lock(mu_);
  store_->InTransaction([&] { AdvanceDue(now); });
}

bool Service::AdvanceDue(Timestamp now) {
  // The common case — nothing in flight — costs no query.
  if (!FallsDueBy(store_->NextDueHint(), now)) return false;
  HandlerEnv env{*store_, options_, *catalogs_, &slot_migrations_};
  auto warn = [this](const std::string& message) {
    if (warn_) warn_(message);
  };
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    auto due = store_->DueAt(now);
    bool advanced = false;
    for (const auto& d : due) {
      bool known = WithStoredKind(
          d.kind, [&]<typename T>() { advanced |= AdvanceResource<T>(env, d.key, now, warn); });
      if (!known) {
        warn("stored resource " + d.key.id + " has unknown kind " + d.kind +
             "; its pending transition is dropped");
        store_->ClearDue(d.kind, d.key);
        advanced = true;
      }
    }
    if (!advanced) break;  // nothing due, or all of it waits for the data plane
  }
  store_->NextDue();
  return true;
}

}  // namespace ecl

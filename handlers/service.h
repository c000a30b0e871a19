// Service: the emulated ElastiCache control plane behind the protocol layer. Owns the store,
// registers every operation's handler, and is the one entry point of every API call
// (Invoke): in one transaction it applies the lifecycle transitions that are due, then runs
// the handler in a savepoint, so a handler that throws leaves nothing half-written and undoes
// nothing that fell due.
// Thread-safe: calls that write run one at a time under the service's own lock; calls that
// only read run beside them on a snapshot of the last commit (InvokeRead), and what a request
// does outside the store (HTTP, decoding, serializing) runs beside both.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "handlers/engine_reports.h"
#include "handlers/handler_registry.h"
#include "handlers/service_options.h"
#include "handlers/slot_migration_progress.h"
#include "model/api_value.h"
#include "model/domain_event.h"

namespace ecl {

class Store;
struct Catalogs;
struct HandlerEnv;

class Service {
 public:
  // Throws CatalogError when a catalog cannot be loaded, StorageError
  // when the state cannot be opened.
  explicit Service(const ServiceOptions& options);
  ~Service();

  // Adds a handler for every supported Action; each runs through Invoke, or InvokeRead for
  // those that only read.
  void Register(HandlerRegistry& registry);
  // Runs one API call: due transitions, then `body` (in a savepoint), then what the call
  // started that is due at once, in one transaction (with a commit observer, the last part
  // in a transaction of its own, after the call's commit).
  ApiValue Invoke(const RequestContext& ctx, const std::function<ApiValue()>& body);
  // Runs `calls` — several Invokes, one after another on this thread — in one transaction
  // with one commit (group commit): each call is undone alone when it fails (a savepoint of
  // its own), and none is acknowledged before the commit, which then holds them all. False
  // when that commit failed or the state was full: nothing of them was saved, and the
  // caller runs them again one by one. With a commit observer, which follows each call's
  // commit, every call commits on its own as usual.
  bool InOneCommit(const std::function<void()>& calls);
  // Runs a call that only reads (Describe*, List*) without the lock, on a snapshot of the
  // last committed state (Store::ReadSnapshot), when that answers as Invoke would: nothing is
  // due and no purge of old events falls due. Otherwise, or when the call writes after all
  // (NeedsWriter), or the state is in memory, it runs through Invoke.
  ApiValue InvokeRead(const RequestContext& ctx, const std::function<ApiValue()>& body);
  // Reads the state as an API call at `now` would see it (due transitions first, in the
  // same transaction): the admin views (the dashboard's overview, the state export) answer
  // from the same records as the API, never from a copy.
  ApiValue Inspect(Timestamp now, const std::function<ApiValue(HandlerEnv, Timestamp)>& view);
  // Empties all state (POST /_admin/reset).
  void Reset();
  // Applies transitions that are due at `now` in a transaction of their own (Invoke does this
  // in the request's transaction).
  void ApplyDueTransitions(Timestamp now);

  const Catalogs& catalogs() const { return *catalogs_; }

  // Where warnings about the state go (records that cannot be read); stderr by default.
  void SetWarningSink(std::function<void(const std::string&)> sink);

  // Called after each committed call that changed the state (and after Reset), still inside
  // the caller's serialization: how the data plane follows the state (DESIGN.md).
  void SetCommitObserver(std::function<void()> observer);
  // The data plane's reports of reshardings: how far their slots have really moved; a
  // resharding it follows ends when they have (handlers/slot_migration_progress.h).
  void SetSlotMigrationSource(SlotMigrationSource source);
  // The data plane's report of engines that died: their nodes fail over or recover, in one
  // transaction like a request (handlers/engine_reports.h).
  void ReportEnginesLost(const std::vector<LostEngine>& lost, Timestamp now);
  // Runs `read` with the store in a transaction of its own, for readers outside the request
  // path such as the data plane.
  void Read(const std::function<void(Store&)>& read);
  // Runs f with no API call in between: work made of several service calls that must see
  // one state (the data plane following it, a fixture applied at start).
  void Exclusive(const std::function<void()>& f);

 private:
  // False when nothing can be due (the store's hint), so nothing was written.
  bool AdvanceDue(Timestamp now);
  // After a call's commit: applies, committed apart, what is due already (commit observers).
  void SettleDue(Timestamp now);
  int CountNodes();
  void ForgetOldEvents(const RequestContext& ctx);
  bool EventPurgeDue(const RequestContext& ctx);
  void CheckEngineCapacity();

  // Held for each call into the store. Recursive: Exclusive work and the commit observer
  // call back into the service.
  std::recursive_mutex mu_;
  ServiceOptions options_;
  std::unique_ptr<Store> store_;
  std::shared_ptr<const Catalogs> catalogs_;  // loaded once at start
  std::function<void(const std::string&)> warn_;
  std::mutex purge_mu_;  // for last_event_purge_, which snapshot reads look at too
  std::map<std::string, int64_t> last_event_purge_;  // "account/region" -> emulator ms
  std::function<void()> commit_observer_;
  SlotMigrationSource slot_migrations_;  // empty: the model's clock decides
  // Cache nodes of the last committed state, and of the transaction under way (max_engines).
  int committed_nodes_ = -1;
  int transaction_nodes_ = -1;
  // Inside InOneCommit: calls share its transaction; `group_broken_`: one of them found the
  // state full, so the group cannot commit.
  bool in_group_ = false;
  bool group_broken_ = false;
};

}  // namespace ecl

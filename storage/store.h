// Store: the emulator's state as handlers see it — resources of every kind keyed by
// (account, region, kind, id) with their pending transitions' due times, tags by ARN, and the
// domain events. An interface: the SQLite implementation (OpenStore) stays behind it, so no
// handler sees SQLite. Lists page by key (id > marker), never by reading everything.
// A record that can no longer be read is reported through the warning sink and skipped by
// scans; only a request that asks for that very record fails (StorageError).
// Not thread-safe: the service serializes calls — except reads of a snapshot (ReadSnapshot),
// which run beside them, each on a thread of its own.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "model/domain_event.h"
#include "model/resource_kinds.h"
#include "storage/decoded_memo.h"
#include "storage/records.h"
#include "storage/storage_error.h"

namespace ecl {

// Where a resource lives.
struct ResourceKey {
  std::string account;
  std::string region;
  std::string id;
};

struct DueResource {
  std::string kind;  // stored kind name
  ResourceKey key;
};

struct Tag {
  std::string key;
  std::string value;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_marker;  // the last id returned, when more remain
};

// A saved event with its place in the account's sequence.
struct StoredEvent {
  int64_t seq = 0;
  DomainEvent event;
};

// DescribeEvents' question: events shown by DescribeEvents (those with a source type) of one
// account and region with start <= at <= end, newest first, after the cursor.
struct EventQuery {
  std::string account;
  std::string region;
  Timestamp start;
  Timestamp end;
  std::optional<std::string> source_type;
  std::optional<std::string> source_id;
  std::optional<std::pair<int64_t, int64_t>> before;  // (at, seq) of the last event returned
  int limit = 100;
};

struct EventPage {
  std::vector<StoredEvent> items;
  bool more = false;
};

// Thrown by a write attempted while this thread reads a snapshot (Store::ReadSnapshot): the
// call is one that writes after all, and must run as a writer. Not an std::exception, so no
// handler's error handling takes it for a failure of its own.
struct NeedsWriter {};

class Store {
 public:
  virtual ~Store() = default;

  // While the returned object lives, this thread's calls into the store read one snapshot of
  // the last committed state, on a connection of their own, and any write throws NeedsWriter;
  // the writer and other threads' snapshot reads go on at the same time (on disk and in
  // memory alike). Null when no second connection can be opened, or this thread is in a
  // snapshot read already: then only the serialized calls read.
  class SnapshotRead {
   public:
    virtual ~SnapshotRead() = default;
  };
  virtual std::unique_ptr<SnapshotRead> ReadSnapshot() { return nullptr; }

  // Runs f in one transaction: all of it is saved, or none of it when f throws. Nested calls
  // join the outer transaction.
  template <typename F>
  auto InTransaction(F&& f) -> decltype(f()) {
    using R = decltype(f());
    if constexpr (std::is_void_v<R>) {
      RunInTransaction(std::function<void()>(std::forward<F>(f)));
    } else {
      std::optional<R> result;
      RunInTransaction([&] { result.emplace(f()); });
      return std::move(*result);
    }
  }

  // Inside InTransaction: runs f so that when it throws only f's own writes are undone, and
  // what the transaction did before it is still saved.
  template <typename F>
  auto InSavepoint(F&& f) -> decltype(f()) {
    using R = decltype(f());
    if constexpr (std::is_void_v<R>) {
      RunInSavepoint(std::function<void()>(std::forward<F>(f)));
    } else {
      std::optional<R> result;
      RunInSavepoint([&] { result.emplace(f()); });
      return std::move(*result);
    }
  }

  template <typename T>
  std::optional<T> Find(const ResourceKey& key) {
    auto doc = LoadDocument(Kind<T>::kStoredName, key);
    if (!doc) return std::nullopt;
    std::string name = DecodedMemo::NameOf(Kind<T>::kStoredName, key.account, key.region, key.id);
    DecodedMemo& memo = Memo();
    if (auto known = memo.Find<T>(name, *doc)) return *known;
    auto resource = Decode<T>(key, *doc);
    if (!resource)
      throw StorageError("the stored " + std::string(Kind<T>::kStoredName) + " " + key.id +
                         " cannot be read");
    memo.Keep(std::move(name), std::move(*doc), std::make_shared<const T>(*resource));
    return resource;
  }
  template <typename T>
  void Save(const T& r) {
    std::string doc = EncodeRecord(r);
    StoreDocument(Kind<T>::kStoredName, {r.account, r.region, r.id}, DueAt(r), doc);
    // The next Find reads this very text back (a write's own transitions and member clusters
    // do, in the same or the next request): it need not parse it again. Every field is
    // stored, so the record is what decoding the text would give; a text that is no longer
    // the stored one (rolled back, overwritten) never matches.
    Memo().Keep(DecodedMemo::NameOf(Kind<T>::kStoredName, r.account, r.region, r.id),
                std::move(doc), std::make_shared<const T>(r));
  }
  template <typename T>
  void Remove(const ResourceKey& key) {
    DeleteDocument(Kind<T>::kStoredName, key);
  }
  // Resources of one account and region with id > after that satisfy `filter`, in id order,
  // at most `limit`; next_marker is set when more would follow. Filters apply before paging.
  template <typename T, typename Filter>
  Page<T> Scan(const std::string& account, const std::string& region, std::string after, int limit,
               Filter filter) {
    Page<T> page;
    const int batch = std::max(std::min(limit, 1000) + 1, 64);
    while (true) {
      auto docs = LoadDocuments(Kind<T>::kStoredName, account, region, after, batch);
      for (auto& d : docs) {
        after = d.id;
        auto resource = Decode<T>({account, region, d.id}, d.doc);
        if (!resource || !filter(*resource)) continue;
        if (int(page.items.size()) == limit) {
          page.next_marker = page.items.back().id;
          return page;
        }
        page.items.push_back(std::move(*resource));
      }
      if (int(docs.size()) < batch) return page;
    }
  }
  template <typename T>
  Page<T> Scan(const std::string& account, const std::string& region, std::string after,
               int limit) {
    return Scan<T>(account, region, std::move(after), limit, [](const T&) { return true; });
  }
  // Every resource of one kind in every account and region (the data plane's view of what
  // should run; quota checks that span the whole emulator).
  template <typename T>
  std::vector<T> All() {
    std::vector<T> all;
    for (const auto& [account, region] : Scopes(Kind<T>::kStoredName)) {
      auto page = Scan<T>(account, region, "", std::numeric_limits<int>::max());
      std::move(page.items.begin(), page.items.end(), std::back_inserter(all));
    }
    return all;
  }
  // How many resources of one kind an account has in a region (quotas).
  template <typename T>
  int Count(const std::string& account, const std::string& region) {
    return CountDocuments(Kind<T>::kStoredName, account, region);
  }

  // Tags of a resource by ARN, in the order they were first added.
  virtual std::vector<Tag> ListTags(const std::string& account, const std::string& region,
                                    const std::string& arn) = 0;
  // Adds or overwrites tags.
  virtual void PutTags(const std::string& account, const std::string& region,
                       const std::string& arn, const std::vector<Tag>& tags) = 0;
  virtual void RemoveTags(const std::string& account, const std::string& region,
                          const std::string& arn, const std::vector<std::string>& keys) = 0;
  virtual void RemoveAllTags(const std::string& account, const std::string& region,
                             const std::string& arn) = 0;

  virtual void AppendEvents(const std::string& account, const std::string& region,
                            const std::vector<DomainEvent>& events) = 0;
  virtual EventPage ListEvents(const EventQuery& query) = 0;
  // Forgets events older than `before` (DescribeEvents returns 14 days at most).
  virtual void PurgeEvents(const std::string& account, const std::string& region,
                           Timestamp before) = 0;

  // Resources whose transition is due at `now`, earliest first.
  virtual std::vector<DueResource> DueAt(Timestamp now) = 0;
  // Takes a resource out of the due list (one that cannot be read, so cannot advance).
  virtual void ClearDue(std::string_view kind, const ResourceKey& key) = 0;
  // The earliest due time of any pending transition, read from the store.
  virtual std::optional<int64_t> NextDue() = 0;
  // A lower bound of NextDue() kept in memory (saves lower it; rolled-back saves may leave
  // it early, which only costs one extra DueAt query), so idle requests query nothing.
  std::optional<int64_t> NextDueHint() const { return next_due_hint_; }

  // Deletes all state.
  virtual void Clear() = 0;

  // Grows by one with every committed transaction that changed anything (and with Clear), so
  // whoever follows the state after a commit can tell that there is something to follow.
  uint64_t Revision() const { return revision_; }

  // Where unreadable records are reported (stderr by default).
  void SetWarningSink(std::function<void(const std::string&)> sink) { warn_ = std::move(sink); }

 protected:
  struct Document {
    std::string id;
    std::string doc;
  };
  virtual void RunInTransaction(const std::function<void()>& body) = 0;
  virtual void RunInSavepoint(const std::function<void()>& body) = 0;
  virtual std::optional<std::string> LoadDocument(std::string_view kind,
                                                  const ResourceKey& key) = 0;
  virtual void StoreDocument(std::string_view kind, const ResourceKey& key,
                             std::optional<int64_t> due_at, const std::string& doc) = 0;
  virtual void DeleteDocument(std::string_view kind, const ResourceKey& key) = 0;
  // Documents with id > after in id order, at most `limit`.
  virtual std::vector<Document> LoadDocuments(std::string_view kind, const std::string& account,
                                              const std::string& region, const std::string& after,
                                              int limit) = 0;
  virtual int CountDocuments(std::string_view kind, const std::string& account,
                             const std::string& region) = 0;
  // The (account, region) pairs that hold resources of `kind`.
  virtual std::vector<std::pair<std::string, std::string>> Scopes(std::string_view kind) = 0;

  // The memo of this thread's connection (a snapshot read's own, else the writer's).
  virtual DecodedMemo& Memo() { return memo_; }
  void Warn(const std::string& message) const;
  void LowerDueHint(std::optional<int64_t> due_at) {
    if (due_at && (!next_due_hint_ || *due_at < *next_due_hint_)) next_due_hint_ = due_at;
  }
  std::optional<int64_t> next_due_hint_;
  uint64_t revision_ = 0;

 private:
  template <typename T>
  static std::optional<int64_t> DueAt(const T& r) {
    if (!r.transition) return std::nullopt;
    return r.transition->due_at.epoch_ms;
  }
  // The decoded record, or nullopt (reported) when it cannot be read.
  template <typename T>
  std::optional<T> Decode(const ResourceKey& key, const std::string& doc) const {
    T t;
    try {
      DecodeRecord(doc, t);
    } catch (const std::exception& e) {
      Warn("unreadable " + std::string(Kind<T>::kStoredName) + " " + key.id + " (account " +
           key.account + ", region " + key.region + "): " + e.what());
      return std::nullopt;
    }
    return t;
  }

  std::function<void(const std::string&)> warn_;
  DecodedMemo memo_;
};

// The SQLite store at `path` (created, or migrated to the current schema); "" keeps it in
// memory. Throws StorageError when the file cannot be opened or is of a newer schema.
// `max_bytes` > 0 caps the state file's size (writes beyond it throw StateFull).
std::unique_ptr<Store> OpenStore(const std::string& path, int64_t max_bytes = 0);

}  // namespace ecl

// SqliteStore: the Store on one SQLite database (see database.h): resources as JSON documents
// in `resources`, tags in `tags`, domain events in `events` (numbered by `sequences`).
// docs/scale.md says why the tables are laid out as they are. The store also keeps read-only
// connections for snapshot reads, one per thread reading at a time (in memory too: the
// memory VFS gives them the same WAL as a file).
#include <algorithm>
#include <iostream>
#include <limits>
#include <mutex>
#include <vector>

#include "storage/database.h"
#include "storage/pending_documents.h"
#include "storage/store.h"
#include "storage/store_sql.h"

namespace ecl {

namespace {

// A read-only connection with its own memo, used by one snapshot read at a time.
struct ReadConnection {
  explicit ReadConnection(const Database& writer) : db(writer, Database::ReadOnly{}) {}
  Database db;
  DecodedMemo memo;
};

class SqliteStore;
// The snapshot read this thread is in, and of which store.
struct ThreadRead {
  const SqliteStore* store = nullptr;
  ReadConnection* reader = nullptr;
};
thread_local ThreadRead this_thread_read;

class SqliteStore final : public Store {
 public:
  SqliteStore(const std::string& path, int64_t max_bytes) : db_(path, max_bytes) {
    NextDue();
    auto& st = db_.Prepare(sql::kLastEventSeq);
    if (st.Step()) last_event_seq_ = st.Int(0);
    st.Reset();
  }

  std::vector<Tag> ListTags(const std::string& account, const std::string& region,
                            const std::string& arn) override {
    auto& st = Db().Prepare(sql::kListTags);
    st.Bind(1, account).Bind(2, region).Bind(3, arn);
    std::vector<Tag> tags;
    while (st.Step()) tags.push_back({st.Text(0), st.Text(1)});
    return tags;
  }

  void PutTags(const std::string& account, const std::string& region, const std::string& arn,
               const std::vector<Tag>& tags) override {
    Writing();
    for (const auto& t : tags) {
      auto& st = db_.Prepare(sql::kPutTag);
      st.Bind(1, account).Bind(2, region).Bind(3, arn).Bind(4, t.key).Bind(5, t.value);
      st.Run();
    }
  }

  void RemoveTags(const std::string& account, const std::string& region, const std::string& arn,
                  const std::vector<std::string>& keys) override {
    Writing();
    for (const auto& k : keys) {
      auto& st = db_.Prepare(sql::kRemoveTag);
      st.Bind(1, account).Bind(2, region).Bind(3, arn).Bind(4, k);
      st.Run();
    }
  }

  void RemoveAllTags(const std::string& account, const std::string& region,
                     const std::string& arn) override {
    Writing();
    auto& st = db_.Prepare(sql::kRemoveAllTags);
    st.Bind(1, account).Bind(2, region).Bind(3, arn);
    st.Run();
  }

  void AppendEvents(const std::string& account, const std::string& region,
                    const std::vector<DomainEvent>& events) override {
    Writing();
    for (const auto& e : events) {
      auto& st = db_.Prepare(sql::kAppendEvent);
      st.Bind(1, account).Bind(2, region).Bind(3, e.at.epoch_ms).Bind(4, ++last_event_seq_);
      st.Bind(5, e.kind).Bind(6, e.id).Bind(7, e.what).Bind(8, e.source_type);
      st.Bind(9, e.source_id).Bind(10, e.message);
      st.Run();
    }
    if (events.empty()) return;
    event_seq_unsaved_ = true;
    if (depth_ == 0) SaveLastEventSeq();  // else once, at the end of the transaction
  }

  EventPage ListEvents(const EventQuery& q) override {
    // Optional filters are bound as NULL and then match everything.
    auto& st = Db().Prepare(sql::kListEvents);
    st.Bind(1, q.account).Bind(2, q.region).Bind(3, q.start.epoch_ms).Bind(4, q.end.epoch_ms);
    if (q.source_type)
      st.Bind(5, *q.source_type);
    else
      st.BindNull(5);
    if (q.source_id)
      st.Bind(6, *q.source_id);
    else
      st.BindNull(6);
    if (q.before) {
      st.Bind(7, q.before->first).Bind(8, q.before->second);
    } else {
      st.BindNull(7).BindNull(8);
    }
    st.Bind(9, int64_t(q.limit) + 1);  // one more tells whether another page exists
    EventPage page;
    while (st.Step()) {
      if (int(page.items.size()) == q.limit) {
        page.more = true;
        break;
      }
      StoredEvent e;
      e.seq = st.Int(0);
      e.event.at = Timestamp{st.Int(1)};
      e.event.kind = st.Text(2);
      e.event.id = st.Text(3);
      e.event.what = st.Text(4);
      e.event.source_type = st.Text(5);
      e.event.source_id = st.Text(6);
      e.event.message = st.Text(7);
      page.items.push_back(std::move(e));
    }
    return page;
  }

  void PurgeEvents(const std::string& account, const std::string& region,
                   Timestamp before) override {
    Writing();
    auto& st = db_.Prepare(sql::kPurgeEvents);
    st.Bind(1, account).Bind(2, region).Bind(3, before.epoch_ms);
    st.Run();
  }

  std::vector<DueResource> DueAt(Timestamp now) override {
    auto& st = Db().Prepare(sql::kDueAt);
    st.Bind(1, now.epoch_ms);
    const bool writer = !ThisThreadsReader();
    // The table's due times, but a document with a change pending is due by that change.
    std::vector<std::pair<int64_t, DueResource>> due;
    while (st.Step()) {
      DueResource d{st.Text(0), {st.Text(1), st.Text(2), st.Text(3)}};
      if (writer && !pending_.Empty() && pending_.Find(PendingKey(d.kind, d.key))) continue;
      due.emplace_back(st.Int(4), std::move(d));
    }
    if (writer) {
      for (const auto& [key, change] : pending_.Changes())
        if (change.due_at && *change.due_at <= now.epoch_ms)
          due.emplace_back(*change.due_at,
                           DueResource{key.kind, {key.account, key.region, key.id}});
    }
    std::stable_sort(due.begin(), due.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<DueResource> out;
    out.reserve(due.size());
    for (auto& d : due) out.push_back(std::move(d.second));
    return out;
  }

  void ClearDue(std::string_view kind, const ResourceKey& key) override {
    Writing();
    WritePending();
    auto& st = db_.Prepare(sql::kClearDue);
    st.Bind(1, key.account).Bind(2, key.region).Bind(3, kind).Bind(4, key.id);
    st.Run();
  }

  std::optional<int64_t> NextDue() override {
    WritePending();
    auto& st = Db().Prepare(sql::kNextDue);
    std::optional<int64_t> next;
    if (st.Step() && !st.IsNull(0)) next = st.Int(0);
    if (!ThisThreadsReader()) next_due_hint_ = next;  // the hint is the writer's
    return next;
  }

  void Clear() override {
    Writing();
    pending_.Clear();  // deleted with the rest
    db_.InTransaction([&] {
      db_.Exec("DELETE FROM resources");
      db_.Exec("DELETE FROM tags");
      db_.Exec("DELETE FROM events");
      db_.Exec("UPDATE sequences SET last=0");
    });
    last_event_seq_ = 0;
    event_seq_unsaved_ = false;
    next_due_hint_.reset();
    ++revision_;
  }

 protected:
  void RunInTransaction(const std::function<void()>& body) override {
    if (ThisThreadsReader()) return body();  // the snapshot read is the transaction
    const bool outermost = depth_ == 0;
    const int64_t changes_before = outermost ? db_.TotalChanges() : 0;
    ++depth_;
    try {
      db_.InTransaction([&] {
        body();
        if (outermost) WritePending();
        // The last event number goes with the transaction's events, written once however many
        // there were, so the next start reads it instead of scanning every event.
        if (outermost && event_seq_unsaved_) SaveLastEventSeq();
      });
    } catch (...) {
      --depth_;
      // What the rolled-back work computed of the due times is void: ask the table next time.
      if (outermost) {
        pending_.Clear();
        next_due_hint_ = std::numeric_limits<int64_t>::min();
      }
      throw;
    }
    --depth_;
    if (outermost && db_.TotalChanges() != changes_before) ++revision_;
  }

  void RunInSavepoint(const std::function<void()>& body) override {
    if (ThisThreadsReader()) return body();  // nothing to undo: it cannot write
    WritePending();                          // what came before is not the savepoint's to undo
    try {
      db_.InSavepoint([&] {
        body();
        WritePending();
      });
    } catch (...) {
      pending_.Clear();  // all of it the savepoint's own, undone with it
      next_due_hint_ = std::numeric_limits<int64_t>::min();  // as after a rollback
      throw;
    }
  }

  std::optional<std::string> LoadDocument(std::string_view kind, const ResourceKey& key) override {
    if (!ThisThreadsReader() && !pending_.Empty()) {
      if (const auto* change = pending_.Find(PendingKey(kind, key))) return change->doc;
    }
    auto& st = Db().Prepare(sql::kLoadDocument);
    st.Bind(1, key.account).Bind(2, key.region).Bind(3, kind).Bind(4, key.id);
    if (!st.Step()) return std::nullopt;
    return st.Text(0);
  }

  void StoreDocument(std::string_view kind, const ResourceKey& key, std::optional<int64_t> due_at,
                     const std::string& doc) override {
    Writing();
    LowerDueHint(due_at);
    if (depth_ > 0) {
      pending_.Save(PendingKey(kind, key), due_at, doc);
      return;
    }
    WriteDocument(kind, key, due_at, doc);
  }

  void DeleteDocument(std::string_view kind, const ResourceKey& key) override {
    Writing();
    if (depth_ > 0) {
      pending_.Remove(PendingKey(kind, key));
      return;
    }
    DeleteRow(kind, key);
  }

  std::vector<Document> LoadDocuments(std::string_view kind, const std::string& account,
                                      const std::string& region, const std::string& after,
                                      int limit) override {
    WritePending();
    auto& st = Db().Prepare(sql::kLoadDocuments);
    st.Bind(1, account).Bind(2, region).Bind(3, kind).Bind(4, after);
    st.Bind(5, int64_t(limit));
    std::vector<Document> docs;
    while (st.Step()) docs.push_back({st.Text(0), st.Text(1)});
    return docs;
  }

  int CountDocuments(std::string_view kind, const std::string& account,
                     const std::string& region) override {
    WritePending();
    auto& st = Db().Prepare(sql::kCountDocuments);
    st.Bind(1, account).Bind(2, region).Bind(3, kind);
    return st.Step() ? int(st.Int(0)) : 0;
  }

  std::vector<std::pair<std::string, std::string>> Scopes(std::string_view kind) override {
    WritePending();
    auto& st = Db().Prepare(sql::kScopes);
    st.Bind(1, kind);
    std::vector<std::pair<std::string, std::string>> scopes;
    while (st.Step()) scopes.emplace_back(st.Text(0), st.Text(1));
    return scopes;
  }

  DecodedMemo& Memo() override {
    ReadConnection* r = ThisThreadsReader();
    return r ? r->memo : Store::Memo();
  }

 public:
  std::unique_ptr<SnapshotRead> ReadSnapshot() override;

  // A reader back from a finished snapshot read.
  void Return(std::unique_ptr<ReadConnection> reader) {
    std::lock_guard lock(readers_mu_);
    idle_readers_.push_back(std::move(reader));
  }

 private:
  ReadConnection* ThisThreadsReader() const {
    return this_thread_read.store == this ? this_thread_read.reader : nullptr;
  }
  // The connection this thread's calls read from.
  Database& Db() {
    ReadConnection* r = ThisThreadsReader();
    return r ? r->db : db_;
  }
  void Writing() const {
    if (ThisThreadsReader()) throw NeedsWriter{};
  }

  static PendingDocuments::Key PendingKey(std::string_view kind, const ResourceKey& key) {
    return {std::string(kind), key.account, key.region, key.id};
  }
  // Writes the documents saved or removed since the last time (the writer's; a reader's
  // calls see only what was committed).
  void WritePending() {
    if (ThisThreadsReader() || pending_.Empty()) return;
    for (const auto& [key, change] : pending_.Take()) {
      const ResourceKey at{key.account, key.region, key.id};
      if (change.doc)
        WriteDocument(key.kind, at, change.due_at, *change.doc);
      else
        DeleteRow(key.kind, at);
    }
  }
  void WriteDocument(std::string_view kind, const ResourceKey& key, std::optional<int64_t> due_at,
                     const std::string& doc) {
    auto& st = db_.Prepare(sql::kStoreDocument);
    st.Bind(1, key.account).Bind(2, key.region).Bind(3, kind).Bind(4, key.id);
    st.Bind(5, due_at).Bind(6, doc);
    st.Run();
  }
  void DeleteRow(std::string_view kind, const ResourceKey& key) {
    auto& st = db_.Prepare(sql::kDeleteDocument);
    st.Bind(1, key.account).Bind(2, key.region).Bind(3, kind).Bind(4, key.id);
    st.Run();
  }

  void SaveLastEventSeq() {
    auto& st = db_.Prepare(sql::kSaveLastEventSeq);
    st.Bind(1, last_event_seq_);
    st.Run();
    event_seq_unsaved_ = false;
  }

  Database db_;
  int depth_ = 0;  // nested RunInTransaction calls
  // Inside a transaction, saves and removals wait here to be written once (see the header).
  PendingDocuments pending_;
  // Orders events of the same millisecond; a rolled-back insert leaves a gap, which is fine.
  int64_t last_event_seq_ = 0;
  bool event_seq_unsaved_ = false;  // events were appended since the number was last saved
  std::mutex readers_mu_;
  std::vector<std::unique_ptr<ReadConnection>> idle_readers_;
};

class SqliteSnapshotRead final : public Store::SnapshotRead {
 public:
  SqliteSnapshotRead(SqliteStore& store, std::unique_ptr<ReadConnection> reader)
      : store_(store), reader_(std::move(reader)) {
    this_thread_read = {&store_, reader_.get()};
    reader_->db.BeginRead();
  }
  ~SqliteSnapshotRead() override {
    reader_->db.EndRead();
    this_thread_read = {};
    store_.Return(std::move(reader_));
  }

 private:
  SqliteStore& store_;
  std::unique_ptr<ReadConnection> reader_;
};

std::unique_ptr<Store::SnapshotRead> SqliteStore::ReadSnapshot() {
  if (this_thread_read.store) return nullptr;
  std::unique_ptr<ReadConnection> reader;
  {
    std::lock_guard lock(readers_mu_);
    if (!idle_readers_.empty()) {
      reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    }
  }
  try {
    if (!reader) reader = std::make_unique<ReadConnection>(db_);
    return std::make_unique<SqliteSnapshotRead>(*this, std::move(reader));
  } catch (const StorageError& e) {
    Warn(std::string("reading beside the writer is off for now: ") + e.what());
    this_thread_read = {};
    return nullptr;  // the serialized path still reads
  }
}

}  // namespace

void Store::Warn(const std::string& message) const {
  if (warn_)
    warn_(message);
  else
    std::cerr << "elasticache-local: " << message << "\n";
}

std::unique_ptr<Store> OpenStore(const std::string& path, int64_t max_bytes) {
  return std::make_unique<SqliteStore>(path, max_bytes);
}

}  // namespace ecl

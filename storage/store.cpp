#include "storage/store.h"

#include "storage/records.h"

namespace ecl {

namespace {

std::optional<std::string> ParentOf(const ReplicationGroup&) { return std::nullopt; }
std::optional<std::string> ParentOf(const CacheCluster& cc) { return cc.replication_group_id; }
std::optional<std::string> ParentOf(const Snapshot& s) { return s.replication_group_id; }
std::optional<std::string> ParentOf(const ReservedCacheNode&) { return std::nullopt; }

}  // namespace

Store::Store(const std::string& path) : db_(path) { NextDue(); }

template <typename T>
std::optional<T> Store::Find(const ResourceKey& key) {
  auto& st =
      db_.Prepare("SELECT doc FROM resources WHERE account=?1 AND region=?2 AND kind=?3 AND id=?4");
  st.Bind(1, key.account)
      .Bind(2, key.region)
      .Bind(3, std::string(ResourceKind<T>::kName))
      .Bind(4, key.id);
  if (!st.Step()) return std::nullopt;
  T t;
  DecodeRecord(st.Text(0), t);
  return t;
}

template <typename T>
void Store::Save(const T& r) {
  SaveDocument(ResourceKind<T>::kName, r.account, r.region, r.id, ParentOf(r), r.transition,
               EncodeRecord(r));
}

void Store::SaveDocument(const char* kind, const std::string& account, const std::string& region,
                         const std::string& id, const std::optional<std::string>& parent,
                         const std::optional<Transition>& transition, const std::string& doc) {
  auto& st = db_.Prepare(
      "INSERT INTO resources(account, region, kind, id, parent_id, due_at, doc) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
      "ON CONFLICT(account, region, kind, id) DO UPDATE SET "
      "parent_id=excluded.parent_id, due_at=excluded.due_at, doc=excluded.doc");
  st.Bind(1, account).Bind(2, region).Bind(3, std::string(kind)).Bind(4, id);
  if (parent)
    st.Bind(5, *parent);
  else
    st.BindNull(5);
  if (transition) {
    st.Bind(6, transition->due_at.epoch_ms);
    if (!next_due_hint_ || transition->due_at.epoch_ms < *next_due_hint_)
      next_due_hint_ = transition->due_at.epoch_ms;
  } else {
    st.BindNull(6);
  }
  st.Bind(7, doc);
  st.Run();
}

template <typename T>
void Store::Remove(const ResourceKey& key) {
  auto& st =
      db_.Prepare("DELETE FROM resources WHERE account=?1 AND region=?2 AND kind=?3 AND id=?4");
  st.Bind(1, key.account)
      .Bind(2, key.region)
      .Bind(3, std::string(ResourceKind<T>::kName))
      .Bind(4, key.id);
  st.Run();
}

template <typename T>
Page<T> Store::List(const std::string& account, const std::string& region, const std::string& after,
                    int limit) {
  auto& st = db_.Prepare(
      "SELECT id, doc FROM resources WHERE account=?1 AND region=?2 AND kind=?3 AND id>?4 "
      "ORDER BY id LIMIT ?5");
  st.Bind(1, account).Bind(2, region).Bind(3, std::string(ResourceKind<T>::kName)).Bind(4, after);
  st.Bind(5, int64_t(limit) + 1);  // one more tells whether another page exists
  Page<T> page;
  while (st.Step()) {
    if (int(page.items.size()) == limit) {
      page.next_marker = page.items.back().id;
      break;
    }
    T t;
    DecodeRecord(st.Text(1), t);
    page.items.push_back(std::move(t));
  }
  return page;
}

template <typename T>
int Store::Count(const std::string& account, const std::string& region) {
  auto& st =
      db_.Prepare("SELECT COUNT(*) FROM resources WHERE account=?1 AND region=?2 AND kind=?3");
  st.Bind(1, account).Bind(2, region).Bind(3, std::string(ResourceKind<T>::kName));
  return st.Step() ? int(st.Int(0)) : 0;
}

std::vector<Tag> Store::ListTags(const std::string& account, const std::string& region,
                                 const std::string& arn) {
  auto& st = db_.Prepare(
      "SELECT key, value FROM tags WHERE account=?1 AND region=?2 AND arn=?3 ORDER BY position");
  st.Bind(1, account).Bind(2, region).Bind(3, arn);
  std::vector<Tag> tags;
  while (st.Step()) tags.push_back({st.Text(0), st.Text(1)});
  return tags;
}

void Store::PutTags(const std::string& account, const std::string& region, const std::string& arn,
                    const std::vector<Tag>& tags) {
  for (const auto& t : tags) {
    auto& st = db_.Prepare(
        "INSERT INTO tags(account, region, arn, key, value, position) VALUES (?1, ?2, ?3, ?4, ?5, "
        "(SELECT COALESCE(MAX(position), 0) + 1 FROM tags WHERE account=?1 AND region=?2 AND "
        "arn=?3)) "
        "ON CONFLICT(account, region, arn, key) DO UPDATE SET value=excluded.value");
    st.Bind(1, account).Bind(2, region).Bind(3, arn).Bind(4, t.key).Bind(5, t.value);
    st.Run();
  }
}

void Store::RemoveTags(const std::string& account, const std::string& region,
                       const std::string& arn, const std::vector<std::string>& keys) {
  for (const auto& k : keys) {
    auto& st = db_.Prepare("DELETE FROM tags WHERE account=?1 AND region=?2 AND arn=?3 AND key=?4");
    st.Bind(1, account).Bind(2, region).Bind(3, arn).Bind(4, k);
    st.Run();
  }
}

void Store::RemoveAllTags(const std::string& account, const std::string& region,
                          const std::string& arn) {
  auto& st = db_.Prepare("DELETE FROM tags WHERE account=?1 AND region=?2 AND arn=?3");
  st.Bind(1, account).Bind(2, region).Bind(3, arn);
  st.Run();
}

std::vector<DueResource> Store::DueAt(Timestamp now) {
  auto& st = db_.Prepare(
      "SELECT kind, account, region, id FROM resources WHERE due_at IS NOT NULL AND due_at<=?1 "
      "ORDER BY due_at");
  st.Bind(1, now.epoch_ms);
  std::vector<DueResource> due;
  while (st.Step()) due.push_back({st.Text(0), {st.Text(1), st.Text(2), st.Text(3)}});
  return due;
}

std::optional<int64_t> Store::NextDue() {
  auto& st = db_.Prepare("SELECT MIN(due_at) FROM resources WHERE due_at IS NOT NULL");
  next_due_hint_.reset();
  if (st.Step() && !st.IsNull(0)) next_due_hint_ = st.Int(0);
  return next_due_hint_;
}

void Store::Clear() {
  db_.InTransaction([&] {
    db_.Exec("DELETE FROM resources");
    db_.Exec("DELETE FROM tags");
  });
  next_due_hint_.reset();
}

template std::optional<ReplicationGroup> Store::Find<ReplicationGroup>(const ResourceKey&);
template std::optional<CacheCluster> Store::Find<CacheCluster>(const ResourceKey&);
template void Store::Save<ReplicationGroup>(const ReplicationGroup&);
template void Store::Save<CacheCluster>(const CacheCluster&);
template void Store::Remove<ReplicationGroup>(const ResourceKey&);
template void Store::Remove<CacheCluster>(const ResourceKey&);
template Page<ReplicationGroup> Store::List<ReplicationGroup>(const std::string&,
                                                              const std::string&,
                                                              const std::string&, int);
template Page<CacheCluster> Store::List<CacheCluster>(const std::string&, const std::string&,
                                                      const std::string&, int);
template std::optional<Snapshot> Store::Find<Snapshot>(const ResourceKey&);
template void Store::Save<Snapshot>(const Snapshot&);
template void Store::Remove<Snapshot>(const ResourceKey&);
template Page<Snapshot> Store::List<Snapshot>(const std::string&, const std::string&,
                                              const std::string&, int);
template int Store::Count<Snapshot>(const std::string&, const std::string&);
template std::optional<ReservedCacheNode> Store::Find<ReservedCacheNode>(const ResourceKey&);
template void Store::Save<ReservedCacheNode>(const ReservedCacheNode&);
template void Store::Remove<ReservedCacheNode>(const ResourceKey&);
template Page<ReservedCacheNode> Store::List<ReservedCacheNode>(const std::string&,
                                                                const std::string&,
                                                                const std::string&, int);

}  // namespace ecl

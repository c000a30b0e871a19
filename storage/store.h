// Store: the emulator's state in SQLite — resources of every kind as documents keyed by
// (account, region, kind, id), their pending transitions' due times, and tags by ARN.
// Lists page by key (id > marker), never by scanning everything.
// Not thread-safe: the service serializes calls.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/cache_cluster.h"
#include "model/replication_group.h"
#include "model/reserved_cache_node.h"
#include "model/snapshot.h"
#include "storage/database.h"

namespace ecl {

// Where a resource lives.
struct ResourceKey {
  std::string account;
  std::string region;
  std::string id;
};

struct DueResource {
  std::string kind;
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

// Resource kind names as stored.
template <typename T>
struct ResourceKind;
template <>
struct ResourceKind<ReplicationGroup> {
  static constexpr const char* kName = "replication-group";
};
template <>
struct ResourceKind<CacheCluster> {
  static constexpr const char* kName = "cache-cluster";
};
template <>
struct ResourceKind<Snapshot> {
  static constexpr const char* kName = "snapshot";
};
template <>
struct ResourceKind<ReservedCacheNode> {
  static constexpr const char* kName = "reserved-cache-node";
};

class Store {
 public:
  // path empty → in memory.
  explicit Store(const std::string& path);

  template <typename F>
  auto InTransaction(F&& f) -> decltype(f()) {
    return db_.InTransaction(std::forward<F>(f));
  }

  template <typename T>
  std::optional<T> Find(const ResourceKey& key);
  template <typename T>
  void Save(const T& resource);
  template <typename T>
  void Remove(const ResourceKey& key);
  // Resources of one account and region with id > after, in id order, at most `limit`.
  template <typename T>
  Page<T> List(const std::string& account, const std::string& region, const std::string& after,
               int limit);
  // How many resources of one kind an account has in a region (quotas).
  template <typename T>
  int Count(const std::string& account, const std::string& region);

  // Tags of a resource by ARN, in the order they were first added.
  std::vector<Tag> ListTags(const std::string& account, const std::string& region,
                            const std::string& arn);
  // Adds or overwrites tags.
  void PutTags(const std::string& account, const std::string& region, const std::string& arn,
               const std::vector<Tag>& tags);
  void RemoveTags(const std::string& account, const std::string& region, const std::string& arn,
                  const std::vector<std::string>& keys);
  void RemoveAllTags(const std::string& account, const std::string& region, const std::string& arn);

  // Resources whose transition is due at `now`.
  std::vector<DueResource> DueAt(Timestamp now);
  // The earliest due time of any pending transition, read from the table.
  std::optional<int64_t> NextDue();
  // A lower bound of NextDue() kept in memory (saves lower it; rolled-back saves may leave
  // it early, which only costs one extra DueAt query), so idle requests query nothing.
  std::optional<int64_t> NextDueHint() const { return next_due_hint_; }

  // Deletes all state.
  void Clear();

 private:
  void SaveDocument(const char* kind, const std::string& account, const std::string& region,
                    const std::string& id, const std::optional<std::string>& parent,
                    const std::optional<Transition>& transition, const std::string& doc);

  Database db_;
  std::optional<int64_t> next_due_hint_;
};

}  // namespace ecl

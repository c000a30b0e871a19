// PendingDocuments: the documents the open transaction has saved or removed and not yet
// written to the resources table. A call often saves one resource several times — created,
// then available at once when nothing is left to wait for; deleting, then removed — and only
// the last of them needs writing: the store writes what is pending when the table must be
// read other than by key (a scan, a count, the next due time), when a savepoint ends and
// before the commit, and drops it with a rollback. Plain data, the writer's alone.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace ecl {

class PendingDocuments {
 public:
  struct Key {
    std::string kind;
    std::string account;
    std::string region;
    std::string id;
    auto operator<=>(const Key&) const = default;
  };
  struct Change {
    std::optional<std::string> doc;  // nullopt: removed
    std::optional<int64_t> due_at;
  };

  bool Empty() const { return changes_.empty(); }
  void Save(Key key, std::optional<int64_t> due_at, std::string doc) {
    changes_.insert_or_assign(std::move(key), Change{std::move(doc), due_at});
  }
  void Remove(Key key) { changes_.insert_or_assign(std::move(key), Change{}); }
  // The last change of this document, or null when it has none pending.
  const Change* Find(const Key& key) const {
    auto it = changes_.find(key);
    return it == changes_.end() ? nullptr : &it->second;
  }
  const std::map<Key, Change>& Changes() const { return changes_; }
  // Every pending change, in key order; none is left pending.
  std::map<Key, Change> Take() { return std::exchange(changes_, {}); }
  void Clear() { changes_.clear(); }

 private:
  std::map<Key, Change> changes_;
};

}  // namespace ecl

// DecodedMemo: the last records the store decoded or saved, each with the exact document text
// it was decoded from or encoded to. Decoding is a pure function of that text (and gives back
// what was encoded), so a record is reused only when the text just read from the database is
// byte for byte the same: the answer can never be stale, the second JSON parse of an
// unchanged record is simply skipped (most requests read a record that the previous one read
// or wrote). Bounded; not thread-safe (the store is not either).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ecl {

class DecodedMemo {
 public:
  explicit DecodedMemo(size_t capacity = 256) : capacity_(capacity) {}

  // The record decoded from `doc` under this name, or nullptr.
  template <typename T>
  std::shared_ptr<const T> Find(const std::string& name, std::string_view doc) const {
    auto it = entries_.find(name);
    if (it == entries_.end() || it->second.doc != doc) return nullptr;
    return std::static_pointer_cast<const T>(it->second.record);
  }

  template <typename T>
  void Keep(std::string name, std::string doc, std::shared_ptr<const T> record) {
    // Forgetting everything at the bound keeps it simple; the next requests refill it.
    if (entries_.size() >= capacity_ && !entries_.count(name)) entries_.clear();
    entries_[std::move(name)] = {std::move(doc), std::move(record)};
  }

  void Clear() { entries_.clear(); }

  // The memo's name of a record: its kind and key (`kind` names the C++ type too).
  static std::string NameOf(std::string_view kind, const std::string& account,
                            const std::string& region, const std::string& id) {
    std::string name;
    name.reserve(kind.size() + account.size() + region.size() + id.size() + 3);
    name.append(kind).append(1, '\0').append(account).append(1, '\0').append(region);
    name.append(1, '\0').append(id);
    return name;
  }

 private:
  struct Entry {
    std::string doc;
    std::shared_ptr<const void> record;
  };
  size_t capacity_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace ecl

#include "storage/snapshot_files.h"

#include <fstream>
#include <set>
#include <sstream>

namespace ecl {

namespace fs = std::filesystem;

namespace {

fs::path SnapshotDir(const fs::path& root, const SnapshotKey& key) {
  return root / key.account / key.region / key.snapshot;
}

}  // namespace

fs::path SnapshotFiles::PathOf(const SnapshotKey& key, const std::string& node_group_id) const {
  return SnapshotDir(dir_, key) / (node_group_id + ".rdb");
}

bool SnapshotFiles::Has(const SnapshotKey& key, const std::string& node_group_id) const {
  std::error_code ec;
  return enabled() && fs::is_regular_file(PathOf(key, node_group_id), ec);
}

std::optional<std::string> SnapshotFiles::Read(const SnapshotKey& key,
                                               const std::string& node_group_id) const {
  if (!Has(key, node_group_id)) return std::nullopt;
  std::ifstream in(PathOf(key, node_group_id), std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  if (!in) return std::nullopt;
  return bytes.str();
}

void SnapshotFiles::Store(const SnapshotKey& key, const std::string& node_group_id,
                          const fs::path& rdb_file) {
  fs::path target = PathOf(key, node_group_id);
  fs::create_directories(target.parent_path());
  fs::path temp = target;
  temp += ".tmp";
  fs::copy_file(rdb_file, temp, fs::copy_options::overwrite_existing);
  fs::rename(temp, target);
}

void SnapshotFiles::Copy(const SnapshotKey& from, const SnapshotKey& to) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(SnapshotDir(dir_, from), ec))
    if (entry.path().extension() == ".rdb")
      Store(to, entry.path().stem().string(), entry.path());
}

void SnapshotFiles::RetainOnly(const std::vector<SnapshotKey>& keep) {
  if (!enabled()) return;
  std::set<fs::path> wanted;
  for (const auto& key : keep) wanted.insert(SnapshotDir(dir_, key));
  std::error_code ec;
  for (const auto& account : fs::directory_iterator(dir_, ec))
    for (const auto& region : fs::directory_iterator(account.path(), ec))
      for (const auto& snapshot : fs::directory_iterator(region.path(), ec))
        if (!wanted.count(snapshot.path())) fs::remove_all(snapshot.path(), ec);
}

}  // namespace ecl

// SnapshotFiles: the data of snapshots when the data plane runs — one RDB file per node
// group, at <dir>/<account>/<region>/<snapshot>/<node group id>.rdb. The data plane writes
// them when a snapshot is taken and reads them to restore; exports copy them into the
// bucket. With the data plane off there is no directory and no data (exports are empty
// RDB files). Not thread-safe: the service serializes its callers.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ecl {

struct SnapshotKey {
  std::string account;
  std::string region;
  std::string snapshot;  // SnapshotName, lower case
};

class SnapshotFiles {
 public:
  // `dir` "" means no data is kept (the data plane is off).
  explicit SnapshotFiles(std::filesystem::path dir) : dir_(std::move(dir)) {}

  bool enabled() const { return !dir_.empty(); }
  std::filesystem::path PathOf(const SnapshotKey& key, const std::string& node_group_id) const;
  bool Has(const SnapshotKey& key, const std::string& node_group_id) const;
  // The node group's RDB bytes, if the snapshot holds data for it.
  std::optional<std::string> Read(const SnapshotKey& key, const std::string& node_group_id) const;
  // Takes a copy of `rdb_file` as the node group's data (written whole or not at all).
  void Store(const SnapshotKey& key, const std::string& node_group_id,
             const std::filesystem::path& rdb_file);
  // A CopySnapshot's data: every node group of `from`, if it has data.
  void Copy(const SnapshotKey& from, const SnapshotKey& to);
  // Forgets the data of every snapshot not in `keep` (deleted snapshots).
  void RetainOnly(const std::vector<SnapshotKey>& keep);

 private:
  std::filesystem::path dir_;
};

}  // namespace ecl

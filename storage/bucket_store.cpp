#include "storage/bucket_store.h"

#include <fstream>
#include <iterator>
#include <system_error>

namespace ecl {

bool FolderBucketStore::BucketExists(const std::string& bucket) const {
  std::error_code ec;
  return std::filesystem::is_directory(root_ / bucket, ec);
}

bool FolderBucketStore::ObjectExists(const std::string& bucket, const std::string& key) const {
  std::error_code ec;
  return std::filesystem::exists(root_ / bucket / key, ec);
}

void FolderBucketStore::PutObject(const std::string& bucket, const std::string& key,
                                  const std::string& bytes) {
  auto target = root_ / bucket / key;
  auto partial = target;
  partial += ".partial";
  std::error_code ec;
  std::filesystem::create_directories(target.parent_path(), ec);
  if (ec)
    throw BucketStoreError("cannot create " + target.parent_path().string() + ": " + ec.message());
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) throw BucketStoreError("cannot write " + partial.string());
  }
  // Readers see the whole object or none of it.
  std::filesystem::rename(partial, target, ec);
  if (ec) {
    std::filesystem::remove(partial, ec);
    throw BucketStoreError("cannot write " + target.string());
  }
}

std::optional<std::string> FolderBucketStore::GetObject(const std::string& bucket,
                                                        const std::string& key) const {
  std::error_code ec;
  auto path = root_ / bucket / key;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace ecl

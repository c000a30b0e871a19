// BucketStore: where snapshot exports go and SnapshotArns restores read from — the emulator's
// stand-in for S3. FolderBucketStore keeps each bucket as a folder under one root (the
// --export-dir): a bucket exists when its folder does, and an object is a file named by its
// key. Callers validate bucket names and keys first (no "..", no leading "/").
// Not thread-safe: the service serializes calls.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace ecl {

// A bucket operation failed on the file system (permissions, full disk ...).
struct BucketStoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class BucketStore {
 public:
  virtual ~BucketStore() = default;
  virtual bool BucketExists(const std::string& bucket) const = 0;
  virtual bool ObjectExists(const std::string& bucket, const std::string& key) const = 0;
  // Writes the whole object or nothing; throws BucketStoreError.
  virtual void PutObject(const std::string& bucket, const std::string& key,
                         const std::string& bytes) = 0;
  // The object's bytes, nullopt when it does not exist.
  virtual std::optional<std::string> GetObject(const std::string& bucket,
                                               const std::string& key) const = 0;
};

class FolderBucketStore : public BucketStore {
 public:
  explicit FolderBucketStore(std::filesystem::path root) : root_(std::move(root)) {}

  bool BucketExists(const std::string& bucket) const override;
  bool ObjectExists(const std::string& bucket, const std::string& key) const override;
  void PutObject(const std::string& bucket, const std::string& key,
                 const std::string& bytes) override;
  std::optional<std::string> GetObject(const std::string& bucket,
                                       const std::string& key) const override;

 private:
  std::filesystem::path root_;
};

}  // namespace ecl

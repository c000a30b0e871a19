// The folder-backed export buckets.
#include "storage/bucket_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace ecl {
namespace {

class FolderBucketStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("ecl-buckets-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ / "exports");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::filesystem::path root_;
};

TEST_F(FolderBucketStoreTest, BucketsAreFoldersAndObjectsFiles) {
  FolderBucketStore buckets(root_);
  EXPECT_TRUE(buckets.BucketExists("exports"));
  EXPECT_FALSE(buckets.BucketExists("missing"));
  EXPECT_FALSE(buckets.ObjectExists("exports", "a.rdb"));
  buckets.PutObject("exports", "a.rdb", std::string("RE\0DIS", 6));
  EXPECT_TRUE(buckets.ObjectExists("exports", "a.rdb"));
  EXPECT_EQ(buckets.GetObject("exports", "a.rdb"), std::string("RE\0DIS", 6));
  EXPECT_FALSE(buckets.GetObject("exports", "b.rdb"));
  EXPECT_FALSE(std::filesystem::exists(root_ / "exports" / "a.rdb.partial"));
}

TEST_F(FolderBucketStoreTest, WriteFailureIsReported) {
  FolderBucketStore buckets(root_);
  // A file where the bucket's folder should be: nothing can be written inside it.
  std::ofstream(root_ / "blocked") << "x";
  EXPECT_THROW(buckets.PutObject("blocked", "a.rdb", "x"), BucketStoreError);
}

}  // namespace
}  // namespace ecl

// Snapshot reads (Store::ReadSnapshot): a thread that reads beside the writer sees the last
// commit — never the writer's transaction under way — and keeps the snapshot it began with
// while the writer commits; it cannot write (NeedsWriter, nothing changed); other threads
// are not in it. The same in memory (the memory VFS) as with state on disk.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <future>
#include <set>
#include <thread>

#include "storage/store.h"
#include "tests/model/sample_resources.h"

namespace ecl {
namespace {

using testing_support::kAccount;
using testing_support::kRegion;

ReplicationGroup GroupDescribedAs(const std::string& id, const std::string& description) {
  ReplicationGroup rg;
  rg.account = kAccount;
  rg.region = kRegion;
  rg.id = id;
  rg.description = description;
  rg.status = "available";
  return rg;
}

// The parameter: true for state on disk, false in memory.
class SnapshotReadTest : public ::testing::TestWithParam<bool> {
 protected:
  SnapshotReadTest()
      : dir_(std::filesystem::temp_directory_path() /
             ("ecl-snapshot-read-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = OpenStore(GetParam() ? (dir_ / "state.db").string() : "");
  }
  ~SnapshotReadTest() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // The description of `id` as a snapshot read on a thread of its own sees it ("" if absent).
  std::string ReadBeside(const std::string& id) {
    std::string seen = "no snapshot";
    std::thread([&] {
      auto snapshot = store_->ReadSnapshot();
      if (!snapshot) return;
      auto rg = store_->Find<ReplicationGroup>({kAccount, kRegion, id});
      seen = rg ? rg->description : "";
    }).join();
    return seen;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(SnapshotReadTest, SeesTheLastCommitNotTheTransactionUnderWay) {
  store_->Save(GroupDescribedAs("alpha", "v1"));
  store_->InTransaction([&] {
    store_->Save(GroupDescribedAs("alpha", "v2"));
    store_->Save(GroupDescribedAs("beta", "new"));
    EXPECT_EQ(ReadBeside("alpha"), "v1");
    EXPECT_EQ(ReadBeside("beta"), "");
    // The writer's thread is not in a snapshot: it reads its own writes.
    EXPECT_EQ(store_->Find<ReplicationGroup>({kAccount, kRegion, "alpha"})->description, "v2");
  });
  EXPECT_EQ(ReadBeside("alpha"), "v2");
  EXPECT_EQ(ReadBeside("beta"), "new");
}

TEST_P(SnapshotReadTest, KeepsItsSnapshotWhileTheWriterCommits) {
  store_->Save(GroupDescribedAs("alpha", "v1"));
  std::promise<void> first_read, committed;
  std::string before, after;
  std::thread reader([&] {
    auto snapshot = store_->ReadSnapshot();
    ASSERT_TRUE(snapshot);
    before = store_->Find<ReplicationGroup>({kAccount, kRegion, "alpha"})->description;
    first_read.set_value();
    committed.get_future().wait();
    after = store_->Find<ReplicationGroup>({kAccount, kRegion, "alpha"})->description;
  });
  first_read.get_future().wait();
  store_->InTransaction([&] { store_->Save(GroupDescribedAs("alpha", "v2")); });
  committed.set_value();
  reader.join();
  EXPECT_EQ(before, "v1");
  EXPECT_EQ(after, "v1");  // one snapshot from its first read to its end
  EXPECT_EQ(ReadBeside("alpha"), "v2");
}

TEST_P(SnapshotReadTest, AWriteThrowsNeedsWriterAndChangesNothing) {
  std::thread([&] {
    auto snapshot = store_->ReadSnapshot();
    ASSERT_TRUE(snapshot);
    EXPECT_THROW(store_->Save(GroupDescribedAs("alpha", "v1")), NeedsWriter);
    EXPECT_THROW(store_->AppendEvents(kAccount, kRegion, {DomainEvent{}}), NeedsWriter);
    EXPECT_THROW(store_->PutTags(kAccount, kRegion, "arn", {{"k", "v"}}), NeedsWriter);
    EXPECT_THROW(store_->Remove<ReplicationGroup>({kAccount, kRegion, "alpha"}), NeedsWriter);
    // Transactions and savepoints inside it are the snapshot itself.
    EXPECT_THROW(store_->InTransaction([&] { store_->Save(GroupDescribedAs("beta", "v1")); }),
                 NeedsWriter);
  }).join();
  EXPECT_FALSE(store_->Find<ReplicationGroup>({kAccount, kRegion, "alpha"}));
  EXPECT_FALSE(store_->Find<ReplicationGroup>({kAccount, kRegion, "beta"}));
  EXPECT_TRUE(store_->ListTags(kAccount, kRegion, "arn").empty());
  // And the writer still writes.
  store_->Save(GroupDescribedAs("alpha", "v1"));
  EXPECT_EQ(ReadBeside("alpha"), "v1");
}

TEST_P(SnapshotReadTest, ItsDueTimesAreTheSnapshotsAndLeaveTheWritersHint) {
  ReplicationGroup rg = GroupDescribedAs("alpha", "v1");
  rg.transition = Transition{"create", Timestamp{0}, Timestamp{50}};
  store_->Save(rg);
  std::optional<int64_t> seen;
  std::thread([&] {
    auto snapshot = store_->ReadSnapshot();
    ASSERT_TRUE(snapshot);
    seen = store_->NextDue();
  }).join();
  EXPECT_EQ(seen, 50);
  EXPECT_EQ(store_->NextDueHint(), 50);
}

TEST_P(SnapshotReadTest, IsOneAtATimeOnAThread) {
  auto snapshot = store_->ReadSnapshot();
  ASSERT_TRUE(snapshot);
  EXPECT_EQ(store_->ReadSnapshot(), nullptr);
}

// The files this process has open (what its descriptors point to).
std::multiset<std::string> OpenFiles() {
  std::multiset<std::string> files;
  for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    auto target = std::filesystem::read_symlink(fd.path(), ec);
    if (!ec && std::filesystem::is_regular_file(target, ec)) files.insert(target.string());
  }
  return files;
}

TEST(SnapshotReadInMemoryTest, OpensNoFile) {
  const auto before = OpenFiles();
  auto store = OpenStore("");
  store->Save(GroupDescribedAs("alpha", "v1"));
  std::multiset<std::string> while_reading;
  std::thread([&] {
    auto snapshot = store->ReadSnapshot();
    ASSERT_TRUE(snapshot);
    EXPECT_TRUE(store->Find<ReplicationGroup>({kAccount, kRegion, "alpha"}));
    while_reading = OpenFiles();
  }).join();
  EXPECT_EQ(while_reading, before);
}

INSTANTIATE_TEST_SUITE_P(DiskAndMemory, SnapshotReadTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "OnDisk" : "InMemory"; });

}  // namespace
}  // namespace ecl

// Snapshot reads (Store::ReadSnapshot): a thread that reads beside the writer sees the last
// commit — never the writer's transaction under way — and keeps the snapshot it began with
// while the writer commits; it cannot write (NeedsWriter, nothing changed); other threads
// are not in it; a store in memory has none.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <future>
#include <thread>

#include "storage/store.h"

namespace ecl {
namespace {

constexpr char kAccount[] = "123456789012";
constexpr char kRegion[] = "us-east-1";

ReplicationGroup Group(const std::string& id, const std::string& description) {
  ReplicationGroup rg;
  rg.account = kAccount;
  rg.region = kRegion;
  rg.id = id;
  rg.description = description;
  rg.status = "available";
  return rg;
}

class SnapshotReadTest : public ::testing::Test {
 protected:
  SnapshotReadTest()
      : dir_(std::filesystem::temp_directory_path() /
             ("ecl-snapshot-read-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = OpenStore((dir_ / "state.db").string());
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

TEST_F(SnapshotReadTest, SeesTheLastCommitNotTheTransactionUnderWay) {
  store_->Save(Group("alpha", "v1"));
  store_->InTransaction([&] {
    store_->Save(Group("alpha", "v2"));
    store_->Save(Group("beta", "new"));
    EXPECT_EQ(ReadBeside("alpha"), "v1");
    EXPECT_EQ(ReadBeside("beta"), "");
    // The writer's thread is not in a snapshot: it reads its own writes.
    EXPECT_EQ(store_->Find<ReplicationGroup>({kAccount, kRegion, "alpha"})->description, "v2");
  });
  EXPECT_EQ(ReadBeside("alpha"), "v2");
  EXPECT_EQ(ReadBeside("beta"), "new");
}

TEST_F(SnapshotReadTest, KeepsItsSnapshotWhileTheWriterCommits) {
  store_->Save(Group("alpha", "v1"));
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
  store_->InTransaction([&] { store_->Save(Group("alpha", "v2")); });
  committed.set_value();
  reader.join();
  EXPECT_EQ(before, "v1");
  EXPECT_EQ(after, "v1");  // one snapshot from its first read to its end
  EXPECT_EQ(ReadBeside("alpha"), "v2");
}

TEST_F(SnapshotReadTest, AWriteThrowsNeedsWriterAndChangesNothing) {
  std::thread([&] {
    auto snapshot = store_->ReadSnapshot();
    ASSERT_TRUE(snapshot);
    EXPECT_THROW(store_->Save(Group("alpha", "v1")), NeedsWriter);
    EXPECT_THROW(store_->AppendEvents(kAccount, kRegion, {DomainEvent{}}), NeedsWriter);
    EXPECT_THROW(store_->PutTags(kAccount, kRegion, "arn", {{"k", "v"}}), NeedsWriter);
    EXPECT_THROW(store_->Remove<ReplicationGroup>({kAccount, kRegion, "alpha"}), NeedsWriter);
    // Transactions and savepoints inside it are the snapshot itself.
    EXPECT_THROW(store_->InTransaction([&] { store_->Save(Group("beta", "v1")); }), NeedsWriter);
  }).join();
  EXPECT_FALSE(store_->Find<ReplicationGroup>({kAccount, kRegion, "alpha"}));
  EXPECT_FALSE(store_->Find<ReplicationGroup>({kAccount, kRegion, "beta"}));
  EXPECT_TRUE(store_->ListTags(kAccount, kRegion, "arn").empty());
  // And the writer still writes.
  store_->Save(Group("alpha", "v1"));
  EXPECT_EQ(ReadBeside("alpha"), "v1");
}

TEST_F(SnapshotReadTest, ItsDueTimesAreTheSnapshotsAndLeaveTheWritersHint) {
  ReplicationGroup rg = Group("alpha", "v1");
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

TEST(SnapshotReadInMemoryTest, AStoreInMemoryHasNone) {
  auto store = OpenStore("");
  EXPECT_EQ(store->ReadSnapshot(), nullptr);
}

}  // namespace
}  // namespace ecl

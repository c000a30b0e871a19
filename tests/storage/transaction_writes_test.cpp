// Writes inside a transaction wait to be written once (storage/pending_documents.h): every read
// of the same transaction still sees them — by key, in scans and counts, in the due list, in
// its order — a failed savepoint undoes only its own, a rollback all of them, and the commit
// keeps the last change of each document. That reads beside the writer see none of them before
// the commit is SnapshotReadTest.SeesTheLastCommitNotTheTransactionUnderWay.
#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "storage/store.h"
#include "tests/model/sample_resources.h"
#include "tests/model/temp_dir.h"

namespace ecl {
namespace {

using testing::TempDir;
using testing_support::kAccount;
using testing_support::kRegion;

User UserIn(const std::string& id, const std::string& status,
            std::optional<int64_t> due = std::nullopt) {
  User u;
  u.account = kAccount;
  u.region = kRegion;
  u.id = id;
  u.user_name = id;
  u.engine = "redis";
  u.status = status;
  u.access_string = "on ~* +@all";
  if (due) u.transition = Transition{"modify", Timestamp{0}, Timestamp{*due}};
  return u;
}

std::optional<std::string> StatusOf(Store& store, const std::string& id) {
  auto u = store.Find<User>({kAccount, kRegion, id});
  if (!u) return std::nullopt;
  return u->status;
}

std::vector<std::string> DueIds(Store& store, int64_t now) {
  std::vector<std::string> ids;
  for (const auto& d : store.DueAt(Timestamp{now})) ids.push_back(d.key.id);
  return ids;
}

TEST(TransactionWrites, EveryReadOfTheTransactionSeesItsLastChange) {
  auto store = OpenStore("");
  store->InTransaction([&] {
    store->Save(UserIn("alice", "creating", 100));
    store->Save(UserIn("alice", "active"));
    EXPECT_EQ(StatusOf(*store, "alice"), "active");
    EXPECT_TRUE(DueIds(*store, 1000).empty());  // the first save's due time is gone with it
    EXPECT_EQ(store->Count<User>(kAccount, kRegion), 1);
    auto page = store->Scan<User>(kAccount, kRegion, "", 10);
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.items[0].status, "active");

    store->Save(UserIn("bob", "deleting", 50));
    EXPECT_EQ(DueIds(*store, 60), std::vector<std::string>{"bob"});
    store->Remove<User>({kAccount, kRegion, "bob"});
    EXPECT_EQ(StatusOf(*store, "bob"), std::nullopt);
    EXPECT_TRUE(DueIds(*store, 60).empty());
    EXPECT_EQ(store->Count<User>(kAccount, kRegion), 1);
  });
  EXPECT_EQ(StatusOf(*store, "alice"), "active");
  EXPECT_EQ(StatusOf(*store, "bob"), std::nullopt);
  EXPECT_EQ(store->NextDue(), std::nullopt);
}

TEST(TransactionWrites, TheDueListMergesPendingAndStoredTimesInOrder) {
  auto store = OpenStore("");
  store->Save(UserIn("stored-early", "modifying", 10));
  store->Save(UserIn("moved", "modifying", 300));
  store->InTransaction([&] {
    store->Save(UserIn("pending", "modifying", 100));
    store->Save(UserIn("moved", "modifying", 50));  // its stored 300 no longer counts
    EXPECT_EQ(DueIds(*store, 400), (std::vector<std::string>{"stored-early", "moved", "pending"}));
    EXPECT_EQ(DueIds(*store, 75), (std::vector<std::string>{"stored-early", "moved"}));
    EXPECT_EQ(store->NextDue(), 10);
  });
  EXPECT_EQ(DueIds(*store, 400), (std::vector<std::string>{"stored-early", "moved", "pending"}));
}

TEST(TransactionWrites, AFailedSavepointUndoesOnlyItsOwnWrites) {
  auto store = OpenStore("");
  store->Save(UserIn("kept", "active"));
  store->InTransaction([&] {
    store->Save(UserIn("before", "active"));
    EXPECT_THROW(store->InSavepoint([&] {
      store->Save(UserIn("kept", "modifying", 5));
      store->Save(UserIn("inside", "creating", 5));
      store->Remove<User>({kAccount, kRegion, "before"});
      throw std::runtime_error("the call failed");
    }),
                 std::runtime_error);
    EXPECT_EQ(StatusOf(*store, "kept"), "active");
    EXPECT_EQ(StatusOf(*store, "before"), "active");
    EXPECT_EQ(StatusOf(*store, "inside"), std::nullopt);
    EXPECT_TRUE(DueIds(*store, 10).empty());
    store->InSavepoint([&] { store->Save(UserIn("after", "active")); });
  });
  EXPECT_EQ(StatusOf(*store, "kept"), "active");
  EXPECT_EQ(StatusOf(*store, "before"), "active");
  EXPECT_EQ(StatusOf(*store, "inside"), std::nullopt);
  EXPECT_EQ(StatusOf(*store, "after"), "active");
}

TEST(TransactionWrites, ARollbackDropsThemAll) {
  auto store = OpenStore("");
  store->Save(UserIn("kept", "active"));
  EXPECT_THROW(store->InTransaction([&] {
    store->Save(UserIn("kept", "deleting", 5));
    store->Save(UserIn("new", "creating", 5));
    throw std::runtime_error("the call failed");
  }),
               std::runtime_error);
  EXPECT_EQ(StatusOf(*store, "kept"), "active");
  EXPECT_EQ(StatusOf(*store, "new"), std::nullopt);
  EXPECT_TRUE(DueIds(*store, 10).empty());
  EXPECT_EQ(store->Count<User>(kAccount, kRegion), 1);
}

TEST(TransactionWrites, TheCommitKeepsTheLastChangeOfEachDocumentOnDisk) {
  auto dir = TempDir("commit");
  auto path = (dir / "state.db").string();
  {
    auto store = OpenStore(path);
    store->Save(UserIn("gone", "active"));
    store->InTransaction([&] {
      store->Save(UserIn("alice", "creating", 5));
      store->Save(UserIn("alice", "active"));
      store->Save(UserIn("gone", "deleting", 5));
      store->Remove<User>({kAccount, kRegion, "gone"});
      store->Save(UserIn("never", "creating", 5));
      store->Remove<User>({kAccount, kRegion, "never"});
    });
  }
  auto store = OpenStore(path);
  EXPECT_EQ(StatusOf(*store, "alice"), "active");
  EXPECT_EQ(StatusOf(*store, "gone"), std::nullopt);
  EXPECT_EQ(StatusOf(*store, "never"), std::nullopt);
  EXPECT_EQ(store->NextDueHint(), std::nullopt);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ecl

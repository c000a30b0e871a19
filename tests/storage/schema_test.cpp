// The schema at scale: a version-2 state file (resources WITHOUT ROWID) is migrated in place
// with every row kept and queries answering as before; documents of about 1 KB take no
// overflow page of their own; the event sequence is read, not counted, at open; and every
// statement of the store finds its rows by an index (EXPLAIN QUERY PLAN).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/store.h"
#include "storage/store_sql.h"
#include "tests/model/sample_resources.h"

namespace ecl {
namespace {

namespace fs = std::filesystem;

using testing_support::kAccount;
using testing_support::kRegion;

// Schema version 2 as it shipped (migrations 1 and 2 together), the layout of every state
// file written before version 3.
constexpr char kVersion2Schema[] = R"sql(
  CREATE TABLE resources (
    account TEXT NOT NULL, region TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
    due_at INTEGER, doc TEXT NOT NULL,
    PRIMARY KEY (account, region, kind, id)
  ) WITHOUT ROWID;
  CREATE INDEX resources_due ON resources(due_at) WHERE due_at IS NOT NULL;
  CREATE TABLE tags (
    account TEXT NOT NULL, region TEXT NOT NULL, arn TEXT NOT NULL, key TEXT NOT NULL,
    value TEXT NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (account, region, arn, key)
  ) WITHOUT ROWID;
  CREATE TABLE events (
    account TEXT NOT NULL, region TEXT NOT NULL, at INTEGER NOT NULL, seq INTEGER NOT NULL,
    kind TEXT NOT NULL, id TEXT NOT NULL, what TEXT NOT NULL, source_type TEXT NOT NULL,
    source_id TEXT NOT NULL, message TEXT NOT NULL,
    PRIMARY KEY (account, region, at, seq)
  ) WITHOUT ROWID;
  PRAGMA user_version=2;
  PRAGMA application_id=1162038321;
)sql";

class SchemaFile : public ::testing::Test {
 protected:
  SchemaFile() {
    dir_ = fs::temp_directory_path() /
           ("ecl-schema-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "state.db").string();
  }
  ~SchemaFile() override { fs::remove_all(dir_); }

  // Runs `sql` on the file with SQLite alone, as an older build would have written it.
  void Raw(const std::string& sql) const {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string message = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
  }

  // A version-2 file holding users (one with a transition due), a tag and events.
  void WriteVersion2State() const;

  fs::path dir_;
  std::string path_;
};

User UserDueAt(const std::string& id, std::optional<int64_t> due = std::nullopt) {
  User u;
  u.account = kAccount;
  u.region = kRegion;
  u.id = id;
  u.user_name = "name-" + id;
  u.engine = "redis";
  u.status = "active";
  u.access_string = "on ~* +@all";
  u.authentication_type = "no-password";
  if (due) u.transition = Transition{"modify", Timestamp{0}, Timestamp{*due}};
  return u;
}

std::string Quoted(const std::string& text) { return "'" + text + "'"; }

void SchemaFile::WriteVersion2State() const {
  std::string sql = kVersion2Schema;
  for (const auto& user : {UserDueAt("alice"), UserDueAt("bob", 500), UserDueAt("carol")})
    sql += "INSERT INTO resources VALUES ('" + std::string(kAccount) + "', '" + kRegion +
           "', 'user', " + Quoted(user.id) + ", " +
           (user.transition ? std::to_string(user.transition->due_at.epoch_ms) : "NULL") + ", " +
           Quoted(EncodeRecord(user)) + ");";
  sql +=
      "INSERT INTO tags VALUES ('123456789012', 'us-east-1', 'arn:user:alice', 'team', "
      "'red', 1);";
  // Sequence numbers are per database, not per time: the highest is not the newest.
  sql +=
      "INSERT INTO events VALUES ('123456789012', 'us-east-1', 300, 7, 'user', 'alice', "
      "'created', 'user', 'alice', 'old newest');"
      "INSERT INTO events VALUES ('123456789012', 'us-east-1', 100, 41, 'user', 'bob', "
      "'created', 'user', 'bob', 'older');";
  Raw(sql);
}

TEST_F(SchemaFile, AVersionTwoFileIsMigratedInPlaceAndKeepsItsData) {
  WriteVersion2State();
  {
    auto store = OpenStore(path_);
    auto alice = store->Find<User>({kAccount, kRegion, "alice"});
    ASSERT_TRUE(alice);
    EXPECT_EQ(EncodeRecord(*alice), EncodeRecord(UserDueAt("alice")));
    auto page = store->Scan<User>(kAccount, kRegion, "alice", 10);
    ASSERT_EQ(page.items.size(), 2u);
    EXPECT_EQ(page.items[0].id, "bob");
    EXPECT_EQ(page.items[1].id, "carol");
    EXPECT_EQ(store->Count<User>(kAccount, kRegion), 3);
    EXPECT_EQ(store->NextDueHint(), 500);
    ASSERT_EQ(store->DueAt(Timestamp{600}).size(), 1u);
    auto tags = store->ListTags(kAccount, kRegion, "arn:user:alice");
    ASSERT_EQ(tags.size(), 1u);
    EXPECT_EQ(tags[0].value, "red");

    // The next event is numbered after every stored one, whatever its time: one at the same
    // millisecond as the newest lists before it.
    store->AppendEvents(kAccount, kRegion,
                        {{"user", "carol", "created", Timestamp{300}, "user", "carol", "new"}});
    auto events = store->ListEvents({kAccount, kRegion, Timestamp{0}, Timestamp{1000}});
    ASSERT_EQ(events.items.size(), 3u);
    EXPECT_EQ(events.items[0].event.message, "new");
    EXPECT_EQ(events.items[0].seq, 42);
    EXPECT_EQ(events.items[1].event.message, "old newest");
    EXPECT_EQ(events.items[2].event.message, "older");

    // Keys stay unique: saving an existing id overwrites it.
    auto changed = UserDueAt("bob");
    changed.access_string = "off";
    store->Save(changed);
    EXPECT_EQ(store->Count<User>(kAccount, kRegion), 3);
    EXPECT_EQ(store->Find<User>({kAccount, kRegion, "bob"})->access_string, "off");
    EXPECT_FALSE(store->NextDue());
  }
  Database db(path_);
  EXPECT_EQ(db.SchemaVersion(), 3);
  auto& layout = db.Prepare("SELECT sql FROM sqlite_schema WHERE name='resources'");
  ASSERT_TRUE(layout.Step());
  EXPECT_EQ(layout.Text(0).find("WITHOUT ROWID"), std::string::npos) << layout.Text(0);
  auto& leftovers = db.Prepare("SELECT COUNT(*) FROM sqlite_schema WHERE name='resources_v2'");
  ASSERT_TRUE(leftovers.Step());
  EXPECT_EQ(leftovers.Int(0), 0);
}

TEST_F(SchemaFile, TheEventSequenceContinuesAfterAReopenAndAReset) {
  {
    auto store = OpenStore(path_);
    store->AppendEvents(kAccount, kRegion,
                        {{"user", "a", "created", Timestamp{5}, "user", "a", "first"},
                         {"user", "a", "modified", Timestamp{5}, "user", "a", "second"}});
  }
  {
    auto store = OpenStore(path_);
    store->AppendEvents(kAccount, kRegion,
                        {{"user", "a", "deleted", Timestamp{5}, "user", "a", "third"}});
    auto events = store->ListEvents({kAccount, kRegion, Timestamp{0}, Timestamp{10}});
    ASSERT_EQ(events.items.size(), 3u);
    EXPECT_EQ(events.items[0].event.message, "third");
    EXPECT_EQ(events.items[0].seq, 3);
    store->Clear();
  }
  auto store = OpenStore(path_);
  store->AppendEvents(kAccount, kRegion,
                      {{"user", "b", "created", Timestamp{6}, "user", "b", "after reset"}});
  auto events = store->ListEvents({kAccount, kRegion, Timestamp{0}, Timestamp{10}});
  ASSERT_EQ(events.items.size(), 1u);
  EXPECT_EQ(events.items[0].seq, 1);
}

// What made a version-2 file 2.5 times its contents: a WITHOUT ROWID row over about 1 KB
// keeps about 500 bytes in its page and spills the rest to an overflow page of its own.
TEST_F(SchemaFile, DocumentsOfAboutAKilobyteTakeNoOverflowPage) {
  auto page_count = [&] {
    Database db(path_);
    auto& st = db.Prepare("PRAGMA page_count");
    return st.Step() ? st.Int(0) : 0;
  };
  { OpenStore(path_); }
  const int64_t before = page_count();
  constexpr int kUsers = 300;
  {
    auto store = OpenStore(path_);
    store->InTransaction([&] {
      for (int i = 0; i < kUsers; ++i) {
        auto user = UserDueAt("user-" + std::to_string(1000 + i));
        user.access_string = "on ~* " + std::string(850, 'x');  // a document of ~1.1 KB
        store->Save(user);
      }
    });
  }
  const int64_t used = page_count() - before;
  // Three documents share a 4 KB page: about 100 pages, and a few for the key index (one
  // overflow page each would be 300 more).
  EXPECT_LT(used, kUsers / 2) << used << " pages for " << kUsers << " documents";
}

// EXPLAIN QUERY PLAN of every statement of the store: none reads a whole table or index,
// but Scopes, whose callers read every resource of the kind anyway.
TEST_F(SchemaFile, EveryStatementOfTheStoreFindsItsRowsByAnIndex) {
  { OpenStore(path_); }
  Database db(path_);
  for (const auto& [name, statement] : sql::kAll) {
    std::vector<std::string> plan;
    auto& st = db.Prepare(std::string("EXPLAIN QUERY PLAN ") + statement);
    while (st.Step()) plan.push_back(st.Text(3));
    std::string text;
    for (const auto& step : plan) text += step + "; ";
    bool indexed = false;
    for (const auto& step : plan) {
      if (step.rfind("SCAN ", 0) == 0 && name != "kScopes") {
        ADD_FAILURE() << name << " scans: " << text;
      }
      indexed = indexed || step.find("USING") != std::string::npos;
    }
    // A plan of nothing is an INSERT with its values; anything that reads uses an index.
    if (!plan.empty()) {
      EXPECT_TRUE(indexed) << name << ": " << text;
    }
  }
}

}  // namespace
}  // namespace ecl

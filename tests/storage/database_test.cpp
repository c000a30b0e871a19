// The state file's checks at open (refusals leave the file untouched), its creation under a
// temporary name, and the size limit that behaves as a full disk.
#include "storage/database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ecl {
namespace {

namespace fs = std::filesystem;

class DatabaseFile : public ::testing::Test {
 protected:
  DatabaseFile() {
    dir_ = fs::temp_directory_path() /
           ("ecl-database-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "state.db").string();
  }
  ~DatabaseFile() override { fs::remove_all(dir_); }

  std::string Contents() const {
    std::ifstream in(path_, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  void Write(const std::string& bytes) const { std::ofstream(path_, std::ios::binary) << bytes; }

  // Opening must refuse with a message containing `fragment`, changing nothing.
  void ExpectRefused(const std::string& fragment) {
    const std::string before = Contents();
    try {
      Database db(path_);
      ADD_FAILURE() << "opened";
    } catch (const UnusableStateFile& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(path_), std::string::npos) << e.what();
    }
    EXPECT_EQ(Contents(), before);
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(DatabaseFile, ANewFileIsBuiltAsideThenMovedIntoPlaceAndReopens) {
  {
    Database db(path_);
    EXPECT_GE(db.SchemaVersion(), 2);
  }
  EXPECT_TRUE(fs::exists(path_));
  EXPECT_FALSE(fs::exists(path_ + ".new"));
  Database again(path_);
  auto& st = again.Prepare("PRAGMA application_id");
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Int(0), kApplicationId);
}

TEST_F(DatabaseFile, ALeftoverTemporaryFileIsNotTakenForState) {
  std::ofstream(path_ + ".new") << "half-made by a killed first start";
  Database db(path_);
  EXPECT_FALSE(fs::exists(path_ + ".new"));
}

TEST_F(DatabaseFile, RefusesWhatIsNotAWholeDatabaseOfOurs) {
  Write("");
  ExpectRefused("it is empty");
  Write("SQLite format");
  ExpectRefused("truncated (13 bytes)");
  Write(std::string(8192, 'x'));
  ExpectRefused("not an SQLite database");
}

TEST_F(DatabaseFile, RefusesAnotherProgramsDatabaseAndANewerSchema) {
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "CREATE TABLE notes(text)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  ExpectRefused("another program");
  fs::remove(path_);
  { Database db(path_); }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "PRAGMA user_version=42", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  ExpectRefused("schema version 42");
}

TEST_F(DatabaseFile, RefusesACorruptedFile) {
  {
    Database db(path_);
    db.Exec("CREATE TABLE filler(x)");
    for (int i = 0; i < 200; ++i)
      db.Exec("INSERT INTO filler VALUES ('" + std::string(500, 'f') + "')");
  }
  std::string bytes = Contents();
  ASSERT_GT(bytes.size(), 4096u * 4);
  for (size_t i = 4096 * 2; i < 4096 * 3; ++i) bytes[i] = static_cast<char>(i * 7);
  Write(bytes);
  ExpectRefused("corrupted");
}

// A big file is not read whole at open (kFullCheckBytes): one cut short is still refused,
// by SQLite itself, which compares the pages the header counts with the file's size.
TEST_F(DatabaseFile, RefusesAFileShorterThanItsHeaderSays) {
  {
    Database db(path_);
    db.Exec("CREATE TABLE filler(x)");
    for (int i = 0; i < 50; ++i)
      db.Exec("INSERT INTO filler VALUES ('" + std::string(500, 'f') + "')");
  }
  ASSERT_FALSE(fs::exists(path_ + "-wal"));  // checkpointed at close: the header is current
  std::string bytes = Contents();
  ASSERT_GT(bytes.size(), 4096u * 4);
  Write(bytes.substr(0, bytes.size() - 4096));
  ExpectRefused("malformed");
}

TEST_F(DatabaseFile, TheSizeLimitFailsWritesAsAFullDiskAndKeepsWhatFit) {
  Database db(path_, 256 * 1024);
  db.Exec("CREATE TABLE filler(x)");
  int rows = 0;
  try {
    for (; rows < 10000; ++rows)
      db.InTransaction([&] { db.Exec("INSERT INTO filler VALUES (randomblob(2000))"); });
    FAIL() << "never full";
  } catch (const StateFull&) {
  }
  auto& count = db.Prepare("SELECT COUNT(*) FROM filler");
  ASSERT_TRUE(count.Step());
  EXPECT_EQ(count.Int(0), rows);  // the failed transaction left nothing behind
  EXPECT_GT(rows, 10);
}

// Found merging the savepoints of main: a full disk makes SQLite roll the whole transaction
// back, so a failure swallowed under a savepoint must still fail the transaction (as
// StateFull), not surface as "cannot commit - no transaction is active".
TEST_F(DatabaseFile, AFullDiskUnderASavepointFailsTheWholeTransactionAsFull) {
  Database db(path_, 256 * 1024);
  db.Exec("CREATE TABLE filler(x)");
  EXPECT_THROW(db.InTransaction([&] {
    for (int i = 0; i < 10000; ++i) {
      try {
        db.InSavepoint([&] { db.Exec("INSERT INTO filler VALUES (randomblob(20000))"); });
      } catch (const StateFull&) {
        return;  // the caller carries on, as Service::Invoke does after a failed call
      }
    }
  }),
               StateFull);
  db.InTransaction([&] { db.Exec("DELETE FROM filler"); });  // usable again afterwards
}

}  // namespace
}  // namespace ecl

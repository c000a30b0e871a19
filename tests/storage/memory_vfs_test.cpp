// The memory VFS at SQLite's own level: WAL mode works on it with readers beside the one
// writer; its locks refuse what a file's would (a second writer, a commit over a reader in
// rollback mode); a file is gone when its last connection closes; readers racing a writer
// through many checkpoints only ever see whole transactions.
#include "storage/memory_vfs.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace ecl {
namespace {

// A connection on the memory VFS, closed at the end of the scope.
class Connection {
 public:
  Connection(const std::string& name, int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) {
    rc_ = sqlite3_open_v2(name.c_str(), &db_, flags, MemoryVfs());
  }
  ~Connection() { sqlite3_close(db_); }
  int OpenCode() const { return rc_; }
  int Exec(const std::string& sql) { return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr); }
  std::string Text(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    std::string out = "(error)";
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
      int rc = sqlite3_step(st);
      if (rc == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      if (rc == SQLITE_DONE) out = "";
    }
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
  int rc_;
};

// A file opened through the VFS's own methods, closed at the end of the scope.
class RawFile {
 public:
  explicit RawFile(const std::string& name)
      : vfs_(sqlite3_vfs_find(MemoryVfs())), storage_(size_t(vfs_->szOsFile)) {
    file_ = reinterpret_cast<sqlite3_file*>(storage_.data());
    rc_ = vfs_->xOpen(vfs_, name.c_str(), file_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MAIN_JOURNAL,
                      nullptr);
  }
  ~RawFile() {
    if (file_->pMethods) file_->pMethods->xClose(file_);
  }
  int OpenCode() const { return rc_; }
  int Write(const std::string& bytes, sqlite3_int64 offset) {
    return file_->pMethods->xWrite(file_, bytes.data(), int(bytes.size()), offset);
  }
  std::string Read(int n, sqlite3_int64 offset, int* rc = nullptr) {
    std::string out(size_t(n), '?');
    int r = file_->pMethods->xRead(file_, out.data(), n, offset);
    if (rc) *rc = r;
    return out;
  }
  int Truncate(sqlite3_int64 size) { return file_->pMethods->xTruncate(file_, size); }
  sqlite3_int64 Size() {
    sqlite3_int64 size = -1;
    file_->pMethods->xFileSize(file_, &size);
    return size;
  }

 private:
  sqlite3_vfs* vfs_;
  std::vector<char> storage_;
  sqlite3_file* file_;
  int rc_;
};

TEST(MemoryVfsTest, AFileReadsBackWhatWasWrittenAndZerosWhereNothingWas) {
  RawFile file(NewMemoryDatabaseName() + "-journal");
  ASSERT_EQ(file.OpenCode(), SQLITE_OK);
  constexpr sqlite3_int64 kChunk = 64 * 1024;  // the VFS's unit of memory
  const std::string across(300, 'a');
  ASSERT_EQ(file.Write(across, kChunk - 100), SQLITE_OK);  // over a chunk's end
  EXPECT_EQ(file.Size(), kChunk + 200);
  EXPECT_EQ(file.Read(300, kChunk - 100), across);
  EXPECT_EQ(file.Read(4, 0), std::string(4, '\0'));  // never written
  // Cut inside the written bytes, then written again past a hole: the hole is zeros, not
  // what was there before the cut.
  ASSERT_EQ(file.Truncate(kChunk), SQLITE_OK);
  EXPECT_EQ(file.Size(), kChunk);
  ASSERT_EQ(file.Write("z", kChunk + 150), SQLITE_OK);
  EXPECT_EQ(file.Read(151, kChunk), std::string(150, '\0') + "z");
  // Reading past the end: what there is, zeros after it, and SQLite's short-read code.
  int rc = SQLITE_OK;
  EXPECT_EQ(file.Read(4, kChunk + 149, &rc), std::string(1, '\0') + "z" + std::string(2, '\0'));
  EXPECT_EQ(rc, SQLITE_IOERR_SHORT_READ);
}

TEST(MemoryVfsTest, WalWithAReaderBesideTheWriter) {
  const std::string name = NewMemoryDatabaseName();
  Connection writer(name);
  ASSERT_EQ(writer.OpenCode(), SQLITE_OK);
  EXPECT_EQ(writer.Text("PRAGMA journal_mode=WAL"), "wal");
  ASSERT_EQ(writer.Exec("CREATE TABLE t(v TEXT); INSERT INTO t VALUES('one')"), SQLITE_OK);

  Connection reader(name, SQLITE_OPEN_READONLY);
  ASSERT_EQ(reader.OpenCode(), SQLITE_OK);
  ASSERT_EQ(writer.Exec("BEGIN IMMEDIATE; UPDATE t SET v='two'"), SQLITE_OK);
  EXPECT_EQ(reader.Text("SELECT v FROM t"), "one");  // not the transaction under way
  // One writer at a time, as with a file.
  Connection second(name);
  EXPECT_EQ(second.Exec("BEGIN IMMEDIATE"), SQLITE_BUSY);
  ASSERT_EQ(writer.Exec("COMMIT"), SQLITE_OK);
  EXPECT_EQ(reader.Text("SELECT v FROM t"), "two");
  EXPECT_EQ(reader.Exec("INSERT INTO t VALUES('three')"), SQLITE_READONLY);
}

TEST(MemoryVfsTest, TwoNamesAreTwoDatabases) {
  Connection a(NewMemoryDatabaseName());
  Connection b(NewMemoryDatabaseName());
  ASSERT_EQ(a.Exec("CREATE TABLE t(v)"), SQLITE_OK);
  EXPECT_EQ(b.Text("SELECT name FROM sqlite_schema"), "");
}

TEST(MemoryVfsTest, AFileIsGoneWithItsLastConnection) {
  const std::string name = NewMemoryDatabaseName();
  {
    Connection first(name);
    ASSERT_EQ(first.Text("PRAGMA journal_mode=WAL"), "wal");
    ASSERT_EQ(first.Exec("CREATE TABLE t(v); INSERT INTO t VALUES(1)"), SQLITE_OK);
    Connection second(name, SQLITE_OPEN_READWRITE);
    ASSERT_EQ(second.OpenCode(), SQLITE_OK);
    EXPECT_EQ(second.Text("SELECT v FROM t"), "1");
  }
  Connection again(name, SQLITE_OPEN_READWRITE);  // without CREATE
  EXPECT_EQ(again.OpenCode(), SQLITE_CANTOPEN);
  Connection wal(name + "-wal", SQLITE_OPEN_READWRITE);  // its WAL went with it
  EXPECT_EQ(wal.OpenCode(), SQLITE_CANTOPEN);
}

TEST(MemoryVfsTest, InRollbackModeACommitWaitsForTheReaders) {
  const std::string name = NewMemoryDatabaseName();
  Connection writer(name);
  ASSERT_EQ(writer.Exec("CREATE TABLE t(v); INSERT INTO t VALUES(1)"), SQLITE_OK);
  Connection reader(name);
  ASSERT_EQ(reader.Exec("BEGIN; SELECT * FROM t"), SQLITE_OK);  // holds SHARED
  // RESERVED beside a reader is fine; the commit's EXCLUSIVE is not.
  ASSERT_EQ(writer.Exec("BEGIN IMMEDIATE; UPDATE t SET v=2"), SQLITE_OK);
  EXPECT_EQ(reader.Text("SELECT v FROM t"), "1");
  EXPECT_EQ(writer.Exec("COMMIT"), SQLITE_BUSY);
  ASSERT_EQ(reader.Exec("COMMIT"), SQLITE_OK);
  ASSERT_EQ(writer.Exec("COMMIT"), SQLITE_OK);
  EXPECT_EQ(reader.Text("SELECT v FROM t"), "2");
}

TEST(MemoryVfsTest, ReadersRacingAWriterSeeOnlyWholeTransactions) {
  const std::string name = NewMemoryDatabaseName();
  Connection writer(name);
  ASSERT_EQ(writer.Text("PRAGMA journal_mode=WAL"), "wal");
  // A small WAL, checkpointed often, so the readers race checkpoints and WAL restarts too.
  ASSERT_EQ(writer.Exec("PRAGMA wal_autocheckpoint=16; CREATE TABLE t(v INTEGER, pad TEXT)"),
            SQLITE_OK);
  std::atomic<bool> done{false};
  std::atomic<int> torn{0}, reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      Connection reader(name, SQLITE_OPEN_READONLY);
      long last_count = 0;
      while (!done) {
        // Each transaction adds +n and -n: a whole one keeps the sum at zero.
        const std::string row = reader.Text("SELECT COALESCE(SUM(v),0) || ' ' || COUNT(*) FROM t");
        if (row == "(error)") continue;  // busy for a moment: try again
        const long sum = std::stol(row);
        const long count = std::stol(row.substr(row.find(' ') + 1));
        if (sum != 0 || count < last_count) ++torn;
        last_count = count;
        ++reads;
      }
    });
  }
  for (int n = 1; n <= 400; ++n) {
    const std::string v = std::to_string(n);
    ASSERT_EQ(writer.Exec("BEGIN IMMEDIATE; INSERT INTO t VALUES(" + v + ", hex(randomblob(300)));"
                          "INSERT INTO t VALUES(-" + v + ", hex(randomblob(300))); COMMIT"),
              SQLITE_OK);
  }
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(torn, 0);
  EXPECT_GT(reads, 0);
  EXPECT_EQ(writer.Text("SELECT COUNT(*) FROM t"), "800");
  EXPECT_EQ(writer.Text("PRAGMA integrity_check"), "ok");
}

}  // namespace
}  // namespace ecl

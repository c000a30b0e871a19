#include "storage/database.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

#include "storage/memory_vfs.h"

namespace ecl {

namespace {

// Each entry moves the schema from version i to i+1. Append only; never edit a shipped one.
const std::vector<std::string>& Migrations() {
  static const std::vector<std::string> kMigrations = {
      // 1: resources as JSON documents keyed by (account, region, kind, id), with the due time
      // of their pending transition so the lifecycle finds due work by index; tags by ARN.
      R"sql(
        CREATE TABLE resources (
          account TEXT NOT NULL,
          region TEXT NOT NULL,
          kind TEXT NOT NULL,
          id TEXT NOT NULL,
          parent_id TEXT,
          due_at INTEGER,
          doc TEXT NOT NULL,
          PRIMARY KEY (account, region, kind, id)
        ) WITHOUT ROWID;
        CREATE INDEX resources_due ON resources(due_at) WHERE due_at IS NOT NULL;
        CREATE INDEX resources_parent ON resources(account, region, kind, parent_id);
        CREATE TABLE tags (
          account TEXT NOT NULL,
          region TEXT NOT NULL,
          arn TEXT NOT NULL,
          key TEXT NOT NULL,
          value TEXT NOT NULL,
          position INTEGER NOT NULL,
          PRIMARY KEY (account, region, arn, key)
        ) WITHOUT ROWID;
      )sql",
      // 2: the domain events (DescribeEvents, and what later layers react to); the parent
      // column and its index were never read.
      R"sql(
        DROP INDEX resources_parent;
        ALTER TABLE resources DROP COLUMN parent_id;
        CREATE TABLE events (
          account TEXT NOT NULL,
          region TEXT NOT NULL,
          at INTEGER NOT NULL,
          seq INTEGER NOT NULL,
          kind TEXT NOT NULL,
          id TEXT NOT NULL,
          what TEXT NOT NULL,
          source_type TEXT NOT NULL,
          source_id TEXT NOT NULL,
          message TEXT NOT NULL,
          PRIMARY KEY (account, region, at, seq)
        ) WITHOUT ROWID;
      )sql",
      // 3: documents of about 1 KB made `resources` (WITHOUT ROWID) 2.5 times the bytes it
      // holds: a WITHOUT ROWID table is an index b-tree, whose rows over about 1 KB (4 KB
      // pages) keep only about 500 bytes in the page and spill the rest to an overflow page of
      // their own. A rowid table keeps rows up to about 4 KB in the page; a unique index keeps
      // the key. And the last event sequence is kept in `sequences`, so opening does not scan
      // every event for MAX(seq). Copied in key order, so neighbouring ids are neighbours on
      // disk too.
      R"sql(
        DROP INDEX resources_due;
        ALTER TABLE resources RENAME TO resources_v2;
        CREATE TABLE resources (
          account TEXT NOT NULL,
          region TEXT NOT NULL,
          kind TEXT NOT NULL,
          id TEXT NOT NULL,
          due_at INTEGER,
          doc TEXT NOT NULL
        );
        INSERT INTO resources(account, region, kind, id, due_at, doc)
          SELECT account, region, kind, id, due_at, doc FROM resources_v2
          ORDER BY account, region, kind, id;
        DROP TABLE resources_v2;
        CREATE UNIQUE INDEX resources_key ON resources(account, region, kind, id);
        CREATE INDEX resources_due ON resources(due_at) WHERE due_at IS NOT NULL;
        CREATE TABLE sequences (
          name TEXT PRIMARY KEY,
          last INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO sequences(name, last) SELECT 'events', COALESCE(MAX(seq), 0) FROM events;
      )sql",
  };
  return kMigrations;
}

// A connection is only ever used by one thread at a time (the writer under the service's
// lock, a reader by the call that took it), so SQLite's own mutex around every call of it is
// pure cost.
constexpr int kNoMutex = SQLITE_OPEN_NOMUTEX;

// Process-wide settings, before the first connection: no memory statistics, which would take
// a global mutex on every allocation SQLite makes.
void ConfigureSqlite() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);  // refused (harmless) once SQLite is running
    return true;
  }();
  (void)configured;
}

// Every SQLite file begins with these 16 bytes.
constexpr char kSqliteMagic[] = "SQLite format 3";

// The StorageError subtype a failed SQLite call means.
[[noreturn]] void ThrowFor(int rc, const std::string& message) {
  switch (rc & 0xFF) {  // the primary code of an extended one
    case SQLITE_FULL:
      throw StateFull(message);
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      throw StateNotWritable(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      throw UnusableStateFile(message);
    default:
      throw StorageError(message);
  }
}

std::string Refused(const std::string& path, const std::string& why) {
  return "refusing the state file '" + path + "': " + why +
         ". It was left untouched; move it away (or point --data-dir elsewhere) to start with "
         "empty state, or restore a good copy.";
}

std::string NotWritable(const std::string& what, const std::string& why) {
  return what + " is not writable (" + why +
         "); elasticache-local keeps its state there. Fix its permissions, use another "
         "--data-dir, or run with --in-memory.";
}

// Reads the first bytes of `path`: what a file that is not SQLite's shows at once.
std::string FileHead(const std::string& path, size_t n) {
  std::ifstream in(path, std::ios::binary);
  std::string head(n, '\0');
  in.read(head.data(), static_cast<std::streamsize>(n));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

}  // namespace

Statement::Statement(sqlite3* db, const std::string& sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK)
    throw StorageError(std::string("prepare failed: ") + sqlite3_errmsg(db) + " in " + sql);
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  return *this;
}

Statement& Statement::Bind(int index, const std::string& v) {
  sqlite3_bind_text(stmt_, index, v.data(), int(v.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view v) {
  sqlite3_bind_text(stmt_, index, v.data(), int(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::Bind(int index, int64_t v) {
  sqlite3_bind_int64(stmt_, index, v);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  ThrowFor(rc, std::string("step failed: ") + sqlite3_errmsg(db_));
}

void Statement::Run() {
  while (Step()) {
  }
}

std::string Statement::Text(int col) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, size_t(sqlite3_column_bytes(stmt_, col))) : std::string();
}

int64_t Statement::Int(int col) const { return sqlite3_column_int64(stmt_, col); }

bool Statement::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

Database::Database(const std::string& path, int64_t max_bytes) {
  if (path.empty()) {
    ConfigureSqlite();
    name_ = NewMemoryDatabaseName();
    vfs_ = MemoryVfs();
    if (sqlite3_open_v2(name_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | kNoMutex,
                        vfs_) != SQLITE_OK) {
      sqlite3_close(db_);
      db_ = nullptr;
      throw StorageError("cannot open an in-memory database");
    }
    sqlite3_busy_timeout(db_, 5000);  // as on disk: a reader may hold the WAL a moment
    try {
      // WAL, as on disk: readers beside the writer. Nothing is kept past the process, so
      // there is nothing to sync.
      if (!SwitchToWal()) throw StorageError("the in-memory database could not switch to WAL mode");
      Exec("PRAGMA synchronous=OFF");
      Exec("PRAGMA cache_size=-2000");
      Exec("PRAGMA foreign_keys=ON");
      Migrate();
    } catch (...) {
      Close();
      throw;
    }
    return;
  }

  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (!exists) {
    // Built complete under a temporary name, then renamed: whatever is at `path` was once a
    // whole database, so anything less found there later is damage, never ours to redo.
    const std::string fresh = path + ".new";
    for (const char* suffix : {"", "-journal", "-wal", "-shm"})
      std::filesystem::remove(fresh + suffix, ec);
    sqlite3* db = nullptr;
    int rc =
        sqlite3_open_v2(fresh.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close(db);
      ThrowFor(rc, NotWritable("the data directory of '" + path + "'",
                               "cannot create " + fresh + ": " + msg));
    }
    db_ = db;
    try {
      Exec("PRAGMA application_id=" + std::to_string(kApplicationId));
      Migrate();
    } catch (const StorageError& e) {
      Close();
      std::filesystem::remove(fresh, ec);
      ThrowFor(SQLITE_CANTOPEN, NotWritable("the data directory of '" + path + "'", e.what()));
    }
    Close();
    std::filesystem::rename(fresh, path, ec);
    if (ec)
      throw StateNotWritable(NotWritable("the data directory of '" + path + "'",
                                         "cannot rename " + fresh + ": " + ec.message()));
  } else {
    if (!std::filesystem::is_regular_file(path, ec))
      throw UnusableStateFile(Refused(path, "it is not a regular file"));
    // A file SQLite would not recognize is refused before SQLite touches it. (An empty one
    // was never ours: ours are complete before they get this name.)
    std::string head = FileHead(path, 16);
    if (head.size() < 16)
      throw UnusableStateFile(Refused(
          path, head.empty() ? "it is empty (truncated?)"
                             : "it is truncated (" + std::to_string(head.size()) + " bytes)"));
    if (head.compare(0, 15, kSqliteMagic) != 0 || head[15] != '\0')
      throw UnusableStateFile(Refused(path, "it is not an SQLite database"));
  }

  ConfigureSqlite();
  name_ = path;
  // The state file is this process's alone while it runs. SQLite's unix-excl VFS takes an
  // exclusive lock on it at the first read and keeps it until the last connection closes, and
  // keeps the WAL index in the process instead of a -shm file: a read transaction takes no
  // lock in the kernel (a describe made two fcntl calls), and a second server on the same
  // data directory is refused (TakeTheFile) instead of writing beside this one.
  vfs_ = "unix-excl";
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | kNoMutex, vfs_);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    ThrowFor(rc, NotWritable("the state file '" + path + "'", msg));
  }
  // Until the file has passed the checks, closing must not checkpoint a WAL left beside it
  // into it: a refused file stays exactly as it was found.
  sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  try {
    // A write-protected file opens read-only without complaint; say so now, not at the
    // first write.
    if (sqlite3_db_readonly(db_, "main") == 1)
      throw StateNotWritable(NotWritable("the state file '" + path + "'", "it is read-only"));
    TakeTheFile(path);
    sqlite3_busy_timeout(db_, 5000);
    CheckIdentity(path);
    CheckIntegrity(path);
    // WAL needs the -wal file beside the database: the directory must be writable.
    if (!SwitchToWal())
      throw StateNotWritable(NotWritable("the data directory of '" + path + "'",
                                         "SQLite could not switch to WAL mode"));
    // NORMAL in WAL mode survives a process kill; only an OS crash may lose the last commits.
    Exec("PRAGMA synchronous=NORMAL");
    // Memory stays flat in the size of the state: a page cache of 2 MB (SQLite's default,
    // said here so no build of the library changes it) and no memory-mapped file, whose
    // pages would count in the server's RSS; the kernel's file cache serves the rest.
    Exec("PRAGMA cache_size=-2000");
    Exec("PRAGMA mmap_size=0");
    Exec("PRAGMA foreign_keys=ON");
    sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
    Migrate();
    // Files from before application_id was set get it now: they are ours (CheckIdentity).
    auto& id = Prepare("PRAGMA application_id");
    const bool unmarked = id.Step() && id.Int(0) == 0;
    id.Reset();
    if (unmarked) Exec("PRAGMA application_id=" + std::to_string(kApplicationId));
    if (max_bytes > 0) {
      auto& st = Prepare("PRAGMA page_size");
      int64_t page_size = st.Step() ? st.Int(0) : 4096;
      st.Reset();
      // Never below what the file already holds, or SQLite would ignore the limit.
      Exec("PRAGMA max_page_count=" + std::to_string(std::max<int64_t>(1, max_bytes / page_size)));
    }
  } catch (const StateNotWritable& e) {
    Close();
    if (std::string_view(e.what()).find("is not writable") != std::string_view::npos) throw;
    throw StateNotWritable(NotWritable("the state file '" + path + "' or its directory", e.what()));
  } catch (const UnusableStateFile& e) {
    Close();
    // SQLite's own word on a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB) gets the advice too.
    if (std::string_view(e.what()).rfind("refusing", 0) == 0) throw;
    throw UnusableStateFile(Refused(path, e.what()));
  } catch (...) {
    Close();
    throw;
  }
}

// On a file, a reader locks nothing in the kernel either: in WAL mode the writer's connection
// holds its shared lock on the file as long as it is open, which covers the process's readers,
// and they share the writer's WAL index in memory.
Database::Database(const Database& writer, ReadOnly) : name_(writer.name_), vfs_(writer.vfs_) {
  int rc = sqlite3_open_v2(name_.c_str(), &db_, SQLITE_OPEN_READONLY | kNoMutex, vfs_);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    ThrowFor(rc, "cannot open a reader of the state '" + name_ + "': " + msg);
  }
  sqlite3_busy_timeout(db_, 5000);
  // The same bounded memory as the writer's connection (see there).
  try {
    Exec("PRAGMA cache_size=-2000");
    Exec("PRAGMA mmap_size=0");
  } catch (...) {
    Close();
    throw;
  }
}

bool Database::SwitchToWal() {
  // The pragma answers the mode it ended up in.
  auto& st = Prepare("PRAGMA journal_mode=WAL");
  const bool wal = st.Step() && st.Text(0) == "wal";
  st.Reset();
  return wal;
}

void Database::ResetBusyStatements() {
  // A statement stepped but not reset (a point query read its one row) keeps its read open
  // past COMMIT: a reader's next transaction would still see this snapshot, and the writer's
  // would keep the WAL from ever being checkpointed back to its start (it grew without bound
  // under a write load). What they returned was copied out already.
  for (sqlite3_stmt* st = sqlite3_next_stmt(db_, nullptr); st; st = sqlite3_next_stmt(db_, st))
    if (sqlite3_stmt_busy(st)) sqlite3_reset(st);
}

void Database::EndRead() {
  ResetBusyStatements();
  try {
    Run("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);  // ends it either way
  }
}

void Database::TakeTheFile(const std::string& path) {
  // The first read takes the file's lock; while another process holds the file (a server on
  // the same data directory, an sqlite3 shell) it answers SQLITE_BUSY, and waiting would not
  // help. Any other failure is the checks' to report.
  sqlite3_busy_timeout(db_, 0);
  if (sqlite3_exec(db_, "PRAGMA schema_version", nullptr, nullptr, nullptr) == SQLITE_BUSY)
    throw StorageError("the state file '" + path +
                       "' is in use by another process (another elasticache-local on the same "
                       "--data-dir?); only one server at a time can use a data directory");
}

void Database::CheckIdentity(const std::string& path) {
  auto scalar = [&](const char* sql) {
    auto& st = Prepare(sql);
    int64_t v = st.Step() ? st.Int(0) : 0;
    st.Reset();
    return v;
  };
  const int64_t application_id = scalar("PRAGMA application_id");
  const int64_t version = scalar("PRAGMA user_version");
  const int64_t ours = scalar(
      "SELECT COUNT(*) FROM sqlite_schema WHERE type='table' AND name IN ('resources', 'tags')");
  const int64_t objects = scalar("SELECT COUNT(*) FROM sqlite_schema");
  if (application_id != 0 && application_id != kApplicationId)
    throw UnusableStateFile(Refused(path, "it belongs to another program (SQLite application_id " +
                                              std::to_string(application_id) + ")"));
  // Files from before application_id was set are recognized by their tables.
  if (application_id == 0 && (version == 0 ? objects > 0 : ours != 2))
    throw UnusableStateFile(
        Refused(path,
                "it is an SQLite database of another program (no elasticache-local "
                "tables in it)"));
  if (version > int64_t(Migrations().size()))
    throw UnusableStateFile(
        Refused(path, "it was written by a newer elasticache-local (schema version " +
                          std::to_string(version) + "; this build knows up to " +
                          std::to_string(Migrations().size()) + ")"));
}

void Database::CheckIntegrity(const std::string& path) {
  // A file shorter than the pages its header counts SQLite refuses itself at the first
  // read (SQLITE_CORRUPT), whatever its size.
  std::error_code size_error;
  const uint64_t size = std::filesystem::file_size(path, size_error);
  // quick_check reads every page: a scribbled file shows here, not in the middle of some
  // later request. It costs one to two milliseconds a megabyte, so a bigger file (a million
  // resources is over a gigabyte: seconds) is not read whole before the server is ready:
  // SQLite checks each page as it reads it, and damage found later fails that request
  // (UnusableStateFile) instead.
  if (!size_error && size > kFullCheckBytes) return;
  auto& st = Prepare("PRAGMA quick_check");
  std::string first = st.Step() ? st.Text(0) : "no answer";
  st.Reset();
  if (first != "ok") throw UnusableStateFile(Refused(path, "it is corrupted (" + first + ")"));
}

Database::~Database() { Close(); }

void Database::Close() {
  by_literal_.clear();
  statements_.clear();
  sqlite3_close(db_);
  db_ = nullptr;
}

Statement& Database::Prepare(const char* literal_sql) {
  auto it = by_literal_.find(literal_sql);
  if (it != by_literal_.end()) return it->second->Reset();
  Statement& st = Prepare(std::string(literal_sql));
  by_literal_.emplace(literal_sql, &st);
  return st;
}

Statement& Database::Prepare(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end())
    it = statements_.emplace(sql, std::make_unique<Statement>(db_, sql)).first;
  return it->second->Reset();
}

void Database::Exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    ThrowFor(rc, "exec failed: " + msg);
  }
}

void Database::Run(const char* literal_sql) {
  Statement& st = Prepare(literal_sql);
  try {
    st.Run();
  } catch (...) {
    st.Reset();  // a failed COMMIT must not stay pending under the ROLLBACK that follows
    throw;
  }
}

int64_t Database::TotalChanges() const { return sqlite3_total_changes64(db_); }

int Database::SchemaVersion() {
  auto& st = Prepare("PRAGMA user_version");
  st.Step();
  int version = int(st.Int(0));
  st.Reset();  // a statement left open would lock the schema against the migrations
  return version;
}

void Database::Commit() {
  in_transaction_ = false;
  ResetBusyStatements();
  Run("COMMIT");
}

void Database::Rollback() {
  in_transaction_ = false;
  aborted_by_ = nullptr;
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void Database::Migrate() {
  const auto& migrations = Migrations();
  int version = SchemaVersion();
  if (version > int(migrations.size()))
    throw UnusableStateFile("database schema version " + std::to_string(version) +
                            " is newer than this build understands");
  for (int v = version; v < int(migrations.size()); ++v) {
    InTransaction([&] {
      Exec(migrations[size_t(v)]);
      Exec("PRAGMA user_version=" + std::to_string(v + 1));
    });
  }
}

}  // namespace ecl

#include "storage/database.h"

#include <type_traits>
#include <vector>

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
  };
  return kMigrations;
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
  throw StorageError(std::string("step failed: ") + sqlite3_errmsg(db_));
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

Database::Database(const std::string& path) {
  std::string target = path.empty() ? ":memory:" : path;
  if (sqlite3_open(target.c_str(), &db_) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw StorageError("cannot open database " + target + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 5000);
  if (!path.empty()) {
    Exec("PRAGMA journal_mode=WAL");
    // NORMAL in WAL mode survives a process kill; only an OS crash may lose the last commits.
    Exec("PRAGMA synchronous=NORMAL");
  }
  Exec("PRAGMA foreign_keys=ON");
  Migrate();
}

Database::~Database() {
  by_literal_.clear();
  statements_.clear();
  sqlite3_close(db_);
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
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw StorageError("exec failed: " + msg);
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
  Exec("COMMIT");
}

void Database::Rollback() {
  in_transaction_ = false;
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void Database::Migrate() {
  const auto& migrations = Migrations();
  int version = SchemaVersion();
  if (version > int(migrations.size()))
    throw StorageError("database schema version " + std::to_string(version) +
                       " is newer than this build understands");
  for (int v = version; v < int(migrations.size()); ++v) {
    InTransaction([&] {
      Exec(migrations[size_t(v)]);
      Exec("PRAGMA user_version=" + std::to_string(v + 1));
    });
  }
}

}  // namespace ecl

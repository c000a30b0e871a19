// Database: one SQLite connection (WAL mode, to a file or a private in-memory database) with cached
// prepared statements, versioned schema migrations applied at open, and transactions.
// Opening a file checks it first and refuses (UnusableStateFile), without writing a byte,
// one that is not an SQLite database, is corrupted (read whole up to kFullCheckBytes) or
// truncated, belongs to another program or was written by a newer schema; a new file is
// built under a temporary name and moved into place once complete, so a crash never leaves
// a half-made one. StateNotWritable when the file or its directory cannot be written;
// StateFull when a write finds no room.
// Not thread-safe: one owner uses it at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "storage/storage_error.h"

namespace ecl {

// A prepared statement, reset on each Bind so it can be reused.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Reset();
  // Binds the caller's string without copying it: it must stay alive and unchanged until the
  // statement has been stepped (the store binds its arguments and steps in one call), so a
  // temporary, which would be gone by then, is refused at compile time.
  Statement& Bind(int index, const std::string& v);
  Statement& Bind(int index, std::string&& v) = delete;
  // Copies the text (for views whose owner may go before the step).
  Statement& Bind(int index, std::string_view v);
  Statement& Bind(int index, int64_t v);
  Statement& BindNull(int index);
  Statement& Bind(int index, const std::optional<int64_t>& v) {
    return v ? Bind(index, *v) : BindNull(index);
  }
  // Steps once; true while a row is available.
  bool Step();
  // Steps to completion (for writes).
  void Run();

  std::string Text(int col) const;
  int64_t Int(int col) const;
  bool IsNull(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Opening reads every page of a state file up to this size (PRAGMA quick_check); of a bigger
// one, only what costs nothing (its header against its size), so a big state is ready fast.
inline constexpr uint64_t kFullCheckBytes = 8ull << 20;

// Identifies this program's state files (PRAGMA application_id): "ECL1".
inline constexpr int32_t kApplicationId = 0x45434C31;

class Database {
 public:
  // path empty → a private in-memory database (on the memory VFS, in WAL mode too).
  // `max_bytes` > 0 caps the file's size: writes beyond it fail with StateFull, as on a full
  // disk.
  explicit Database(const std::string& path, int64_t max_bytes = 0);
  // A second, read-only connection to the database `writer` opened (and checked, and
  // migrated): its reads see the last commit, beside the writer's own transaction. Throws
  // StorageError when it cannot be opened.
  struct ReadOnly {};
  Database(const Database& writer, ReadOnly);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // The cached prepared statement for `sql`, reset and ready to bind.
  Statement& Prepare(const std::string& sql);
  // The same for a string literal, found by its address: no string is built or hashed on the
  // hot path (every query of the store).
  Statement& Prepare(const char* literal_sql);
  void Exec(const std::string& sql);
  // Runs a statement that returns no rows from the statement cache: the transaction control
  // of every request would otherwise be parsed anew each time.
  void Run(const char* literal_sql);

  int SchemaVersion();
  // Rows inserted, updated or deleted through this connection since it was opened.
  int64_t TotalChanges() const;

  // Runs f inside BEGIN IMMEDIATE … COMMIT; rolls back if f throws. Nested calls join the
  // outer transaction.
  template <typename F>
  auto InTransaction(F&& f) -> decltype(f()) {
    if (in_transaction_) return f();
    Run("BEGIN IMMEDIATE");
    in_transaction_ = true;
    try {
      if constexpr (std::is_void_v<decltype(f())>) {
        f();
        ThrowIfAborted();
        Commit();
      } else {
        auto result = f();
        ThrowIfAborted();
        Commit();
        return result;
      }
    } catch (...) {
      Rollback();
      throw;
    }
  }

  // A read transaction: every query until EndRead sees one snapshot of the committed state
  // (taken at the first of them), whatever the writer commits meanwhile.
  void BeginRead() { Run("BEGIN"); }
  void EndRead();

  // Runs f inside the current transaction so that, when f throws, only what f wrote is undone
  // (SAVEPOINT … RELEASE, or ROLLBACK TO); the transaction goes on either way.
  template <typename F>
  void InSavepoint(F&& f) {
    Run("SAVEPOINT part");
    try {
      f();
    } catch (...) {
      if (sqlite3_get_autocommit(db_)) {
        // SQLite rolled the whole transaction back itself (a full disk does that): the
        // transaction fails with this error, whatever the caller does with it now.
        aborted_by_ = std::current_exception();
        throw;
      }
      sqlite3_exec(db_, "ROLLBACK TO part", nullptr, nullptr, nullptr);
      sqlite3_exec(db_, "RELEASE part", nullptr, nullptr, nullptr);
      throw;
    }
    Run("RELEASE part");
  }

 private:
  void Commit();
  void Rollback();
  void ResetBusyStatements();
  bool SwitchToWal();  // true when the database is in WAL mode after it
  void ThrowIfAborted() {
    if (!aborted_by_) return;
    std::exception_ptr e = std::exchange(aborted_by_, nullptr);
    std::rethrow_exception(e);
  }
  void Migrate();
  void Close();
  // Takes the state file for this process alone; throws when another process holds it.
  void TakeTheFile(const std::string& path);
  // The checks of an existing file, before it is used; throws UnusableStateFile.
  void CheckIdentity(const std::string& path);
  void CheckIntegrity(const std::string& path);

  sqlite3* db_ = nullptr;
  std::string name_;            // what readers open: the file's path, or the memory VFS's name
  const char* vfs_ = nullptr;   // nullptr: SQLite's default
  bool in_transaction_ = false;
  std::exception_ptr aborted_by_;  // what made SQLite roll the transaction back under a savepoint
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
  std::unordered_map<const char*, Statement*> by_literal_;  // into statements_
};

}  // namespace ecl

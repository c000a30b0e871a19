// Database: one SQLite connection (WAL mode, or a private in-memory database) with cached
// prepared statements, versioned schema migrations applied at open, and transactions.
// Not thread-safe: one owner uses it at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>

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
  Statement& Bind(int index, const std::string& v);
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

class Database {
 public:
  // path empty → a private in-memory database.
  explicit Database(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // The cached prepared statement for `sql`, reset and ready to bind.
  Statement& Prepare(const std::string& sql);
  // The same for a string literal, found by its address: no string is built or hashed on the
  // hot path (every query of the store).
  Statement& Prepare(const char* literal_sql);
  void Exec(const std::string& sql);

  int SchemaVersion();
  // Rows inserted, updated or deleted through this connection since it was opened.
  int64_t TotalChanges() const;

  // Runs f inside BEGIN IMMEDIATE … COMMIT; rolls back if f throws. Nested calls join the
  // outer transaction.
  template <typename F>
  auto InTransaction(F&& f) -> decltype(f()) {
    if (in_transaction_) return f();
    Exec("BEGIN IMMEDIATE");
    in_transaction_ = true;
    try {
      if constexpr (std::is_void_v<decltype(f())>) {
        f();
        Commit();
      } else {
        auto result = f();
        Commit();
        return result;
      }
    } catch (...) {
      Rollback();
      throw;
    }
  }

  // Runs f inside the current transaction so that, when f throws, only what f wrote is undone
  // (SAVEPOINT … RELEASE, or ROLLBACK TO); the transaction goes on either way.
  template <typename F>
  void InSavepoint(F&& f) {
    Exec("SAVEPOINT part");
    try {
      f();
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK TO part", nullptr, nullptr, nullptr);
      sqlite3_exec(db_, "RELEASE part", nullptr, nullptr, nullptr);
      throw;
    }
    Exec("RELEASE part");
  }

 private:
  void Commit();
  void Rollback();
  void Migrate();

  sqlite3* db_ = nullptr;
  bool in_transaction_ = false;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
  std::unordered_map<const char*, Statement*> by_literal_;  // into statements_
};

}  // namespace ecl

// The memory VFS: an SQLite VFS whose files live in this process's memory, with the shared
// memory and locks of WAL mode. An in-memory state is then the same WAL database as one on
// disk — several connections to it, readers on snapshots beside the writer — and nothing is
// ever written to a file. SQLite's own ":memory:" and "memdb" databases have one connection,
// or no WAL (a writer there locks every reader out until it commits).
//
// A database exists while a connection has it open: when the last one closes it is gone,
// with its WAL, so a store's memory is freed with the store. Names are private to the
// process.
#pragma once

#include <string>

namespace ecl {

// The VFS's name for sqlite3_open_v2, registered (not as the default) on the first call.
const char* MemoryVfs();

// A database name no other in-memory database of this process has had.
std::string NewMemoryDatabaseName();

}  // namespace ecl

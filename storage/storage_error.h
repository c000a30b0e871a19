// StorageError: a failure of the storage itself (SQLite, a record that cannot be read). The
// dispatcher answers it as InternalFailure. Its kinds below are the ones callers treat apart.
#pragma once

#include <stdexcept>

namespace ecl {

struct StorageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The state file exists but this build may not use it: corrupted, truncated, another
// program's file, or written by a newer version. It is left exactly as it was.
struct UnusableStateFile : StorageError {
  using StorageError::StorageError;
};

// The data directory or the state file cannot be written (permissions, a read-only mount).
struct StateNotWritable : StorageError {
  using StorageError::StorageError;
};

// A write found no room: the disk is full, or the state reached its size limit. The
// transaction it belonged to is rolled back; reads still work.
struct StateFull : StorageError {
  using StorageError::StorageError;
};

}  // namespace ecl

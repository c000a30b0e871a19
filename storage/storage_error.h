// StorageError: a failure of the storage itself (SQLite, a record that cannot be read). The
// dispatcher answers it as InternalFailure.
#pragma once

#include <stdexcept>

namespace ecl {

struct StorageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace ecl

#include "server/request_id.h"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

namespace ecl {

std::string NewRequestId() {
  // One generator per thread, seeded once from the OS: it is not thread-safe, and asking the
  // OS for every id (boost's random_generator) cost a system call per request. Request ids
  // need to be unique, not secret.
  thread_local boost::uuids::random_generator_mt19937 generator;
  return boost::uuids::to_string(generator());
}

}  // namespace ecl

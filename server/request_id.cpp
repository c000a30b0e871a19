#include "server/request_id.h"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

namespace ecl {

std::string NewRequestId() {
  // One generator per thread: it is not thread-safe, and seeding it per call would be slow.
  thread_local boost::uuids::random_generator generator;
  return boost::uuids::to_string(generator());
}

}  // namespace ecl

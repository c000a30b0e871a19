// Request ids: the x-amzn-RequestId of every answer, a random UUID as AWS's are.
// Thread-safe (one generator per thread).
#pragma once

#include <string>

namespace ecl {

std::string NewRequestId();

}  // namespace ecl

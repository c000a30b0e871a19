// RequestContext: who is calling and when, as the server established it.
#pragma once

#include <string>

#include "model/api_value.h"

namespace ecl {

struct RequestContext {
  std::string request_id;
  std::string account;  // 12-digit AWS account id
  std::string region;   // e.g. "us-east-1"
  Timestamp now;        // the emulator clock at the start of the request
};

}  // namespace ecl

// Plain HTTP request/response values passed between the Beast transport and App::Handle,
// so the application can be tested without a socket.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ecl {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path plus query string, e.g. "/?Action=DescribeReplicationGroups"
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  // First header with this lower-case name, or "".
  std::string Header(const std::string& lower_name) const {
    for (const auto& [k, v] : headers)
      if (k == lower_name) return v;
    return {};
  }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/xml";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string body;
};

}  // namespace ecl

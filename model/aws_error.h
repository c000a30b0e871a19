// AwsError: the one error type handlers and rules raise. Code and HTTP status come from the
// service model's fault shapes (see aws_faults.h, generated) or the Query protocol's common
// errors below. Thrown as an exception; the dispatcher turns it into an <ErrorResponse>.
#pragma once

#include <stdexcept>
#include <string>

namespace ecl {

struct AwsError : std::runtime_error {
  std::string code;
  int http_status;
  bool sender;  // true: <Type>Sender</Type>, false: Receiver

  AwsError(std::string code_, std::string message, int status, bool sender_ = true)
      : std::runtime_error(std::move(message)),
        code(std::move(code_)),
        http_status(status),
        sender(sender_) {}
  std::string message() const { return what(); }
};

// Common errors of every Query API action (API Reference, "Common Errors").
namespace common_errors {
inline AwsError MissingParameter(const std::string& name) {
  return {"MissingParameter", "The request must contain the parameter " + name + ".", 400};
}
inline AwsError InvalidAction(const std::string& msg) { return {"InvalidAction", msg, 400}; }
inline AwsError InvalidQueryParameter(const std::string& msg) {
  return {"InvalidQueryParameter", msg, 400};
}
inline AwsError MalformedQueryString(const std::string& msg) {
  return {"MalformedQueryString", msg, 404};
}
inline AwsError InternalFailure(const std::string& msg) {
  return {"InternalFailure", msg, 500, false};
}
}  // namespace common_errors

}  // namespace ecl

// LocatedJson: a JSON document parsed with the line each object starts on, so a file people
// write (a fixture) can be faulted at the line that is wrong. Duplicate keys are refused
// (Boost.JSON would keep one silently). Immutable after parsing; thread-safe to read.
#pragma once

#include <boost/json/value.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ecl {

struct JsonSyntaxError : std::runtime_error {
  JsonSyntaxError(int line, const std::string& message)
      : std::runtime_error(message), line(line) {}
  int line;
};

class LocatedJson {
 public:
  // Throws JsonSyntaxError with the line of the first error.
  explicit LocatedJson(std::string_view text);
  LocatedJson(const LocatedJson&) = delete;
  LocatedJson& operator=(const LocatedJson&) = delete;

  const boost::json::value& value() const { return value_; }
  // The line (from 1) where `object`, a part of value(), opens; 0 when it is not.
  int LineOf(const boost::json::object& object) const;

 private:
  boost::json::value value_;
  std::unordered_map<const boost::json::object*, int> lines_;
};

}  // namespace ecl

// ApiValue as JSON, for the admin endpoints: structures become objects (members in name
// order), lists arrays, timestamps ISO-8601 strings. Stateless; thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "model/api_value.h"

namespace ecl {

boost::json::value ToJson(const ApiValue& value);
// Compact text, or indented by two spaces per level when `pretty` (files people read).
std::string ToJsonText(const ApiValue& value, bool pretty = false);
std::string PrettyJson(const boost::json::value& value);

}  // namespace ecl

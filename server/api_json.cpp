#include "server/api_json.h"

#include <boost/json.hpp>
#include <variant>

namespace ecl {
namespace {

void Indent(std::string& out, int depth) {
  out += '\n';
  out.append(size_t(depth) * 2, ' ');
}

void WritePretty(const boost::json::value& v, std::string& out, int depth) {
  if (v.is_object()) {
    const auto& o = v.get_object();
    if (o.empty()) return void(out += "{}");
    out += '{';
    bool first = true;
    for (const auto& [key, member] : o) {
      if (!first) out += ',';
      first = false;
      Indent(out, depth + 1);
      out += boost::json::serialize(boost::json::string(key));
      out += ": ";
      WritePretty(member, out, depth + 1);
    }
    Indent(out, depth);
    out += '}';
  } else if (v.is_array()) {
    const auto& a = v.get_array();
    if (a.empty()) return void(out += "[]");
    out += '[';
    bool first = true;
    for (const auto& element : a) {
      if (!first) out += ',';
      first = false;
      Indent(out, depth + 1);
      WritePretty(element, out, depth + 1);
    }
    Indent(out, depth);
    out += ']';
  } else {
    out += boost::json::serialize(v);
  }
}

}  // namespace

boost::json::value ToJson(const ApiValue& value) {
  return std::visit(
      [](const auto& v) -> boost::json::value {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) {
          return nullptr;
        } else if constexpr (std::is_same_v<V, Timestamp>) {
          return boost::json::string(FormatIso8601(v));
        } else if constexpr (std::is_same_v<V, std::string>) {
          return boost::json::string(v);
        } else if constexpr (std::is_same_v<V, ApiList>) {
          boost::json::array a;
          for (const auto& e : v) a.push_back(ToJson(e));
          return a;
        } else if constexpr (std::is_same_v<V, ApiMap>) {
          boost::json::object o;
          for (const auto& [k, e] : v) o[k] = ToJson(e);
          return o;
        } else {
          return v;  // bool, int64_t, double
        }
      },
      value.variant());
}

std::string PrettyJson(const boost::json::value& value) {
  std::string out;
  WritePretty(value, out, 0);
  out += '\n';
  return out;
}

std::string ToJsonText(const ApiValue& value, bool pretty) {
  return pretty ? PrettyJson(ToJson(value)) : boost::json::serialize(ToJson(value));
}

}  // namespace ecl

#include "server/located_json.h"

#include <boost/json.hpp>
#include <set>
#include <vector>

namespace ecl {
namespace {

int LineAt(std::string_view text, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

// Where each object opens, in document order, with duplicate keys refused. Runs on text the
// parser accepted, so it only needs to tell strings from structure.
std::vector<int> ObjectLines(std::string_view text) {
  std::vector<int> lines;
  std::vector<std::set<std::string>> keys;  // keys of each open object (arrays: none)
  std::vector<bool> is_object;
  int line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      ++line;
    } else if (c == '{' || c == '[') {
      if (c == '{') lines.push_back(line);
      is_object.push_back(c == '{');
      keys.emplace_back();
    } else if (c == '}' || c == ']') {
      is_object.pop_back();
      keys.pop_back();
    } else if (c == '"') {
      size_t start = ++i;
      while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
      std::string token(text.substr(start, i - start));
      size_t next = text.find_first_not_of(" \t\r\n", i + 1);
      const bool is_key = next != std::string_view::npos && text[next] == ':';
      if (is_key && !is_object.empty() && is_object.back() && !keys.back().insert(token).second)
        throw JsonSyntaxError(line, "the key \"" + token + "\" appears twice in one object");
    }
  }
  return lines;
}

void Index(const boost::json::value& v, const std::vector<int>& lines, size_t& next,
           std::unordered_map<const boost::json::object*, int>& out) {
  if (v.is_object()) {
    const auto& o = v.get_object();
    out[&o] = next < lines.size() ? lines[next] : 0;
    ++next;
    for (const auto& [key, member] : o) Index(member, lines, next, out);
  } else if (v.is_array()) {
    for (const auto& element : v.get_array()) Index(element, lines, next, out);
  }
}

}  // namespace

LocatedJson::LocatedJson(std::string_view text) {
  boost::json::parse_options options;
  options.allow_comments = false;
  boost::json::stream_parser parser({}, options);
  boost::system::error_code ec;
  size_t used = parser.write(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) throw JsonSyntaxError(LineAt(text, used), "not valid JSON: " + ec.message());
  value_ = parser.release();
  size_t next = 0;
  Index(value_, ObjectLines(text), next, lines_);
}

int LocatedJson::LineOf(const boost::json::object& object) const {
  auto it = lines_.find(&object);
  return it == lines_.end() ? 0 : it->second;
}

}  // namespace ecl

#include "server/query_decoder.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <string>

#include "model/aws_error.h"
#include "model/aws_faults.h"
#include "server/utf8.h"

namespace ecl {

namespace {

// No ElastiCache shape nests anywhere near this deep; deeper names cannot match a member, and
// refusing them keeps the tree (and its recursive destruction) shallow whatever is sent.
constexpr size_t kMaxNameSegments = 64;

// The parameter names split at '.', as a tree: "Tags.Tag.1.Key=v" is
// root -> Tags -> Tag -> 1 -> Key(value v). Views point into the QueryParams.
struct ParamNode {
  std::optional<std::string_view> value;
  std::map<std::string_view, std::unique_ptr<ParamNode>> children;

  const ParamNode* Child(std::string_view name) const {
    auto it = children.find(name);
    return it == children.end() ? nullptr : it->second.get();
  }
};

ParamNode BuildTree(const QueryParams& params) {
  ParamNode root;
  for (const auto& [name, value] : params) {
    if (name == "Action" || name == "Version") continue;
    if (static_cast<size_t>(std::count(name.begin(), name.end(), '.')) >= kMaxNameSegments)
      continue;
    ParamNode* node = &root;
    std::string_view rest = name;
    while (true) {
      size_t dot = rest.find('.');
      std::string_view segment = rest.substr(0, dot);
      auto& child = node->children[segment];
      if (!child) child = std::make_unique<ParamNode>();
      node = child.get();
      if (dot == std::string_view::npos) break;
      rest = rest.substr(dot + 1);
    }
    if (!node->value) node->value = value;  // the first occurrence wins, as in FindParam
  }
  return root;
}

// A list index: 1-based decimal digits. nullopt for anything else.
std::optional<uint64_t> ParseIndex(std::string_view token) {
  if (token.empty() || token.size() > 18) return std::nullopt;
  uint64_t n = 0;
  for (char c : token) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n;
}

[[noreturn]] void InvalidValue(const std::string& path, std::string_view value,
                               std::string_view expected) {
  throw faults::InvalidParameterValueException("Invalid value '" + std::string(value) +
                                               "' for parameter " + path + ": " +
                                               std::string(expected) + ".");
}

int64_t ParseInteger(const std::string& path, std::string_view text, int64_t lo, int64_t hi,
                     std::string_view expected) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  int64_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || n < lo ||
      n > hi)
    InvalidValue(path, text, expected);
  return n;
}

double ParseDouble(const std::string& path, std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  double d = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), d);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
      !std::isfinite(d))
    InvalidValue(path, text, "must be a number");
  return d;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x >= 'A' && x <= 'Z' ? x + 32 : x) == y;
         });
}

class Decoder {
 public:
  // Decodes `node` (the parameter at `path`) as `shape`. A null ApiValue means "not sent".
  ApiValue Decode(const Shape& shape, const ParamNode& node, std::string& path) const {
    switch (shape.type) {
      case ShapeType::kStructure:
        return DecodeStructure(shape, node, path);
      case ShapeType::kList:
        return DecodeList(shape, node, path);
      case ShapeType::kMap:
        return DecodeMap(shape, node, path);
      default:
        break;
    }
    if (!node.value) return {};  // only nested names were sent, e.g. "ReplicationGroupId.1"
    std::string_view text = *node.value;
    switch (shape.type) {
      case ShapeType::kInteger:
        return ParseInteger(path, text, std::numeric_limits<int32_t>::min(),
                            std::numeric_limits<int32_t>::max(), "must be an integer");
      case ShapeType::kLong:
        return ParseInteger(path, text, std::numeric_limits<int64_t>::min(),
                            std::numeric_limits<int64_t>::max(), "must be an integer");
      case ShapeType::kBoolean:
        if (EqualsIgnoreCase(text, "true")) return true;
        if (EqualsIgnoreCase(text, "false")) return false;
        InvalidValue(path, text, "must be true or false");
      case ShapeType::kDouble:
      case ShapeType::kFloat:
        return ParseDouble(path, text);
      case ShapeType::kTimestamp:
        if (auto t = ParseTimestamp(text)) return *t;
        InvalidValue(path, text,
                     "must be an ISO-8601 date-time such as 2026-11-24T20:01:02Z or epoch seconds");
      default:  // strings (enums are kept as sent: AWS does not reject unknown values here) and
                // blobs; a string that is not UTF-8 could be neither stored nor answered
        if (!IsValidUtf8(text))
          throw faults::InvalidParameterValueException("The value of parameter " + path +
                                                       " is not valid UTF-8.");
        return std::string(text);
    }
  }

  ApiValue DecodeStructure(const Shape& shape, const ParamNode& node, std::string& path) const {
    ApiValue out = ApiValue::Struct();
    const size_t base = path.size();
    for (const Member& member : shape.members) {
      const ParamNode* child = node.Child(member.wire_name);
      if (!child && (member.flattened || member.shape->flattened) &&
          member.shape->type == ShapeType::kList && member.shape->element.has_location_name)
        child = node.Child(member.shape->element.wire_name);
      ApiValue value;
      if (child) {
        if (base) path += '.';
        path += member.wire_name;
        value = Decode(*member.shape, *child, path);
        path.resize(base);
      }
      if (!value.IsNull()) {
        out.AsMap().emplace(member.name, std::move(value));
      } else if (member.required) {
        std::string full = path;
        if (base) full += '.';
        full += member.wire_name;
        throw common_errors::MissingParameter(full);
      }
    }
    return out;
  }

  // Elements are "<list>.<token>.<N>" for any token (SDKs send the model's locationName or
  // "member"; people writing raw requests often guess the other) or "<list>.<N>" (flattened).
  ApiValue DecodeList(const Shape& shape, const ParamNode& node, std::string& path) const {
    struct Element {
      uint64_t index;
      std::string_view token;  // "" for the flattened form
      const ParamNode* node;
    };
    std::vector<Element> elements;
    for (const auto& [token, child] : node.children) {
      if (auto index = ParseIndex(token)) {
        elements.push_back({*index, {}, child.get()});
        continue;
      }
      for (const auto& [index_token, element] : child->children)
        if (auto index = ParseIndex(index_token))
          elements.push_back({*index, token, element.get()});
    }
    if (elements.empty()) {
      // The Query protocol sends an empty list as "Name=" (no elements).
      if (node.value && node.value->empty()) return ApiValue::List();
      return {};
    }
    std::stable_sort(elements.begin(), elements.end(),
                     [](const Element& a, const Element& b) { return a.index < b.index; });
    ApiList list;
    list.reserve(elements.size());
    const size_t base = path.size();
    for (const auto& e : elements) {
      if (!e.token.empty()) {
        path += '.';
        path += e.token;
      }
      path += '.';
      path += std::to_string(e.index);
      ApiValue value = Decode(*shape.element.shape, *e.node, path);
      path.resize(base);
      if (!value.IsNull()) list.push_back(std::move(value));
    }
    return ApiValue(std::move(list));
  }

  // Entries are "<map>.entry.<N>.key" / ".value" (any token instead of "entry"), or
  // "<map>.<N>.key" when flattened.
  ApiValue DecodeMap(const Shape& shape, const ParamNode& node, std::string& path) const {
    std::vector<std::pair<uint64_t, const ParamNode*>> entries;
    for (const auto& [token, child] : node.children) {
      if (auto index = ParseIndex(token)) {
        entries.emplace_back(*index, child.get());
        continue;
      }
      for (const auto& [index_token, entry] : child->children)
        if (auto index = ParseIndex(index_token)) entries.emplace_back(*index, entry.get());
    }
    if (entries.empty()) {
      if (node.value && node.value->empty()) return ApiValue(ApiMap{});
      return {};
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    ApiMap map;
    for (const auto& [index, entry] : entries) {
      const ParamNode* key = entry->Child(shape.key.wire_name);
      if (!key || !key->value) continue;
      const ParamNode* value = entry->Child(shape.value.wire_name);
      if (!value) continue;
      const size_t base = path.size();
      path += '.';
      path += std::string(*key->value);
      ApiValue decoded = Decode(*shape.value.shape, *value, path);
      path.resize(base);
      if (!decoded.IsNull()) map.emplace(std::string(*key->value), std::move(decoded));
    }
    return ApiValue(std::move(map));
  }
};

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool ReadDigits(std::string_view s, size_t& pos, size_t count, int& out) {
  if (pos + count > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += count;
  return true;
}

std::optional<Timestamp> ParseEpochSeconds(std::string_view text) {
  double seconds = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), seconds, std::chars_format::fixed);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(seconds) ||
      std::fabs(seconds) > 1e14)
    return std::nullopt;
  return Timestamp{static_cast<int64_t>(std::llround(seconds * 1000.0))};
}

}  // namespace

std::optional<Timestamp> ParseTimestamp(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool numeric = std::all_of(text.begin(), text.end(),
                             [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == '-'; });
  if (numeric && (text.size() < 5 || text[4] != '-')) return ParseEpochSeconds(text);

  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(text, pos, 4, year) || pos >= text.size() || text[pos++] != '-' ||
      !ReadDigits(text, pos, 2, month) || pos >= text.size() || text[pos++] != '-' ||
      !ReadDigits(text, pos, 2, day))
    return std::nullopt;
  int64_t millis = 0;
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ')) {
    ++pos;
    if (!ReadDigits(text, pos, 2, hour) || pos >= text.size() || text[pos++] != ':' ||
        !ReadDigits(text, pos, 2, minute))
      return std::nullopt;
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      if (!ReadDigits(text, pos, 2, second)) return std::nullopt;
      if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        size_t start = pos;
        int scale = 100;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
          millis += (text[pos] - '0') * scale;  // digits past milliseconds are truncated
          scale /= 10;
          ++pos;
        }
        if (pos == start) return std::nullopt;
      }
    }
  }
  int64_t offset_minutes = 0;
  if (pos < text.size()) {
    char zone = text[pos++];
    if (zone == 'Z' || zone == 'z') {
      // UTC
    } else if (zone == '+' || zone == '-') {
      int oh = 0, om = 0;
      if (!ReadDigits(text, pos, 2, oh)) return std::nullopt;
      if (pos < text.size() && text[pos] == ':') ++pos;
      if (pos < text.size() && !ReadDigits(text, pos, 2, om)) return std::nullopt;
      if (oh > 23 || om > 59) return std::nullopt;
      offset_minutes = (zone == '+' ? 1 : -1) * (oh * 60 + om);
    } else {
      return std::nullopt;
    }
  }
  if (pos != text.size()) return std::nullopt;
  static constexpr int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDaysInMonth[month - 1] || hour > 23 ||
      minute > 59 || second > 60)
    return std::nullopt;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return std::nullopt;
  int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
  return Timestamp{seconds * 1000 + millis};
}

ApiValue DecodeInput(const ServiceModel&, const Operation& operation, const QueryParams& params) {
  if (!operation.input) return ApiValue::Struct();
  ParamNode root = BuildTree(params);
  std::string path;
  path.reserve(128);
  ApiValue input = Decoder().DecodeStructure(*operation.input, root, path);
  return input;
}

}  // namespace ecl

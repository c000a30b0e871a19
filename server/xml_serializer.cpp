#include "server/xml_serializer.h"

#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <type_traits>
#include <variant>

#include "server/utf8.h"

namespace ecl {

namespace {

constexpr std::string_view kDefaultNamespace = "http://elasticache.amazonaws.com/doc/2015-02-02/";
constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD

void AppendInt(std::string& out, int64_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

// Plain decimal (no exponent), shortest digits that round-trip, always with a fraction so it
// reads as a double the way AWS prints one ("100.0", "0.166").
void AppendDouble(std::string& out, double d) {
  if (std::isnan(d)) {
    out += "NaN";
    return;
  }
  if (std::isinf(d)) {
    out += d < 0 ? "-Infinity" : "Infinity";
    return;
  }
  char buf[400];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  if (ec != std::errc()) {
    out += "0.0";
    return;
  }
  std::string_view text(buf, static_cast<size_t>(end - buf));
  out += text;
  if (text.find('.') == std::string_view::npos) out += ".0";
}

[[noreturn]] void Mismatch(const Shape& shape, std::string_view element, const char* got) {
  throw std::logic_error("xml serializer: element <" + std::string(element) + "> of shape " +
                         shape.name + " was given " + got);
}

const char* KindName(const ApiValue& v) {
  if (v.IsList()) return "a list";
  if (v.IsMap()) return "a structure/map";
  return "a scalar";
}

void WriteValue(std::string& out, const Shape& shape, const ApiValue& value,
                std::string_view element);

// Every value must belong to a declared member; the slow search for the stray one only runs
// when the count shows there is one.
[[noreturn]] void UndeclaredMember(const Shape& shape, const ApiMap& values) {
  for (const auto& [name, value] : values)
    if (!value.IsNull() && !shape.FindMember(name))
      throw std::logic_error("xml serializer: shape " + shape.name + " declares no member " + name);
  throw std::logic_error("xml serializer: shape " + shape.name + " was given an undeclared member");
}

void WriteMembers(std::string& out, const Shape& shape, const ApiMap& values) {
  size_t present = 0;
  for (const auto& [name, value] : values) present += !value.IsNull();
  size_t written = 0;
  for (const Member& member : shape.members) {
    auto it = values.find(member.name);
    if (it == values.end() || it->second.IsNull()) continue;
    ++written;
    const Shape& member_shape = *member.shape;
    bool flattened = member.flattened || member_shape.flattened;
    if (flattened && member_shape.type == ShapeType::kList) {
      if (!it->second.IsList()) Mismatch(member_shape, member.wire_name, KindName(it->second));
      std::string_view name = member_shape.element.has_location_name
                                  ? std::string_view(member_shape.element.wire_name)
                                  : std::string_view(member.wire_name);
      for (const auto& element : it->second.AsList())
        WriteValue(out, *member_shape.element.shape, element, name);
      continue;
    }
    if (flattened && member_shape.type == ShapeType::kMap) {
      if (!it->second.IsMap()) Mismatch(member_shape, member.wire_name, KindName(it->second));
      for (const auto& [k, v] : it->second.AsMap()) {
        AppendXmlOpen(out, member.wire_name);
        AppendXmlOpen(out, member_shape.key.wire_name);
        AppendXmlEscaped(out, k);
        AppendXmlClose(out, member_shape.key.wire_name);
        WriteValue(out, *member_shape.value.shape, v, member_shape.value.wire_name);
        AppendXmlClose(out, member.wire_name);
      }
      continue;
    }
    WriteValue(out, member_shape, it->second, member.wire_name);
  }
  if (written != present) UndeclaredMember(shape, values);
}

void WriteScalar(std::string& out, const Shape& shape, const ApiValue& value) {
  std::visit(
      [&](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (!std::is_same_v<V, std::monostate> && !std::is_same_v<V, ApiList> &&
                      !std::is_same_v<V, ApiMap>)
          AppendXmlScalar(out, shape, v);
      },
      value.variant());
}

void WriteValue(std::string& out, const Shape& shape, const ApiValue& value,
                std::string_view element) {
  switch (shape.type) {
    case ShapeType::kStructure:
      if (!value.IsMap()) Mismatch(shape, element, KindName(value));
      AppendXmlOpen(out, element);
      WriteMembers(out, shape, value.AsMap());
      AppendXmlClose(out, element);
      return;
    case ShapeType::kList: {
      if (!value.IsList()) Mismatch(shape, element, KindName(value));
      const ApiList& list = value.AsList();
      if (list.empty()) {
        AppendXmlEmpty(out, element);
        return;
      }
      AppendXmlOpen(out, element);
      for (const auto& item : list)
        if (!item.IsNull()) WriteValue(out, *shape.element.shape, item, shape.element.wire_name);
      AppendXmlClose(out, element);
      return;
    }
    case ShapeType::kMap:
      if (!value.IsMap()) Mismatch(shape, element, KindName(value));
      AppendXmlOpen(out, element);
      for (const auto& [k, v] : value.AsMap()) {
        if (v.IsNull()) continue;
        out += "<entry>";
        AppendXmlOpen(out, shape.key.wire_name);
        AppendXmlEscaped(out, k);
        AppendXmlClose(out, shape.key.wire_name);
        WriteValue(out, *shape.value.shape, v, shape.value.wire_name);
        out += "</entry>";
      }
      AppendXmlClose(out, element);
      return;
    default:
      if (value.IsList() || value.IsMap()) Mismatch(shape, element, KindName(value));
      AppendXmlOpen(out, element);
      WriteScalar(out, shape, value);
      AppendXmlClose(out, element);
      return;
  }
}

// Bytes written as they are: printable ASCII except & < >, and tab and newline. One lookup
// per byte for the text that is nearly all of every answer.
constexpr std::array<bool, 256> kPlainByte = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[size_t(c)] = true;
  plain['&'] = plain['<'] = plain['>'] = false;
  plain['\t'] = plain['\n'] = true;
  return plain;
}();

}  // namespace

void AppendXmlScalar(std::string& out, const Shape&, bool v) { out += v ? "true" : "false"; }

void AppendXmlScalar(std::string& out, const Shape& shape, int64_t v) {
  if (shape.type == ShapeType::kTimestamp)
    AppendIso8601(out, Timestamp{v});
  else if (shape.type == ShapeType::kDouble || shape.type == ShapeType::kFloat)
    AppendDouble(out, static_cast<double>(v));
  else
    AppendInt(out, v);
}

void AppendXmlScalar(std::string& out, const Shape& shape, double v) {
  if (shape.type == ShapeType::kInteger || shape.type == ShapeType::kLong)
    AppendInt(out, std::llround(v));
  else
    AppendDouble(out, v);
}

void AppendXmlScalar(std::string& out, const Shape&, const std::string& v) {
  AppendXmlEscaped(out, v);
}

void AppendXmlScalar(std::string& out, const Shape& shape, Timestamp v) {
  if (shape.timestamp_format == "unixTimestamp")
    AppendDouble(out, static_cast<double>(v.epoch_ms) / 1000.0);
  else
    AppendIso8601(out, v);
}

void AppendXmlEscaped(std::string& out, std::string_view text) {
  size_t run_start = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (kPlainByte[c]) {
      ++i;
      continue;
    }
    const char* replacement = nullptr;
    if (c >= 0x80) {
      size_t n = Utf8SequenceLength(text, i);
      if (n) {
        i += n;
        continue;
      }
      replacement = kReplacementChar.data();
    } else if (c == '&') {
      replacement = "&amp;";
    } else if (c == '<') {
      replacement = "&lt;";
    } else if (c == '>') {
      replacement = "&gt;";
    } else if (c == '\r') {
      replacement = "&#xD;";  // would otherwise be normalized away by the reader
    } else if (c < 0x20 && c != '\t' && c != '\n') {
      replacement = kReplacementChar.data();  // not representable in XML 1.0 at all
    } else {
      ++i;
      continue;
    }
    out.append(text.data() + run_start, i - run_start);
    out += replacement;
    ++i;
    run_start = i;
  }
  out.append(text.data() + run_start, text.size() - run_start);
}

std::string SerializeResultWith(const ServiceModel& model, const Operation& operation,
                                const std::string& request_id,
                                const std::function<void(std::string&)>& write_members) {
  std::string out;
  out.reserve(4096);
  std::string_view ns =
      model.xml_namespace().empty() ? kDefaultNamespace : std::string_view(model.xml_namespace());
  out += '<';
  out += operation.name;
  out += "Response xmlns=\"";
  out += ns;
  out += "\">";
  if (operation.output) {
    AppendXmlOpen(out, operation.result_wrapper);
    if (write_members) write_members(out);
    AppendXmlClose(out, operation.result_wrapper);
  }
  out += "<ResponseMetadata><RequestId>";
  AppendXmlEscaped(out, request_id);
  out += "</RequestId></ResponseMetadata></";
  out += operation.name;
  out += "Response>";
  return out;
}

std::string SerializeResult(const ServiceModel& model, const Operation& operation,
                            const ApiValue& result, const std::string& request_id) {
  if (operation.output && !result.IsNull() && !result.IsMap())
    Mismatch(*operation.output, operation.result_wrapper, KindName(result));
  return SerializeResultWith(model, operation, request_id, [&](std::string& out) {
    if (result.IsMap()) WriteMembers(out, *operation.output, result.AsMap());
  });
}

std::string SerializeError(const AwsError& error, const std::string& request_id) {
  std::string out;
  out.reserve(256);
  out += "<ErrorResponse xmlns=\"";
  out += kDefaultNamespace;
  out += "\"><Error><Type>";
  out += error.sender ? "Sender" : "Receiver";
  out += "</Type><Code>";
  AppendXmlEscaped(out, error.code);
  out += "</Code><Message>";
  AppendXmlEscaped(out, error.what());
  out += "</Message></Error><RequestId>";
  AppendXmlEscaped(out, request_id);
  out += "</RequestId></ErrorResponse>";
  return out;
}

}  // namespace ecl

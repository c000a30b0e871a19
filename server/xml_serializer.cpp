#include "server/xml_serializer.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace ecl {

namespace {

constexpr std::string_view kDefaultNamespace = "http://elasticache.amazonaws.com/doc/2015-02-02/";
constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD

void Open(std::string& out, std::string_view name) {
  out += '<';
  out += name;
  out += '>';
}

void Close(std::string& out, std::string_view name) {
  out += "</";
  out += name;
  out += '>';
}

// Length of the valid UTF-8 sequence XML 1.0 allows at s[i] (lead byte >= 0x80), or 0.
size_t ValidUtf8Length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  auto continuation = [&](size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return k < s.size() && byte(k) >= lo && byte(k) <= hi;
  };
  unsigned char lead = byte(i);
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(i + 1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    unsigned char lo = lead == 0xE0 ? 0xA0 : 0x80;
    unsigned char hi = lead == 0xED ? 0x9F : 0xBF;  // no UTF-16 surrogates
    if (!continuation(i + 1, lo, hi) || !continuation(i + 2)) return 0;
    if (lead == 0xEF && byte(i + 1) == 0xBF && byte(i + 2) >= 0xBE) return 0;  // U+FFFE/FFFF
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    unsigned char lo = lead == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = lead == 0xF4 ? 0x8F : 0xBF;
    return continuation(i + 1, lo, hi) && continuation(i + 2) && continuation(i + 3) ? 4 : 0;
  }
  return 0;
}

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

void AppendTwo(std::string& out, unsigned v) {
  out += static_cast<char>('0' + v / 10);
  out += static_cast<char>('0' + v % 10);
}

void AppendIso8601(std::string& out, Timestamp t) {
  int64_t ms = t.epoch_ms;
  int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86400000 - 1) / 86400000);
  int64_t ms_of_day = ms - days * 86400000;
  // H. Hinnant's civil_from_days.
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  int64_t year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2);

  if (year >= 0 && year <= 9999) {
    unsigned y = static_cast<unsigned>(year);
    AppendTwo(out, y / 100);
    AppendTwo(out, y % 100);
  } else {
    AppendInt(out, year);
  }
  out += '-';
  AppendTwo(out, month);
  out += '-';
  AppendTwo(out, day);
  out += 'T';
  unsigned secs = static_cast<unsigned>(ms_of_day / 1000);
  unsigned millis = static_cast<unsigned>(ms_of_day % 1000);
  AppendTwo(out, secs / 3600);
  out += ':';
  AppendTwo(out, secs / 60 % 60);
  out += ':';
  AppendTwo(out, secs % 60);
  out += '.';
  out += static_cast<char>('0' + millis / 100);
  AppendTwo(out, millis % 100);
  out += 'Z';
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

void WriteMembers(std::string& out, const Shape& shape, const ApiMap& values) {
  for (const Member& member : shape.members) {
    auto it = values.find(member.name);
    if (it == values.end() || it->second.IsNull()) continue;
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
        Open(out, member.wire_name);
        Open(out, member_shape.key.wire_name);
        AppendXmlEscaped(out, k);
        Close(out, member_shape.key.wire_name);
        WriteValue(out, *member_shape.value.shape, v, member_shape.value.wire_name);
        Close(out, member.wire_name);
      }
      continue;
    }
    WriteValue(out, member_shape, it->second, member.wire_name);
  }
}

void WriteScalar(std::string& out, const Shape& shape, const ApiValue& value) {
  switch (value.variant().index()) {
    case 1:  // bool
      out += value.AsBool() ? "true" : "false";
      break;
    case 2:  // int64
      if (shape.type == ShapeType::kTimestamp)
        AppendIso8601(out, Timestamp{value.AsInt()});
      else if (shape.type == ShapeType::kDouble || shape.type == ShapeType::kFloat)
        AppendDouble(out, static_cast<double>(value.AsInt()));
      else
        AppendInt(out, value.AsInt());
      break;
    case 3:  // double
      if (shape.type == ShapeType::kInteger || shape.type == ShapeType::kLong)
        AppendInt(out, std::llround(value.AsDouble()));
      else
        AppendDouble(out, value.AsDouble());
      break;
    case 4:  // string
      AppendXmlEscaped(out, value.AsString());
      break;
    case 5:  // Timestamp
      if (shape.timestamp_format == "unixTimestamp") {
        AppendDouble(out, static_cast<double>(value.AsTimestamp().epoch_ms) / 1000.0);
      } else {
        AppendIso8601(out, value.AsTimestamp());
      }
      break;
    default:
      break;
  }
}

void WriteValue(std::string& out, const Shape& shape, const ApiValue& value,
                std::string_view element) {
  switch (shape.type) {
    case ShapeType::kStructure:
      if (!value.IsMap()) Mismatch(shape, element, KindName(value));
      Open(out, element);
      WriteMembers(out, shape, value.AsMap());
      Close(out, element);
      return;
    case ShapeType::kList: {
      if (!value.IsList()) Mismatch(shape, element, KindName(value));
      const ApiList& list = value.AsList();
      if (list.empty()) {
        out += '<';
        out += element;
        out += "/>";
        return;
      }
      Open(out, element);
      for (const auto& item : list)
        if (!item.IsNull()) WriteValue(out, *shape.element.shape, item, shape.element.wire_name);
      Close(out, element);
      return;
    }
    case ShapeType::kMap:
      if (!value.IsMap()) Mismatch(shape, element, KindName(value));
      Open(out, element);
      for (const auto& [k, v] : value.AsMap()) {
        if (v.IsNull()) continue;
        out += "<entry>";
        Open(out, shape.key.wire_name);
        AppendXmlEscaped(out, k);
        Close(out, shape.key.wire_name);
        WriteValue(out, *shape.value.shape, v, shape.value.wire_name);
        out += "</entry>";
      }
      Close(out, element);
      return;
    default:
      if (value.IsList() || value.IsMap()) Mismatch(shape, element, KindName(value));
      Open(out, element);
      WriteScalar(out, shape, value);
      Close(out, element);
      return;
  }
}

}  // namespace

void AppendXmlEscaped(std::string& out, std::string_view text) {
  size_t run_start = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    const char* replacement = nullptr;
    if (c >= 0x80) {
      size_t n = ValidUtf8Length(text, i);
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

std::string FormatIso8601(Timestamp t) {
  std::string out;
  AppendIso8601(out, t);
  return out;
}

std::string SerializeResult(const ServiceModel& model, const Operation& operation,
                            const ApiValue& result, const std::string& request_id) {
  std::string out;
  out.reserve(2048);
  std::string_view ns =
      model.xml_namespace().empty() ? kDefaultNamespace : std::string_view(model.xml_namespace());
  out += '<';
  out += operation.name;
  out += "Response xmlns=\"";
  out += ns;
  out += "\">";
  if (operation.output) {
    if (!result.IsNull() && !result.IsMap())
      Mismatch(*operation.output, operation.result_wrapper, KindName(result));
    Open(out, operation.result_wrapper);
    if (result.IsMap()) WriteMembers(out, *operation.output, result.AsMap());
    Close(out, operation.result_wrapper);
  }
  out += "<ResponseMetadata><RequestId>";
  AppendXmlEscaped(out, request_id);
  out += "</RequestId></ResponseMetadata></";
  out += operation.name;
  out += "Response>";
  return out;
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

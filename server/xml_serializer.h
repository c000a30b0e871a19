// XML serializer: writes an operation's result as the AWS Query protocol response body
// (<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…) by walking the output
// shape, so element names, member order, list element names (<ClusterId>, <NodeGroupMember>),
// timestamps and booleans are decided here for every operation. Also the <ErrorResponse>
// envelope. A hand-written appending writer: no DOM, one buffer. Stateless; thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "model/api_value.h"
#include "model/aws_error.h"
#include "server/service_model.h"

namespace ecl {

// `result` holds the members of the output shape (what goes inside <ActionResult>). Throws
// std::logic_error when a structure holds a member its shape does not declare, or a value's
// kind contradicts its shape (a structure where a list is declared...): a handler bug, which
// the dispatcher answers InternalFailure and logs, never a member silently dropped.
std::string SerializeResult(const ServiceModel& model, const Operation& operation,
                            const ApiValue& result, const std::string& request_id);

// The same envelope around members `write_members` appends (typed results,
// server/typed_xml_writer.h).
std::string SerializeResultWith(const ServiceModel& model, const Operation& operation,
                                const std::string& request_id,
                                const std::function<void(std::string&)>& write_members);

std::string SerializeError(const AwsError& error, const std::string& request_id);

// <name>, </name> and <name/>.
inline void AppendXmlOpen(std::string& out, std::string_view name) {
  out += '<';
  out += name;
  out += '>';
}
inline void AppendXmlClose(std::string& out, std::string_view name) {
  out += "</";
  out += name;
  out += '>';
}
inline void AppendXmlEmpty(std::string& out, std::string_view name) {
  out += '<';
  out += name;
  out += "/>";
}

// A scalar's text as its shape declares it: booleans true/false, integers, doubles with a
// fraction ("100.0"), timestamps ISO 8601 (or seconds for unixTimestamp), escaped strings.
void AppendXmlScalar(std::string& out, const Shape& shape, bool v);
void AppendXmlScalar(std::string& out, const Shape& shape, int64_t v);
void AppendXmlScalar(std::string& out, const Shape& shape, double v);
void AppendXmlScalar(std::string& out, const Shape& shape, const std::string& v);
void AppendXmlScalar(std::string& out, const Shape& shape, Timestamp v);

// Appends `text` escaped for XML character data (invalid UTF-8 and characters XML 1.0
// forbids become U+FFFD, so SDK parsers never choke).
void AppendXmlEscaped(std::string& out, std::string_view text);

}  // namespace ecl

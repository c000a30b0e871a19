// Fuzzes the XML serializer (server/xml_serializer.h): random values against a random
// operation's output shape, mostly of the declared kinds, sometimes not. Properties: a value
// that contradicts its shape is refused with std::logic_error (the dispatcher answers
// InternalFailure), never a crash; everything written is well-formed XML (pugixml parses it)
// whose text is valid UTF-8 of characters XML allows, under <ActionResponse>; an error's code
// and message read back exactly when they were valid XML text to begin with.
#include <fuzzer/FuzzedDataProvider.h>

#include <pugixml.hpp>
#include <stdexcept>

#include "fuzz_support.h"
#include "server/service_model.h"
#include "server/utf8.h"
#include "server/xml_serializer.h"

using namespace ecl;

namespace {

// Values of every kind, so a wrong one can be offered where a shape expects another.
ApiValue AnyScalar(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 5)) {
    case 0:
      return ApiValue(in.ConsumeBool());
    case 1:
      return ApiValue(in.ConsumeIntegral<int64_t>());
    case 2:
      return ApiValue(in.ConsumeFloatingPoint<double>());
    case 3:
      return ApiValue(Timestamp{in.ConsumeIntegral<int64_t>()});
    case 4:
      return ApiValue::List();
    default:
      return ApiValue(in.ConsumeRandomLengthString(40));
  }
}

ApiValue Build(const Shape& shape, FuzzedDataProvider& in, int depth) {
  const int twist = in.ConsumeIntegralInRange(0, 31);
  if (twist == 0) return AnyScalar(in);  // the wrong kind, now and then
  if (twist == 1) return ApiValue();     // absent
  if (depth > 8) return ApiValue();
  switch (shape.type) {
    case ShapeType::kStructure: {
      ApiValue out = ApiValue::Struct();
      for (const Member& member : shape.members)
        if (in.ConsumeBool()) out.Set(member.name, Build(*member.shape, in, depth + 1));
      if (in.ConsumeIntegralInRange(0, 63) == 0) out.Set("NotAMember", ApiValue("x"));
      return out;
    }
    case ShapeType::kList: {
      ApiValue out = ApiValue::List();
      const int n = in.ConsumeIntegralInRange(0, 4);
      for (int i = 0; i < n; ++i) out.Push(Build(*shape.element.shape, in, depth + 1));
      return out;
    }
    case ShapeType::kMap: {
      ApiMap out;
      const int n = in.ConsumeIntegralInRange(0, 3);
      for (int i = 0; i < n; ++i)
        out[in.ConsumeRandomLengthString(16)] = Build(*shape.value.shape, in, depth + 1);
      return ApiValue(std::move(out));
    }
    case ShapeType::kInteger:
    case ShapeType::kLong:
      return ApiValue(in.ConsumeIntegral<int64_t>());
    case ShapeType::kBoolean:
      return ApiValue(in.ConsumeBool());
    case ShapeType::kDouble:
    case ShapeType::kFloat:
      return ApiValue(in.ConsumeFloatingPoint<double>());
    case ShapeType::kTimestamp:
      return ApiValue(Timestamp{in.ConsumeIntegral<int64_t>()});
    default:
      return ApiValue(in.ConsumeRandomLengthString(64));
  }
}

bool IsXmlText(std::string_view text) {
  if (!IsValidUtf8(text)) return false;
  for (unsigned char c : text)
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
  return true;
}

// Every name and text of the document is XML text.
void CheckTree(const pugi::xml_node& node, const std::string& xml) {
  for (const pugi::xml_node& child : node.children()) {
    if (!IsXmlText(child.name()) || !IsXmlText(child.value()))
      fuzz::Fail("a character XML cannot carry was written:\n" + xml);
    CheckTree(child, xml);
  }
}

pugi::xml_document Parse(const std::string& xml) {
  pugi::xml_document doc;
  // As XML readers do: a raw \r is normalized to \n (so one written unescaped would not read
  // back), a written "&#xD;" stays \r; blank text is kept.
  pugi::xml_parse_result ok =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata);
  if (!ok) fuzz::Fail(std::string("not well-formed XML (") + ok.description() + "):\n" + xml);
  CheckTree(doc, xml);
  return doc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const ServiceModel& model = ServiceModel::Embedded();
  const auto& operations = model.operations();
  const Operation& operation =
      operations[in.ConsumeIntegralInRange<size_t>(0, operations.size() - 1)];

  ApiValue result = operation.output ? Build(*operation.output, in, 0) : ApiValue::Struct();
  const std::string request_id = in.ConsumeRandomLengthString(40);
  try {
    std::string xml = SerializeResult(model, operation, result, request_id);
    pugi::xml_document doc = Parse(xml);
    if (std::string(doc.first_child().name()) != operation.name + "Response")
      fuzz::Fail("the root is not <" + operation.name + "Response>:\n" + xml);
  } catch (const std::logic_error&) {
    // A value its shape does not allow: a handler bug the dispatcher answers InternalFailure.
  }

  const std::string code = in.ConsumeRandomLengthString(32);
  const std::string message = in.ConsumeRandomLengthString(256);
  std::string xml =
      SerializeError(AwsError(code, message, 400, in.ConsumeBool()), request_id);
  pugi::xml_document doc = Parse(xml);
  pugi::xml_node error = doc.child("ErrorResponse").child("Error");
  if (!error) fuzz::Fail("no <ErrorResponse><Error>:\n" + xml);
  if (IsXmlText(message) && error.child("Message").text().get() != message)
    fuzz::Fail("the message does not read back:\n" + xml);
  if (IsXmlText(code) && error.child("Code").text().get() != code)
    fuzz::Fail("the code does not read back:\n" + xml);
  return 0;
}

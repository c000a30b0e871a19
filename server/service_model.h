// ServiceModel: the ElastiCache API description (operations and shapes) the Query codec is
// driven by, parsed once from the JSON that tools/gen_service_model.py derives from botocore.
// Shapes refer to each other by pointer, so decoding and serializing a request never looks a
// shape up by name. Immutable after construction: safe to share between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ecl {

enum class ShapeType {
  kStructure,
  kList,
  kMap,
  kString,
  kInteger,
  kLong,
  kBoolean,
  kDouble,
  kFloat,
  kTimestamp,
  kBlob
};

struct Shape;

// A structure member, a list's element, or a map's key/value: a shape plus its wire name.
struct Member {
  std::string name;       // the member name (key in ApiValue maps)
  std::string wire_name;  // locationName, else name: the query parameter / XML element name
  std::string open_tag;   // "<wire_name>" and "</wire_name>", written with every answer
  std::string close_tag;
  bool has_location_name = false;
  bool flattened = false;
  const Shape* shape = nullptr;
  bool required = false;
};

struct ErrorInfo {
  std::string code;  // the wire <Code>
  int http_status = 400;
  bool sender_fault = false;
};

struct Shape {
  std::string name;
  ShapeType type = ShapeType::kString;

  // kStructure: members in declared order (the XML order).
  std::vector<Member> members;
  // kList: the element; kMap: key and value. wire_name defaults to "member"/"key"/"value".
  Member element;
  Member key;
  Member value;
  bool flattened = false;

  std::vector<std::string> enum_values;
  std::optional<int64_t> min;
  std::optional<int64_t> max;
  std::string timestamp_format;    // "" means the protocol default (ISO-8601)
  std::optional<ErrorInfo> error;  // set on exception shapes

  // The structure member called `member_name`, or nullptr.
  const Member* FindMember(std::string_view member_name) const;
  // The structure member whose wire name is `wire`, or nullptr.
  const Member* FindMemberByWireName(std::string_view wire) const;
};

struct Operation {
  std::string name;
  const Shape* input = nullptr;   // nullptr when the operation takes no input
  const Shape* output = nullptr;  // nullptr when it returns no <ActionResult>
  std::string result_wrapper;  // element wrapping the output, e.g. "CreateReplicationGroupResult"
  std::vector<const Shape*> errors;
};

class ServiceModel {
 public:
  // Parses a model in the format of config/service-model.json. Throws std::runtime_error when
  // the JSON is malformed or refers to an unknown shape.
  explicit ServiceModel(std::string_view json);
  ServiceModel(const ServiceModel&) = delete;
  ServiceModel& operator=(const ServiceModel&) = delete;

  // The model compiled into the binary (config/service-model.json), parsed on first use.
  static const ServiceModel& Embedded();

  const Operation* FindOperation(std::string_view name) const;
  const Shape* FindShape(std::string_view name) const;
  const std::vector<Operation>& operations() const { return operations_; }

  const std::string& api_version() const { return api_version_; }
  const std::string& xml_namespace() const { return xml_namespace_; }

 private:
  std::string api_version_;
  std::string xml_namespace_;
  std::vector<Shape> shapes_;  // never resized after construction: pointers into it stay valid
  std::vector<Operation> operations_;
  std::unordered_map<std::string_view, size_t> shape_index_;      // keys view shapes_[i].name
  std::unordered_map<std::string_view, size_t> operation_index_;  // keys view operations_[i].name
};

}  // namespace ecl

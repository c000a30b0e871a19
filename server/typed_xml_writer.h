// Typed XML writer: serializes a handler's typed result (handlers/api_types.h) straight to the
// Query protocol's XML, walking its output shape as the ApiValue serializer does
// (xml_serializer.h) — the same element names, member order, list element names and scalar
// text — without building an ApiValue tree first. Member i of a struct is member i of its
// shape: both come from the same service model (tools/gen_service_model.py), in declared
// order. Endpoints are shown where the data plane serves them (endpoint_mapping.h), as
// MapEndpoints does for ApiValue results. Stateless; thread-safe.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "handlers/api_members.h"
#include "handlers/api_types.h"
#include "server/endpoint_mapping.h"
#include "server/service_model.h"
#include "server/xml_serializer.h"

namespace ecl {

namespace typed_xml {

template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <typename T>
concept Scalar = std::is_same_v<T, std::string> || std::is_same_v<T, bool> ||
                 std::is_same_v<T, int> || std::is_same_v<T, int64_t> ||
                 std::is_same_v<T, double> || std::is_same_v<T, Timestamp>;

[[noreturn]] inline void Mismatch(const Shape& shape, std::string_view element,
                                  const char* expected) {
  throw std::logic_error("typed xml writer: element <" + std::string(element) + "> of shape " +
                         shape.name + " is not " + expected);
}

template <typename T>
void WriteMembers(std::string& out, const Shape& shape, const T& value,
                  const EndpointMapper* mapper);

// `value` as the element `as` names (a member, or a list's element).
template <typename T>
void WriteValue(std::string& out, const Shape& shape, const T& value, const Member& as,
                const EndpointMapper* mapper) {
  if constexpr (IsVector<T>::value) {
    if (shape.type != ShapeType::kList) Mismatch(shape, as.wire_name, "a list");
    if (value.empty()) {
      AppendXmlEmpty(out, as.wire_name);
      return;
    }
    out += as.open_tag;
    for (const auto& item : value)
      WriteValue(out, *shape.element.shape, item, shape.element, mapper);
    out += as.close_tag;
  } else if constexpr (Scalar<T>) {
    if (shape.type == ShapeType::kStructure || shape.type == ShapeType::kList ||
        shape.type == ShapeType::kMap)
      Mismatch(shape, as.wire_name, "a scalar");
    out += as.open_tag;
    if constexpr (std::is_same_v<T, int>)
      AppendXmlScalar(out, shape, int64_t{value});
    else
      AppendXmlScalar(out, shape, value);
    out += as.close_tag;
  } else {
    if (shape.type != ShapeType::kStructure) Mismatch(shape, as.wire_name, "a structure");
    if constexpr (std::is_same_v<T, api::Endpoint>) {
      if (mapper && *mapper && value.Address)
        if (auto mapped = (*mapper)(*value.Address)) {
          api::Endpoint shown = value;
          shown.Address = mapped->first;
          if (mapped->second) shown.Port = *mapped->second;
          out += as.open_tag;
          WriteMembers(out, shape, shown, nullptr);
          out += as.close_tag;
          return;
        }
    }
    out += as.open_tag;
    WriteMembers(out, shape, value, mapper);
    out += as.close_tag;
  }
}

// The members of a structure that are present, in the shape's order.
template <typename T>
void WriteMembers(std::string& out, const Shape& shape, const T& value,
                  const EndpointMapper* mapper) {
  api::VisitMembers(value, [&](size_t index, const auto& field) {
    if (index >= shape.members.size())
      throw std::logic_error("typed xml writer: shape " + shape.name + " has no member " +
                             std::to_string(index));
    using Field = std::decay_t<decltype(field)>;
    const Member& member = shape.members[index];
    auto write = [&](const auto& present) {
      using V = std::decay_t<decltype(present)>;
      const Shape& member_shape = *member.shape;
      if constexpr (IsVector<V>::value) {
        if ((member.flattened || member_shape.flattened) && member_shape.type == ShapeType::kList) {
          const Member& as = member_shape.element.has_location_name ? member_shape.element : member;
          for (const auto& item : present)
            WriteValue(out, *member_shape.element.shape, item, as, mapper);
          return;
        }
      }
      WriteValue(out, member_shape, present, member, mapper);
    };
    if constexpr (IsOptional<Field>::value) {
      if (field) write(*field);
    } else {
      write(field);
    }
  });
}

}  // namespace typed_xml

// Appends the members of `result`, an operation's typed output, as they go inside its
// <ActionResult>. Throws std::logic_error when the types and the shape disagree (a model out
// of step with api_types.h), which the dispatcher answers InternalFailure.
template <typename T>
void WriteTypedResult(std::string& out, const Shape& output, const T& result,
                      const EndpointMapper* mapper) {
  typed_xml::WriteMembers(out, output, result, mapper);
}

}  // namespace ecl

#include "server/endpoint_mapping.h"

namespace ecl {

namespace {

constexpr std::string_view kEndpointShape = "Endpoint";

}  // namespace

void MapEndpoints(const Shape& shape, ApiValue& value, const EndpointMapper& mapper) {
  switch (shape.type) {
    case ShapeType::kStructure: {
      if (!value.IsMap()) return;
      if (shape.name == kEndpointShape) {
        auto address = value.GetString("Address");
        if (!address) return;
        if (auto mapped = mapper(*address)) {
          value.Set("Address", ApiValue(mapped->first));
          if (mapped->second) value.Set("Port", ApiValue(int64_t(*mapped->second)));
        }
        return;
      }
      for (const Member& member : shape.members) {
        auto it = value.AsMap().find(member.name);
        if (it != value.AsMap().end()) MapEndpoints(*member.shape, it->second, mapper);
      }
      return;
    }
    case ShapeType::kList:
      if (!value.IsList()) return;
      for (auto& element : value.AsList()) MapEndpoints(*shape.element.shape, element, mapper);
      return;
    case ShapeType::kMap:
      if (!value.IsMap()) return;
      for (auto& [key, v] : value.AsMap()) MapEndpoints(*shape.value.shape, v, mapper);
      return;
    default:
      return;
  }
}

}  // namespace ecl

#include "server/service_model.h"

#include <boost/json.hpp>
#include <stdexcept>

namespace ecl {

extern const char kEmbeddedServiceModel[];

namespace {

namespace json = boost::json;

ShapeType ParseShapeType(std::string_view type, std::string_view shape_name) {
  static const std::unordered_map<std::string_view, ShapeType> kTypes = {
      {"structure", ShapeType::kStructure},
      {"list", ShapeType::kList},
      {"map", ShapeType::kMap},
      {"string", ShapeType::kString},
      {"integer", ShapeType::kInteger},
      {"long", ShapeType::kLong},
      {"boolean", ShapeType::kBoolean},
      {"double", ShapeType::kDouble},
      {"float", ShapeType::kFloat},
      {"timestamp", ShapeType::kTimestamp},
      {"blob", ShapeType::kBlob}};
  auto it = kTypes.find(type);
  if (it == kTypes.end())
    throw std::runtime_error("service model: shape " + std::string(shape_name) +
                             " has unsupported type " + std::string(type));
  return it->second;
}

std::string StringOr(const json::object& o, std::string_view key, std::string fallback) {
  if (auto* v = o.if_contains(key); v && v->is_string()) return std::string(v->get_string());
  return fallback;
}

bool BoolOr(const json::object& o, std::string_view key, bool fallback) {
  if (auto* v = o.if_contains(key); v && v->is_bool()) return v->get_bool();
  return fallback;
}

std::optional<int64_t> OptionalInt(const json::object& o, std::string_view key) {
  if (auto* v = o.if_contains(key)) {
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
    if (v->is_double()) return static_cast<int64_t>(v->get_double());
  }
  return std::nullopt;
}

const json::object& ObjectAt(const json::object& o, std::string_view key, std::string_view what) {
  auto* v = o.if_contains(key);
  if (!v || !v->is_object())
    throw std::runtime_error("service model: " + std::string(what) + " lacks object '" +
                             std::string(key) + "'");
  return v->get_object();
}

}  // namespace

const Member* Shape::FindMember(std::string_view member_name) const {
  for (const auto& m : members)
    if (m.name == member_name) return &m;
  return nullptr;
}

const Member* Shape::FindMemberByWireName(std::string_view wire) const {
  for (const auto& m : members)
    if (m.wire_name == wire) return &m;
  return nullptr;
}

ServiceModel::ServiceModel(std::string_view text) {
  json::value root;
  try {
    root = json::parse(text);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("service model: invalid JSON: ") + e.what());
  }
  if (!root.is_object()) throw std::runtime_error("service model: root is not an object");
  const auto& top = root.get_object();
  const auto& metadata = ObjectAt(top, "metadata", "model");
  api_version_ = StringOr(metadata, "apiVersion", "");
  xml_namespace_ = StringOr(metadata, "xmlNamespace", "");

  // First pass creates every shape so the second can resolve references by pointer.
  const auto& shapes = ObjectAt(top, "shapes", "model");
  shapes_.resize(shapes.size());
  size_t i = 0;
  for (const auto& entry : shapes) shapes_[i++].name = std::string(entry.key());
  for (size_t s = 0; s < shapes_.size(); ++s) shape_index_.emplace(shapes_[s].name, s);

  auto resolve = [&](const json::object& ref, std::string_view context) -> const Shape* {
    std::string target = StringOr(ref, "shape", "");
    const Shape* shape = FindShape(target);
    if (!shape)
      throw std::runtime_error("service model: " + std::string(context) +
                               " refers to unknown shape '" + target + "'");
    return shape;
  };
  auto read_member = [&](const json::object& ref, std::string name, std::string default_wire,
                         std::string_view context) {
    Member m;
    m.name = std::move(name);
    m.has_location_name = ref.contains("locationName");
    m.wire_name = StringOr(ref, "locationName", std::move(default_wire));
    m.open_tag = "<" + m.wire_name + ">";
    m.close_tag = "</" + m.wire_name + ">";
    m.flattened = BoolOr(ref, "flattened", false);
    m.shape = resolve(ref, context);
    return m;
  };

  i = 0;
  for (const auto& entry : shapes) {
    Shape& shape = shapes_[i++];
    if (!entry.value().is_object())
      throw std::runtime_error("service model: shape " + shape.name + " is not an object");
    const auto& def = entry.value().get_object();
    shape.type = ParseShapeType(StringOr(def, "type", ""), shape.name);
    shape.flattened = BoolOr(def, "flattened", false);
    shape.min = OptionalInt(def, "min");
    shape.max = OptionalInt(def, "max");
    shape.timestamp_format = StringOr(def, "timestampFormat", "");
    if (auto* e = def.if_contains("enum"); e && e->is_array())
      for (const auto& v : e->get_array())
        if (v.is_string()) shape.enum_values.emplace_back(v.get_string());
    if (auto* members = def.if_contains("members"); members && members->is_object()) {
      shape.members.reserve(members->get_object().size());
      for (const auto& m : members->get_object()) {
        if (!m.value().is_object())
          throw std::runtime_error("service model: bad member " + std::string(m.key()));
        std::string name(m.key());
        shape.members.push_back(
            read_member(m.value().get_object(), name, name, shape.name + "." + name));
      }
    }
    if (auto* req = def.if_contains("required"); req && req->is_array())
      for (const auto& r : req->get_array())
        if (r.is_string())
          for (auto& m : shape.members)
            if (m.name == r.get_string()) m.required = true;
    if (auto* el = def.if_contains("member"); el && el->is_object())
      shape.element = read_member(el->get_object(), "member", "member", shape.name + ".member");
    if (auto* k = def.if_contains("key"); k && k->is_object())
      shape.key = read_member(k->get_object(), "key", "key", shape.name + ".key");
    if (auto* v = def.if_contains("value"); v && v->is_object())
      shape.value = read_member(v->get_object(), "value", "value", shape.name + ".value");
    if (shape.type == ShapeType::kList && !shape.element.shape)
      throw std::runtime_error("service model: list " + shape.name + " has no member");
    if (shape.type == ShapeType::kMap && (!shape.key.shape || !shape.value.shape))
      throw std::runtime_error("service model: map " + shape.name + " lacks key or value");
    if (auto* err = def.if_contains("error"); err && err->is_object()) {
      const auto& eo = err->get_object();
      ErrorInfo info;
      info.code = StringOr(eo, "code", shape.name);
      info.http_status = static_cast<int>(OptionalInt(eo, "httpStatusCode").value_or(400));
      info.sender_fault = BoolOr(eo, "senderFault", false);
      shape.error = std::move(info);
    }
  }

  const auto& operations = ObjectAt(top, "operations", "model");
  operations_.reserve(operations.size());
  for (const auto& entry : operations) {
    if (!entry.value().is_object())
      throw std::runtime_error("service model: bad operation " + std::string(entry.key()));
    const auto& def = entry.value().get_object();
    Operation op;
    op.name = std::string(entry.key());
    auto shape_named = [&](std::string_view key) -> const Shape* {
      std::string name = StringOr(def, key, "");
      if (name.empty()) return nullptr;
      const Shape* s = FindShape(name);
      if (!s)
        throw std::runtime_error("service model: operation " + op.name + " refers to unknown " +
                                 "shape '" + name + "'");
      return s;
    };
    op.input = shape_named("input");
    op.output = shape_named("output");
    op.result_wrapper = StringOr(def, "resultWrapper", op.output ? op.name + "Result" : "");
    if (auto* errs = def.if_contains("errors"); errs && errs->is_array())
      for (const auto& e : errs->get_array())
        if (e.is_string())
          if (const Shape* s = FindShape(e.get_string())) op.errors.push_back(s);
    operations_.push_back(std::move(op));
  }
  for (size_t o = 0; o < operations_.size(); ++o) operation_index_.emplace(operations_[o].name, o);
}

const ServiceModel& ServiceModel::Embedded() {
  static const ServiceModel model{std::string_view(kEmbeddedServiceModel)};
  return model;
}

const Operation* ServiceModel::FindOperation(std::string_view name) const {
  auto it = operation_index_.find(name);
  return it == operation_index_.end() ? nullptr : &operations_[it->second];
}

const Shape* ServiceModel::FindShape(std::string_view name) const {
  auto it = shape_index_.find(name);
  return it == shape_index_.end() ? nullptr : &shapes_[it->second];
}

}  // namespace ecl

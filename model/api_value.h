// ApiValue: a typed tree of API parameters and results, independent of any wire format.
// The protocol codec builds it from a request using the operation's input shape and
// serializes it using the output shape; handlers read and build it. Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/timestamp.h"

namespace ecl {

class ApiValue;
using ApiList = std::vector<ApiValue>;
using ApiMap = std::map<std::string, ApiValue>;  // structure members (or map entries) by name

class ApiValue {
 public:
  using Variant =
      std::variant<std::monostate, bool, int64_t, double, std::string, Timestamp, ApiList, ApiMap>;

  ApiValue() = default;
  ApiValue(bool b) : v_(b) {}
  ApiValue(int i) : v_(int64_t{i}) {}
  ApiValue(int64_t i) : v_(i) {}
  ApiValue(double d) : v_(d) {}
  ApiValue(const char* s) : v_(std::string(s)) {}
  ApiValue(std::string s) : v_(std::move(s)) {}
  ApiValue(Timestamp t) : v_(t) {}
  ApiValue(ApiList l) : v_(std::move(l)) {}
  ApiValue(ApiMap m) : v_(std::move(m)) {}

  static ApiValue Struct() { return ApiValue(ApiMap{}); }
  static ApiValue List() { return ApiValue(ApiList{}); }

  bool IsNull() const { return std::holds_alternative<std::monostate>(v_); }
  bool IsBool() const { return std::holds_alternative<bool>(v_); }
  bool IsInt() const { return std::holds_alternative<int64_t>(v_); }
  bool IsDouble() const { return std::holds_alternative<double>(v_); }
  bool IsString() const { return std::holds_alternative<std::string>(v_); }
  bool IsTimestamp() const { return std::holds_alternative<Timestamp>(v_); }
  bool IsList() const { return std::holds_alternative<ApiList>(v_); }
  bool IsMap() const { return std::holds_alternative<ApiMap>(v_); }

  bool AsBool() const { return std::get<bool>(v_); }
  int64_t AsInt() const { return std::get<int64_t>(v_); }
  double AsDouble() const { return std::get<double>(v_); }
  const std::string& AsString() const { return std::get<std::string>(v_); }
  Timestamp AsTimestamp() const { return std::get<Timestamp>(v_); }
  const ApiList& AsList() const { return std::get<ApiList>(v_); }
  ApiList& AsList() { return std::get<ApiList>(v_); }
  const ApiMap& AsMap() const { return std::get<ApiMap>(v_); }
  ApiMap& AsMap() { return std::get<ApiMap>(v_); }
  const Variant& variant() const { return v_; }

  // Structure access. Get returns nullptr when the member is absent or this is not a map.
  const ApiValue* Get(const std::string& member) const {
    if (!IsMap()) return nullptr;
    auto it = AsMap().find(member);
    return it == AsMap().end() || it->second.IsNull() ? nullptr : &it->second;
  }
  std::optional<std::string> GetString(const std::string& m) const {
    auto* v = Get(m);
    return v && v->IsString() ? std::optional<std::string>(v->AsString()) : std::nullopt;
  }
  std::optional<int64_t> GetInt(const std::string& m) const {
    auto* v = Get(m);
    return v && v->IsInt() ? std::optional<int64_t>(v->AsInt()) : std::nullopt;
  }
  std::optional<bool> GetBool(const std::string& m) const {
    auto* v = Get(m);
    return v && v->IsBool() ? std::optional<bool>(v->AsBool()) : std::nullopt;
  }
  std::optional<double> GetDouble(const std::string& m) const {
    auto* v = Get(m);
    return v && v->IsDouble() ? std::optional<double>(v->AsDouble()) : std::nullopt;
  }
  // A list member, empty when absent.
  const ApiList& GetList(const std::string& m) const {
    static const ApiList kEmpty;
    auto* v = Get(m);
    return v && v->IsList() ? v->AsList() : kEmpty;
  }
  // Strings of a list-of-string member, empty when absent.
  std::vector<std::string> GetStrings(const std::string& m) const {
    std::vector<std::string> out;
    for (const auto& e : GetList(m))
      if (e.IsString()) out.push_back(e.AsString());
    return out;
  }

  // Sets a structure member (turns a null value into a structure). Null values are not stored.
  ApiValue& Set(const std::string& member, ApiValue v) {
    if (IsNull()) v_ = ApiMap{};
    if (v.IsNull()) return *this;
    AsMap()[member] = std::move(v);
    return *this;
  }
  template <typename T>
  ApiValue& SetIf(const std::string& member, const std::optional<T>& v) {
    if (v) Set(member, ApiValue(*v));
    return *this;
  }
  ApiValue& Push(ApiValue v) {
    if (IsNull()) v_ = ApiList{};
    AsList().push_back(std::move(v));
    return *this;
  }

  bool operator==(const ApiValue& o) const { return v_ == o.v_; }

 private:
  Variant v_;
};

}  // namespace ecl

#include "model/parameter_catalog.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "model/catalog_csv.h"

namespace ecl {
namespace {

const std::set<std::string, std::less<>> kDataTypes = {"string", "integer", "boolean", "float"};
const std::set<std::string, std::less<>> kChangeTypes = {"immediate", "requires-reboot"};
const std::set<std::string, std::less<>> kSources = {"system", "engine-default"};

std::vector<std::string_view> SplitCommas(std::string_view text) {
  std::vector<std::string_view> parts;
  while (true) {
    std::size_t comma = text.find(',');
    parts.push_back(text.substr(0, comma));
    if (comma == std::string_view::npos) return parts;
    text.remove_prefix(comma + 1);
  }
}

// A whole number written plainly: optional '-', digits, nothing else.
std::optional<long long> ParseInteger(std::string_view text) {
  if (text.empty() || text.front() == '+') return std::nullopt;
  long long value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> ParseFloat(std::string_view text) {
  if (text.empty() || text.front() == '+') return std::nullopt;
  double value = 0;
  auto [ptr, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

// One element of a numeric AllowedValues list: "a", "a-b", "a-" or "-" (anything).
template <typename Number, typename Parse>
struct Range {
  std::optional<Number> low, high;
  bool any = false;

  static std::optional<Range> Of(std::string_view element, Parse parse) {
    Range r;
    if (element == "-") {
      r.any = true;
      return r;
    }
    std::size_t dash = element.find('-', 1);  // a leading '-' is a sign
    if (dash == std::string_view::npos) {
      r.low = parse(element);
      if (!r.low) return std::nullopt;
      r.high = r.low;
      return r;
    }
    r.low = parse(element.substr(0, dash));
    if (!r.low) return std::nullopt;
    std::string_view high = element.substr(dash + 1);
    if (!high.empty()) {
      r.high = parse(high);
      if (!r.high || *r.high < *r.low) return std::nullopt;
    }
    return r;
  }
  bool Contains(Number v) const { return any || (v >= *low && (!high || v <= *high)); }
};

using IntegerRange = Range<long long, decltype(&ParseInteger)>;
using FloatRange = Range<double, decltype(&ParseFloat)>;

bool IsNumeric(std::string_view data_type) {
  return data_type == "integer" || data_type == "float";
}

// Whether an AllowedValues text is well formed for a data type.
bool AllowedValuesValid(std::string_view data_type, std::string_view allowed) {
  if (allowed.empty() || !IsNumeric(data_type)) return true;
  for (auto element : SplitCommas(allowed)) {
    bool ok = data_type == "integer" ? IntegerRange::Of(element, &ParseInteger).has_value()
                                     : FloatRange::Of(element, &ParseFloat).has_value();
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string EngineOfFamily(std::string_view family) {
  for (std::string_view engine : {"redis", "valkey", "memcached"})
    if (family.size() > engine.size() && family.substr(0, engine.size()) == engine)
      return std::string(engine);
  return "";
}

std::optional<std::string> CheckValue(const CacheParameter& p, std::string_view value) {
  auto invalid = [&](const std::string& reason) {
    return "Invalid value '" + std::string(value) + "' for parameter " + p.name + ": " + reason +
           ".";
  };
  const std::string allowed_reason = "allowed values are " + p.allowed_values;
  if (p.data_type == "integer") {
    auto number = ParseInteger(value);
    if (!number) return invalid("not an integer");
    if (p.allowed_values.empty()) return std::nullopt;
    for (auto element : SplitCommas(p.allowed_values)) {
      auto range = IntegerRange::Of(element, &ParseInteger);
      if (range && range->Contains(*number)) return std::nullopt;
    }
    return invalid(allowed_reason);
  }
  if (p.data_type == "float") {
    auto number = ParseFloat(value);
    if (!number) return invalid("not a number");
    if (p.allowed_values.empty()) return std::nullopt;
    for (auto element : SplitCommas(p.allowed_values)) {
      auto range = FloatRange::Of(element, &ParseFloat);
      if (range && range->Contains(*number)) return std::nullopt;
    }
    return invalid(allowed_reason);
  }
  if (p.allowed_values.empty()) return std::nullopt;
  for (auto element : SplitCommas(p.allowed_values))
    if (element == value) return std::nullopt;
  return invalid(allowed_reason);
}

ParameterCatalog ParameterCatalog::Parse(const CatalogText& parameters,
                                         const CatalogText& node_type_values,
                                         const CatalogText& default_groups) {
  ParameterCatalog catalog;
  std::set<std::pair<std::string, std::string>> node_specific;  // (engine, name)
  for (const CatalogRow& row :
       ReadCatalogRows(parameters.text, parameters.source, kParametersHeader)) {
    CatalogFields f(row, parameters.source);
    CacheParameter p;
    p.family = f.Required(0, "family");
    if (EngineOfFamily(p.family).empty())
      f.Fail("family must start with redis, valkey or memcached, got '" + p.family + "'");
    p.name = f.Required(1, "name");
    p.value = f.Text(2);
    p.data_type = f.Required(3, "data_type");
    if (!kDataTypes.count(p.data_type))
      f.Fail("data_type must be string, integer, boolean or float, got '" + p.data_type + "'");
    p.allowed_values = f.Text(4);
    if (!AllowedValuesValid(p.data_type, p.allowed_values))
      f.Fail("allowed_values '" + p.allowed_values + "' are not valid for a " + p.data_type +
             " parameter");
    p.is_modifiable = f.YesNo(5, "is_modifiable");
    p.change_type = f.Required(6, "change_type");
    if (!kChangeTypes.count(p.change_type))
      f.Fail("change_type must be immediate or requires-reboot, got '" + p.change_type + "'");
    p.minimum_engine_version = f.Version(7, "minimum_engine_version");
    p.source = f.Required(8, "source");
    if (!kSources.count(p.source))
      f.Fail("source must be system or engine-default, got '" + p.source + "'");
    p.node_type_specific = f.YesNo(9, "node_type_specific");
    p.description = f.Text(10);
    if (p.node_type_specific) {
      if (!p.value.empty()) f.Fail("a node-type-specific parameter takes no value here");
      node_specific.insert({EngineOfFamily(p.family), p.name});
    } else if (auto error = CheckValue(p, p.value)) {
      f.Fail("the default does not fit: " + *error);
    }
    if (!catalog.parameters_.count(p.family)) catalog.family_order_.push_back(p.family);
    auto& list = catalog.parameters_[p.family];
    if (std::any_of(list.begin(), list.end(), [&](const auto& q) { return q.name == p.name; }))
      f.Fail("duplicate parameter " + p.name + " in " + p.family);
    list.push_back(std::move(p));
  }
  for (auto& [family, list] : catalog.parameters_)
    std::sort(list.begin(), list.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });

  for (const CatalogRow& row :
       ReadCatalogRows(node_type_values.text, node_type_values.source, kNodeTypeValuesHeader)) {
    CatalogFields f(row, node_type_values.source);
    std::string engine = f.Required(0, "engine");
    std::string name = f.Required(1, "parameter");
    std::string node_type = f.Required(2, "cache_node_type");
    std::string value = f.Required(3, "value");
    if (!node_specific.count({engine, name}))
      f.Fail("no " + engine + " family has a node-type-specific parameter " + name);
    // Any family of the engine defines the parameter's type; the first one checks the value.
    for (const auto& family : catalog.family_order_) {
      const CacheParameter* p =
          EngineOfFamily(family) == engine ? catalog.Find(family, name) : nullptr;
      if (p == nullptr) continue;
      if (auto error = CheckValue(*p, value)) f.Fail(*error);
      break;
    }
    auto& values = catalog.node_values_[{engine, name}];
    if (std::any_of(values.begin(), values.end(),
                    [&](const auto& v) { return v.cache_node_type == node_type; }))
      f.Fail("duplicate value of " + name + " for " + node_type);
    values.push_back({node_type, value});
  }
  for (const auto& key : node_specific)
    if (!catalog.node_values_.count(key))
      throw CatalogError(node_type_values.source + ": no values for the node-type-specific " +
                         key.first + " parameter " + key.second);
  for (auto& [key, values] : catalog.node_values_)
    std::sort(values.begin(), values.end(),
              [](const auto& a, const auto& b) { return a.cache_node_type < b.cache_node_type; });

  for (const CatalogRow& row :
       ReadCatalogRows(default_groups.text, default_groups.source, kDefaultGroupsHeader)) {
    CatalogFields f(row, default_groups.source);
    DefaultParameterGroup g;
    g.name = f.Required(0, "name");
    g.family = f.Required(1, "family");
    if (!catalog.HasFamily(g.family)) f.Fail("unknown family " + g.family);
    g.description = f.Required(2, "description");
    for (const auto& pair : SplitWords(f.Text(3))) {
      std::size_t eq = pair.find('=');
      if (eq == std::string::npos || eq == 0)
        f.Fail("overrides must be name=value pairs, got '" + pair + "'");
      std::string name = pair.substr(0, eq), value = pair.substr(eq + 1);
      const CacheParameter* p = catalog.Find(g.family, name);
      if (p == nullptr) f.Fail("override of unknown parameter " + name + " in " + g.family);
      if (auto error = CheckValue(*p, value)) f.Fail(*error);
      g.overrides.emplace_back(std::move(name), std::move(value));
    }
    if (catalog.FindDefaultGroup(g.name)) f.Fail("duplicate default group " + g.name);
    catalog.default_groups_.push_back(std::move(g));
  }
  return catalog;
}

bool ParameterCatalog::HasFamily(std::string_view family) const {
  return parameters_.find(family) != parameters_.end();
}

std::vector<const CacheParameter*> ParameterCatalog::AllParameters(std::string_view family) const {
  std::vector<const CacheParameter*> out;
  if (auto it = parameters_.find(family); it != parameters_.end())
    for (const auto& p : it->second) out.push_back(&p);
  return out;
}

std::vector<const CacheParameter*> ParameterCatalog::Parameters(std::string_view family) const {
  auto all = AllParameters(family);
  all.erase(
      std::remove_if(all.begin(), all.end(), [](const auto* p) { return p->node_type_specific; }),
      all.end());
  return all;
}

std::vector<NodeTypeSpecificParameter> ParameterCatalog::NodeTypeSpecificParameters(
    std::string_view family) const {
  std::vector<NodeTypeSpecificParameter> out;
  for (const auto* p : AllParameters(family)) {
    if (!p->node_type_specific) continue;
    auto it = node_values_.find({EngineOfFamily(family), p->name});
    out.push_back(
        {p, it == node_values_.end() ? std::vector<NodeTypeSpecificValue>{} : it->second});
  }
  return out;
}

const CacheParameter* ParameterCatalog::Find(std::string_view family, std::string_view name) const {
  auto it = parameters_.find(family);
  if (it == parameters_.end()) return nullptr;
  auto p = std::lower_bound(it->second.begin(), it->second.end(), name,
                            [](const auto& q, std::string_view key) { return q.name < key; });
  return p != it->second.end() && p->name == name ? &*p : nullptr;
}

std::optional<std::string> ParameterCatalog::NodeTypeValue(std::string_view family,
                                                           std::string_view name,
                                                           std::string_view cache_node_type) const {
  const CacheParameter* p = Find(family, name);
  if (p == nullptr || !p->node_type_specific) return std::nullopt;
  auto it = node_values_.find({EngineOfFamily(family), std::string(name)});
  if (it == node_values_.end()) return std::nullopt;
  for (const auto& v : it->second)
    if (v.cache_node_type == cache_node_type) return v.value;
  return std::nullopt;
}

std::vector<const DefaultParameterGroup*> ParameterCatalog::DefaultGroupsOf(
    std::string_view family) const {
  std::vector<const DefaultParameterGroup*> out;
  for (const auto& g : default_groups_)
    if (g.family == family) out.push_back(&g);
  return out;
}

const DefaultParameterGroup* ParameterCatalog::FindDefaultGroup(std::string_view name) const {
  for (const auto& g : default_groups_)
    if (g.name == name) return &g;
  return nullptr;
}

std::optional<std::string> ParameterCatalog::DefaultGroupValue(std::string_view group,
                                                               std::string_view parameter) const {
  const DefaultParameterGroup* g = FindDefaultGroup(group);
  if (g == nullptr) return std::nullopt;
  for (const auto& [name, value] : g->overrides)
    if (name == parameter) return value;
  const CacheParameter* p = Find(g->family, parameter);
  return p ? std::optional<std::string>(p->value) : std::nullopt;
}

}  // namespace ecl

// ParameterCatalog: the cache parameters of every parameter group family (what
// DescribeEngineDefaultParameters returns), the per-node-type values of the node-type-specific
// ones, and the default parameter groups ElastiCache creates for each family. Read from three
// CSV texts, config/cache-parameters/{parameters,node-type-values,default-groups}.csv, written
// by tools/gen_cache_parameters.py.
//
// Formats (see catalog_csv.h for the common rules):
//   parameters.csv:       family,name,value,data_type,allowed_values,is_modifiable,change_type,
//                         minimum_engine_version,source,node_type_specific,description
//   node-type-values.csv: engine,parameter,cache_node_type,value
//   default-groups.csv:   name,family,description,overrides
// A family's engine is its name's prefix (redis, valkey, memcached); every family of an engine
// takes its node-type-specific values from that engine's rows. data_type is string, integer,
// boolean or float; allowed_values is AWS's notation: a comma list of literal values, or for
// integer and float parameters of ranges such as 0-, 1-65000, 1.01-100.00 and single values
// ("-" alone: any integer); empty allows anything of the type. overrides lists name=value
// pairs, space-separated, that differ from the family's defaults.
//
// Parameters are kept in name order within a family, the order AWS returns them in.
//
// Immutable once parsed; thread-safe for readers.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ecl {

inline constexpr std::string_view kParametersHeader =
    "family,name,value,data_type,allowed_values,is_modifiable,change_type,"
    "minimum_engine_version,source,node_type_specific,description";
inline constexpr std::string_view kNodeTypeValuesHeader = "engine,parameter,cache_node_type,value";
inline constexpr std::string_view kDefaultGroupsHeader = "name,family,description,overrides";

struct CacheParameter {
  std::string family;          // CacheParameterGroupFamily
  std::string name;            // ParameterName
  std::string value;           // ParameterValue: the default; empty for node-type-specific ones
  std::string data_type;       // string, integer, boolean, float
  std::string allowed_values;  // AllowedValues, AWS's notation
  bool is_modifiable = false;
  std::string change_type;             // immediate, requires-reboot
  std::string minimum_engine_version;  // MinimumEngineVersion
  std::string source;                  // system (engine-default also accepted)
  bool node_type_specific = false;     // listed in CacheNodeTypeSpecificParameters
  std::string description;
};

struct NodeTypeSpecificValue {
  std::string cache_node_type;
  std::string value;
};

struct NodeTypeSpecificParameter {
  const CacheParameter* parameter = nullptr;
  std::vector<NodeTypeSpecificValue> values;  // by node type name
};

struct DefaultParameterGroup {
  std::string name;  // default.redis7.cluster.on
  std::string family;
  std::string description;
  std::vector<std::pair<std::string, std::string>> overrides;  // parameter name -> value
};

// One catalog file's text and the name its errors use.
struct CatalogText {
  std::string_view text;
  std::string source;
};

// The engine of a family: "redis" for redis7, "valkey" for valkey8, "memcached" for
// memcached1.6; empty for anything else.
std::string EngineOfFamily(std::string_view family);

// Whether `value` fits `parameter`'s data type and allowed values: nullopt if it does, else a
// message naming the parameter, such as "Invalid value 'abc' for parameter timeout: not an
// integer." Says nothing about is_modifiable; callers check that separately.
std::optional<std::string> CheckValue(const CacheParameter& parameter, std::string_view value);

class ParameterCatalog {
 public:
  ParameterCatalog() = default;
  // Throws CatalogError "<source>:<line>: ..." for a malformed line, a duplicate, a default
  // or node value that does not fit its parameter, a value row for an unknown parameter, a
  // node-type-specific parameter without values, or a default group naming an unknown family
  // or parameter.
  static ParameterCatalog Parse(const CatalogText& parameters, const CatalogText& node_type_values,
                                const CatalogText& default_groups);

  // Every family, in file order.
  const std::vector<std::string>& families() const { return family_order_; }
  bool HasFamily(std::string_view family) const;
  // Every parameter of `family` (node-type-specific ones included), in name order; empty for
  // an unknown family.
  std::vector<const CacheParameter*> AllParameters(std::string_view family) const;
  // DescribeEngineDefaultParameters' Parameters: those that are not node-type-specific.
  std::vector<const CacheParameter*> Parameters(std::string_view family) const;
  // DescribeEngineDefaultParameters' CacheNodeTypeSpecificParameters, in name order.
  std::vector<NodeTypeSpecificParameter> NodeTypeSpecificParameters(std::string_view family) const;
  const CacheParameter* Find(std::string_view family, std::string_view name) const;
  // The value of a node-type-specific parameter on one node type, if the catalog has one.
  std::optional<std::string> NodeTypeValue(std::string_view family, std::string_view name,
                                           std::string_view cache_node_type) const;

  // Every default group, in file order.
  const std::vector<DefaultParameterGroup>& default_groups() const { return default_groups_; }
  std::vector<const DefaultParameterGroup*> DefaultGroupsOf(std::string_view family) const;
  const DefaultParameterGroup* FindDefaultGroup(std::string_view name) const;
  // A parameter's value in a default group: the group's override, else the family default;
  // nullopt for an unknown group or parameter.
  std::optional<std::string> DefaultGroupValue(std::string_view group,
                                               std::string_view parameter) const;

 private:
  std::vector<std::string> family_order_;
  std::map<std::string, std::vector<CacheParameter>, std::less<>> parameters_;  // by name
  // (engine, parameter) -> values by node type.
  std::map<std::pair<std::string, std::string>, std::vector<NodeTypeSpecificValue>> node_values_;
  std::vector<DefaultParameterGroup> default_groups_;
};

}  // namespace ecl

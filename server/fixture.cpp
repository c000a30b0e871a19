#include "server/fixture.h"

#include <boost/json.hpp>
#include <algorithm>
#include <fstream>
#include <sstream>

#include "handlers/service.h"
#include "handlers/state_export.h"
#include "model/aws_error.h"
#include "server/located_json.h"
#include "server/query_decoder.h"

namespace ecl {
namespace {

namespace json = boost::json;

const char* JsonType(const json::value& v) {
  switch (v.kind()) {
    case json::kind::object: return "an object";
    case json::kind::array: return "a list";
    case json::kind::string: return "a string";
    case json::kind::bool_: return "true or false";
    case json::kind::null: return "null";
    case json::kind::double_: return "a number with a fraction";
    default: return "an integer";
  }
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Reads one file: every error names the file and the line of the object it is found in.
class FixtureReader {
 public:
  FixtureReader(const LocatedJson& doc, const std::string& source, const ServiceModel& model)
      : doc_(doc), source_(source), model_(model) {}

  [[noreturn]] void Fail(int line, const std::string& message) const {
    throw FixtureError(source_ + ":" + std::to_string(line) + ": " + message);
  }

  const json::object& Object(const json::value& v, int line, const std::string& where) const {
    if (!v.is_object()) Fail(line, where + " must be an object, not " + JsonType(v));
    return v.get_object();
  }
  const json::array& Array(const json::value& v, int line, const std::string& where) const {
    if (!v.is_array()) Fail(line, where + " must be a list, not " + JsonType(v));
    return v.get_array();
  }
  int LineOf(const json::object& o) const { return doc_.LineOf(o); }

  // The entry's members as the Query parameters a request would send (wire names, lists as
  // Name.member.N), checked against `shape` member by member.
  void Flatten(const json::value& v, const Shape& shape, const std::string& name,
               const std::string& where, int line, QueryParams& out) const {
    auto expect = [&](bool ok, const char* what) {
      if (!ok) Fail(line, where + " must be " + what + ", not " + JsonType(v));
    };
    switch (shape.type) {
      case ShapeType::kStructure: {
        const json::object& o = Object(v, line, where);
        const int here = LineOf(o) ? LineOf(o) : line;
        for (const auto& [key, member_value] : o) {
          const Member* member = shape.FindMember(std::string(key));
          if (!member) Fail(here, where + " has no member \"" + std::string(key) + "\"");
          std::string child = name.empty() ? member->wire_name : name + "." + member->wire_name;
          Flatten(member_value, *member->shape, child, where + "." + std::string(key), here, out);
        }
        return;
      }
      case ShapeType::kList: {
        const json::array& a = Array(v, line, where);
        if (a.empty()) out.emplace_back(name, "");  // the Query protocol's empty list
        for (size_t i = 0; i < a.size(); ++i)
          Flatten(a[i], *shape.element.shape, name + ".member." + std::to_string(i + 1),
                  where + "[" + std::to_string(i) + "]", line, out);
        return;
      }
      case ShapeType::kMap: {
        const json::object& o = Object(v, line, where);
        int i = 0;
        for (const auto& [key, entry] : o) {
          std::string prefix = name + ".entry." + std::to_string(++i);
          out.emplace_back(prefix + "." + shape.key.wire_name, std::string(key));
          Flatten(entry, *shape.value.shape, prefix + "." + shape.value.wire_name,
                  where + "." + std::string(key), line, out);
        }
        return;
      }
      case ShapeType::kBoolean:
        expect(v.is_bool(), "true or false");
        out.emplace_back(name, v.get_bool() ? "true" : "false");
        return;
      case ShapeType::kInteger:
      case ShapeType::kLong:
        expect(v.is_int64() || v.is_uint64(), "an integer");
        out.emplace_back(name, json::serialize(v));
        return;
      case ShapeType::kDouble:
      case ShapeType::kFloat:
        expect(v.is_number(), "a number");
        out.emplace_back(name, std::to_string(v.to_number<double>()));
        return;
      default:  // strings, enumerations, timestamps (ISO-8601 text), blobs
        expect(v.is_string(), "a string");
        out.emplace_back(name, std::string(v.get_string()));
        return;
    }
  }

  // An entry's members decoded as `operation`'s input, as the API decodes a request.
  ApiValue Decode(std::string_view operation, const json::object& members,
                  const std::string& where, int line) const {
    const Operation* op = model_.FindOperation(operation);
    if (!op || !op->input) Fail(line, std::string(operation) + " is not in the service model");
    QueryParams params;
    Flatten(members, *op->input, "", where, line, params);
    try {
      return DecodeInput(model_, *op, params);
    } catch (const AwsError& e) {
      Fail(line, where + ": " + e.code + ": " + e.message());
    }
  }

 private:
  const LocatedJson& doc_;
  const std::string& source_;
  const ServiceModel& model_;
};

std::string ScopeField(const FixtureReader& reader, const json::object& scope, const char* key,
                       const std::string& fallback, const std::string& where, int line) {
  auto it = scope.find(key);
  if (it == scope.end()) return fallback;
  if (!it->value().is_string())
    reader.Fail(line, where + "." + key + " must be a string, not " + JsonType(it->value()));
  return std::string(it->value().get_string());
}

void CheckScope(const FixtureReader& reader, const std::string& account,
                const std::string& region, const std::string& where, int line) {
  if (account.size() != 12 || account.find_first_not_of("0123456789") != std::string::npos)
    reader.Fail(line, where + ".account must be a 12-digit account id, not \"" + account + "\"");
  if (region.empty() ||
      region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
    reader.Fail(line, where + ".region must be a region name such as us-east-1, not \"" +
                          region + "\"");
}

// The calls one entry stands for: its create call and, for kinds that have one, the call
// that sets what create cannot (a parameter group's values).
void AddEntryCalls(const FixtureReader& reader, const FixtureKind& kind, const json::object& entry,
                   const std::string& where, FixtureCall base, std::vector<FixtureCall>& out) {
  json::object create_members = entry;
  json::object then_members;
  if (!kind.then.empty()) {
    if (auto it = create_members.find(kind.then_member); it != create_members.end()) {
      then_members[kind.then_member] = it->value();
      create_members.erase(it);
    }
  }
  base.action = std::string(kind.create);
  base.already_exists = std::string(kind.already_exists);
  base.input = reader.Decode(kind.create, create_members, where, base.line);
  // The id is what lets a second start find the resource (the API makes one up otherwise).
  auto id = base.input.GetString(std::string(kind.id_member));
  if (!id)
    reader.Fail(base.line, where + " needs " + std::string(kind.id_member) +
                               ", so that starting again finds what the first start made");
  base.label = where + " \"" + *id + "\"";
  out.push_back(base);
  if (then_members.empty()) return;
  if (auto id = entry.find(kind.id_member); id != entry.end())
    then_members[kind.id_member] = id->value();
  FixtureCall then = base;
  then.action = std::string(kind.then);
  then.already_exists.clear();
  then.follows_previous = true;
  then.input = reader.Decode(kind.then, then_members, where, base.line);
  out.push_back(std::move(then));
}

}  // namespace

const std::vector<FixtureKind>& FixtureKinds() {
  namespace k = fixture_keys;
  static const std::vector<FixtureKind> kinds = {
      {k::kParameterGroups, "CreateCacheParameterGroup", "CacheParameterGroupAlreadyExists",
       "CacheParameterGroupName", "ModifyCacheParameterGroup", "ParameterNameValues"},
      {k::kSubnetGroups, "CreateCacheSubnetGroup", "CacheSubnetGroupAlreadyExists",
       "CacheSubnetGroupName"},
      {k::kUsers, "CreateUser", "UserAlreadyExists", "UserId"},
      {k::kUserGroups, "CreateUserGroup", "UserGroupAlreadyExists", "UserGroupId"},
      {k::kReplicationGroups, "CreateReplicationGroup", "ReplicationGroupAlreadyExists",
       "ReplicationGroupId"},
      {k::kCacheClusters, "CreateCacheCluster", "CacheClusterAlreadyExists", "CacheClusterId"},
      {k::kSnapshots, "CreateSnapshot", "SnapshotAlreadyExistsFault", "SnapshotName"},
      {k::kReservedNodes, "PurchaseReservedCacheNodesOffering", "ReservedCacheNodeAlreadyExists",
       "ReservedCacheNodeId"},
  };
  return kinds;
}

std::vector<FixtureCall> ParseFixture(std::string_view text, const std::string& source,
                                      const ServiceModel& model,
                                      const IdentityDefaults& defaults) {
  std::optional<LocatedJson> doc;
  try {
    doc.emplace(text);
  } catch (const JsonSyntaxError& e) {
    throw FixtureError(source + ":" + std::to_string(e.line) + ": " + e.what());
  }
  FixtureReader reader(*doc, source, model);
  const json::object& top = reader.Object(doc->value(), 1, "the fixture");
  const int top_line = reader.LineOf(top);
  for (const auto& [key, value] : top) {
    if (key == "format_version") {
      if (!value.is_int64() || value.get_int64() != kFixtureFormatVersion)
        reader.Fail(top_line, "format_version must be " + std::to_string(kFixtureFormatVersion) +
                                  ", not " + json::serialize(value));
    } else if (key != "scopes" && key != "not_exported" && key != "exported_at") {
      // exported_at and not_exported: what GET /_admin/state adds for people to read.
      reader.Fail(top_line, "unknown key \"" + std::string(key) +
                                "\" (expected format_version, scopes, exported_at, not_exported)");
    }
  }
  std::vector<FixtureCall> calls;
  auto scopes_it = top.find("scopes");
  if (scopes_it == top.end()) return calls;
  const json::array& scopes = reader.Array(scopes_it->value(), top_line, "scopes");
  std::vector<std::string> kind_keys = {"account", "region"};
  for (const auto& kind : FixtureKinds()) kind_keys.emplace_back(kind.key);

  for (size_t s = 0; s < scopes.size(); ++s) {
    const std::string where = "scopes[" + std::to_string(s) + "]";
    const json::object& scope = reader.Object(scopes[s], top_line, where);
    const int line = reader.LineOf(scope);
    for (const auto& [key, value] : scope)
      if (std::find(kind_keys.begin(), kind_keys.end(), key) == kind_keys.end())
        reader.Fail(line, where + " has an unknown key \"" + std::string(key) + "\" (expected " +
                              Joined(kind_keys) + ")");
    FixtureCall base;
    base.account = ScopeField(reader, scope, "account", defaults.account, where, line);
    base.region = ScopeField(reader, scope, "region", defaults.region, where, line);
    CheckScope(reader, base.account, base.region, where, line);
    for (const auto& kind : FixtureKinds()) {
      auto it = scope.find(kind.key);
      if (it == scope.end()) continue;
      const std::string list_where = where + "." + std::string(kind.key);
      const json::array& entries = reader.Array(it->value(), line, list_where);
      for (size_t i = 0; i < entries.size(); ++i) {
        const std::string entry_where = list_where + "[" + std::to_string(i) + "]";
        const json::object& entry = reader.Object(entries[i], line, entry_where);
        base.line = reader.LineOf(entry);
        base.label = entry_where;
        AddEntryCalls(reader, kind, entry, entry_where, base, calls);
      }
    }
  }
  return calls;
}

FixtureOutcome ApplyFixture(const std::vector<FixtureCall>& calls, const HandlerRegistry& registry,
                            Service& service, Timestamp now, int64_t transition_ms,
                            const std::string& source) {
  FixtureOutcome outcome;
  // A step is long enough for what one call starts to finish before the next call is made.
  const int64_t step_ms = transition_ms + 1000;
  const int64_t start_ms = now.epoch_ms - step_ms * int64_t(calls.size());
  bool previous_created = false;
  for (size_t i = 0; i < calls.size(); ++i) {
    const FixtureCall& call = calls[i];
    if (call.follows_previous && !previous_created) continue;
    const Handler* handler = registry.Find(call.action);
    if (!handler)
      throw FixtureError(source + ":" + std::to_string(call.line) + ": " + call.label + ": " +
                         call.action + " is not implemented by elasticache-local");
    RequestContext ctx{"fixture-" + std::to_string(i + 1), call.account, call.region,
                       Timestamp{start_ms + step_ms * int64_t(i)}};
    try {
      (*handler)(ctx, call.input);
      previous_created = true;
      if (!call.follows_previous) ++outcome.created;
    } catch (const AwsError& e) {
      if (e.code != call.already_exists)
        throw FixtureError(source + ":" + std::to_string(call.line) + ": " + call.label + ": " +
                           call.action + " failed: " + e.code + ": " + e.message());
      previous_created = false;
      ++outcome.existing;
    }
  }
  service.ApplyDueTransitions(now);
  return outcome;
}

FixtureOutcome ApplyFixtureFile(const std::string& path, const ServiceModel& model,
                                const HandlerRegistry& registry, Service& service,
                                const IdentityDefaults& defaults, Timestamp now,
                                int64_t transition_ms) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FixtureError(path + ": cannot read the fixture file");
  std::stringstream text;
  text << in.rdbuf();
  auto calls = ParseFixture(text.str(), path, model, defaults);
  return ApplyFixture(calls, registry, service, now, transition_ms, path);
}

}  // namespace ecl

#include "storage/records.h"

#include <boost/json.hpp>

#include "storage/storage_error.h"

namespace ecl {

namespace json = boost::json;

namespace {

// Appends `s` as a JSON string literal.
void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t plain = 0;  // start of the run of bytes that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(s.data() + plain, s.size() - plain);
  out += '"';
}

void AppendJsonNumber(std::string& out, double d) { out += json::serialize(json::value(d)); }

void AppendJson(std::string& out, const ApiValue& v) {
  struct Visitor {
    std::string& out;
    void operator()(std::monostate) const { out += "null"; }
    void operator()(bool b) const { out += b ? "true" : "false"; }
    void operator()(int64_t i) const { out += std::to_string(i); }
    void operator()(double d) const { AppendJsonNumber(out, d); }
    void operator()(const std::string& s) const { AppendJsonString(out, s); }
    void operator()(Timestamp t) const { out += "{\"$ts\":" + std::to_string(t.epoch_ms) + "}"; }
    void operator()(const ApiList& l) const {
      out += '[';
      for (size_t i = 0; i < l.size(); ++i) {
        if (i) out += ',';
        AppendJson(out, l[i]);
      }
      out += ']';
    }
    void operator()(const ApiMap& m) const {
      out += '{';
      bool first = true;
      for (const auto& [k, e] : m) {
        if (!first) out += ',';
        first = false;
        AppendJsonString(out, k);
        out += ':';
        AppendJson(out, e);
      }
      out += '}';
    }
  };
  std::visit(Visitor{out}, v.variant());
}

ApiValue FromJson(const json::value& v) {
  switch (v.kind()) {
    case json::kind::bool_:
      return ApiValue(v.get_bool());
    case json::kind::int64:
      return ApiValue(v.get_int64());
    case json::kind::uint64:
      return ApiValue(int64_t(v.get_uint64()));
    case json::kind::double_:
      return ApiValue(v.get_double());
    case json::kind::string:
      return ApiValue(std::string(v.get_string()));
    case json::kind::array: {
      ApiValue out = ApiValue::List();
      for (const auto& e : v.get_array()) out.Push(FromJson(e));
      return out;
    }
    case json::kind::object: {
      const auto& o = v.get_object();
      if (o.size() == 1 && o.contains("$ts"))
        return ApiValue(Timestamp{o.at("$ts").to_number<int64_t>()});
      ApiValue out = ApiValue::Struct();
      for (const auto& [k, e] : o) out.Set(std::string(k), FromJson(e));
      return out;
    }
    default:
      return ApiValue();
  }
}

// Writes fields as the members of one JSON object, straight into its text: no tree is built
// (every write of a resource encodes it). Field(name, value) is overloaded per field type.
struct Writer {
  std::string& out;
  bool first = true;
  void Name(const char* n) {
    if (!first) out += ',';
    first = false;
    out += '"';
    out += n;  // field names are plain identifiers
    out += "\":";
  }
  void operator()(const char* n, const std::string& v) {
    Name(n);
    AppendJsonString(out, v);
  }
  void operator()(const char* n, int v) {
    Name(n);
    out += std::to_string(v);
  }
  void operator()(const char* n, bool v) {
    Name(n);
    out += v ? "true" : "false";
  }
  void operator()(const char* n, double v) {
    Name(n);
    AppendJsonNumber(out, v);
  }
  void operator()(const char* n, Timestamp v) {
    Name(n);
    out += std::to_string(v.epoch_ms);
  }
  void operator()(const char* n, const ApiValue& v) {
    Name(n);
    AppendJson(out, v);
  }
  void operator()(const char* n, const std::map<std::string, std::string>& v) {
    Name(n);
    out += '{';
    bool first_entry = true;
    for (const auto& [k, e] : v) {
      if (!first_entry) out += ',';
      first_entry = false;
      AppendJsonString(out, k);
      out += ':';
      AppendJsonString(out, e);
    }
    out += '}';
  }
  void operator()(const char* n, const std::vector<std::string>& v) {
    Name(n);
    out += '[';
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) out += ',';
      AppendJsonString(out, v[i]);
    }
    out += ']';
  }
  template <typename T>
  void operator()(const char* n, const std::optional<T>& v) {
    if (v) (*this)(n, *v);
  }
  template <typename T>
  void operator()(const char* n, const std::vector<T>& v);
  template <typename T>
  void operator()(const char* n, const T& v);
  // One object of a nested type.
  template <typename T>
  static void Object(std::string& out, const T& v) {
    out += '{';
    Writer nested{out};
    Fields(nested, const_cast<T&>(v));  // Writer only reads
    out += '}';
  }
};

struct Reader {
  const json::object& obj;
  const json::value* Find(const char* n) const {
    auto* v = obj.if_contains(n);
    return v && !v->is_null() ? v : nullptr;
  }
  void operator()(const char* n, std::string& v) {
    if (auto* j = Find(n)) v = std::string(j->as_string());
  }
  void operator()(const char* n, int& v) {
    if (auto* j = Find(n)) v = j->to_number<int>();
  }
  void operator()(const char* n, bool& v) {
    if (auto* j = Find(n)) v = j->as_bool();
  }
  void operator()(const char* n, double& v) {
    if (auto* j = Find(n)) v = j->to_number<double>();
  }
  void operator()(const char* n, Timestamp& v) {
    if (auto* j = Find(n)) v.epoch_ms = j->to_number<int64_t>();
  }
  void operator()(const char* n, ApiValue& v) {
    if (auto* j = Find(n)) v = FromJson(*j);
  }
  void operator()(const char* n, std::map<std::string, std::string>& v) {
    if (auto* j = Find(n))
      for (const auto& [k, e] : j->as_object()) v[std::string(k)] = std::string(e.as_string());
  }
  void operator()(const char* n, std::vector<std::string>& v) {
    if (auto* j = Find(n))
      for (const auto& e : j->as_array()) v.emplace_back(e.as_string());
  }
  template <typename T>
  void operator()(const char* n, std::optional<T>& v) {
    if (Find(n)) {
      T t{};
      (*this)(n, t);
      v = std::move(t);
    }
  }
  template <typename T>
  void operator()(const char* n, std::vector<T>& v);
  template <typename T>
  void operator()(const char* n, T& v);
};

// One list of fields per type, shared by Writer and Reader.
template <typename A, typename T>
void Fields(A& a, T& t);

template <typename A>
void Fields(A& a, Transition& t) {
  a("kind", t.kind);
  a("started_at", t.started_at);
  a("due_at", t.due_at);
}

template <typename A>
void Fields(A& a, RestoreSource& r) {
  a("snapshot_name", r.snapshot_name);
  a("snapshot_arns", r.snapshot_arns);
}

template <typename A>
void Fields(A& a, NodeSettings& s) {
  a("cache_node_type", s.cache_node_type);
  a("engine", s.engine);
  a("engine_version", s.engine_version);
  a("cache_parameter_group_name", s.cache_parameter_group_name);
  a("cache_subnet_group_name", s.cache_subnet_group_name);
  a("cache_security_group_names", s.cache_security_group_names);
  a("security_group_ids", s.security_group_ids);
  a("port", s.port);
  a("preferred_maintenance_window", s.preferred_maintenance_window);
  a("snapshot_window", s.snapshot_window);
  a("snapshot_retention_limit", s.snapshot_retention_limit);
  a("notification_topic_arn", s.notification_topic_arn);
  a("notification_topic_status", s.notification_topic_status);
  a("auto_minor_version_upgrade", s.auto_minor_version_upgrade);
  a("transit_encryption_enabled", s.transit_encryption_enabled);
  a("transit_encryption_mode", s.transit_encryption_mode);
  a("at_rest_encryption_enabled", s.at_rest_encryption_enabled);
  a("auth_token_enabled", s.auth_token_enabled);
  a("auth_token_last_modified", s.auth_token_last_modified);
  a("auth_tokens", s.auth_tokens);
  a("network_type", s.network_type);
  a("ip_discovery", s.ip_discovery);
}

template <typename A>
void Fields(A& a, NodeGroupMember& m) {
  a("cache_cluster_id", m.cache_cluster_id);
  a("availability_zone", m.availability_zone);
  a("primary", m.primary);
  a("joining", m.joining);
  a("leaving", m.leaving);
}

template <typename A>
void Fields(A& a, NodeGroup& g) {
  a("id", g.id);
  a("status", g.status);
  a("slots", g.slots);
  a("members", g.members);
}

template <typename A>
void Fields(A& a, ConfigureShard& c) {
  a("node_group_id", c.node_group_id);
  a("new_replica_count", c.new_replica_count);
  a("preferred_availability_zones", c.preferred_availability_zones);
}

template <typename A>
void Fields(A& a, ZonePlacement& p) {
  a("region", p.region);
  a("subnet_group", p.subnet_group);
  a("zones", p.zones);
  a("region_zones", p.region_zones);
}

template <typename A>
void Fields(A& a, ReplicaChangeRequest& r) {
  a("increase", r.increase);
  a("new_replica_count", r.new_replica_count);
  a("replica_configuration", r.replica_configuration);
  a("replicas_to_remove", r.replicas_to_remove);
  a("placement", r.placement);
}

template <typename A>
void Fields(A& a, GroupModification& m) {
  a("cache_node_type", m.cache_node_type);
  a("engine", m.engine);
  a("engine_version", m.engine_version);
  a("cache_parameter_group_name", m.cache_parameter_group_name);
  a("primary_cluster_id", m.primary_cluster_id);
  a("automatic_failover", m.automatic_failover);
  a("cache_security_group_names", m.cache_security_group_names);
  a("security_group_ids", m.security_group_ids);
  a("ip_discovery", m.ip_discovery);
  a("auth_token_status", m.auth_token_status);
  a("auth_token_strategy", m.auth_token_strategy);
  a("auth_token_fingerprint", m.auth_token_fingerprint);
  a("auth_token", m.auth_token);
  a("user_group_ids_to_add", m.user_group_ids_to_add);
  a("user_group_ids_to_remove", m.user_group_ids_to_remove);
  a("log_delivery_configurations", m.log_delivery_configurations);
  a("transit_encryption_enabled", m.transit_encryption_enabled);
  a("transit_encryption_mode", m.transit_encryption_mode);
  a("cluster_mode", m.cluster_mode);
}

template <typename A>
void Fields(A& a, FailoverInProgress& f) {
  a("node_group_id", f.node_group_id);
  a("from", f.from);
  a("to", f.to);
}

template <typename A>
void Fields(A& a, GlobalDatastoreMembership& m) {
  a("global_replication_group_id", m.global_replication_group_id);
  a("role", m.role);
}

template <typename A>
void Fields(A& a, TestFailoverRecord& r) {
  a("node_group_id", r.node_group_id);
  a("at", r.at);
}

template <typename A>
void Fields(A& a, ReplicationGroup& rg) {
  a("account", rg.account);
  a("region", rg.region);
  a("id", rg.id);
  a("description", rg.description);
  a("status", rg.status);
  a("transition", rg.transition);
  a("created_at", rg.created_at);
  a("cluster_enabled", rg.cluster_enabled);
  a("cluster_mode", rg.cluster_mode);
  a("automatic_failover", rg.automatic_failover);
  a("multi_az", rg.multi_az);
  a("data_tiering", rg.data_tiering);
  a("kms_key_id", rg.kms_key_id);
  a("user_group_ids", rg.user_group_ids);
  a("snapshotting_cluster_id", rg.snapshotting_cluster_id);
  a("settings", rg.settings);
  a("log_delivery_configurations", rg.log_delivery_configurations);
  a("node_groups", rg.node_groups);
  a("scheduled_replica_change", rg.scheduled_replica_change);
  a("resharding_target_slots", rg.resharding_target_slots);
  a("restored_from", rg.restored_from);
  a("modification", rg.modification);
  a("deferred_modification", rg.deferred_modification);
  a("failover", rg.failover);
  a("test_failovers", rg.test_failovers);
  a("rotated_auth_token", rg.rotated_auth_token);
  a("endpoint_transit_encryption", rg.endpoint_transit_encryption);
  a("parameter_group_before_compatible", rg.parameter_group_before_compatible);
  a("global_datastore", rg.global_datastore);
  a("migration_source", rg.migration_source);
}

template <typename A>
void Fields(A& a, CacheNode& n) {
  a("id", n.id);
  a("status", n.status);
  a("created_at", n.created_at);
  a("availability_zone", n.availability_zone);
  a("endpoint", n.endpoint);
}

template <typename A>
void Fields(A& a, PendingClusterChanges& p) {
  a("num_cache_nodes", p.num_cache_nodes);
  a("cache_node_ids_to_remove", p.cache_node_ids_to_remove);
  a("new_availability_zones", p.new_availability_zones);
  a("engine_version", p.engine_version);
  a("cache_node_type", p.cache_node_type);
  a("scale_percentage", p.scale_percentage);
  a("scale_interval_minutes", p.scale_interval_minutes);
}

template <typename A>
void Fields(A& a, CacheCluster& c) {
  a("account", c.account);
  a("region", c.region);
  a("id", c.id);
  a("replication_group_id", c.replication_group_id);
  a("status", c.status);
  a("transition", c.transition);
  a("created_at", c.created_at);
  a("availability_zone", c.availability_zone);
  a("az_mode", c.az_mode);
  a("nodes", c.nodes);
  a("settings", c.settings);
  a("pending", c.pending);
  a("log_delivery_configurations", c.log_delivery_configurations);
  a("parameters_applying_until", c.parameters_applying_until);
  a("parameters_pending_reboot", c.parameters_pending_reboot);
  a("restored_from", c.restored_from);
}

template <typename A>
void Fields(A& a, NodeSnapshotRecord& n) {
  a("cache_cluster_id", n.cache_cluster_id);
  a("node_group_id", n.node_group_id);
  a("slots", n.slots);
  a("replica_count", n.replica_count);
  a("primary_availability_zone", n.primary_availability_zone);
  a("replica_availability_zones", n.replica_availability_zones);
  a("cache_size", n.cache_size);
  a("cache_node_create_time", n.cache_node_create_time);
  a("snapshot_create_time", n.snapshot_create_time);
}

template <typename A>
void Fields(A& a, Snapshot& s) {
  a("account", s.account);
  a("region", s.region);
  a("id", s.id);
  a("status", s.status);
  a("transition", s.transition);
  a("source", s.source);
  a("replication_group_id", s.replication_group_id);
  a("replication_group_description", s.replication_group_description);
  a("cache_cluster_id", s.cache_cluster_id);
  a("taken_from_cluster_id", s.taken_from_cluster_id);
  a("preferred_availability_zone", s.preferred_availability_zone);
  a("cache_cluster_create_time", s.cache_cluster_create_time);
  a("cluster_enabled", s.cluster_enabled);
  a("cluster_mode", s.cluster_mode);
  a("automatic_failover", s.automatic_failover);
  a("multi_az", s.multi_az);
  a("data_tiering", s.data_tiering);
  a("kms_key_id", s.kms_key_id);
  a("num_cache_nodes", s.num_cache_nodes);
  a("settings", s.settings);
  a("node_snapshots", s.node_snapshots);
  a("copied_from", s.copied_from);
}

template <typename A>
void Fields(A& a, RecurringCharge& c) {
  a("amount", c.amount);
  a("frequency", c.frequency);
}

template <typename A>
void Fields(A& a, ReservedCacheNode& r) {
  a("account", r.account);
  a("region", r.region);
  a("id", r.id);
  a("offering_id", r.offering_id);
  a("cache_node_type", r.cache_node_type);
  a("start_time", r.start_time);
  a("duration_seconds", r.duration_seconds);
  a("fixed_price", r.fixed_price);
  a("usage_price", r.usage_price);
  a("cache_node_count", r.cache_node_count);
  a("product_description", r.product_description);
  a("offering_type", r.offering_type);
  a("recurring_charges", r.recurring_charges);
  a("state", r.state);
  a("transition", r.transition);
}

template <typename A>
void Fields(A& a, Ec2SecurityGroupAuthorization& e) {
  a("ec2_security_group_name", e.ec2_security_group_name);
  a("ec2_security_group_owner_id", e.ec2_security_group_owner_id);
  a("status", e.status);
  a("settles_at", e.settles_at);
}

template <typename A>
void Fields(A& a, CacheSecurityGroup& g) {
  a("account", g.account);
  a("region", g.region);
  a("id", g.id);
  a("description", g.description);
  a("built_in", g.built_in);
  a("created_at", g.created_at);
  a("ec2_security_groups", g.ec2_security_groups);
  a("transition", g.transition);
}

template <typename A>
void Fields(A& a, PendingParameterChange& p) {
  a("name", p.name);
  a("until", p.until);
}

template <typename A>
void Fields(A& a, CacheParameterGroup& g) {
  a("account", g.account);
  a("region", g.region);
  a("id", g.id);
  a("family", g.family);
  a("description", g.description);
  a("built_in", g.built_in);
  a("is_global", g.is_global);
  a("values", g.values);
  a("pending", g.pending);
  a("transition", g.transition);
}

template <typename A>
void Fields(A& a, User& u) {
  a("account", u.account);
  a("region", u.region);
  a("id", u.id);
  a("user_name", u.user_name);
  a("engine", u.engine);
  a("access_string", u.access_string);
  a("authentication_type", u.authentication_type);
  a("passwords", u.passwords);
  a("minimum_engine_version", u.minimum_engine_version);
  a("built_in", u.built_in);
  a("status", u.status);
  a("transition", u.transition);
  a("created_at", u.created_at);
}

template <typename A>
void Fields(A& a, UserGroup& g) {
  a("account", g.account);
  a("region", g.region);
  a("id", g.id);
  a("engine", g.engine);
  a("user_ids", g.user_ids);
  a("pending_user_ids_to_add", g.pending_user_ids_to_add);
  a("pending_user_ids_to_remove", g.pending_user_ids_to_remove);
  a("status", g.status);
  a("transition", g.transition);
  a("created_at", g.created_at);
}

template <typename A>
void Fields(A& a, UsageBounds& b) {
  a("maximum", b.maximum);
  a("minimum", b.minimum);
}

template <typename A>
void Fields(A& a, ServerlessUsageLimits& l) {
  a("data_storage_gb", l.data_storage_gb);
  a("ecpu_per_second", l.ecpu_per_second);
}

template <typename A>
void Fields(A& a, ServerlessCache& c) {
  a("account", c.account);
  a("region", c.region);
  a("id", c.id);
  a("description", c.description);
  a("engine", c.engine);
  a("major_engine_version", c.major_engine_version);
  a("usage_limits", c.usage_limits);
  a("kms_key_id", c.kms_key_id);
  a("security_group_ids", c.security_group_ids);
  a("subnet_ids", c.subnet_ids);
  a("user_group_id", c.user_group_id);
  a("snapshot_retention_limit", c.snapshot_retention_limit);
  a("daily_snapshot_time", c.daily_snapshot_time);
  a("network_type", c.network_type);
  a("endpoint_address", c.endpoint_address);
  a("pending_engine", c.pending_engine);
  a("pending_major_engine_version", c.pending_major_engine_version);
  a("status", c.status);
  a("transition", c.transition);
  a("created_at", c.created_at);
}

template <typename A>
void Fields(A& a, ServerlessCacheSnapshot& s) {
  a("account", s.account);
  a("region", s.region);
  a("id", s.id);
  a("snapshot_type", s.snapshot_type);
  a("kms_key_id", s.kms_key_id);
  a("created_at", s.created_at);
  a("expires_at", s.expires_at);
  a("bytes_used_for_cache", s.bytes_used_for_cache);
  a("serverless_cache_name", s.serverless_cache_name);
  a("engine", s.engine);
  a("major_engine_version", s.major_engine_version);
  a("copied_from", s.copied_from);
  a("status", s.status);
  a("transition", s.transition);
}

template <typename A>
void Fields(A& a, NodeUpdate& n) {
  a("node_group_id", n.node_group_id);
  a("cache_cluster_id", n.cache_cluster_id);
  a("cache_node_id", n.cache_node_id);
  a("wave", n.wave);
  a("status", n.status);
  a("started_at", n.started_at);
  a("ended_at", n.ended_at);
  a("initiated_at", n.initiated_at);
  a("initiated_by", n.initiated_by);
  a("status_modified_at", n.status_modified_at);
}

template <typename A>
void Fields(A& a, UpdateAction& u) {
  a("account", u.account);
  a("region", u.region);
  a("id", u.id);
  a("service_update_name", u.service_update_name);
  a("target_kind", u.target_kind);
  a("target_id", u.target_id);
  a("target_created_at", u.target_created_at);
  a("status", u.status);
  a("status_modified_at", u.status_modified_at);
  a("nodes", u.nodes);
  a("transition", u.transition);
}

template <typename A>
void Fields(A& a, CacheSubnet& s) {
  a("id", s.id);
  a("availability_zone", s.availability_zone);
  a("supported_network_types", s.supported_network_types);
}

template <typename A>
void Fields(A& a, CacheSubnetGroup& g) {
  a("account", g.account);
  a("region", g.region);
  a("id", g.id);
  a("description", g.description);
  a("vpc_id", g.vpc_id);
  a("subnets", g.subnets);
  a("built_in", g.built_in);
  a("transition", g.transition);
}

template <typename A>
void Fields(A& a, GlobalReplicationGroupMember& m) {
  a("replication_group_id", m.replication_group_id);
  a("region", m.region);
  a("role", m.role);
  a("status", m.status);
  a("leaving", m.leaving);
}

template <typename A>
void Fields(A& a, DepartedGlobalMember& m) {
  a("replication_group_id", m.replication_group_id);
  a("region", m.region);
}

template <typename A>
void Fields(A& a, GlobalReplicationGroup& g) {
  a("account", g.account);
  a("region", g.region);
  a("id", g.id);
  a("home_region", g.home_region);
  a("description", g.description);
  a("status", g.status);
  a("transition", g.transition);
  a("created_at", g.created_at);
  a("members", g.members);
  a("departed", g.departed);
  a("failover_to_region", g.failover_to_region);
}

template <typename T>
void Writer::operator()(const char* n, const T& v) {
  Name(n);
  Object(out, v);
}

template <typename T>
void Writer::operator()(const char* n, const std::vector<T>& v) {
  Name(n);
  out += '[';
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    Object(out, v[i]);
  }
  out += ']';
}

template <typename T>
void Reader::operator()(const char* n, T& v) {
  if (auto* j = Find(n)) {
    Reader nested{j->as_object()};
    Fields(nested, v);
  }
}

template <typename T>
void Reader::operator()(const char* n, std::vector<T>& v) {
  if (auto* j = Find(n))
    for (const auto& e : j->as_array()) {
      T t{};
      Reader nested{e.as_object()};
      Fields(nested, t);
      v.push_back(std::move(t));
    }
}

template <typename T>
std::string Encode(const T& t) {
  std::string out;
  out.reserve(1024);
  Writer::Object(out, t);
  return out;
}

template <typename T>
void Decode(std::string_view text, T& t) {
  try {
    // Parsed into a stack buffer: the tree lives only while its fields are copied out, so
    // none of its nodes needs the heap or a destructor (most records fit the buffer).
    unsigned char buffer[16384];
    json::monotonic_resource arena(buffer, sizeof buffer);
    json::value v = json::parse(text, &arena);
    Reader r{v.as_object()};
    Fields(r, t);
  } catch (const std::exception& e) {
    throw StorageError(std::string("corrupt record: ") + e.what());
  }
}

}  // namespace

std::string EncodeRecord(const ReplicationGroup& rg) { return Encode(rg); }
std::string EncodeRecord(const CacheCluster& cc) { return Encode(cc); }
void DecodeRecord(std::string_view json, ReplicationGroup& rg) { Decode(json, rg); }
void DecodeRecord(std::string_view json, CacheCluster& cc) {
  Decode(json, cc);
  // Schema 1 documents kept the one node of a member cluster in two fields.
  if (cc.nodes.empty()) {
    json::object legacy = json::parse(json).as_object();
    if (auto* endpoint = legacy.if_contains("node_endpoint"); endpoint && endpoint->is_string())
      cc.nodes.push_back({"0001",
                          cc.status == CacheClusterStatus::kCreating ? CacheNodeStatus::kCreating
                                                                     : CacheNodeStatus::kAvailable,
                          cc.created_at, cc.availability_zone, std::string(endpoint->as_string())});
  }
}
std::string EncodeRecord(const Snapshot& s) { return Encode(s); }
void DecodeRecord(std::string_view json, Snapshot& s) { Decode(json, s); }
std::string EncodeRecord(const ReservedCacheNode& node) { return Encode(node); }
void DecodeRecord(std::string_view json, ReservedCacheNode& node) { Decode(json, node); }
std::string EncodeRecord(const CacheSecurityGroup& group) { return Encode(group); }
void DecodeRecord(std::string_view json, CacheSecurityGroup& group) { Decode(json, group); }
std::string EncodeRecord(const CacheParameterGroup& group) { return Encode(group); }
void DecodeRecord(std::string_view json, CacheParameterGroup& group) { Decode(json, group); }
std::string EncodeRecord(const CacheSubnetGroup& group) { return Encode(group); }
void DecodeRecord(std::string_view json, CacheSubnetGroup& group) { Decode(json, group); }

std::string EncodeRecord(const GlobalReplicationGroup& group) { return Encode(group); }
void DecodeRecord(std::string_view json, GlobalReplicationGroup& group) { Decode(json, group); }

std::string EncodeRecord(const User& user) { return Encode(user); }
void DecodeRecord(std::string_view json, User& user) { Decode(json, user); }
std::string EncodeRecord(const UserGroup& group) { return Encode(group); }
void DecodeRecord(std::string_view json, UserGroup& group) { Decode(json, group); }
std::string EncodeRecord(const ServerlessCache& cache) { return Encode(cache); }
void DecodeRecord(std::string_view json, ServerlessCache& cache) { Decode(json, cache); }
std::string EncodeRecord(const ServerlessCacheSnapshot& s) { return Encode(s); }
void DecodeRecord(std::string_view json, ServerlessCacheSnapshot& s) { Decode(json, s); }

std::string EncodeRecord(const UpdateAction& action) { return Encode(action); }
void DecodeRecord(std::string_view json, UpdateAction& action) { Decode(json, action); }

}  // namespace ecl

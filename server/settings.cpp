#include "server/settings.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ecl {
namespace {

// One configurable key: its name in the config file, the environment and on the command line.
struct Key {
  std::string_view file_name;  // e.g. "data_dir"
  std::string_view env_name;   // e.g. "ECL_DATA_DIR"
  std::string_view flag;       // e.g. "--data-dir"
  std::string_view meta;       // value placeholder in --help; "" for a switch
  std::string_view help;
  void (*apply)(Settings&, const std::string& value, const std::string& where);
};

[[noreturn]] void Bad(const std::string& where, const std::string& value,
                      const std::string& expected) {
  throw SettingsError(where + ": invalid value '" + value + "': expected " + expected);
}

int64_t ParseInt(const std::string& where, const std::string& v, int64_t lo, int64_t hi) {
  int64_t out = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size() || out < lo || out > hi)
    Bad(where, v, "an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  return out;
}

bool ParseBool(const std::string& where, const std::string& v) {
  std::string lower = v;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "true" || lower == "1" || lower == "yes" || lower == "on") return true;
  if (lower == "false" || lower == "0" || lower == "no" || lower == "off") return false;
  Bad(where, v, "true or false");
}

double ParseSeconds(const std::string& where, const std::string& v) {
  // strtod accepts "inf", "nan" and hex; insist on a plain finite, non-negative number.
  if (v.empty() || v.find_first_not_of("0123456789.") != std::string::npos)
    Bad(where, v, "a non-negative number of seconds");
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (end != v.c_str() + v.size() || !std::isfinite(d) || d < 0 || d > 1e7)
    Bad(where, v, "a non-negative number of seconds (at most 10000000)");
  return d;
}

std::string NonEmpty(const std::string& where, const std::string& v, const std::string& what) {
  if (v.empty()) Bad(where, v, what);
  return v;
}

const std::vector<Key>& Keys() {
  static const std::vector<Key> keys = {
      {"host", "ECL_HOST", "--host", "HOST", "address to listen on (default 0.0.0.0)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.host = NonEmpty(w, v, "a host name or IP address");
       }},
      {"port", "ECL_PORT", "--port", "PORT", "TCP port; 0 picks a free one (default 4510)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.port = static_cast<uint16_t>(ParseInt(w, v, 0, 65535));
       }},
      {"data_dir", "ECL_DATA_DIR", "--data-dir", "DIR",
       "directory of the SQLite state file (default ./data)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.data_dir = NonEmpty(w, v, "a directory");
       }},
      {"in_memory", "ECL_IN_MEMORY", "--in-memory", "",
       "keep state in memory only, nothing on disk (default false)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.in_memory = ParseBool(w, v);
       }},
      {"config", "ECL_CONFIG", "--config", "FILE", "config file of `key = value` lines",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.config_file = NonEmpty(w, v, "a file name");
       }},
      {"transition_seconds", "ECL_TRANSITION_SECONDS", "--transition-seconds", "S",
       "duration of creating/modifying/deleting... states (default 0: immediate)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.transition_seconds = ParseSeconds(w, v);
       }},
      {"export_dir", "ECL_EXPORT_DIR", "--export-dir", "DIR",
       "where snapshot exports are written (default <data-dir>/exports)",
       [](Settings& s, const std::string& v, const std::string&) { s.export_dir = v; }},
      {"log_level", "ECL_LOG_LEVEL", "--log-level", "LEVEL",
       "trace, debug, info, warn, error or off (default info)",
       [](Settings& s, const std::string& v, const std::string& w) {
         static const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
         if (std::find(std::begin(kLevels), std::end(kLevels), v) == std::end(kLevels))
           Bad(w, v, "one of trace, debug, info, warn, error, off");
         s.log_level = v;
       }},
      {"threads", "ECL_THREADS", "--threads", "N", "I/O threads (default 1)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.threads = static_cast<int>(ParseInt(w, v, 1, 256));
       }},
      {"default_account", "ECL_DEFAULT_ACCOUNT", "--default-account", "ID",
       "account for access keys that are not 12 digits (default 000000000000)",
       [](Settings& s, const std::string& v, const std::string& w) {
         if (v.size() != 12 || v.find_first_not_of("0123456789") != std::string::npos)
           Bad(w, v, "a 12-digit account id");
         s.default_account = v;
       }},
      {"default_region", "ECL_DEFAULT_REGION", "--default-region", "REGION",
       "region when a request names none (default us-east-1)",
       [](Settings& s, const std::string& v, const std::string& w) {
         if (v.empty() ||
             v.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
           Bad(w, v, "a region name such as us-east-1");
         s.default_region = v;
       }},
      {"node_groups_quota", "ECL_NODE_GROUPS_QUOTA", "--node-groups-quota", "N",
       "node groups (shards) per replication group (default 15)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.node_groups_quota = static_cast<int>(ParseInt(w, v, 1, 500));
       }},
      {"snapshot_quota", "ECL_SNAPSHOT_QUOTA", "--snapshot-quota", "N",
       "snapshots per account and region (default 1000)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.snapshot_quota = static_cast<int>(ParseInt(w, v, 0, 1000000));
       }},
      {"reserved_offerings_file", "ECL_RESERVED_OFFERINGS_FILE", "--reserved-offerings-file",
       "FILE", "reserved node offerings catalog (CSV) replacing the built-in one",
       [](Settings& s, const std::string& v, const std::string&) {
         s.reserved_offerings_file = v;
       }},
      {"reserved_nodes_quota", "ECL_RESERVED_NODES_QUOTA", "--reserved-nodes-quota", "N",
       "reserved cache nodes per account and region (default 100)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.reserved_nodes_quota = static_cast<int>(ParseInt(w, v, 0, 1000000));
       }},
      {"cache_clusters_quota", "ECL_CACHE_CLUSTERS_QUOTA", "--cache-clusters-quota", "N",
       "cache clusters per account and region (default 300)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.cache_clusters_quota = static_cast<int>(ParseInt(w, v, 0, 1000000));
       }},
      {"nodes_quota", "ECL_NODES_QUOTA", "--nodes-quota", "N",
       "cache nodes per account and region (default 300)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.nodes_quota = static_cast<int>(ParseInt(w, v, 0, 1000000));
       }},
      {"nodes_per_cluster_quota", "ECL_NODES_PER_CLUSTER_QUOTA", "--nodes-per-cluster-quota", "N",
       "nodes per Memcached cluster (default 40)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.nodes_per_cluster_quota = static_cast<int>(ParseInt(w, v, 1, 1000));
       }},
      {"ec2_classic", "ECL_EC2_CLASSIC", "--ec2-classic", "",
       "emulate an account that still has EC2-Classic: cache security groups work (default "
       "false: VPC only, as every account since EC2-Classic's retirement)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.ec2_classic = ParseBool(w, v);
       }},
      {"cache_security_groups_quota", "ECL_CACHE_SECURITY_GROUPS_QUOTA",
       "--cache-security-groups-quota", "N",
       "cache security groups per account and region, with ec2_classic (default 50)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.cache_security_groups_quota = static_cast<int>(ParseInt(w, v, 1, 1000000));
       }},
      {"parameter_groups_quota", "ECL_PARAMETER_GROUPS_QUOTA", "--parameter-groups-quota", "N",
       "cache parameter groups an account may create per region (default 150)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.parameter_groups_quota = static_cast<int>(ParseInt(w, v, 0, 1000000));
       }},
      {"user_quota", "ECL_USER_QUOTA", "--user-quota", "N",
       "RBAC users per account and region, the default user aside (default 1000)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.user_quota = static_cast<int>(ParseInt(w, v, 0, 1000000));
       }},
      {"user_group_quota", "ECL_USER_GROUP_QUOTA", "--user-group-quota", "N",
       "user groups per account and region (default 100)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.user_group_quota = static_cast<int>(ParseInt(w, v, 0, 1000000));
       }},
      {"users_per_user_group_quota", "ECL_USERS_PER_USER_GROUP_QUOTA",
       "--users-per-user-group-quota", "N", "users per user group (default 100)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.users_per_user_group_quota = static_cast<int>(ParseInt(w, v, 1, 1000000));
       }},
      {"data_plane", "ECL_DATA_PLANE", "--data-plane", "",
       "run a real Redis or Memcached engine behind every node (default false)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.data_plane = ParseBool(w, v);
       }},
      {"redis_server", "ECL_REDIS_SERVER", "--redis-server", "PATH",
       "the redis-server the data plane runs for redis and valkey nodes (default: on PATH)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.redis_server = NonEmpty(w, v, "a program");
       }},
      {"memcached", "ECL_MEMCACHED", "--memcached", "PATH",
       "the memcached the data plane runs for memcached nodes (default: on PATH)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.memcached = NonEmpty(w, v, "a program");
       }},
      {"engine_ports", "ECL_ENGINE_PORTS", "--engine-ports", "FIRST-LAST",
       "ports of the data plane's engines and endpoints (default 21000-21999)",
       [](Settings& s, const std::string& v, const std::string& w) {
         auto range = ParsePortRange(v);
         if (!range) Bad(w, v, "FIRST-LAST, two ports from 1 to 65535 with FIRST <= LAST");
         s.engine_ports = *range;
       }},
      {"max_engines", "ECL_MAX_ENGINES", "--max-engines", "N",
       "engine processes the data plane runs at most (default 64)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.max_engines = static_cast<int>(ParseInt(w, v, 1, 10000));
       }},
      {"endpoint_host", "ECL_ENDPOINT_HOST", "--endpoint-host", "HOST",
       "the address endpoints show with the data plane on (default 127.0.0.1)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.endpoint_host = NonEmpty(w, v, "a host name or IP address");
       }},
      {"loopback_endpoints", "ECL_LOOPBACK_ENDPOINTS", "--loopback-endpoints", "",
       "each endpoint its own 127.1.x.y address on the port the API shows (default false)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.loopback_endpoints = ParseBool(w, v);
       }},
      {"serverless_cache_quota", "ECL_SERVERLESS_CACHE_QUOTA", "--serverless-cache-quota", "N",
       "serverless caches per account and region (default 40)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.serverless_cache_quota = static_cast<int>(ParseInt(w, v, 0, 1000000));
       }},
      {"serverless_snapshots_per_day_quota", "ECL_SERVERLESS_SNAPSHOTS_PER_DAY_QUOTA",
       "--serverless-snapshots-per-day-quota", "N",
       "snapshots per serverless cache in 24 hours (default 24)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.serverless_snapshots_per_day_quota = static_cast<int>(ParseInt(w, v, 1, 1000000));
       }},
      {"network_file", "ECL_NETWORK_FILE", "--network-file", "FILE",
       "subnets (CSV) that exist, replacing one default VPC per account and region",
       [](Settings& s, const std::string& v, const std::string&) { s.network_file = v; }},
      {"init_file", "ECL_INIT_FILE", "--init", "FILE",
       "a fixture (JSON) of resources to create at start; what exists is left as it is",
       [](Settings& s, const std::string& v, const std::string&) { s.init_file = v; }},
      {"subnet_groups_quota", "ECL_SUBNET_GROUPS_QUOTA", "--subnet-groups-quota", "N",
       "cache subnet groups per account and region (default 300)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.subnet_groups_quota = static_cast<int>(ParseInt(w, v, 1, 1000000));
       }},
      {"subnets_per_subnet_group_quota", "ECL_SUBNETS_PER_SUBNET_GROUP_QUOTA",
       "--subnets-per-subnet-group-quota", "N", "subnets per cache subnet group (default 20)",
       [](Settings& s, const std::string& v, const std::string& w) {
         s.subnets_per_subnet_group_quota = static_cast<int>(ParseInt(w, v, 1, 1000));
       }},
  };
  return keys;
}

const Key* FindByFlag(std::string_view flag) {
  for (const auto& k : Keys())
    if (k.flag == flag) return &k;
  return nullptr;
}

const Key* FindByFileName(std::string_view name) {
  for (const auto& k : Keys())
    if (k.file_name == name && name != "config") return &k;
  return nullptr;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

struct FlagValue {
  const Key* key;
  std::string value;
  std::string where;
};

}  // namespace

std::string Settings::ExportDir() const {
  if (!export_dir.empty()) return export_dir;
  std::string dir = data_dir;
  if (!dir.empty() && dir.back() != '/') dir += '/';
  return dir + "exports";
}

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Settings ApplyConfigText(std::string_view text, Settings base, const std::string& source) {
  std::istringstream in{std::string(text)};
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string where = source + ":" + std::to_string(number);
    std::string content = Trim(line);
    if (content.empty() || content[0] == '#') continue;
    auto eq = content.find('=');
    if (eq == std::string::npos)
      throw SettingsError(where + ": expected `key = value`, got '" + content + "'");
    std::string name = Trim(std::string_view(content).substr(0, eq));
    std::string value = Trim(std::string_view(content).substr(eq + 1));
    // A trailing comment after the value; values never legitimately contain " #".
    if (auto hash = value.find(" #"); hash != std::string::npos)
      value = Trim(value.substr(0, hash));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    const Key* key = FindByFileName(name);
    if (key == nullptr) throw SettingsError(where + ": unknown key '" + name + "'");
    key->apply(base, value, where + ": " + name);
  }
  return base;
}

LoadedSettings LoadSettings(const std::vector<std::string>& args, const EnvLookup& env) {
  LoadedSettings result;
  std::vector<FlagValue> flags;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      result.action = CommandLineAction::kHelp;
      return result;
    }
    if (arg == "--version") {
      result.action = CommandLineAction::kVersion;
      return result;
    }
    auto eq = arg.find('=');
    std::string name = arg.substr(0, eq);
    const Key* key = arg.rfind("--", 0) == 0 ? FindByFlag(name) : nullptr;
    if (key == nullptr) throw SettingsError("unknown argument '" + arg + "' (see --help)");
    std::string value;
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else if (key->meta.empty()) {
      value = "true";  // a switch such as --in-memory
    } else {
      if (i + 1 >= args.size()) throw SettingsError("flag " + name + " needs a value");
      value = args[++i];
    }
    flags.push_back({key, value, "flag " + name});
  }

  Settings& s = result.settings;
  std::string config_path;
  std::string config_where;
  if (auto v = env("ECL_CONFIG"); v && !v->empty()) {
    config_path = *v;
    config_where = "environment variable ECL_CONFIG";
  }
  for (const auto& f : flags)
    if (f.key->file_name == "config") {
      config_path = f.value;
      config_where = f.where;
    }
  if (!config_path.empty()) {
    std::ifstream file(config_path);
    if (!file)
      throw SettingsError(config_where + ": cannot read config file '" + config_path + "'");
    std::stringstream text;
    text << file.rdbuf();
    s = ApplyConfigText(text.str(), s, config_path);
    s.config_file = config_path;
  }

  // An empty variable counts as unset, so `-e ECL_PORT=` in a compose file is harmless.
  for (const auto& key : Keys()) {
    if (key.file_name == "config") continue;
    std::string name(key.env_name);
    if (auto v = env(name); v && !v->empty()) key.apply(s, *v, "environment variable " + name);
  }
  for (const auto& f : flags) f.key->apply(s, f.value, f.where);
  // Each engine needs a port, and so do the primary and reader endpoints of its group.
  if (s.data_plane && s.engine_ports.Size() < 3 * s.max_engines)
    throw SettingsError("engine_ports " + std::to_string(s.engine_ports.first) + "-" +
                        std::to_string(s.engine_ports.last) + " holds " +
                        std::to_string(s.engine_ports.Size()) +
                        " ports: the data plane needs at least 3 per engine (max_engines " +
                        std::to_string(s.max_engines) + ")");
  return result;
}

std::string UsageText() {
  std::string out =
      "Usage: elasticache-local [options]\n"
      "A local emulator of the Amazon ElastiCache control plane (API 2015-02-02).\n\n"
      "Options (each also as ECL_<NAME> environment variable and `name = value` in the\n"
      "config file; flags win over the environment, which wins over the file):\n";
  for (const auto& k : Keys()) {
    std::string left = "  ";
    left += k.flag;
    if (!k.meta.empty()) {
      left += ' ';
      left += k.meta;
    }
    if (left.size() < 30)
      left.resize(30, ' ');
    else
      left += "  ";
    out += left;
    out += k.help;
    out += "\n                              env ";
    out += k.env_name;
    if (k.file_name != "config") {
      out += ", config key ";
      out += k.file_name;
    }
    out += '\n';
  }
  out +=
      "  --help                      show this help\n"
      "  --version                   print the version\n";
  return out;
}

}  // namespace ecl

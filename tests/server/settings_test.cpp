#include "server/settings.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

namespace ecl {
namespace {

EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

class TempConfig {
 public:
  explicit TempConfig(const std::string& text) {
    path_ = (std::filesystem::temp_directory_path() /
             ("ecl_settings_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++) +
              ".conf"))
                .string();
    std::ofstream(path_) << text;
  }
  ~TempConfig() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::string path_;
};

TEST(Settings, Defaults) {
  auto loaded = LoadSettings({}, Env({}));
  const Settings& s = loaded.settings;
  EXPECT_EQ(loaded.action, CommandLineAction::kRun);
  EXPECT_EQ(s.host, "0.0.0.0");
  EXPECT_EQ(s.port, 4510);
  EXPECT_EQ(s.data_dir, "./data");
  EXPECT_FALSE(s.in_memory);
  EXPECT_EQ(s.config_file, "");
  EXPECT_EQ(s.transition_seconds, 0.0);
  EXPECT_EQ(s.ExportDir(), "./data/exports");
  EXPECT_EQ(s.log_level, "info");
  EXPECT_EQ(s.threads, 1);
  EXPECT_EQ(s.default_account, "000000000000");
  EXPECT_EQ(s.default_region, "us-east-1");
  EXPECT_EQ(s.node_groups_quota, 15);
  EXPECT_EQ(s.reserved_offerings_file, "");
  EXPECT_EQ(s.reserved_nodes_quota, 100);
}

TEST(Settings, ReservedNodeKeys) {
  TempConfig file("reserved_offerings_file = /etc/ecl/offerings.csv\nreserved_nodes_quota = 7\n");
  auto s = LoadSettings({"--config", file.path()}, Env({})).settings;
  EXPECT_EQ(s.reserved_offerings_file, "/etc/ecl/offerings.csv");
  EXPECT_EQ(s.reserved_nodes_quota, 7);
  s = LoadSettings({"--reserved-nodes-quota", "3"}, Env({{"ECL_RESERVED_NODES_QUOTA", "9"},
                                                         {"ECL_RESERVED_OFFERINGS_FILE", "x.csv"}}))
          .settings;
  EXPECT_EQ(s.reserved_nodes_quota, 3);
  EXPECT_EQ(s.reserved_offerings_file, "x.csv");
  EXPECT_THROW(LoadSettings({"--reserved-nodes-quota", "-1"}, Env({})), SettingsError);
}

TEST(Settings, SecurityGroupKeys) {
  const Settings d = LoadSettings({}, Env({})).settings;
  EXPECT_FALSE(d.ec2_classic);  // VPC only, as every account since EC2-Classic's retirement
  EXPECT_EQ(d.cache_security_groups_quota, 50);
  TempConfig file("ec2_classic = true\ncache_security_groups_quota = 7\n");
  auto s = LoadSettings({"--config", file.path()}, Env({})).settings;
  EXPECT_TRUE(s.ec2_classic);
  EXPECT_EQ(s.cache_security_groups_quota, 7);
  EXPECT_TRUE(LoadSettings({"--ec2-classic"}, Env({})).settings.ec2_classic);
  s = LoadSettings({"--cache-security-groups-quota", "3"},
                   Env({{"ECL_CACHE_SECURITY_GROUPS_QUOTA", "9"}, {"ECL_EC2_CLASSIC", "yes"}}))
          .settings;
  EXPECT_EQ(s.cache_security_groups_quota, 3);
  EXPECT_TRUE(s.ec2_classic);
  EXPECT_FALSE(
      LoadSettings({"--ec2-classic=false"}, Env({{"ECL_EC2_CLASSIC", "1"}})).settings.ec2_classic);
  EXPECT_THROW(LoadSettings({"--cache-security-groups-quota", "0"}, Env({})), SettingsError);
  EXPECT_THROW(LoadSettings({}, Env({{"ECL_EC2_CLASSIC", "classic"}})), SettingsError);
}

TEST(Settings, ServerlessQuotaKeys) {
  auto d = LoadSettings({}, Env({})).settings;
  EXPECT_EQ(d.serverless_cache_quota, 40);
  EXPECT_EQ(d.serverless_snapshots_per_day_quota, 24);
  TempConfig file("serverless_cache_quota = 5\nserverless_snapshots_per_day_quota = 6\n");
  auto s = LoadSettings({"--config", file.path()}, Env({})).settings;
  EXPECT_EQ(s.serverless_cache_quota, 5);
  EXPECT_EQ(s.serverless_snapshots_per_day_quota, 6);
  s = LoadSettings({"--serverless-cache-quota", "3"},
                   Env({{"ECL_SERVERLESS_CACHE_QUOTA", "9"},
                        {"ECL_SERVERLESS_SNAPSHOTS_PER_DAY_QUOTA", "8"}}))
          .settings;
  EXPECT_EQ(s.serverless_cache_quota, 3);
  EXPECT_EQ(s.serverless_snapshots_per_day_quota, 8);
  EXPECT_THROW(LoadSettings({"--serverless-snapshots-per-day-quota", "0"}, Env({})),
               SettingsError);
}

TEST(Settings, UserQuotaKeys) {
  auto d = LoadSettings({}, Env({})).settings;
  EXPECT_EQ(d.user_quota, 1000);
  EXPECT_EQ(d.user_group_quota, 100);
  EXPECT_EQ(d.users_per_user_group_quota, 100);
  TempConfig file("user_quota = 5\nuser_group_quota = 6\nusers_per_user_group_quota = 7\n");
  auto s = LoadSettings({"--config", file.path()}, Env({})).settings;
  EXPECT_EQ(s.user_quota, 5);
  EXPECT_EQ(s.user_group_quota, 6);
  EXPECT_EQ(s.users_per_user_group_quota, 7);
  s = LoadSettings({"--user-quota", "3", "--user-group-quota=2"},
                   Env({{"ECL_USER_QUOTA", "9"}, {"ECL_USERS_PER_USER_GROUP_QUOTA", "8"}}))
          .settings;
  EXPECT_EQ(s.user_quota, 3);
  EXPECT_EQ(s.user_group_quota, 2);
  EXPECT_EQ(s.users_per_user_group_quota, 8);
  EXPECT_THROW(LoadSettings({"--users-per-user-group-quota", "0"}, Env({})), SettingsError);
}

TEST(Settings, SubnetGroupKeys) {
  auto s = LoadSettings({}, Env({})).settings;
  EXPECT_EQ(s.network_file, "");
  EXPECT_EQ(s.subnet_groups_quota, 300);
  EXPECT_EQ(s.subnets_per_subnet_group_quota, 20);
  TempConfig file("network_file = /etc/ecl/network.csv\nsubnet_groups_quota = 7\n");
  s = LoadSettings({"--config", file.path()}, Env({})).settings;
  EXPECT_EQ(s.network_file, "/etc/ecl/network.csv");
  EXPECT_EQ(s.subnet_groups_quota, 7);
  s = LoadSettings({"--subnets-per-subnet-group-quota", "3"},
                   Env({{"ECL_SUBNETS_PER_SUBNET_GROUP_QUOTA", "9"},
                        {"ECL_NETWORK_FILE", "net.csv"},
                        {"ECL_SUBNET_GROUPS_QUOTA", "11"}}))
          .settings;
  EXPECT_EQ(s.subnets_per_subnet_group_quota, 3);
  EXPECT_EQ(s.subnet_groups_quota, 11);
  EXPECT_EQ(s.network_file, "net.csv");
  EXPECT_THROW(LoadSettings({"--subnet-groups-quota", "0"}, Env({})), SettingsError);
  EXPECT_THROW(LoadSettings({"--subnets-per-subnet-group-quota", "x"}, Env({})), SettingsError);
}

TEST(Settings, InitFileFromTheConfigFileTheEnvironmentAndTheFlag) {
  EXPECT_EQ(LoadSettings({}, Env({})).settings.init_file, "");
  TempConfig file("init_file = /srv/fixture.json\n");
  EXPECT_EQ(LoadSettings({"--config", file.path()}, Env({})).settings.init_file,
            "/srv/fixture.json");
  EXPECT_EQ(LoadSettings({"--config", file.path()}, Env({{"ECL_INIT_FILE", "env.json"}}))
                .settings.init_file,
            "env.json");
  EXPECT_EQ(LoadSettings({"--init", "flag.json"}, Env({{"ECL_INIT_FILE", "env.json"}}))
                .settings.init_file,
            "flag.json");
  EXPECT_EQ(LoadSettings({"--init=eq.json"}, Env({})).settings.init_file, "eq.json");
  // Empty, as the shipped file's commented line reads: no fixture.
  EXPECT_EQ(LoadSettings({"--init", ""}, Env({})).settings.init_file, "");
  EXPECT_NE(UsageText().find("--init FILE"), std::string::npos);
}

TEST(Settings, PrecedenceDefaultsFileEnvFlags) {
  TempConfig file(
      "# comment\n"
      "\n"
      "host = 127.0.0.1\n"
      "port = 1111   # trailing comment\n"
      "data_dir = \"/tmp/from file\"\n"
      "log_level = debug\n"
      "threads = 3\n");
  auto s = LoadSettings({"--config", file.path(), "--port", "3333"},
                        Env({{"ECL_PORT", "2222"}, {"ECL_LOG_LEVEL", "warn"}}))
               .settings;
  EXPECT_EQ(s.config_file, file.path());
  EXPECT_EQ(s.host, "127.0.0.1");           // file over default
  EXPECT_EQ(s.data_dir, "/tmp/from file");  // quotes stripped
  EXPECT_EQ(s.ExportDir(), "/tmp/from file/exports");
  EXPECT_EQ(s.threads, 3);         // file
  EXPECT_EQ(s.log_level, "warn");  // env over file
  EXPECT_EQ(s.port, 3333);         // flag over env over file
}

TEST(Settings, ConfigNamedByEnvironment) {
  TempConfig file("transition_seconds = 2.5\nin_memory = yes\n");
  auto s = LoadSettings({}, Env({{"ECL_CONFIG", file.path()}})).settings;
  EXPECT_EQ(s.transition_seconds, 2.5);
  EXPECT_TRUE(s.in_memory);
  // The flag names a different file and wins.
  TempConfig other("transition_seconds = 7\n");
  s = LoadSettings({"--config=" + other.path()}, Env({{"ECL_CONFIG", file.path()}})).settings;
  EXPECT_EQ(s.transition_seconds, 7.0);
  EXPECT_FALSE(s.in_memory);
}

TEST(Settings, EveryKeyFromEnvironment) {
  auto s = LoadSettings({}, Env({{"ECL_HOST", "::1"},
                                 {"ECL_PORT", "0"},
                                 {"ECL_DATA_DIR", "/var/lib/ecl"},
                                 {"ECL_IN_MEMORY", "true"},
                                 {"ECL_TRANSITION_SECONDS", "0.25"},
                                 {"ECL_EXPORT_DIR", "/exports"},
                                 {"ECL_LOG_LEVEL", "off"},
                                 {"ECL_THREADS", "4"},
                                 {"ECL_DEFAULT_ACCOUNT", "123456789012"},
                                 {"ECL_DEFAULT_REGION", "eu-west-1"},
                                 {"ECL_NODE_GROUPS_QUOTA", "90"}}))
               .settings;
  EXPECT_EQ(s.host, "::1");
  EXPECT_EQ(s.port, 0);
  EXPECT_EQ(s.data_dir, "/var/lib/ecl");
  EXPECT_TRUE(s.in_memory);
  EXPECT_EQ(s.transition_seconds, 0.25);
  EXPECT_EQ(s.ExportDir(), "/exports");
  EXPECT_EQ(s.log_level, "off");
  EXPECT_EQ(s.threads, 4);
  EXPECT_EQ(s.default_account, "123456789012");
  EXPECT_EQ(s.default_region, "eu-west-1");
  EXPECT_EQ(s.node_groups_quota, 90);
}

TEST(Settings, EmptyEnvironmentVariableIsUnset) {
  auto s = LoadSettings({}, Env({{"ECL_PORT", ""}})).settings;
  EXPECT_EQ(s.port, 4510);
}

TEST(Settings, FlagsInBothForms) {
  auto s = LoadSettings({"--host=127.0.0.1", "--port", "0", "--data-dir", "d", "--in-memory",
                         "--transition-seconds=1.5", "--export-dir", "e", "--log-level", "trace",
                         "--threads", "8"},
                        Env({{"ECL_IN_MEMORY", "false"}}))
               .settings;
  EXPECT_EQ(s.host, "127.0.0.1");
  EXPECT_EQ(s.port, 0);
  EXPECT_EQ(s.data_dir, "d");
  EXPECT_TRUE(s.in_memory);
  EXPECT_EQ(s.transition_seconds, 1.5);
  EXPECT_EQ(s.ExportDir(), "e");
  EXPECT_EQ(s.log_level, "trace");
  EXPECT_EQ(s.threads, 8);
  EXPECT_FALSE(LoadSettings({"--in-memory=false"}, Env({})).settings.in_memory);
}

TEST(Settings, HelpAndVersion) {
  EXPECT_EQ(LoadSettings({"--help"}, Env({})).action, CommandLineAction::kHelp);
  EXPECT_EQ(LoadSettings({"--port", "1", "-h"}, Env({})).action, CommandLineAction::kHelp);
  EXPECT_EQ(LoadSettings({"--version"}, Env({})).action, CommandLineAction::kVersion);
  std::string usage = UsageText();
  for (const char* flag :
       {"--host", "--port", "--data-dir", "--in-memory", "--config", "--transition-seconds",
        "--export-dir", "--log-level", "--threads", "ECL_PORT"})
    EXPECT_NE(usage.find(flag), std::string::npos) << flag;
}

void ExpectError(const std::vector<std::string>& args,
                 const std::map<std::string, std::string>& env, const std::string& fragment) {
  try {
    LoadSettings(args, Env(env));
    ADD_FAILURE() << "expected SettingsError containing '" << fragment << "'";
  } catch (const SettingsError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(Settings, RejectsUnknownKeysInFile) {
  TempConfig file("port = 1\nprot = 2\n");
  ExpectError({"--config", file.path()}, {}, ":2: unknown key 'prot'");
  TempConfig nested("config = /etc/other.conf\n");
  ExpectError({"--config", nested.path()}, {}, "unknown key 'config'");
  TempConfig no_equals("just words\n");
  ExpectError({"--config", no_equals.path()}, {}, "expected `key = value`");
}

TEST(Settings, RejectsBadValues) {
  TempConfig file("port = 70000\n");
  ExpectError({"--config", file.path()}, {}, ":1: port: invalid value '70000'");
  ExpectError({}, {{"ECL_THREADS", "0"}}, "environment variable ECL_THREADS: invalid value '0'");
  ExpectError({}, {{"ECL_IN_MEMORY", "maybe"}}, "expected true or false");
  ExpectError({"--transition-seconds", "-1"}, {}, "flag --transition-seconds");
  ExpectError({"--transition-seconds", "nan"}, {}, "non-negative number");
  ExpectError({"--log-level", "loud"}, {}, "one of trace, debug");
  ExpectError({"--default-account", "12345"}, {}, "12-digit");
  ExpectError({"--default-region", "US East"}, {}, "region name");
  ExpectError({"--port"}, {}, "needs a value");
  ExpectError({"--port", "12ab"}, {}, "invalid value '12ab'");
  ExpectError({"--nope"}, {}, "unknown argument '--nope'");
  ExpectError({"positional"}, {}, "unknown argument 'positional'");
  ExpectError({"--config", "/nonexistent/ecl.conf"}, {}, "cannot read config file");
}

TEST(Settings, ShippedConfigFileDocumentsTheDefaults) {
  // Uncommenting every `#key = value` line of the shipped file must change nothing, so the
  // documented defaults cannot drift from the built-in ones.
  auto path = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "config" /
              "elasticache-local.conf";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::string line, uncommented;
  int settings_lines = 0;
  while (std::getline(in, line)) {
    if (line.size() > 1 && line[0] == '#' && std::islower(static_cast<unsigned char>(line[1]))) {
      uncommented += line.substr(1) + "\n";
      ++settings_lines;
    }
  }
  EXPECT_EQ(settings_lines, 36);
  TempConfig file(uncommented);
  const Settings s = LoadSettings({"--config", file.path()}, Env({})).settings;
  const Settings d = LoadSettings({}, Env({})).settings;
  EXPECT_EQ(s.host, d.host);
  EXPECT_EQ(s.port, d.port);
  EXPECT_EQ(s.data_dir, d.data_dir);
  EXPECT_EQ(s.in_memory, d.in_memory);
  EXPECT_EQ(s.transition_seconds, d.transition_seconds);
  EXPECT_EQ(s.ExportDir(), d.ExportDir());
  EXPECT_EQ(s.log_level, d.log_level);
  EXPECT_EQ(s.threads, d.threads);
  EXPECT_EQ(s.default_account, d.default_account);
  EXPECT_EQ(s.default_region, d.default_region);
  EXPECT_EQ(s.node_groups_quota, d.node_groups_quota);
  EXPECT_EQ(s.snapshot_quota, d.snapshot_quota);
  EXPECT_EQ(s.reserved_offerings_file, d.reserved_offerings_file);
  EXPECT_EQ(s.reserved_nodes_quota, d.reserved_nodes_quota);
  EXPECT_EQ(s.cache_clusters_quota, d.cache_clusters_quota);
  EXPECT_EQ(s.nodes_quota, d.nodes_quota);
  EXPECT_EQ(s.nodes_per_cluster_quota, d.nodes_per_cluster_quota);
  EXPECT_EQ(s.ec2_classic, d.ec2_classic);
  EXPECT_EQ(s.cache_security_groups_quota, d.cache_security_groups_quota);
  EXPECT_EQ(s.parameter_groups_quota, d.parameter_groups_quota);
  EXPECT_EQ(s.user_quota, d.user_quota);
  EXPECT_EQ(s.user_group_quota, d.user_group_quota);
  EXPECT_EQ(s.users_per_user_group_quota, d.users_per_user_group_quota);
  EXPECT_EQ(s.serverless_cache_quota, d.serverless_cache_quota);
  EXPECT_EQ(s.serverless_snapshots_per_day_quota, d.serverless_snapshots_per_day_quota);
  EXPECT_EQ(s.network_file, d.network_file);
  EXPECT_EQ(s.init_file, d.init_file);
  EXPECT_EQ(s.subnet_groups_quota, d.subnet_groups_quota);
  EXPECT_EQ(s.subnets_per_subnet_group_quota, d.subnets_per_subnet_group_quota);
  EXPECT_EQ(s.data_plane, d.data_plane);
  EXPECT_EQ(s.redis_server, d.redis_server);
  EXPECT_EQ(s.memcached, d.memcached);
  EXPECT_EQ(s.engine_ports.first, d.engine_ports.first);
  EXPECT_EQ(s.engine_ports.last, d.engine_ports.last);
  EXPECT_EQ(s.max_engines, d.max_engines);
  EXPECT_EQ(s.endpoint_host, d.endpoint_host);
  EXPECT_EQ(s.loopback_endpoints, d.loopback_endpoints);
  // As shipped (all commented out) it loads too.
  EXPECT_NO_THROW(LoadSettings({"--config", path.string()}, Env({})));
}

TEST(Settings, DataPlaneSettings) {
  const Settings off = LoadSettings({}, Env({})).settings;
  EXPECT_FALSE(off.data_plane);
  EXPECT_EQ(off.engine_ports.first, 21000);
  EXPECT_EQ(off.engine_ports.last, 21999);
  EXPECT_EQ(off.endpoint_host, "127.0.0.1");
  EXPECT_FALSE(off.loopback_endpoints);
  EXPECT_TRUE(LoadSettings({}, Env({{"ECL_LOOPBACK_ENDPOINTS", "true"}})).settings.loopback_endpoints);
  const Settings on =
      LoadSettings({"--data-plane", "--engine-ports", "30000-30299", "--max-engines", "100",
                    "--endpoint-host", "cache.local", "--redis-server", "/opt/redis-server"},
                   Env({{"ECL_MEMCACHED", "/opt/memcached"}}))
          .settings;
  EXPECT_TRUE(on.data_plane);
  EXPECT_EQ(on.engine_ports.first, 30000);
  EXPECT_EQ(on.engine_ports.last, 30299);
  EXPECT_EQ(on.max_engines, 100);
  EXPECT_EQ(on.endpoint_host, "cache.local");
  EXPECT_EQ(on.redis_server, "/opt/redis-server");
  EXPECT_EQ(on.memcached, "/opt/memcached");

  ExpectError({"--engine-ports", "30000"}, {}, "expected FIRST-LAST");
  ExpectError({"--engine-ports", "300-200"}, {}, "expected FIRST-LAST");
  ExpectError({"--engine-ports", "0-10"}, {}, "expected FIRST-LAST");
  ExpectError({"--engine-ports", "1-70000"}, {}, "expected FIRST-LAST");
  ExpectError({"--max-engines", "0"}, {}, "an integer from 1");
  // Each engine needs its own port and its group's endpoints theirs.
  ExpectError({"--data-plane", "--engine-ports", "30000-30099", "--max-engines", "64"}, {},
              "needs at least 3 per engine");
  // Without the data plane the range is never used, so it is not held against the cap.
  EXPECT_NO_THROW(LoadSettings({"--engine-ports", "30000-30009"}, Env({})));
}

}  // namespace
}  // namespace ecl

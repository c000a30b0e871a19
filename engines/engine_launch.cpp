#include "engines/engine_launch.h"

#include <algorithm>

namespace ecl {

std::string QuoteRedisConfig(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

bool TakenOnlyAtStart(const std::string& redis_config_name) {
  return redis_config_name == "databases";
}

std::string RedisConfigFile(const RedisLaunch& launch) {
  const EngineSpec& spec = *launch.spec;
  std::string conf;
  auto line = [&](const std::string& key, const std::string& value) {
    conf += key + " " + value + "\n";
  };
  line("bind", launch.bind_host);
  line("port", std::to_string(launch.port));
  if (launch.tls_port) {
    line("tls-port", std::to_string(launch.tls_port));
    line("tls-cert-file", QuoteRedisConfig(launch.tls.cert_file));
    line("tls-key-file", QuoteRedisConfig(launch.tls.key_file));
    line("tls-ca-cert-file", QuoteRedisConfig(launch.tls.ca_file));
    // Clients show no certificate of their own, as on ElastiCache; replicas sync over the
    // plain port on loopback.
    line("tls-auth-clients", "no");
    line("tls-replication", "no");
  }
  // The emulator decides who may connect (users and passwords below), not protected mode.
  line("protected-mode", "no");
  line("daemonize", "no");
  line("logfile", "\"\"");
  line("dir", QuoteRedisConfig(launch.dir));
  line("dbfilename", "dump.rdb");
  // No timed RDB saves: data survives restarts through the append-only file; snapshots save
  // on demand.
  line("save", "\"\"");
  line("appendonly", launch.persistent && launch.append_only_at_start ? "yes" : "no");
  line("appendfsync", "everysec");
  // Replicas sync without a file on disk and without waiting for more replicas to join.
  line("repl-diskless-sync", "yes");
  line("repl-diskless-sync-delay", "0");
  // Stopping never waits for replicas to catch up (Redis 7 waits 10 s by default): the
  // emulator stops a group's engines together, and a killed emulator's engines must end.
  line("shutdown-timeout", "0");
  line("maxmemory", std::to_string(spec.maxmemory_bytes));
  // Only what Redis takes at start alone goes here: a directive this Redis does not know would
  // keep it from starting, while CONFIG SET (after start) can refuse one setting and go on.
  for (const auto& [name, value] : spec.start_config)
    if (TakenOnlyAtStart(name)) line(name, QuoteRedisConfig(value));
  line("user", std::string(kAdminUser) + " on >" + launch.admin_password + " ~* &* +@all");
  for (const auto& user : spec.users) {
    std::string rules;
    for (const auto& r : user.rules) rules += " " + QuoteRedisConfig(r);
    // `reset` first so the engine's built-in default user takes exactly these rules.
    line("user", user.name + " reset" + rules);
  }
  if (launch.cluster) {
    const ClusterLaunch& c = *launch.cluster;
    line("cluster-enabled", "yes");
    line("cluster-config-file", "nodes.conf");  // in dir: the node's id and its view
    line("cluster-port", std::to_string(c.bus_port));
    line("cluster-announce-ip", c.node_ip);
    line("cluster-announce-port", std::to_string(c.client_port));
    line("cluster-announce-bus-port", std::to_string(c.bus_port));
    line("cluster-node-timeout", std::to_string(kClusterChangingNodeTimeoutMs));
    if (!c.client_host.empty()) {
      line("cluster-announce-hostname", c.client_host);
      line("cluster-preferred-endpoint-type", "hostname");
    }
    // Failovers are the model's (TestFailover, a failed primary): the reconciler asks for
    // them with CLUSTER FAILOVER; replicas do not elect themselves.
    line("cluster-replica-no-failover", "yes");
    // A replica that has received nothing from its primary is left out of CLUSTER SLOTS:
    // a ping each second gives every new replica something at once.
    line("repl-ping-replica-period", "1");
    // Replicas reach their primary at its announced port, which is TLS for a TLS node.
    if (launch.tls_port) line("tls-replication", "yes");
    line("masteruser", kAdminUser);
    line("masterauth", QuoteRedisConfig(launch.admin_password));
  }
  if (launch.replica_of_port && !launch.cluster) {
    line("replicaof", std::string("127.0.0.1 ").append(std::to_string(*launch.replica_of_port)));
    line("masteruser", kAdminUser);
    line("masterauth", QuoteRedisConfig(launch.admin_password));
  }
  return conf;
}

std::vector<std::string> MemcachedArgv(const MemcachedLaunch& launch) {
  int64_t megabytes = std::max<int64_t>(1, launch.memory_bytes / (1024 * 1024));
  std::vector<std::string> argv = {launch.program, "-l", launch.bind_host, "-p",
                                   std::to_string(launch.port), "-U", "0", "-m",
                                   std::to_string(megabytes), "-c", "1024"};
  if (launch.run_as_user) {
    argv.push_back("-u");
    argv.push_back(*launch.run_as_user);
  }
  return argv;
}

}  // namespace ecl

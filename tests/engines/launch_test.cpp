// How engines are started and which ports endpoints get.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "engines/endpoint_directory.h"
#include "engines/engine_launch.h"
#include "engines/port_range.h"

namespace ecl {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(EngineLaunchTest, RedisConfigFileHoldsUsersReplicationAndOnlyStartOnlySettings) {
  EngineSpec spec;
  spec.maxmemory_bytes = 8388608;
  spec.users = {{"default", {"on", ">secret token", "~*", "+@all"}}};
  spec.start_config = {{"databases", "32"}, {"maxclients", "100"}};
  spec.dynamic_config = {{"maxmemory-policy", "allkeys-lru"}};
  RedisLaunch launch;
  launch.bind_host = "127.0.0.1";
  launch.port = 21000;
  launch.dir = "/data/engines/node \"1\"";
  launch.persistent = true;
  launch.append_only_at_start = false;
  launch.admin_password = "adminpw";
  launch.replica_of_port = 21001;
  launch.spec = &spec;
  std::string conf = RedisConfigFile(launch);
  EXPECT_TRUE(Contains(conf, "port 21000\n"));
  EXPECT_TRUE(Contains(conf, "dir \"/data/engines/node \\\"1\\\"\"\n"));
  EXPECT_TRUE(Contains(conf, "appendonly no\n"));  // switched on once loaded
  EXPECT_TRUE(Contains(conf, "maxmemory 8388608\n"));
  EXPECT_TRUE(Contains(conf, "databases \"32\"\n"));
  // Set after start, where one Redis does not know can be refused alone.
  EXPECT_FALSE(Contains(conf, "maxclients"));
  EXPECT_FALSE(Contains(conf, "maxmemory-policy"));
  EXPECT_TRUE(Contains(conf, std::string("user ") + kAdminUser + " on >adminpw ~* &* +@all\n"));
  EXPECT_TRUE(Contains(conf, "user default reset \"on\" \">secret token\" \"~*\" \"+@all\"\n"));
  EXPECT_TRUE(Contains(conf, "replicaof 127.0.0.1 21001\n"));
  EXPECT_TRUE(Contains(conf, std::string("masteruser ") + kAdminUser + "\n"));
  EXPECT_TRUE(Contains(conf, "shutdown-timeout 0\n"));
}

TEST(EngineLaunchTest, ClusterNodeAnnouncesTheEndpointClientsUse) {
  EngineSpec spec;
  RedisLaunch launch;
  launch.bind_host = "127.0.0.1";
  launch.port = 21000;
  launch.admin_password = "adminpw";
  launch.replica_of_port = 21004;  // a cluster node follows through the cluster instead
  launch.cluster = ClusterLaunch{21001, "127.0.0.1", 21000, "cache.example.test"};
  launch.spec = &spec;
  std::string conf = RedisConfigFile(launch);
  EXPECT_TRUE(Contains(conf, "cluster-enabled yes\n"));
  EXPECT_TRUE(Contains(conf, "cluster-config-file nodes.conf\n"));
  EXPECT_TRUE(Contains(conf, "cluster-port 21001\n"));
  EXPECT_TRUE(Contains(conf, "cluster-announce-ip 127.0.0.1\n"));
  EXPECT_TRUE(Contains(conf, "cluster-announce-port 21000\n"));
  EXPECT_TRUE(Contains(conf, "cluster-announce-hostname cache.example.test\n"));
  EXPECT_TRUE(Contains(conf, "cluster-preferred-endpoint-type hostname\n"));
  EXPECT_TRUE(Contains(conf, "cluster-replica-no-failover yes\n"));
  EXPECT_TRUE(Contains(conf, std::string("masteruser ") + kAdminUser + "\n"));
  EXPECT_FALSE(Contains(conf, "replicaof"));
  EXPECT_FALSE(Contains(conf, "tls-replication"));
  // Loopback endpoints: the node's own address is what clients use; no host name.
  launch.cluster = ClusterLaunch{21001, "127.1.82.8", 6379, ""};
  launch.tls_port = 21002;
  conf = RedisConfigFile(launch);
  EXPECT_TRUE(Contains(conf, "cluster-announce-ip 127.1.82.8\n"));
  EXPECT_TRUE(Contains(conf, "cluster-announce-port 6379\n"));
  EXPECT_FALSE(Contains(conf, "cluster-announce-hostname"));
  EXPECT_TRUE(Contains(conf, "tls-replication yes\n"));  // replicas reach the TLS port
}

TEST(EngineLaunchTest, MemcachedArgvRunsAsTheUserWhenRoot) {
  MemcachedLaunch launch{"/usr/bin/memcached", "0.0.0.0", 21005, 64 * 1024 * 1024, "root"};
  EXPECT_EQ(MemcachedArgv(launch),
            (std::vector<std::string>{"/usr/bin/memcached", "-l", "0.0.0.0", "-p", "21005", "-U",
                                      "0", "-m", "64", "-c", "1024", "-u", "root"}));
}

TEST(PortRangeTest, ParsesFirstDashLast) {
  auto r = ParsePortRange("21000-21999");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Size(), 1000);
  EXPECT_TRUE(r->Contains(21999));
  EXPECT_FALSE(r->Contains(22000));
  for (const char* bad : {"", "21000", "-1", "2-1", "0-5", "1-65536", "a-b", "1-2-3", " 1-2"})
    EXPECT_FALSE(ParsePortRange(bad)) << bad;
}

TEST(EndpointDirectoryTest, PortsAreKeptPerAddressFreedAndRemembered) {
  auto file = std::filesystem::temp_directory_path() / "ecl-endpoint-directory-test.json";
  std::filesystem::remove(file);
  {
    EndpointDirectory d({26100, 26102}, "localhost", file.string());
    int a = d.PortFor("a.example");
    int b = d.PortFor("b.example");
    EXPECT_NE(a, b);
    EXPECT_EQ(d.PortFor("a.example"), a);
    EXPECT_EQ(d.Find("c.example"), std::nullopt);
    d.Retain({"b.example"});
    EXPECT_EQ(d.Find("a.example"), std::nullopt);
    EXPECT_EQ(d.Find("b.example"), b);
  }
  EndpointDirectory again({26100, 26102}, "localhost", file.string());
  EXPECT_EQ(again.Entries().size(), 1u);
  int b = *again.Find("b.example");
  int c = again.PortFor("c.example");
  int d = again.PortFor("d.example");
  EXPECT_NE(c, b);
  EXPECT_NE(d, b);
  EXPECT_THROW(again.PortFor("e.example"), std::runtime_error);  // the range is full
  std::filesystem::remove(file);
}

TEST(EndpointDirectoryTest, LoopbackAddressesAreOnePerPortAndInTheLoopbackNet) {
  EXPECT_EQ(EndpointDirectory::LoopbackAddress(21000), "127.1.82.8");
  EXPECT_EQ(EndpointDirectory::LoopbackAddress(21001), "127.1.82.9");
  EXPECT_EQ(EndpointDirectory::LoopbackAddress(21256), "127.1.83.8");
  std::set<std::string> seen;
  for (int port = 1; port <= 65535; ++port) seen.insert(EndpointDirectory::LoopbackAddress(port));
  EXPECT_EQ(seen.size(), 65535u);
}

}  // namespace
}  // namespace ecl

"""The data plane (--data-plane): every node is a real engine, judged by python3-redis and
redis-cli. Replication through the group's endpoints, standalone clusters, parameter groups
applied to the engines, a Memcached node type change, reboots, engines that die, the engine
cap, and what becomes of the engines when the emulator stops, is killed or restarts."""

import os
import re
import signal
import subprocess
import tempfile
import time
import unittest

from botocore.exceptions import ClientError

from dataplane_harness import (DataPlaneTestCase, data_plane_args, engines, memcached_command,
                               missing_tools, port_open, redis, wait_until)
from ecl_harness import Server


class ReplicationGroupsTest(DataPlaneTestCase):
    port_base = 23000

    def test_primary_endpoint_writes_and_every_replica_reads(self):
        created = self.create_cmd("orders", clusters=3)
        # Still creating: the answer already shows where each endpoint will answer.
        self.assertEqual(created["NodeGroups"][0]["PrimaryEndpoint"]["Address"], "127.0.0.1")
        node_group, members = self.group_endpoints("orders")
        primary = self.redis_at(node_group["PrimaryEndpoint"])
        self.assertTrue(primary.set("order:1", "shipped"))
        self.assertEqual(primary.incr("orders:count"), 1)
        # WAIT: both replicas have the writes before they are read back.
        self.assertEqual(primary.execute_command("WAIT", 2, 5000), 2)
        for endpoint in members:
            self.assertEqual(self.redis_at(endpoint).get("order:1"), "shipped")
        self.assertEqual(self.redis_at(node_group["ReaderEndpoint"]).get("orders:count"), "1")
        # Each member's ReadEndpoint is its own engine, in the role the API shows.
        roles = {m["CacheClusterId"]: m["CurrentRole"] for m in node_group["NodeGroupMembers"]}
        for m in node_group["NodeGroupMembers"]:
            role = self.redis_at(m["ReadEndpoint"]).execute_command("ROLE")[0]
            self.assertEqual(role, "master" if roles[m["CacheClusterId"]] == "primary" else "slave")

    def test_reader_endpoint_spreads_over_replicas_and_refuses_writes(self):
        self.create_cmd("reads", clusters=3)
        node_group, members = self.group_endpoints("reads")
        replica_ports = {m["ReadEndpoint"]["Port"] for m in node_group["NodeGroupMembers"]
                         if m["CurrentRole"] == "replica"}
        seen = set()
        for _ in range(6):
            client = self.redis_at(node_group["ReaderEndpoint"])
            seen.add(int(client.config_get("port")["port"]))
            client.close()
        self.assertEqual(seen, replica_ports)
        with self.assertRaises(redis.exceptions.ReadOnlyError):
            self.redis_at(node_group["ReaderEndpoint"]).set("k", "v")

    def test_single_node_group_reader_endpoint_leads_to_the_primary(self):
        self.create_cmd("solo", clusters=1)
        node_group, _ = self.group_endpoints("solo")
        self.redis_at(node_group["PrimaryEndpoint"]).set("a", "1")
        self.assertEqual(self.redis_at(node_group["ReaderEndpoint"]).get("a"), "1")

    def test_redis_cli_judges_the_primary_endpoint(self):
        self.create_cmd("cli", clusters=2)
        node_group, members = self.group_endpoints("cli")
        self.assertEqual(self.redis_cli(node_group["PrimaryEndpoint"], "SET", "tool", "redis-cli"),
                         "OK")
        # (WAIT from another redis-cli would wait for nothing: it counts its own connection's
        # writes.) Replication is asynchronous; the replica has it soon.
        wait_until(lambda: self.redis_cli(members[1], "GET", "tool") == "redis-cli",
                   what="the replica to have the key")
        self.assertIn("role:slave", self.redis_cli(members[1], "INFO", "replication"))

    def test_replica_added_by_increase_replica_count_syncs_before_it_is_available(self):
        self.create_cmd("grow", clusters=2)
        node_group, _ = self.group_endpoints("grow")
        self.redis_at(node_group["PrimaryEndpoint"]).set("before", "yes")
        self.ec.increase_replica_count(ReplicationGroupId="grow", NewReplicaCount=2,
                                       ApplyImmediately=True)
        node_group, members = self.group_endpoints("grow")
        self.assertEqual(len(members), 3)
        # Available means synced: the new replica has the data at once.
        self.assertEqual(self.redis_at(members[2]).get("before"), "yes")

    def test_deleting_the_group_stops_its_engines(self):
        self.create_cmd("gone", clusters=2)
        node_group, members = self.group_endpoints("gone")
        ports = [e["Port"] for e in members] + [node_group["PrimaryEndpoint"]["Port"]]
        self.ec.delete_replication_group(ReplicationGroupId="gone")
        self.ec.describe_replication_groups()  # the deletion finishes (transition 0)
        for port in ports:
            wait_until(lambda: not port_open(port), what=f"port {port} to close")
        self.assertEqual(engines(self.server), [])

    def test_reset_stops_every_engine(self):
        self.create_cmd("one", clusters=2)
        self.describe("one")
        self.assertEqual(len(engines(self.server)), 2)
        self.server.reset()
        self.assertEqual(engines(self.server), [])


class StandaloneClustersTest(DataPlaneTestCase):
    port_base = 23300

    def create_redis_cluster(self, cluster_id, **extra):
        params = dict(CacheClusterId=cluster_id, Engine="redis", CacheNodeType="cache.t3.micro",
                      NumCacheNodes=1)
        params.update(extra)
        self.ec.create_cache_cluster(**params)
        return self.ec.describe_cache_clusters(CacheClusterId=cluster_id,
                                               ShowCacheNodeInfo=True)["CacheClusters"][0]

    def test_standalone_redis_node_answers(self):
        cluster = self.create_redis_cluster("single")
        self.assertEqual(cluster["CacheClusterStatus"], "available")
        node = self.redis_at(cluster["CacheNodes"][0]["Endpoint"])
        node.set("hello", "world")
        self.assertEqual(node.get("hello"), "world")
        self.assertEqual(node.execute_command("ROLE")[0], "master")

    def test_node_type_sets_maxmemory(self):
        small = self.create_redis_cluster("small")
        large = self.create_redis_cluster("large", CacheNodeType="cache.r7g.large")
        small_bytes = int(self.redis_at(small["CacheNodes"][0]["Endpoint"]).config_get(
            "maxmemory")["maxmemory"])
        large_bytes = int(self.redis_at(large["CacheNodes"][0]["Endpoint"]).config_get(
            "maxmemory")["maxmemory"])
        # 1/64 of the node type's memory (docs/data-plane.md): 0.5 GiB -> 8 MiB, 13.07 GiB -> ...
        self.assertEqual(small_bytes, 8 * 1024 * 1024)
        self.assertGreater(large_bytes, 200 * 1024 * 1024)

    def test_a_memcached_node_type_change_replaces_the_node(self):
        def maxbytes(port):
            stats = memcached_command(port, b"stats settings\r\n").decode()
            return int(re.search(r"STAT maxbytes (\d+)", stats).group(1))

        def cluster():
            return self.ec.describe_cache_clusters(CacheClusterId="mc", ShowCacheNodeInfo=True)[
                "CacheClusters"][0]
        self.ec.create_cache_cluster(CacheClusterId="mc", Engine="memcached",
                                     CacheNodeType="cache.t3.micro", NumCacheNodes=1)
        wait_until(lambda: cluster()["CacheClusterStatus"] == "available", what="mc")
        port = cluster()["CacheNodes"][0]["Endpoint"]["Port"]
        before = maxbytes(port)
        self.assertEqual(memcached_command(port, b"set k 0 0 1\r\nv\r\n"), b"STORED\r\n")
        self.ec.modify_cache_cluster(CacheClusterId="mc", CacheNodeType="cache.m5.large",
                                     ApplyImmediately=True)
        wait_until(lambda: cluster()["CacheNodeType"] == "cache.m5.large" and
                   cluster()["CacheClusterStatus"] == "available", timeout=30, what="m5.large")

        def grown():  # the old engine may still answer until the reconciler replaces it
            now = _answers(lambda: maxbytes(port))
            return now if now and now > before else None
        after = wait_until(grown, timeout=15, what="the new node's memory")
        self.assertGreater(after, before)
        # A new Memcached node starts empty.
        self.assertEqual(memcached_command(port, b"get k\r\n"), b"END\r\n")

    def test_parameter_group_values_reach_the_engine(self):
        self.ec.create_cache_parameter_group(CacheParameterGroupName="tuned",
                                             CacheParameterGroupFamily="redis7",
                                             Description="tuned")
        self.ec.modify_cache_parameter_group(
            CacheParameterGroupName="tuned",
            ParameterNameValues=[{"ParameterName": "maxmemory-policy",
                                  "ParameterValue": "allkeys-lru"},
                                 {"ParameterName": "notify-keyspace-events",
                                  "ParameterValue": "Ex"}])
        cluster = self.create_redis_cluster("tuned", CacheParameterGroupName="tuned")
        node = self.redis_at(cluster["CacheNodes"][0]["Endpoint"])
        self.assertEqual(node.config_get("maxmemory-policy")["maxmemory-policy"], "allkeys-lru")
        self.assertEqual(node.config_get("notify-keyspace-events")["notify-keyspace-events"],
                         "xE")
        # A dynamic parameter changes on the running engine at once.
        self.ec.modify_cache_parameter_group(
            CacheParameterGroupName="tuned",
            ParameterNameValues=[{"ParameterName": "maxmemory-policy",
                                  "ParameterValue": "volatile-ttl"}])
        self.ec.describe_cache_clusters(CacheClusterId="tuned")
        self.assertEqual(node.config_get("maxmemory-policy")["maxmemory-policy"], "volatile-ttl")

    def test_static_parameter_waits_for_the_reboot(self):
        self.ec.create_cache_parameter_group(CacheParameterGroupName="static",
                                             CacheParameterGroupFamily="redis7",
                                             Description="static")
        cluster = self.create_redis_cluster("static", CacheParameterGroupName="static")
        endpoint = cluster["CacheNodes"][0]["Endpoint"]
        self.assertEqual(self.redis_at(endpoint).config_get("databases")["databases"], "16")
        pid_before = self.redis_at(endpoint).info("server")["process_id"]
        self.ec.modify_cache_parameter_group(
            CacheParameterGroupName="static",
            ParameterNameValues=[{"ParameterName": "databases", "ParameterValue": "32"}])
        self.ec.describe_cache_clusters(CacheClusterId="static")
        self.assertEqual(self.redis_at(endpoint).config_get("databases")["databases"], "16")
        self.ec.reboot_cache_cluster(CacheClusterId="static", CacheNodeIdsToReboot=["0001"])
        cluster = self.ec.describe_cache_clusters(CacheClusterId="static")["CacheClusters"][0]
        self.assertEqual(cluster["CacheClusterStatus"], "available")
        after = self.redis_at(endpoint)
        self.assertEqual(after.config_get("databases")["databases"], "32")
        self.assertNotEqual(after.info("server")["process_id"], pid_before)

    def test_an_engine_that_dies_comes_back(self):
        cluster = self.create_redis_cluster("fragile")
        endpoint = cluster["CacheNodes"][0]["Endpoint"]
        [engine] = engines(self.server)
        os.kill(engine["pid"], signal.SIGKILL)
        wait_until(lambda: [e for e in engines(self.server)
                            if e["running"] and e["pid"] != engine["pid"]],
                   timeout=15, what="the engine to be started again")
        wait_until(lambda: self.redis_at(endpoint).ping(), what="the engine to answer")


class EngineCapTest(DataPlaneTestCase):
    port_base = 23600
    extra_server_args = ("--max-engines", "3")

    def test_nodes_beyond_the_cap_are_refused_and_nothing_is_left_behind(self):
        self.create_cmd("fits", clusters=3)
        self.assertAwsError("InsufficientCacheClusterCapacity", self.ec.create_cache_cluster,
                            CacheClusterId="extra", Engine="redis",
                            CacheNodeType="cache.t3.micro", NumCacheNodes=1, status=400)
        self.assertAwsError("CacheClusterNotFound", self.ec.describe_cache_clusters,
                            CacheClusterId="extra")
        self.assertEqual(len(engines(self.server)), 3)
        # Room again once the group is gone.
        self.ec.delete_replication_group(ReplicationGroupId="fits")
        self.ec.describe_replication_groups()
        self.ec.create_cache_cluster(CacheClusterId="extra", Engine="redis",
                                     CacheNodeType="cache.t3.micro", NumCacheNodes=1)


@unittest.skipIf(missing_tools(), missing_tools() or "")
class EmulatorLifetimeTest(unittest.TestCase):
    """Engines never outlive the emulator, and come back with their data when it restarts."""

    port_base = 23900

    def start(self, data_dir):
        return Server(*data_plane_args(self.port_base), data_dir=data_dir).start()

    def create_group(self, server):
        ec = server.client()
        ec.create_replication_group(ReplicationGroupId="durable", ReplicationGroupDescription="d",
                                    Engine="redis", CacheNodeType="cache.t3.micro",
                                    NumCacheClusters=2)
        group = ec.describe_replication_groups(ReplicationGroupId="durable")["ReplicationGroups"][0]
        return group["NodeGroups"][0]["PrimaryEndpoint"]

    def test_restart_brings_engines_back_with_their_data(self):
        with tempfile.TemporaryDirectory() as data_dir:
            server = self.start(data_dir)
            try:
                endpoint = self.create_group(server)
                client = redis.Redis(host=endpoint["Address"], port=endpoint["Port"])
                client.set("survives", "restart")
                ports = [e["port"] for e in engines(server)]
            finally:
                self.assertEqual(server.stop(), 0)
            for port in ports + [endpoint["Port"]]:
                self.assertFalse(port_open(port), f"port {port} still open after stop")
            server = self.start(data_dir)
            try:
                # Same port as before the restart, same data.
                again = server.client().describe_replication_groups(
                    ReplicationGroupId="durable")["ReplicationGroups"][0]
                self.assertEqual(again["NodeGroups"][0]["PrimaryEndpoint"], endpoint)
                client = redis.Redis(host=endpoint["Address"], port=endpoint["Port"])
                self.assertEqual(client.get("survives"), b"restart")
            finally:
                self.assertEqual(server.stop(), 0)

    def test_engines_stop_when_the_emulator_is_killed(self):
        with tempfile.TemporaryDirectory() as data_dir:
            server = self.start(data_dir)
            try:
                self.create_group(server)
                pids = [e["pid"] for e in engines(server)]
                self.assertEqual(len(pids), 2)
            finally:
                server.kill()  # SIGKILL: no chance to stop anything itself
            for pid in pids:
                wait_until(lambda: not _alive(pid), timeout=10, what=f"engine {pid} to end")

    def test_missing_engine_program_refuses_to_start(self):
        done = subprocess.run([Server().args[0], "--in-memory", "--port", "0", "--data-plane",
                               "--redis-server", "/nonexistent/redis-server"],
                              capture_output=True, text=True, timeout=30)
        self.assertEqual(done.returncode, 1)
        self.assertIn("the data plane needs redis-server", done.stderr)
        self.assertIn("/nonexistent/redis-server", done.stderr)


def _alive(pid):
    """Whether pid runs (a zombie left to init counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _answers(read):
    try:
        return read()
    except (OSError, AttributeError):
        return None


if __name__ == "__main__":
    unittest.main(verbosity=2)

"""Loopback endpoints (--loopback-endpoints): every endpoint the API shows is an address of
its own in 127.1.0.0/16 answering on the port AWS would show (6379, 11211, or the group's
Port), so answers look as they do on AWS and Terraform's ForceNew `port` never drifts.
Judged by python3-redis and the Memcached text protocol, over the addresses the API gives."""

import ipaddress
import unittest

from dataplane_harness import DataPlaneTestCase, memcached_command, wait_until


def in_loopback_net(address):
    return ipaddress.ip_address(address) in ipaddress.ip_network("127.1.0.0/16")


class LoopbackEndpointsTest(DataPlaneTestCase):
    port_base = 25700
    extra_server_args = ("--loopback-endpoints",)

    def test_group_endpoints_are_addresses_of_their_own_on_the_groups_port(self):
        self.create_cmd("orders", clusters=2)
        node_group, members = self.group_endpoints("orders")
        endpoints = [node_group["PrimaryEndpoint"], node_group["ReaderEndpoint"], *members]
        for endpoint in endpoints:
            self.assertTrue(in_loopback_net(endpoint["Address"]), endpoint)
            self.assertEqual(endpoint["Port"], 6379)
        self.assertEqual(len({e["Address"] for e in endpoints}), 4)
        primary = self.redis_at(node_group["PrimaryEndpoint"])
        self.assertTrue(primary.set("order:1", "shipped"))
        self.assertEqual(primary.execute_command("WAIT", 1, 5000), 1)
        self.assertEqual(self.redis_at(node_group["ReaderEndpoint"]).get("order:1"), "shipped")
        for endpoint in members:
            self.assertEqual(self.redis_at(endpoint).get("order:1"), "shipped")

    def test_a_groups_own_port_is_the_port_its_endpoints_answer_on(self):
        self.create_cmd("custom", clusters=1, Port=7000)
        node_group, members = self.group_endpoints("custom")
        self.assertEqual(node_group["PrimaryEndpoint"]["Port"], 7000)
        self.assertEqual(members[0]["Port"], 7000)
        self.assertEqual(self.redis_at(node_group["PrimaryEndpoint"]).ping(), True)

    def test_memcached_configuration_endpoint_lists_the_nodes_addresses(self):
        self.ec.create_cache_cluster(CacheClusterId="sessions", Engine="memcached",
                                     CacheNodeType="cache.t3.micro", NumCacheNodes=2)
        cluster = self.ec.describe_cache_clusters(
            CacheClusterId="sessions", ShowCacheNodeInfo=True)["CacheClusters"][0]
        config = cluster["ConfigurationEndpoint"]
        self.assertTrue(in_loopback_net(config["Address"]), config)
        self.assertEqual(config["Port"], 11211)
        nodes = [n["Endpoint"] for n in cluster["CacheNodes"]]
        answer = wait_until(
            lambda: (lambda a: a if a.count(b"|") == 4 else None)(
                memcached_command(config["Port"], b"config get cluster\r\n",
                                  host=config["Address"])),
            what="both nodes in the cluster configuration")
        node_line = answer.split(b"\n")[2].decode().strip()
        self.assertEqual(sorted(node_line.split(" ")),
                         sorted(f"{n['Address']}|{n['Address']}|11211" for n in nodes))
        stored = memcached_command(11211, b"set k 0 0 5\r\nhello\r\n", host=nodes[1]["Address"])
        self.assertEqual(stored, b"STORED\r\n")
        value = memcached_command(11211, b"get k\r\n", host=nodes[1]["Address"])
        self.assertIn(b"hello", value)


if __name__ == "__main__":
    unittest.main(verbosity=2)

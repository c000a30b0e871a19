"""Real Terraform (hashicorp/aws) against the emulator with the data plane on and loopback
endpoints: a module creates a cluster-mode-disabled replication group and a Memcached
cluster, and the test connects to what Terraform says — `primary_endpoint_address` and
`port`, `reader_endpoint_address`, the Memcached `cluster_address` — with python3-redis and
the Memcached text protocol. Updated to 3 cache clusters: the new replica has the data. No
drift after each apply; destroy stops the engines.

Loopback endpoints, because the provider's `port` of a replication group is ForceNew and
only 6379 left unset passes its diff: with a port per endpoint (the default endpoint mode),
every plan would replace the group (docs/data-plane.md).
"""

import os
import sys
import unittest

from tf_harness import TerraformTestCase, provider_block, timeouts_block

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from dataplane_harness import (data_plane_args, memcached_command, missing_tools,  # noqa: E402
                               port_open, redis, wait_until)

RG_ID = "tf-app-cache"
MC_ID = "tf-sessions"
REASON = missing_tools()


def config(endpoint, clusters):
    return provider_block(endpoint) + f"""
resource "aws_elasticache_replication_group" "app" {{
  replication_group_id       = "{RG_ID}"
  description                = "an application's cache on the data plane"
  engine                     = "redis"
  node_type                  = "cache.t3.micro"
  num_cache_clusters         = {clusters}
  automatic_failover_enabled = true

  {timeouts_block()}
}}

resource "aws_elasticache_cluster" "sessions" {{
  cluster_id      = "{MC_ID}"
  engine          = "memcached"
  node_type       = "cache.t3.micro"
  num_cache_nodes = 2

  {timeouts_block()}
}}

output "primary" {{ value = aws_elasticache_replication_group.app.primary_endpoint_address }}
output "reader" {{ value = aws_elasticache_replication_group.app.reader_endpoint_address }}
output "sessions" {{ value = aws_elasticache_cluster.sessions.cluster_address }}
"""


@unittest.skipIf(REASON, REASON or "")
class DataPlaneModule(TerraformTestCase):
    name = "data-plane"
    server_args = data_plane_args(26000, "--loopback-endpoints")

    @classmethod
    def initial_config(cls, endpoint):
        return config(endpoint, clusters=2)

    def outputs(self):
        state = self.tf.state()
        rg = state["aws_elasticache_replication_group.app"]
        mc = state["aws_elasticache_cluster.sessions"]
        return rg, mc

    def client_of_state(self):
        rg, _ = self.outputs()
        return redis.Redis(host=rg["primary_endpoint_address"], port=rg["port"],
                           decode_responses=True, socket_timeout=5)

    def test_1_create_and_connect(self):
        self.apply_ok("apply (create)")
        rg, mc = self.outputs()
        with self.subTest(check="the application connects to what Terraform says"):
            self.assertTrue(rg["primary_endpoint_address"].startswith("127.1."), rg)
            self.assertEqual(rg["port"], 6379)
            self.assertEqual(mc["port"], 11211)
            client = self.client_of_state()
            self.assertTrue(client.set("greeting", "hello from terraform"))
            self.assertEqual(client.execute_command("WAIT", 1, 5000), 1)
            reader = redis.Redis(host=rg["reader_endpoint_address"],
                                 port=rg["port"], decode_responses=True)
            self.assertEqual(reader.get("greeting"), "hello from terraform")
        with self.subTest(check="the Memcached cluster's configuration endpoint"):
            answer = memcached_command(mc["port"], b"config get cluster\r\n",
                                       host=mc["cluster_address"])
            self.assertTrue(answer.startswith(b"CONFIG cluster 0 "), answer)
            self.assertEqual(answer.count(b"|"), 4)  # two nodes: host|ip|port each
        self.plan_no_drift("plan after create")

    def test_2_add_a_replica(self):
        self.require_created()
        self.tf.write_config(config(self.server.endpoint, clusters=3))
        self.apply_ok("apply (3 cache clusters)")
        with self.subTest(check="the new replica synced the data"):
            group = self.ec.describe_replication_groups(
                ReplicationGroupId=RG_ID)["ReplicationGroups"][0]
            members = group["NodeGroups"][0]["NodeGroupMembers"]
            self.assertEqual(len(members), 3)
            newest = next(m for m in members if m["CacheClusterId"] == f"{RG_ID}-003")
            replica = redis.Redis(host=newest["ReadEndpoint"]["Address"],
                                  port=newest["ReadEndpoint"]["Port"], decode_responses=True)
            self.assertEqual(replica.get("greeting"), "hello from terraform")
        self.plan_no_drift("plan after update")

    def test_3_destroy(self):
        self.require_created()
        rg, mc = self.outputs()
        endpoints = [(rg["primary_endpoint_address"], rg["port"]),
                     (mc["cluster_address"], mc["port"])]
        self.destroy_ok()
        with self.subTest(check="the engines are gone with the resources"):
            for host, port in endpoints:
                wait_until(lambda: not port_open(port, host=host),
                           what=f"{host}:{port} to close")


if __name__ == "__main__":
    unittest.main(verbosity=2)

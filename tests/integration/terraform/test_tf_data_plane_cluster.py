"""Real Terraform (hashicorp/aws) creating a cluster-mode-enabled replication group on the data
plane (loopback endpoints, so the ForceNew `port` never drifts), judged by python3-redis's
RedisCluster through `configuration_endpoint_address`: keys written, then the group resized
with `num_node_groups` 2 -> 3 (ModifyReplicationGroupShardConfiguration, slots and keys moved
for real); no drift after each apply; destroy stops the engines."""

import logging
import os
import sys
import unittest

from tf_harness import TerraformTestCase, provider_block, timeouts_block

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from dataplane_harness import data_plane_args, missing_tools, port_open, redis, wait_until  # noqa: E402

try:
    from redis.cluster import RedisCluster
except (ImportError, AttributeError):
    RedisCluster = None

logging.getLogger("redis").addHandler(logging.NullHandler())
RG_ID = "tf-sharded"
REASON = missing_tools() or (None if RedisCluster else "python3-redis has no RedisCluster")
KEYS = 1000


def config(endpoint, shards):
    return provider_block(endpoint) + f"""
resource "aws_elasticache_replication_group" "sharded" {{
  replication_group_id       = "{RG_ID}"
  description                = "a sharded cache on the data plane"
  engine                     = "redis"
  node_type                  = "cache.m5.large"
  parameter_group_name       = "default.redis7.cluster.on"
  num_node_groups            = {shards}
  replicas_per_node_group    = 1
  automatic_failover_enabled = true

  {timeouts_block()}
}}

output "configuration" {{
  value = aws_elasticache_replication_group.sharded.configuration_endpoint_address
}}
"""


@unittest.skipIf(REASON, REASON or "")
class DataPlaneClusterModule(TerraformTestCase):
    name = "data-plane-cluster"
    server_args = data_plane_args(28300, "--loopback-endpoints")

    @classmethod
    def initial_config(cls, endpoint):
        return config(endpoint, shards=2)

    def cluster_of_state(self):
        rg = self.tf.state()["aws_elasticache_replication_group.sharded"]
        return RedisCluster(host=rg["configuration_endpoint_address"], port=rg["port"],
                            decode_responses=True, socket_timeout=5)

    def slot_owners(self):
        rg = self.tf.state()["aws_elasticache_replication_group.sharded"]
        node = redis.Redis(host=rg["configuration_endpoint_address"], port=rg["port"],
                           decode_responses=True)
        return {(e[0], e[1]) for e in node.execute_command("CLUSTER", "SLOTS")}

    def group_slots(self):
        group = self.ec.describe_replication_groups(ReplicationGroupId=RG_ID)[
            "ReplicationGroups"][0]
        ranges = set()
        for ng in group["NodeGroups"]:
            for part in ng["Slots"].split(","):
                start, _, end = part.partition("-")
                ranges.add((int(start), int(end or start)))
        return ranges

    def test_1_create_and_write_through_the_configuration_endpoint(self):
        self.apply_ok("apply (create)")
        rg = self.tf.state()["aws_elasticache_replication_group.sharded"]
        with self.subTest(check="cluster clients use what Terraform says"):
            self.assertTrue(rg["configuration_endpoint_address"].startswith("127.1."), rg)
            self.assertEqual(rg["port"], 6379)
            client = self.cluster_of_state()
            for i in range(KEYS):
                client.set(f"tf:{i}", i)
            self.assertEqual(len(client.get_primaries()), 2)
            self.assertEqual(len(client.get_replicas()), 2)
            self.assertEqual(self.slot_owners(), self.group_slots())
        self.plan_no_drift("plan after create")

    def test_2_more_shards_move_slots_and_keys(self):
        self.require_created()
        self.tf.write_config(config(self.server.endpoint, shards=3))
        self.apply_ok("apply (3 node groups)")
        with self.subTest(check="the keys moved with their slots"):
            client = self.cluster_of_state()
            self.assertEqual(len(client.get_primaries()), 3)
            self.assertEqual(client.mget_nonatomic([f"tf:{i}" for i in range(KEYS)]),
                             [str(i) for i in range(KEYS)])
            self.assertEqual(self.slot_owners(), self.group_slots())
        self.plan_no_drift("plan after update")

    def test_3_destroy(self):
        self.require_created()
        rg = self.tf.state()["aws_elasticache_replication_group.sharded"]
        host, port = rg["configuration_endpoint_address"], rg["port"]
        self.destroy_ok()
        wait_until(lambda: not port_open(port, host=host), what=f"{host}:{port} to close")


if __name__ == "__main__":
    unittest.main(verbosity=2)

"""Failover on the data plane, judged by python3-redis: TestFailover, a PrimaryClusterId
change and the death of a primary engine with automatic failover promote a replica for real
— data written before is read back through the same primary endpoint — and a dead engine of
a group without automatic failover is started again in place, with its data."""

import os
import shutil
import signal
import tempfile
import time
import unittest

from dataplane_harness import (DataPlaneTestCase, data_plane_args, engines, missing_tools,
                               redis, wait_until)
from ecl_harness import Server


def roles(group):
    return {m["CacheClusterId"]: m["CurrentRole"]
            for m in group["NodeGroups"][0]["NodeGroupMembers"]}


class FailoverCase(DataPlaneTestCase):
    def settle(self, group_id):
        """Describes until the group is available again (transitions are immediate)."""
        return wait_until(lambda: (lambda g: g if g["Status"] == "available" else None)(
            self.describe(group_id)), timeout=15, what=f"{group_id} to be available")

    def write_through_primary(self, group_id, count=50):
        node_group = self.describe(group_id)["NodeGroups"][0]
        replicas = len(node_group["NodeGroupMembers"]) - 1
        client = self.redis_at(node_group["PrimaryEndpoint"])
        for i in range(count):
            client.set(f"k{i}", f"v{i}")
        self.assertEqual(client.execute_command("WAIT", replicas, 4000), replicas)
        return client

    def assertPrimaryEndpointLeadsTo(self, group, cluster_id, count=50):
        node_group = group["NodeGroups"][0]
        member = next(m for m in node_group["NodeGroupMembers"]
                      if m["CacheClusterId"] == cluster_id)
        primary = self.redis_at(node_group["PrimaryEndpoint"])
        # The primary endpoint answers from the promoted member's engine.
        self.assertEqual(primary.config_get("port")["port"],
                         self.redis_at(member["ReadEndpoint"]).config_get("port")["port"])
        self.assertEqual(primary.execute_command("ROLE")[0], "master")
        self.assertEqual(primary.get(f"k{count - 1}"), f"v{count - 1}")
        self.assertTrue(primary.set("after-failover", "written"))
        return primary

    def member_endpoint(self, group, cluster_id):
        return next(m["ReadEndpoint"] for m in group["NodeGroups"][0]["NodeGroupMembers"]
                    if m["CacheClusterId"] == cluster_id)


class PlannedFailoverTest(FailoverCase):
    port_base = 25100

    def test_test_failover_promotes_a_replica_for_real(self):
        self.create_cmd("tf", clusters=3)
        self.write_through_primary("tf")
        self.ec.test_failover(ReplicationGroupId="tf", NodeGroupId="0001")
        group = self.settle("tf")
        self.assertEqual(roles(group), {"tf-001": "replica", "tf-002": "primary",
                                        "tf-003": "replica"})
        self.assertPrimaryEndpointLeadsTo(group, "tf-002")
        # The old primary follows the new one and has the new write.
        old = self.redis_at(self.member_endpoint(group, "tf-001"))
        wait_until(lambda: old.get("after-failover") == "written", what="tf-001 to sync")
        self.assertEqual(old.execute_command("ROLE")[0], "slave")

    def test_primary_cluster_id_change_swaps_the_engines_roles(self):
        self.create_cmd("swap", clusters=2)
        self.write_through_primary("swap", count=10)
        self.ec.modify_replication_group(ReplicationGroupId="swap", PrimaryClusterId="swap-002",
                                         ApplyImmediately=True)
        group = self.settle("swap")
        self.assertEqual(roles(group), {"swap-001": "replica", "swap-002": "primary"})
        self.assertPrimaryEndpointLeadsTo(group, "swap-002", count=10)


class UnplannedFailoverTest(FailoverCase):
    port_base = 25400

    def test_a_dead_primary_is_replaced_by_a_replica(self):
        self.create_cmd("ha", clusters=3)  # automatic failover on
        self.write_through_primary("ha")
        primary_pid = next(e["pid"] for e in engines(self.server)
                           if e["cache_cluster_id"] == "ha-001")
        os.kill(primary_pid, signal.SIGKILL)
        group = wait_until(lambda: (lambda g: g if roles(g)["ha-001"] == "replica" else None)(
            self.describe("ha")), timeout=15, what="the model to fail over")
        promoted = next(c for c, r in roles(group).items() if r == "primary")
        self.assertNotEqual(promoted, "ha-001")
        wait_until(lambda: self._answers_as_master(group), timeout=15,
                   what="the promoted engine to lead")
        self.assertPrimaryEndpointLeadsTo(group, promoted)
        messages = [e["Message"] for e in self.ec.describe_events(Duration=60)["Events"]]
        self.assertIn(f"Failover from master node ha-001 to replica node {promoted} completed",
                      messages)
        self.assertIn("Recovering cache nodes 0001", messages)
        # The old primary comes back as a replica of the new one.
        old = self.redis_at(self.member_endpoint(group, "ha-001"))
        wait_until(lambda: self._role(old) == "slave", timeout=15, what="ha-001 to come back")
        wait_until(lambda: old.get("after-failover") == "written", what="ha-001 to sync")

    def _role(self, client):
        try:
            return client.execute_command("ROLE")[0]
        except redis.exceptions.RedisError:
            return None

    def _answers_as_master(self, group):
        return self._role(self.redis_at(group["NodeGroups"][0]["PrimaryEndpoint"])) == "master"


@unittest.skipIf(missing_tools(), missing_tools() or "")
class RecoveryInPlaceTest(unittest.TestCase):
    """Without automatic failover the dead primary is started again, and with a data
    directory it comes back with its data (the append-only file)."""

    @classmethod
    def setUpClass(cls):
        cls.data_dir = tempfile.mkdtemp(prefix="ecl-dp-recovery-")
        cls.server = Server(*data_plane_args(25700), data_dir=cls.data_dir).start()
        cls.ec = cls.server.client()

    @classmethod
    def tearDownClass(cls):
        status = cls.server.stop()
        shutil.rmtree(cls.data_dir, ignore_errors=True)
        assert status == 0, cls.server.log()

    def test_dead_primary_without_automatic_failover_restarts_in_place(self):
        self.ec.create_replication_group(
            ReplicationGroupId="plain", ReplicationGroupDescription="no failover",
            Engine="redis", CacheNodeType="cache.t3.micro", NumCacheClusters=2,
            AutomaticFailoverEnabled=False)
        group = self.ec.describe_replication_groups(
            ReplicationGroupId="plain")["ReplicationGroups"][0]
        endpoint = group["NodeGroups"][0]["PrimaryEndpoint"]
        client = redis.Redis(host=endpoint["Address"], port=endpoint["Port"],
                             decode_responses=True)
        client.set("kept", "yes")
        time.sleep(1.2)  # the append-only file is flushed every second
        pid = next(e["pid"] for e in engines(self.server) if e["cache_cluster_id"] == "plain-001")
        os.kill(pid, signal.SIGKILL)
        wait_until(lambda: [e for e in engines(self.server) if e["cache_cluster_id"] ==
                            "plain-001" and e["running"] and e["pid"] != pid],
                   timeout=15, what="plain-001 to start again")
        group = self.ec.describe_replication_groups(
            ReplicationGroupId="plain")["ReplicationGroups"][0]
        self.assertEqual(roles(group), {"plain-001": "primary", "plain-002": "replica"})
        restarted = redis.Redis(host=endpoint["Address"], port=endpoint["Port"],
                                decode_responses=True, socket_timeout=5)
        wait_until(lambda: _get(restarted, "kept") == "yes", timeout=15,
                   what="the restarted primary to have its data")
        messages = [e["Message"] for e in self.ec.describe_events(Duration=60)["Events"]]
        self.assertIn("Finished recovery for cache nodes 0001", messages)
        self.assertFalse(any("Failover" in m for m in messages))


def _get(client, key):
    try:
        return client.get(key)
    except redis.exceptions.RedisError:
        return None


if __name__ == "__main__":
    unittest.main(verbosity=2)

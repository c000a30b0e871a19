"""Engines that hang, on the data plane: an engine that stops answering (SIGSTOP: alive, but
silent) is found by the watcher's probes within 10 s, killed and then handled
like one that crashed — a primary with automatic failover is replaced by a replica, a
Memcached node is recovered in place — with the events AWS records, while the API goes on
answering at once."""

import os
import signal
import time

from dataplane_harness import DataPlaneTestCase, engines, memcached_command, wait_until


def roles(group):
    return {m["CacheClusterId"]: m["CurrentRole"]
            for m in group["NodeGroups"][0]["NodeGroupMembers"]}


class HungEngines(DataPlaneTestCase):
    port_base = 26500

    def engine(self, cluster_id):
        return next(e for e in engines(self.server) if e["cache_cluster_id"] == cluster_id)

    def keep_answering_until(self, predicate, what, timeout=60):
        """Calls the API (a write and a read) until predicate() holds; each call must succeed,
        whatever the engines are doing."""
        deadline = time.monotonic() + timeout
        n = 0
        while not predicate():
            self.assertLess(time.monotonic(), deadline, f"timed out waiting for {what}")
            started = time.monotonic()
            self.ec.create_cache_parameter_group(
                CacheParameterGroupName=f"meanwhile-{n}", CacheParameterGroupFamily="redis7",
                Description="written while an engine hangs")
            self.ec.describe_cache_clusters()
            # Not a timing assertion: a call held up by the hung engine would take the
            # reconciler's whole ready timeout (10 s); an answered one takes milliseconds.
            self.assertLess(time.monotonic() - started, 5, "the API waited for a hung engine")
            n += 1
            time.sleep(0.2)
        return n

    # The node must be available (its engine answering) before it hangs: becoming available
    # is the one moment the API waits for an engine, by design (docs/data-plane.md).
    def available(self, cluster_id):
        wait_until(lambda: self.ec.describe_cache_clusters(CacheClusterId=cluster_id)[
            "CacheClusters"][0]["CacheClusterStatus"] == "available", what=f"{cluster_id}")

    def settle(self, group_id):
        wait_until(lambda: self.describe(group_id)["Status"] == "available", what=group_id)

    def messages(self):
        return [e["Message"] for e in self.ec.describe_events(Duration=60)["Events"]]

    def test_a_hung_primary_is_failed_over_and_comes_back_as_a_replica(self):
        self.create_cmd("stuck", clusters=2)  # automatic failover on
        self.settle("stuck")
        stopped = self.engine("stuck-001")
        self.assertEqual(stopped["role"], "primary")
        os.kill(stopped["pid"], signal.SIGSTOP)
        self.addCleanup(lambda: _signal(stopped["pid"], signal.SIGCONT))
        calls = self.keep_answering_until(
            lambda: roles(self.describe("stuck"))["stuck-001"] == "replica", "the failover")
        self.assertGreater(calls, 3)  # the API answered all along
        self.assertEqual(roles(self.describe("stuck")),
                         {"stuck-001": "replica", "stuck-002": "primary"})
        messages = self.messages()
        self.assertIn("Failover from master node stuck-001 to replica node stuck-002 completed",
                      messages)
        self.assertIn("Recovering cache nodes 0001", messages)
        # The hung process is gone; a new engine serves the old primary, as a replica.
        back = wait_until(lambda: (lambda e: e if e["running"] and e["pid"] != stopped["pid"]
                                   else None)(self.engine("stuck-001")),
                          timeout=40, what="stuck-001 to run again")
        self.assertEqual(back["role"], "replica")
        self.assertEqual(self.describe("stuck")["Status"], "available")

    def test_a_hung_memcached_node_is_recovered_in_place(self):
        self.ec.create_cache_cluster(CacheClusterId="frozen", Engine="memcached",
                                     CacheNodeType="cache.t3.micro", NumCacheNodes=1)
        self.available("frozen")
        stopped = self.engine("frozen")
        os.kill(stopped["pid"], signal.SIGSTOP)
        self.addCleanup(lambda: _signal(stopped["pid"], signal.SIGCONT))
        self.keep_answering_until(
            lambda: (lambda e: e["running"] and e["pid"] != stopped["pid"])(self.engine("frozen")),
            "the node to be started again")
        node = self.ec.describe_cache_clusters(
            CacheClusterId="frozen", ShowCacheNodeInfo=True)["CacheClusters"][0]["CacheNodes"][0]
        answer = wait_until(lambda: _version(node["Endpoint"]["Port"]), timeout=15,
                            what="the recovered node to answer")
        self.assertTrue(answer.startswith(b"VERSION"), answer)
        messages = self.messages()
        self.assertIn("Recovering cache nodes 0001", messages)
        self.assertIn("Finished recovery for cache nodes 0001", messages)


def _signal(pid, sig):
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _version(port):
    try:
        return memcached_command(port, b"version\r\n", expect_end=b"\r\n")
    except OSError:
        return None


if __name__ == "__main__":
    import unittest
    unittest.main(verbosity=2)

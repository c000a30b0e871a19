"""TestFailover through boto3: the primary of a node group moves to a replica, the group
passes through the states AWS shows, DescribeEvents records the steps in AWS's words and
order, and the rules answer AWS's faults."""

from ecl_harness import ServerTestCase, endpoint_pattern, main

TRANSITION_S = 3


def roles(group, node_group=0):
    return [(m["CacheClusterId"], m.get("CurrentRole"))
            for m in group["NodeGroups"][node_group]["NodeGroupMembers"]]


class FailoverCase(ServerTestCase):
    def failover(self, group_id, node_group_id="0001"):
        return self.ec.test_failover(ReplicationGroupId=group_id,
                                     NodeGroupId=node_group_id)["ReplicationGroup"]

    def messages(self, **filters):
        return [(e["SourceType"], e["SourceIdentifier"], e["Message"])
                for e in self.ec.describe_events(Duration=60, **filters)["Events"]]


class Sampled(FailoverCase):
    server_args = ("--transition-seconds", str(TRANSITION_S))

    def test_cluster_mode_disabled_failover_on_the_clock(self):
        self.create_cmd("tf", clusters=3)
        self.server.advance(TRANSITION_S + 1)
        before = self.describe("tf")
        group = self.failover("tf")
        # Answered as AWS's captured answers show it: available, roles as they were.
        self.assertEqual(group["Status"], "available")
        self.assertEqual(group["PendingModifiedValues"], {})
        self.assertEqual(roles(group), roles(before))

        group = self.describe("tf")
        self.assertEqual((group["Status"], group["NodeGroups"][0]["Status"]),
                         ("modifying", "modifying"))
        self.assertEqual(roles(group)[0], ("tf-001", "primary"))
        # The console keeps showing the nodes available.
        clusters = self.ec.describe_cache_clusters()["CacheClusters"]
        self.assertEqual({c["CacheClusterStatus"] for c in clusters}, {"available"})

        self.server.advance(TRANSITION_S)  # the failover is done, tf-001 recovers
        group = self.describe("tf")
        self.assertEqual(group["Status"], "modifying")
        self.assertEqual(roles(group), [("tf-001", "replica"), ("tf-002", "primary"),
                                        ("tf-003", "replica")])
        self.server.advance(TRANSITION_S)
        group = self.describe("tf")
        self.assertEqual(group["Status"], "available")
        node_group = group["NodeGroups"][0]
        self.assertEqual(node_group["PrimaryEndpoint"], before["NodeGroups"][0]["PrimaryEndpoint"])
        self.assertRegex(node_group["PrimaryEndpoint"]["Address"], endpoint_pattern("primary", "tf"))
        self.assertEqual(node_group["ReaderEndpoint"], before["NodeGroups"][0]["ReaderEndpoint"])

        steps = [m for m in reversed(self.messages()) if "ailover" in m[2] or "ecover" in m[2]]
        self.assertEqual(steps, [
            ("replication-group", "tf", "Automatic failover has been turned on for replication "
                                        "group tf"),
            ("replication-group", "tf", "Test Failover API called for node group 0001"),
            ("replication-group", "tf", "Failover to replica node tf-002 completed"),
            ("cache-cluster", "tf-001", "Failover from master node tf-001 to replica node tf-002 "
                                        "completed"),
            ("replication-group", "tf", "Failover from master node tf-001 to replica node tf-002 "
                                        "completed"),
            ("cache-cluster", "tf-001", "Recovering cache nodes 0001"),
            ("cache-cluster", "tf-001", "Finished recovery for cache nodes 0001"),
        ])

    def test_one_failover_at_a_time_in_a_sharded_group(self):
        self.create_cme("shop", shards=3, replicas=1)
        self.server.advance(TRANSITION_S + 1)
        group = self.failover("shop", "0002")
        self.assertEqual(group["Status"], "available")
        self.assertAwsError("TestFailoverNotAvailableFault", self.failover, "shop", "0003",
                            status=400)
        self.assertAwsError("InvalidReplicationGroupState", self.ec.modify_replication_group,
                            ReplicationGroupId="shop", ReplicationGroupDescription="x",
                            ApplyImmediately=True)
        self.server.advance(2 * TRANSITION_S + 1)
        self.assertEqual(self.describe("shop")["Status"], "available")
        self.failover("shop", "0003")  # the first one is done
        self.assertIn(("replication-group", "shop", "Failover to replica node shop-0002-002 completed"),
                      self.messages())

    def test_a_group_that_is_not_available(self):
        self.create_cmd("busy", clusters=2)
        self.assertAwsError("InvalidReplicationGroupState", self.failover, "busy")


class Rules(FailoverCase):
    def test_the_faults(self):
        self.assertAwsError("ReplicationGroupNotFoundFault", self.failover, "ghost", status=404)
        self.create_cmd("rg", clusters=2)
        self.assertAwsError("NodeGroupNotFoundFault", self.failover, "rg", "0002", status=404)
        self.create_cmd("nofail", clusters=2, AutomaticFailoverEnabled=False)
        self.assertAwsError("InvalidParameterCombination", self.failover, "nofail")
        self.create_cme("alone", shards=2, replicas=0)
        self.assertAwsError("InvalidParameterCombination", self.failover, "alone", "0001")

    def test_failover_then_failback(self):
        self.create_cmd("back", clusters=2)
        self.failover("back")
        self.assertEqual(roles(self.describe("back")), [("back-001", "replica"),
                                                        ("back-002", "primary")])
        self.failover("back")
        self.assertEqual(roles(self.describe("back")), [("back-001", "primary"),
                                                        ("back-002", "replica")])
        # A promoted replica can be deleted no more; the old primary can.
        self.failover("back")
        self.assertAwsError("InvalidCacheClusterState", self.ec.delete_cache_cluster,
                            CacheClusterId="back-002")

    def test_fifteen_node_groups_in_any_rolling_24_hours(self):
        self.create_cme("many", shards=5, replicas=1)
        for _ in range(3):
            for shard in ("0001", "0002", "0003", "0004", "0005"):
                self.failover("many", shard)
        self.assertAwsError("APICallRateForCustomerExceeded", self.failover, "many", "0001",
                            status=400)
        self.create_cmd("other", clusters=2)  # the limit is the account's
        self.assertAwsError("APICallRateForCustomerExceeded", self.failover, "other")
        self.server.advance(24 * 3600)
        self.failover("other")


if __name__ == "__main__":
    main()

"""IncreaseReplicaCount, DecreaseReplicaCount and ModifyReplicationGroupShardConfiguration.

Run with --transition-seconds 2 so the intermediate `modifying` state is observable; the
admin clock moves groups on without sleeping.
"""

from ecl_harness import ServerTestCase, main

INVALID_VALUE = "InvalidParameterValue"


def all_slots_covered(node_groups):
    """True when the groups' Slots strings cover 0..16383 exactly once."""
    covered = []
    for group in node_groups:
        for part in group["Slots"].split(","):
            start, end = (int(x) for x in part.split("-"))
            covered.extend(range(start, end + 1))
    return sorted(covered) == list(range(16384))


class ReplicaCount(ServerTestCase):
    server_args = ("--transition-seconds", "2")

    def ready_cmd(self, group_id, clusters):
        self.create_cmd(group_id, clusters=clusters)
        self.server.advance(5)

    def test_increase_on_cluster_mode_disabled(self):
        self.ready_cmd("grow", 3)
        group = self.ec.increase_replica_count(ReplicationGroupId="grow", NewReplicaCount=4,
                                               ApplyImmediately=True)["ReplicationGroup"]
        self.assertEqual(group["Status"], "modifying")
        # New member ids are listed at once, numbered after the existing ones.
        self.assertEqual(group["MemberClusters"],
                         ["grow-001", "grow-002", "grow-003", "grow-004", "grow-005"])
        self.server.advance(5)
        group = self.describe("grow")
        self.assertEqual(group["Status"], "available")
        self.assertEqual(len(group["NodeGroups"][0]["NodeGroupMembers"]), 5)
        clusters = self.ec.describe_cache_clusters()["CacheClusters"]
        self.assertEqual({c["CacheClusterStatus"] for c in clusters}, {"available"})
        self.assertEqual(len(clusters), 5)

    def test_same_count_is_no_operation(self):
        self.ready_cmd("same", 3)
        self.assertAwsError(
            "NoOperationFault", self.ec.increase_replica_count, status=400,
            message="Requested new replica count already matches current number of replicas.",
            ReplicationGroupId="same", NewReplicaCount=2, ApplyImmediately=True)

    def test_decrease_removes_members_after_the_transition(self):
        self.ready_cmd("shrink", 4)
        group = self.ec.decrease_replica_count(ReplicationGroupId="shrink", NewReplicaCount=1,
                                               ApplyImmediately=True)["ReplicationGroup"]
        self.assertEqual(group["Status"], "modifying")
        self.server.advance(5)
        group = self.describe("shrink")
        self.assertEqual(group["Status"], "available")
        self.assertEqual(len(group["MemberClusters"]), 2)
        self.assertEqual(len(self.ec.describe_cache_clusters()["CacheClusters"]), 2)

    def test_decrease_below_one_replica_with_automatic_failover(self):
        self.ready_cmd("floor", 2)
        self.assertAwsError(
            INVALID_VALUE, self.ec.decrease_replica_count, status=400,
            message=("Must have at least 1 replica when cluster mode is disabled with auto "
                     "failover enabled."),
            ReplicationGroupId="floor", NewReplicaCount=0, ApplyImmediately=True)

    def test_increase_above_five_replicas(self):
        self.ready_cmd("ceiling", 2)
        self.assertAwsError(INVALID_VALUE, self.ec.increase_replica_count, status=400,
                            ReplicationGroupId="ceiling", NewReplicaCount=6,
                            ApplyImmediately=True)

    def test_while_creating_is_an_invalid_state(self):
        self.create_cmd("young", clusters=2)
        self.assertAwsError("InvalidReplicationGroupState", self.ec.increase_replica_count,
                            status=400, ReplicationGroupId="young", NewReplicaCount=2,
                            ApplyImmediately=True)

    def test_unknown_group(self):
        self.assertAwsError("ReplicationGroupNotFoundFault", self.ec.increase_replica_count,
                            status=404, ReplicationGroupId="nobody", NewReplicaCount=2,
                            ApplyImmediately=True)

    def test_increase_per_shard_on_cluster_mode_enabled(self):
        self.create_cme("shards", shards=2, replicas=1)
        self.server.advance(5)
        self.ec.increase_replica_count(
            ReplicationGroupId="shards", ApplyImmediately=True,
            ReplicaConfiguration=[{"NodeGroupId": "0001", "NewReplicaCount": 2},
                                  {"NodeGroupId": "0002", "NewReplicaCount": 3}])
        self.server.advance(5)
        group = self.describe("shards")
        sizes = {g["NodeGroupId"]: len(g["NodeGroupMembers"]) for g in group["NodeGroups"]}
        self.assertEqual(sizes, {"0001": 3, "0002": 4})
        self.assertIn("shards-0002-004", group["MemberClusters"])


class ShardConfiguration(ServerTestCase):
    server_args = ("--transition-seconds", "2")

    def ready_cme(self, group_id, shards):
        self.create_cme(group_id, shards=shards, replicas=1)
        self.server.advance(5)

    def test_scale_out_then_available_with_all_slots_covered(self):
        self.ready_cme("scale", 3)
        group = self.ec.modify_replication_group_shard_configuration(
            ReplicationGroupId="scale", NodeGroupCount=4,
            ApplyImmediately=True)["ReplicationGroup"]
        self.assertEqual(group["Status"], "modifying")
        self.server.advance(30)
        group = self.describe("scale")
        self.assertEqual(group["Status"], "available")
        self.assertEqual(len(group["NodeGroups"]), 4)
        self.assertTrue(all_slots_covered(group["NodeGroups"]), group["NodeGroups"])
        # A new shard gets as many nodes as the smallest existing one.
        self.assertEqual({len(g["NodeGroupMembers"]) for g in group["NodeGroups"]}, {2})

    def test_scale_in_keeps_the_other_node_group_ids(self):
        self.ready_cme("trim", 3)
        self.ec.modify_replication_group_shard_configuration(
            ReplicationGroupId="trim", NodeGroupCount=2, NodeGroupsToRemove=["0001"],
            ApplyImmediately=True)
        self.server.advance(30)
        group = self.describe("trim")
        self.assertEqual(sorted(g["NodeGroupId"] for g in group["NodeGroups"]), ["0002", "0003"])
        self.assertTrue(all_slots_covered(group["NodeGroups"]), group["NodeGroups"])

    def test_unknown_node_group_to_remove(self):
        self.ready_cme("bad", 3)
        self.assertAwsError(INVALID_VALUE,
                            self.ec.modify_replication_group_shard_configuration, status=400,
                            message="The following node group ids are invalid: [0010]",
                            ReplicationGroupId="bad", NodeGroupCount=2,
                            NodeGroupsToRemove=["0010"], ApplyImmediately=True)

    def test_cluster_mode_disabled_group(self):
        self.create_cmd("plain", clusters=2)
        self.server.advance(5)
        self.assertAwsError(
            INVALID_VALUE, self.ec.modify_replication_group_shard_configuration, status=400,
            message="Operation is only applicable for cluster mode enabled replication groups.",
            ReplicationGroupId="plain", NodeGroupCount=2, ApplyImmediately=True)

    def test_rebalance_of_uniform_slots_has_nothing_to_do(self):
        self.ready_cme("even", 3)
        self.assertAwsError(
            "InvalidReplicationGroupState", self.ec.modify_replication_group_shard_configuration,
            status=400, ReplicationGroupId="even", NodeGroupCount=3, ApplyImmediately=True)

    def test_over_quota(self):
        self.ready_cme("wide", 3)
        self.assertAwsError("NodeGroupsPerReplicationGroupQuotaExceeded",
                            self.ec.modify_replication_group_shard_configuration, status=400,
                            ReplicationGroupId="wide", NodeGroupCount=16, ApplyImmediately=True)

    def test_apply_immediately_false(self):
        self.ready_cme("later", 3)
        self.assertAwsError(INVALID_VALUE,
                            self.ec.modify_replication_group_shard_configuration, status=400,
                            ReplicationGroupId="later", NodeGroupCount=4,
                            ApplyImmediately=False)


if __name__ == "__main__":
    main()

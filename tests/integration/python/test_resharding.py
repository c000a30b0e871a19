"""ModifyReplicationGroupShardConfiguration through boto3: grow, shrink, rebalance, every
rule's error (a rejected call changes nothing), and a slow migration whose progress is
sampled as the admin clock moves."""

import re

from ecl_harness import ALL_SLOTS, ServerTestCase, main, parse_slots


class ReshardingMixin:
    """Helpers shared by the classes below (each class runs its own server)."""

    def reshard(self, group_id, count, **extra):
        return self.ec.modify_replication_group_shard_configuration(
            ReplicationGroupId=group_id, NodeGroupCount=count, ApplyImmediately=True,
            **extra)["ReplicationGroup"]

    def node_group_ids(self, group):
        return [ng["NodeGroupId"] for ng in group["NodeGroups"]]

    def clusters_of(self, group_id):
        clusters = self.ec.describe_cache_clusters(MaxRecords=100)["CacheClusters"]
        return {c["CacheClusterId"]: c for c in clusters if c.get("ReplicationGroupId") == group_id}

    def snapshot(self, group_id):
        """Everything a describe shows about one group and its member clusters."""
        return self.describe(group_id), self.clusters_of(group_id)

    def assert_settled(self, group_id, shards):
        """Available, no pending resharding, slots even and covering 0..16383 once, and
        MemberClusters, NodeGroups and DescribeCacheClusters agreeing."""
        group = self.describe(group_id)
        self.assertEqual(group["Status"], "available")
        self.assertNotIn("Resharding", group["PendingModifiedValues"])
        self.assertEqual(len(group["NodeGroups"]), shards)
        every_slot, counts = [], []
        for ng in group["NodeGroups"]:
            self.assertEqual(ng["Status"], "available")
            self.assertRegex(ng["NodeGroupId"], r"^\d{4}$")
            self.assertRegex(ng["Slots"], r"^\d+(-\d+)?(,\d+(-\d+)?)*$")
            slots = parse_slots(ng["Slots"])
            every_slot.extend(slots)
            counts.append(len(slots))
        self.assertEqual(len(every_slot), 16384, "a slot is held twice")
        self.assertEqual(set(every_slot), ALL_SLOTS)
        self.assertLessEqual(max(counts) - min(counts), 1, f"uneven shares: {counts}")
        members = [m["CacheClusterId"] for ng in group["NodeGroups"] for m in ng["NodeGroupMembers"]]
        self.assertEqual(group["MemberClusters"], members)
        for ng in group["NodeGroups"]:
            for m in ng["NodeGroupMembers"]:
                self.assertRegex(m["CacheClusterId"],
                                 rf"^{re.escape(group_id)}-{ng['NodeGroupId']}-\d{{3}}$")
        clusters = self.clusters_of(group_id)
        self.assertEqual(sorted(clusters), sorted(members))
        self.assertEqual({c["CacheClusterStatus"] for c in clusters.values()}, {"available"})
        return group


class GrowShrinkRebalance(ReshardingMixin, ServerTestCase):
    """The happy paths with transitions that finish at once."""

    def test_grow_without_resharding_configuration(self):
        self.create_cme("grow", shards=3, replicas=1)
        response = self.reshard("grow", 5)
        self.assertEqual(response["Status"], "modifying")
        self.assertEqual(self.node_group_ids(response), ["0001", "0002", "0003", "0004", "0005"])
        self.assertEqual([ng["Status"] for ng in response["NodeGroups"]],
                         ["modifying"] * 3 + ["creating"] * 2)
        progress = response["PendingModifiedValues"]["Resharding"]["SlotMigration"]
        self.assertGreaterEqual(progress["ProgressPercentage"], 0.0)
        self.assertLessEqual(progress["ProgressPercentage"], 100.0)
        # New members are listed in MemberClusters at once, as ElastiCache does.
        for new in ("grow-0004-001", "grow-0004-002", "grow-0005-001", "grow-0005-002"):
            self.assertIn(new, response["MemberClusters"])

        self.ec.get_waiter("replication_group_available").wait(
            ReplicationGroupId="grow", WaiterConfig=self.WAIT_FAST)
        group = self.assert_settled("grow", 5)
        self.assertEqual(self.node_group_ids(group), ["0001", "0002", "0003", "0004", "0005"])
        # Each new shard has the group's replica count; existing shards keep their lowest slots.
        for ng in group["NodeGroups"]:
            self.assertEqual(len(ng["NodeGroupMembers"]), 2)
        self.assertTrue(group["NodeGroups"][0]["Slots"].startswith("0-"))
        self.assertTrue(group["NodeGroups"][1]["Slots"].startswith("5462-"))

    def test_grow_with_resharding_configuration(self):
        self.create_cme("cfg", shards=2, replicas=1)
        self.reshard("cfg", 4, ReshardingConfiguration=[
            {"NodeGroupId": "7", "PreferredAvailabilityZones": ["us-east-1c", "us-east-1b"]},
            {"PreferredAvailabilityZones": ["us-east-1a", "us-east-1c"]},
        ])
        group = self.assert_settled("cfg", 4)
        # Asked-for id, normalized to four digits; the other takes the next free id.
        self.assertEqual(self.node_group_ids(group), ["0001", "0002", "0003", "0007"])
        zones = {m["CacheClusterId"]: m["PreferredAvailabilityZone"]
                 for ng in group["NodeGroups"] for m in ng["NodeGroupMembers"]}
        self.assertEqual(zones["cfg-0007-001"], "us-east-1c")
        self.assertEqual(zones["cfg-0007-002"], "us-east-1b")
        self.assertEqual(zones["cfg-0003-001"], "us-east-1a")
        clusters = self.clusters_of("cfg")
        self.assertEqual(clusters["cfg-0007-001"]["PreferredAvailabilityZone"], "us-east-1c")

    def test_grow_from_one_shard(self):
        self.create_cme("single", shards=1, replicas=0)
        self.reshard("single", 2)
        group = self.assert_settled("single", 2)
        self.assertEqual([ng["Slots"] for ng in group["NodeGroups"]], ["0-8191", "8192-16383"])
        self.assertEqual(group["MemberClusters"], ["single-0001-001", "single-0002-001"])

    def test_shrink_by_remove(self):
        self.create_cme("rm", shards=4, replicas=1)
        response = self.reshard("rm", 2, NodeGroupsToRemove=["0001", "3"])
        statuses = {ng["NodeGroupId"]: ng["Status"] for ng in response["NodeGroups"]}
        self.assertEqual(statuses, {"0001": "deleting", "0002": "modifying",
                                    "0003": "deleting", "0004": "modifying"})
        # Leaving members are still listed until they are gone.
        self.assertEqual(len(response["MemberClusters"]), 8)
        group = self.assert_settled("rm", 2)
        self.assertEqual(self.node_group_ids(group), ["0002", "0004"])  # never renumbered
        self.assertEqual(group["MemberClusters"], ["rm-0002-001", "rm-0002-002",
                                                   "rm-0004-001", "rm-0004-002"])
        self.assertAwsError("CacheClusterNotFound", self.ec.describe_cache_clusters,
                            CacheClusterId="rm-0001-001", status=404)

    def test_shrink_by_retain(self):
        self.create_cme("keep", shards=5, replicas=1)
        self.reshard("keep", 2, NodeGroupsToRetain=["0005", "0002"])
        group = self.assert_settled("keep", 2)
        self.assertEqual(self.node_group_ids(group), ["0002", "0005"])
        # The kept shards still hold the slots they had.
        slots = {ng["NodeGroupId"]: set(parse_slots(ng["Slots"])) for ng in group["NodeGroups"]}
        self.assertLessEqual(set(range(3277, 6554)), slots["0002"])
        self.assertLessEqual(set(range(13107, 16384)), slots["0005"])

    def test_shrink_to_one_shard(self):
        self.create_cme("one", shards=3, replicas=2)
        self.reshard("one", 1, NodeGroupsToRetain=["0002"])
        group = self.assert_settled("one", 1)
        self.assertEqual(group["NodeGroups"][0]["Slots"], "0-16383")
        self.assertEqual(group["MemberClusters"], ["one-0002-001", "one-0002-002", "one-0002-003"])

    def test_rebalance_uneven_custom_slots(self):
        self.create_cme("uneven", shards=3, replicas=1, NodeGroupConfiguration=[
            {"NodeGroupId": "0001", "Slots": "0-999", "ReplicaCount": 1},
            {"NodeGroupId": "0002", "Slots": "1000-15999", "ReplicaCount": 1},
            {"NodeGroupId": "0003", "Slots": "16000-16383", "ReplicaCount": 1},
        ])
        before = self.describe("uneven")
        self.assertEqual([ng["Slots"] for ng in before["NodeGroups"]],
                         ["0-999", "1000-15999", "16000-16383"])
        response = self.reshard("uneven", 3)
        self.assertEqual(response["Status"], "modifying")
        self.assertIn("Resharding", response["PendingModifiedValues"])
        group = self.assert_settled("uneven", 3)
        self.assertEqual(self.node_group_ids(group), ["0001", "0002", "0003"])
        # The big shard gives away its highest slots; the small ones take them; ranges are lists.
        self.assertEqual([ng["Slots"] for ng in group["NodeGroups"]],
                         ["0-999,6462-10922", "1000-6461", "10923-16383"])
        self.assertEqual(group["MemberClusters"], before["MemberClusters"])
        # A second rebalance has nothing to do.
        self.assertAwsError("InvalidReplicationGroupState", self.reshard, "uneven", 3, status=400,
                            message="Slots in the replication group are uniformly distributed. "
                                    "Nothing to do.")

    def test_grow_after_shrink_keeps_surviving_ids(self):
        self.create_cme("cycle", shards=3, replicas=1)
        self.reshard("cycle", 2, NodeGroupsToRemove=["0002"])
        self.assertEqual(self.node_group_ids(self.assert_settled("cycle", 2)), ["0001", "0003"])
        self.reshard("cycle", 4)
        group = self.assert_settled("cycle", 4)
        ids = self.node_group_ids(group)
        self.assertIn("0001", ids)
        self.assertIn("0003", ids)
        self.assertEqual(len(set(ids)), 4)

    def test_deferred_replica_change_survives_resharding(self):
        # A replica change accepted for the maintenance window still happens after a
        # resharding that ran in between (and reaches the new shard too).
        self.create_cme("defer", shards=2, replicas=1)
        self.ec.increase_replica_count(ReplicationGroupId="defer", NewReplicaCount=2,
                                       ApplyImmediately=False)
        self.reshard("defer", 3)
        self.assert_settled("defer", 3)
        self.server.advance(8 * 24 * 3600)  # past the next weekly window
        self.ec.get_waiter("replication_group_available").wait(
            ReplicationGroupId="defer", WaiterConfig=self.WAIT_FAST)
        group = self.assert_settled("defer", 3)
        self.assertEqual([len(ng["NodeGroupMembers"]) for ng in group["NodeGroups"]], [3, 3, 3])

    def test_custom_node_group_ids_are_kept(self):
        self.create_cme("custom", shards=2, replicas=0, NodeGroupConfiguration=[
            {"NodeGroupId": "0042", "ReplicaCount": 0},
            {"NodeGroupId": "0017", "ReplicaCount": 0},
        ])
        self.reshard("custom", 3, ReshardingConfiguration=[{"NodeGroupId": "0099"}])
        group = self.assert_settled("custom", 3)
        self.assertEqual(sorted(self.node_group_ids(group)), ["0017", "0042", "0099"])
        self.reshard("custom", 2, NodeGroupsToRemove=["42"])
        group = self.assert_settled("custom", 2)
        self.assertEqual(sorted(self.node_group_ids(group)), ["0017", "0099"])


class ReshardingRules(ReshardingMixin, ServerTestCase):
    """Each rule's AWS error; every rejected call leaves the group and its clusters as they were."""

    def rejected(self, code, group_id, count, status=400, message=None, contains=None, **extra):
        before = self.snapshot(group_id) if group_id in ("cme", "cmd") else None
        error = self.assertAwsError(code, self.reshard, group_id, count, status=status,
                                    message=message, **extra)
        if contains is not None:
            self.assertIn(contains, error.response["Error"]["Message"])
        if before is not None:
            self.assertEqual(self.snapshot(group_id), before)
        return error

    def setUp(self):
        super().setUp()
        self.create_cme("cme", shards=3, replicas=1)

    def test_only_cluster_mode_enabled_groups(self):
        self.create_cmd("cmd", clusters=2)
        self.rejected("InvalidParameterValue", "cmd", 2,
                      message="Operation is only applicable for cluster mode enabled "
                              "replication groups.")

    def test_apply_immediately_must_be_true(self):
        before = self.snapshot("cme")
        error = self.assertAwsError(
            "InvalidParameterValue", self.ec.modify_replication_group_shard_configuration,
            ReplicationGroupId="cme", NodeGroupCount=4, ApplyImmediately=False, status=400)
        self.assertIn("ApplyImmediately", error.response["Error"]["Message"])
        self.assertEqual(self.snapshot("cme"), before)

    def test_node_group_count_bounds(self):
        self.rejected("InvalidParameterValue", "cme", 0, contains="NodeGroupCount must be at least 1")
        self.rejected("NodeGroupsPerReplicationGroupQuotaExceeded", "cme", 16, contains="16")
        self.reshard("cme", 15)
        self.assert_settled("cme", 15)

    def test_resharding_configuration_only_when_growing(self):
        self.rejected("InvalidParameterCombination", "cme", 3,
                      ReshardingConfiguration=[{"NodeGroupId": "0009"}],
                      contains="ReshardingConfiguration")
        self.rejected("InvalidParameterCombination", "cme", 2, NodeGroupsToRemove=["0001"],
                      ReshardingConfiguration=[{"NodeGroupId": "0009"}])

    def test_resharding_configuration_at_most_one_entry_per_new_shard(self):
        self.rejected("InvalidParameterValue", "cme", 4,
                      ReshardingConfiguration=[{"NodeGroupId": "0008"}, {"NodeGroupId": "0009"}],
                      contains="ReshardingConfiguration has 2 entries")

    def test_new_node_group_ids_well_formed_and_new(self):
        for bad in ("12345", "x1", "00a1"):
            self.rejected("InvalidParameterValue", "cme", 4,
                          ReshardingConfiguration=[{"NodeGroupId": bad}], contains=f"'{bad}'")
        self.rejected("InvalidParameterValue", "cme", 4,
                      ReshardingConfiguration=[{"NodeGroupId": "0002"}],
                      contains="Node group id 0002 is already in use")
        self.rejected("InvalidParameterValue", "cme", 5,
                      ReshardingConfiguration=[{"NodeGroupId": "8"}, {"NodeGroupId": "0008"}],
                      contains="more than once")

    def test_preferred_zones_one_per_node_in_the_region(self):
        self.rejected("InvalidParameterValue", "cme", 4,
                      ReshardingConfiguration=[{"PreferredAvailabilityZones": ["us-east-1a"]}],
                      contains="must list 2 Availability Zones")
        self.rejected("InvalidParameterValue", "cme", 4, ReshardingConfiguration=[
            {"PreferredAvailabilityZones": ["us-east-1a", "us-west-2a"]}], contains="us-west-2a")

    def test_shrinking_requires_remove_or_retain(self):
        self.rejected("InvalidParameterValue", "cme", 2,
                      contains="NodeGroupsToRemove or NodeGroupsToRetain is required")

    def test_remove_and_retain_together(self):
        self.rejected("InvalidParameterCombination", "cme", 2, NodeGroupsToRemove=["0001"],
                      NodeGroupsToRetain=["0002", "0003"], contains="not both")

    def test_remove_or_retain_when_not_shrinking(self):
        self.rejected("InvalidParameterCombination", "cme", 4, NodeGroupsToRemove=["0001"])
        self.rejected("InvalidParameterCombination", "cme", 3, NodeGroupsToRetain=["0001"])

    def test_remove_and_retain_sizes_must_match(self):
        self.rejected("InvalidParameterValue", "cme", 1, NodeGroupsToRemove=["0001"],
                      contains="NodeGroupsToRemove lists 1 node groups")
        self.rejected("InvalidParameterValue", "cme", 2, NodeGroupsToRetain=["0001"],
                      contains="NodeGroupsToRetain lists 1 node groups, but NodeGroupCount is 2")

    def test_unknown_node_group_ids_are_listed(self):
        self.rejected("InvalidParameterValue", "cme", 2, NodeGroupsToRemove=["0010"],
                      message="The following node group ids are invalid: [0010]")
        self.rejected("InvalidParameterValue", "cme", 1, NodeGroupsToRemove=["0010", "0011"],
                      message="The following node group ids are invalid: [0010,0011]")
        self.rejected("InvalidParameterValue", "cme", 2, NodeGroupsToRetain=["0001", "0077"],
                      message="The following node group ids are invalid: [0077]")

    def test_unknown_group(self):
        self.rejected("ReplicationGroupNotFoundFault", "nope", 2, status=404)

    def test_already_even_has_nothing_to_do(self):
        self.rejected("InvalidReplicationGroupState", "cme", 3,
                      message="Slots in the replication group are uniformly distributed. "
                              "Nothing to do.")

    def test_missing_required_parameter_is_rejected_by_the_server(self):
        status, _, body = self.server.query({
            "Action": "ModifyReplicationGroupShardConfiguration", "Version": "2015-02-02",
            "ReplicationGroupId": "cme", "ApplyImmediately": "true"})
        self.assertEqual(status, 400, body)
        self.assertIn(b"NodeGroupCount", body)
        self.assert_settled("cme", 3)


class SlowMigration(ReshardingMixin, ServerTestCase):
    """--transition-seconds 10: the migration is visible and the admin clock moves it."""

    server_args = ("--transition-seconds", "10")

    def available_cme(self, group_id, shards, replicas=1):
        self.create_cme(group_id, shards=shards, replicas=replicas)
        self.server.advance(11)
        self.assertEqual(self.describe(group_id)["Status"], "available")

    def progress(self, group):
        return group["PendingModifiedValues"]["Resharding"]["SlotMigration"]["ProgressPercentage"]

    def test_progress_rises_with_the_clock_and_never_goes_backwards(self):
        self.available_cme("slow", shards=2)
        response = self.reshard("slow", 3)
        samples = [self.progress(response)]
        self.assertLess(samples[0], 10.0)
        final = None
        for _ in range(20):
            self.server.advance(1)
            group = self.describe("slow")
            if group["Status"] == "available":
                final = group
                break
            self.assertEqual(group["Status"], "modifying")
            samples.append(self.progress(group))
            statuses = {ng["NodeGroupId"]: ng["Status"] for ng in group["NodeGroups"]}
            self.assertEqual(statuses, {"0001": "modifying", "0002": "modifying",
                                        "0003": "creating"})
            # The new shard's members are listed and being created, not yet serving.
            self.assertIn("slow-0003-001", group["MemberClusters"])
            self.assertEqual(group["NodeGroups"][2]["NodeGroupMembers"], [])
            cluster = self.ec.describe_cache_clusters(CacheClusterId="slow-0003-001")
            self.assertEqual(cluster["CacheClusters"][0]["CacheClusterStatus"], "creating")
            # Slots stay where they were until the migration is done.
            self.assertEqual(group["NodeGroups"][0]["Slots"], "0-8191")
        self.assertIsNotNone(final, f"still modifying after 20 s; progress {samples}")
        self.assertEqual(samples, sorted(samples), "progress went backwards")
        self.assertTrue(all(0.0 <= p <= 100.0 for p in samples), samples)
        self.assertGreaterEqual(len([p for p in samples if 0.0 < p < 100.0]), 5, samples)
        self.assert_settled("slow", 3)

    def test_shrink_shows_deleting_node_group_until_done(self):
        self.available_cme("down", shards=3)
        self.reshard("down", 2, NodeGroupsToRemove=["0002"])
        self.server.advance(4)
        group = self.describe("down")
        self.assertEqual(group["Status"], "modifying")
        statuses = {ng["NodeGroupId"]: ng["Status"] for ng in group["NodeGroups"]}
        self.assertEqual(statuses, {"0001": "modifying", "0002": "deleting", "0003": "modifying"})
        self.assertIn("down-0002-001", group["MemberClusters"])
        clusters = self.clusters_of("down")
        self.assertEqual(clusters["down-0002-001"]["CacheClusterStatus"], "deleting")
        self.assertEqual(clusters["down-0001-001"]["CacheClusterStatus"], "available")
        self.server.advance(7)
        group = self.assert_settled("down", 2)
        self.assertEqual(self.node_group_ids(group), ["0001", "0003"])

    def test_not_available_is_an_invalid_state(self):
        self.create_cme("busy", shards=2)
        before = self.snapshot("busy")
        self.assertAwsError("InvalidReplicationGroupState", self.reshard, "busy", 3, status=400,
                            message="Replication group must be in available state to modify.")
        self.assertEqual(self.snapshot("busy"), before)
        self.server.advance(11)
        self.reshard("busy", 3)
        # A second change while the first one runs is refused and changes nothing.
        during = self.describe("busy")
        self.assertAwsError("InvalidReplicationGroupState", self.reshard, "busy", 4, status=400)
        after = self.describe("busy")
        self.assertEqual(self.node_group_ids(after), self.node_group_ids(during))
        self.assertEqual(after["MemberClusters"], during["MemberClusters"])
        self.server.advance(11)
        self.assert_settled("busy", 3)


if __name__ == "__main__":
    main()

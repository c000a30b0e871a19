"""IncreaseReplicaCount and DecreaseReplicaCount through boto3.

One concern per class: increases and decreases in each cluster mode, the documented rules
and their errors, the maintenance-window path driven by the admin clock, and a slow
transition (--transition-seconds 2) in which the intermediate states are observable.
"""

import datetime
import re

from ecl_harness import ServerTestCase, endpoint_pattern, main

DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]  # datetime.weekday() order


class ReplicaAssertions:
    """Checks shared by the classes below (mixed into ServerTestCase subclasses)."""

    def increase(self, group_id, **kwargs):
        kwargs.setdefault("ApplyImmediately", True)
        return self.ec.increase_replica_count(ReplicationGroupId=group_id,
                                              **kwargs)["ReplicationGroup"]

    def decrease(self, group_id, **kwargs):
        kwargs.setdefault("ApplyImmediately", True)
        return self.ec.decrease_replica_count(ReplicationGroupId=group_id,
                                              **kwargs)["ReplicationGroup"]

    @staticmethod
    def node_group_members(group, node_group_id="0001"):
        for node_group in group["NodeGroups"]:
            if node_group["NodeGroupId"] == node_group_id:
                return [m["CacheClusterId"] for m in node_group["NodeGroupMembers"]]
        raise AssertionError(f"no node group {node_group_id} in {group['NodeGroups']}")

    def clusters_of(self, group_id):
        clusters = self.ec.describe_cache_clusters(ShowCacheNodeInfo=True)["CacheClusters"]
        return {c["CacheClusterId"]: c for c in clusters if c.get("ReplicationGroupId") == group_id}

    def assertSettled(self, group_id):
        """After a change: everything available, and every view of the members agrees."""
        group = self.describe(group_id)
        self.assertEqual(group["Status"], "available")
        listed = [m["CacheClusterId"] for ng in group["NodeGroups"] for m in ng["NodeGroupMembers"]]
        self.assertEqual(group["MemberClusters"], listed)
        clusters = self.clusters_of(group_id)
        self.assertEqual(sorted(clusters), sorted(listed))
        for node_group in group["NodeGroups"]:
            self.assertEqual(node_group["Status"], "available")
            members = node_group["NodeGroupMembers"]
            self.assertTrue(members[0]["CacheClusterId"].endswith("-001"), members)
            if not group.get("ClusterEnabled"):
                roles = [m["CurrentRole"] for m in members]
                self.assertEqual(roles.count("primary"), 1, roles)
                self.assertEqual(roles[0], "primary")
                self.assertRegex(node_group["ReaderEndpoint"]["Address"],
                                 endpoint_pattern("reader", group_id))
                group_hash = node_group["PrimaryEndpoint"]["Address"].split(".")[1]
                for member in members:
                    self.assertEqual(member["ReadEndpoint"]["Address"].split(".")[1], group_hash)
            for member in members:
                cluster = clusters[member["CacheClusterId"]]
                self.assertEqual(cluster["CacheClusterStatus"], "available")
                self.assertEqual(cluster["PreferredAvailabilityZone"],
                                 member["PreferredAvailabilityZone"])
        return group


class IncreaseClusterModeDisabled(ReplicaAssertions, ServerTestCase):
    def test_increase_lists_new_members_at_once_and_in_node_group_when_ready(self):
        self.create_cmd("rg", clusters=3)
        group = self.increase("rg", NewReplicaCount=4)
        self.assertEqual(group["Status"], "modifying")
        self.assertEqual(group["NodeGroups"][0]["Status"], "modifying")
        self.assertEqual(group["MemberClusters"], ["rg-001", "rg-002", "rg-003", "rg-004", "rg-005"])
        self.assertEqual(self.node_group_members(group), ["rg-001", "rg-002", "rg-003"])

        group = self.assertSettled("rg")
        self.assertEqual(self.node_group_members(group),
                         ["rg-001", "rg-002", "rg-003", "rg-004", "rg-005"])
        roles = [m["CurrentRole"] for m in group["NodeGroups"][0]["NodeGroupMembers"]]
        self.assertEqual(roles, ["primary"] + ["replica"] * 4)
        zones = [m["PreferredAvailabilityZone"] for m in group["NodeGroups"][0]["NodeGroupMembers"]]
        # The emulator keeps spreading round-robin across the region's zones.
        self.assertEqual(zones, ["us-east-1a", "us-east-1b", "us-east-1c",
                                 "us-east-1a", "us-east-1b"])
        # New members are real member clusters with the group's settings and endpoints.
        new = self.clusters_of("rg")["rg-005"]
        self.assertEqual(new["CacheNodeType"], "cache.t3.micro")
        self.assertEqual(new["Engine"], "redis")
        self.assertRegex(new["CacheNodes"][0]["Endpoint"]["Address"],
                         endpoint_pattern("node", "rg-005"))

    def test_increase_from_no_replicas(self):
        self.create_cmd("solo", clusters=1)
        group = self.increase("solo", NewReplicaCount=1)
        self.assertEqual(group["MemberClusters"], ["solo-001", "solo-002"])
        self.assertSettled("solo")

    def test_preferred_availability_zones_place_the_new_replicas(self):
        self.create_cmd("placed", clusters=2)
        self.increase("placed", ReplicaConfiguration=[{
            "NodeGroupId": "0001", "NewReplicaCount": 3,
            "PreferredAvailabilityZones": ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1c"],
        }])
        group = self.assertSettled("placed")
        zones = {m["CacheClusterId"]: m["PreferredAvailabilityZone"]
                 for m in group["NodeGroups"][0]["NodeGroupMembers"]}
        self.assertEqual(zones["placed-003"], "us-east-1c")
        self.assertEqual(zones["placed-004"], "us-east-1c")

    def test_new_members_take_the_next_free_numbers(self):
        self.create_cmd("gaps", clusters=4)
        self.decrease("gaps", ReplicasToRemove=["gaps-002"])
        self.assertEqual(self.assertSettled("gaps")["MemberClusters"],
                         ["gaps-001", "gaps-003", "gaps-004"])
        group = self.increase("gaps", NewReplicaCount=4)
        self.assertEqual(group["MemberClusters"],
                         ["gaps-001", "gaps-003", "gaps-004", "gaps-002", "gaps-005"])
        self.assertSettled("gaps")

    def test_upper_case_group_id_is_found(self):
        self.create_cmd("lower", clusters=2)
        self.assertEqual(self.increase("LOWER", NewReplicaCount=2)["ReplicationGroupId"], "lower")


class DecreaseClusterModeDisabled(ReplicaAssertions, ServerTestCase):
    def test_decrease_without_names_removes_the_newest_replicas(self):
        self.create_cmd("rg", clusters=6)
        group = self.decrease("rg", NewReplicaCount=2)
        self.assertEqual(group["Status"], "modifying")
        self.assertEqual(group["NodeGroups"][0]["Status"], "modifying")
        everyone = ["rg-001", "rg-002", "rg-003", "rg-004", "rg-005", "rg-006"]
        # Leaving members stay listed in both places until they are gone.
        self.assertEqual(group["MemberClusters"], everyone)
        self.assertEqual(self.node_group_members(group), everyone)
        group = self.assertSettled("rg")
        self.assertEqual(group["MemberClusters"], ["rg-001", "rg-002", "rg-003"])

    def test_replicas_to_remove_names_the_leaving_members(self):
        self.create_cmd("named", clusters=4)
        self.decrease("named", ReplicasToRemove=["named-002", "NAMED-003"])
        self.assertEqual(self.assertSettled("named")["MemberClusters"], ["named-001", "named-004"])

    def test_replicas_to_remove_with_an_agreeing_count(self):
        self.create_cmd("agree", clusters=4)
        self.decrease("agree", NewReplicaCount=2, ReplicasToRemove=["agree-003"])
        self.assertEqual(self.assertSettled("agree")["MemberClusters"],
                         ["agree-001", "agree-002", "agree-004"])

    def test_replicas_to_remove_and_count_that_disagree(self):
        self.create_cmd("disagree", clusters=4)
        error = self.assertAwsError("InvalidParameterValue", self.decrease, "disagree",
                                    NewReplicaCount=1, ReplicasToRemove=["disagree-003"],
                                    status=400)
        self.assertIn("ReplicasToRemove names 1 replicas of node group 0001, but going from 3 to "
                      "1 replicas removes 2", error.response["Error"]["Message"])
        self.assertEqual(len(self.describe("disagree")["MemberClusters"]), 4)

    def test_the_primary_cannot_be_removed(self):
        self.create_cmd("keep", clusters=3)
        error = self.assertAwsError("InvalidParameterValue", self.decrease, "keep",
                                    ReplicasToRemove=["keep-001"], status=400)
        self.assertIn("keep-001 is the primary", error.response["Error"]["Message"])

    def test_only_members_of_the_group_can_be_removed(self):
        self.create_cmd("mine", clusters=3)
        self.create_cmd("theirs", clusters=3)
        error = self.assertAwsError("InvalidParameterValue", self.decrease, "mine",
                                    ReplicasToRemove=["theirs-002"], status=400)
        self.assertIn("theirs-002 is not a member of replication group mine",
                      error.response["Error"]["Message"])
        self.assertEqual(len(self.describe("theirs")["MemberClusters"]), 3)

    def test_minimum_is_one_with_automatic_failover(self):
        self.create_cmd("failover", clusters=2)
        self.assertAwsError(
            "InvalidParameterValue", self.decrease, "failover", NewReplicaCount=0, status=400,
            message="Must have at least 1 replica when cluster mode is disabled with auto "
                    "failover enabled.")
        self.assertAwsError(
            "InvalidParameterValue", self.decrease, "failover", ReplicasToRemove=["failover-002"],
            message="Must have at least 1 replica when cluster mode is disabled with auto "
                    "failover enabled.")

    def test_minimum_is_one_with_multi_az(self):
        self.create_cmd("multiaz", clusters=2, MultiAZEnabled=True)
        self.assertAwsError("InvalidParameterValue", self.decrease, "multiaz", NewReplicaCount=0,
                            message="Must have at least 1 replica for Multi-AZ enabled "
                                    "Replication Group")

    def test_minimum_is_zero_without_automatic_failover(self):
        self.create_cmd("plain", clusters=3, AutomaticFailoverEnabled=False)
        self.decrease("plain", NewReplicaCount=0)
        group = self.assertSettled("plain")
        self.assertEqual(group["MemberClusters"], ["plain-001"])

    def test_decrease_must_end_below_the_current_count(self):
        self.create_cmd("small", clusters=2)
        error = self.assertAwsError("InvalidParameterValue", self.decrease, "small",
                                    NewReplicaCount=3, status=400)
        self.assertIn("new replica count 3 for node group 0001 must be smaller than its current "
                      "replica count 1", error.response["Error"]["Message"])


class ClusterModeEnabled(ReplicaAssertions, ServerTestCase):
    def test_new_replica_count_applies_to_every_node_group(self):
        self.create_cme("sharded", shards=3, replicas=1)
        group = self.increase("sharded", NewReplicaCount=3)
        self.assertEqual(group["Status"], "modifying")
        self.assertEqual({ng["Status"] for ng in group["NodeGroups"]}, {"modifying"})
        self.assertIn("sharded-0002-004", group["MemberClusters"])
        self.assertEqual(len(group["MemberClusters"]), 12)
        self.assertEqual(self.node_group_members(group, "0002"),
                         ["sharded-0002-001", "sharded-0002-002"])
        group = self.assertSettled("sharded")
        for shard in ("0001", "0002", "0003"):
            self.assertEqual(self.node_group_members(group, shard),
                             [f"sharded-{shard}-00{n}" for n in range(1, 5)])

    def test_replica_configuration_changes_only_the_named_shards(self):
        self.create_cme("pershard", shards=3, replicas=1)
        group = self.increase("pershard", ReplicaConfiguration=[
            {"NodeGroupId": "0002", "NewReplicaCount": 3,
             "PreferredAvailabilityZones": ["us-east-1a", "us-east-1b", "us-east-1b",
                                            "us-east-1c"]},
            {"NodeGroupId": "0003", "NewReplicaCount": 2}])
        statuses = {ng["NodeGroupId"]: ng["Status"] for ng in group["NodeGroups"]}
        self.assertEqual(statuses, {"0001": "available", "0002": "modifying", "0003": "modifying"})
        group = self.assertSettled("pershard")
        self.assertEqual(len(self.node_group_members(group, "0001")), 2)
        self.assertEqual(self.node_group_members(group, "0002"),
                         ["pershard-0002-001", "pershard-0002-002", "pershard-0002-003",
                          "pershard-0002-004"])
        self.assertEqual(len(self.node_group_members(group, "0003")), 3)
        zones = {m["CacheClusterId"]: m["PreferredAvailabilityZone"]
                 for ng in group["NodeGroups"] for m in ng["NodeGroupMembers"]}
        self.assertEqual(zones["pershard-0002-003"], "us-east-1b")
        self.assertEqual(zones["pershard-0002-004"], "us-east-1c")

    def test_decrease_per_shard_and_by_name(self):
        self.create_cme("shrink", shards=2, replicas=3)
        group = self.decrease("shrink", ReplicaConfiguration=[
            {"NodeGroupId": "0001", "NewReplicaCount": 0}])
        self.assertEqual(self.node_group_members(group, "0001"),
                         [f"shrink-0001-00{n}" for n in range(1, 5)])
        group = self.assertSettled("shrink")
        self.assertEqual(self.node_group_members(group, "0001"), ["shrink-0001-001"])
        self.assertEqual(len(self.node_group_members(group, "0002")), 4)

        self.decrease("shrink", ReplicasToRemove=["shrink-0002-002", "shrink-0002-003"])
        group = self.assertSettled("shrink")
        self.assertEqual(self.node_group_members(group, "0002"),
                         ["shrink-0002-001", "shrink-0002-004"])

    def test_decrease_count_for_every_shard_with_one_named(self):
        self.create_cme("mixed", shards=2, replicas=2)
        self.decrease("mixed", NewReplicaCount=1, ReplicasToRemove=["mixed-0001-002"])
        group = self.assertSettled("mixed")
        self.assertEqual(group["MemberClusters"],
                         ["mixed-0001-001", "mixed-0001-003", "mixed-0002-001", "mixed-0002-002"])

    def test_cluster_mode_enabled_may_drop_to_zero_replicas(self):
        self.create_cme("bare", shards=2, replicas=1)
        self.decrease("bare", NewReplicaCount=0)
        self.assertEqual(self.assertSettled("bare")["MemberClusters"],
                         ["bare-0001-001", "bare-0002-001"])

    def test_unknown_node_group_is_named(self):
        self.create_cme("known", shards=2, replicas=1)
        self.assertAwsError("InvalidParameterValue", self.increase, "known", status=400,
                            ReplicaConfiguration=[{"NodeGroupId": "0001", "NewReplicaCount": 2},
                                                  {"NodeGroupId": "0007", "NewReplicaCount": 2}],
                            message="The following node group ids are invalid: [0007]")
        self.assertEqual(self.describe("known")["Status"], "available")
        self.assertEqual(len(self.describe("known")["MemberClusters"]), 4)

    def test_count_that_suits_one_shard_but_not_another(self):
        self.create_cme("uneven", shards=2, replicas=1)
        self.increase("uneven", ReplicaConfiguration=[{"NodeGroupId": "0001",
                                                       "NewReplicaCount": 3}])
        self.assertSettled("uneven")
        error = self.assertAwsError("InvalidParameterValue", self.increase, "uneven",
                                    NewReplicaCount=2)
        self.assertIn("node group 0001", error.response["Error"]["Message"])
        # A count above every shard's is fine: each grows to it.
        self.increase("uneven", NewReplicaCount=4)
        group = self.assertSettled("uneven")
        self.assertEqual(len(group["MemberClusters"]), 10)


class Rules(ReplicaAssertions, ServerTestCase):
    """Each documented rule's error, and that a rejected call changes nothing."""

    def setUp(self):
        super().setUp()
        self.create_cmd("rg", clusters=3)

    def assertUnchanged(self):
        group = self.describe("rg")
        self.assertEqual(group["Status"], "available")
        self.assertEqual(group["MemberClusters"], ["rg-001", "rg-002", "rg-003"])
        self.assertEqual(sorted(self.clusters_of("rg")), ["rg-001", "rg-002", "rg-003"])

    def test_at_most_five_replicas(self):
        error = self.assertAwsError("InvalidParameterValue", self.increase, "rg",
                                    NewReplicaCount=6, status=400)
        self.assertIn("within 0 and 5", error.response["Error"]["Message"])
        self.assertIn("NewReplicaCount was 6", error.response["Error"]["Message"])
        error = self.assertAwsError("InvalidParameterValue", self.increase, "rg",
                                    ReplicaConfiguration=[{"NodeGroupId": "0001",
                                                           "NewReplicaCount": 9}])
        self.assertIn("node group 0001 was 9", error.response["Error"]["Message"])
        self.assertAwsError("InvalidParameterValue", self.decrease, "rg", NewReplicaCount=-1)
        self.increase("rg", NewReplicaCount=5)
        self.assertEqual(len(self.assertSettled("rg")["MemberClusters"]), 6)
        self.assertAwsError("InvalidParameterValue", self.increase, "rg", NewReplicaCount=6)

    def test_the_current_count_is_no_operation(self):
        message = "Requested new replica count already matches current number of replicas."
        self.assertAwsError("NoOperationFault", self.increase, "rg", NewReplicaCount=2,
                            status=400, message=message)
        self.assertAwsError("NoOperationFault", self.decrease, "rg", NewReplicaCount=2,
                            status=400, message=message)
        self.assertAwsError("NoOperationFault", self.increase, "rg",
                            ReplicaConfiguration=[{"NodeGroupId": "0001", "NewReplicaCount": 2}])
        self.assertUnchanged()

    def test_an_increase_must_end_above_the_current_count(self):
        error = self.assertAwsError("InvalidParameterValue", self.increase, "rg",
                                    NewReplicaCount=1, status=400)
        self.assertIn("new replica count 1 for node group 0001 must be larger than its current "
                      "replica count 2", error.response["Error"]["Message"])
        self.assertUnchanged()

    def test_preferred_zones_must_hold_count_plus_one(self):
        error = self.assertAwsError("InvalidParameterValue", self.increase, "rg",
                                    ReplicaConfiguration=[{
                                        "NodeGroupId": "0001", "NewReplicaCount": 3,
                                        "PreferredAvailabilityZones": ["us-east-1a",
                                                                       "us-east-1b"]}])
        self.assertIn("must list 4 Availability Zones", error.response["Error"]["Message"])
        self.assertIn("got 2", error.response["Error"]["Message"])
        error = self.assertAwsError("InvalidParameterValue", self.increase, "rg",
                                    ReplicaConfiguration=[{
                                        "NodeGroupId": "0001", "NewReplicaCount": 3,
                                        "PreferredAvailabilityZones": ["us-east-1a", "us-east-1b",
                                                                       "us-east-1c",
                                                                       "us-west-2a"]}])
        self.assertIn("us-west-2a", error.response["Error"]["Message"])
        self.assertUnchanged()

    def test_exactly_one_of_count_and_configuration(self):
        error = self.assertAwsError("InvalidParameterCombination", self.increase, "rg",
                                    NewReplicaCount=3, status=400,
                                    ReplicaConfiguration=[{"NodeGroupId": "0001",
                                                           "NewReplicaCount": 3}])
        self.assertIn("NewReplicaCount or ReplicaConfiguration, but not both",
                      error.response["Error"]["Message"])
        self.assertAwsError("InvalidParameterCombination", self.increase, "rg", status=400)
        self.assertAwsError("InvalidParameterCombination", self.decrease, "rg", status=400)
        self.assertAwsError("InvalidParameterCombination", self.decrease, "rg",
                            NewReplicaCount=1,
                            ReplicaConfiguration=[{"NodeGroupId": "0001", "NewReplicaCount": 1}])
        self.assertUnchanged()

    def test_unknown_node_group_on_cluster_mode_disabled(self):
        self.assertAwsError("InvalidParameterValue", self.increase, "rg",
                            ReplicaConfiguration=[{"NodeGroupId": "0002", "NewReplicaCount": 3}],
                            message="The following node group ids are invalid: [0002]")
        self.assertUnchanged()

    def test_unknown_group(self):
        self.assertAwsError("ReplicationGroupNotFoundFault", self.increase, "nope",
                            NewReplicaCount=3, status=404,
                            message="Replication group nope not found.")
        self.assertAwsError("ReplicationGroupNotFoundFault", self.decrease, "nope",
                            NewReplicaCount=1, status=404)

    def test_raw_query_without_apply_immediately_is_missing_parameter(self):
        status, _, body = self.server.query({"Action": "IncreaseReplicaCount",
                                             "Version": "2015-02-02", "ReplicationGroupId": "rg",
                                             "NewReplicaCount": "3"})
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>MissingParameter</Code>", body)
        self.assertIn(b"ApplyImmediately", body)
        self.assertUnchanged()

    def test_raw_query_list_forms(self):
        # SDKs send ReplicasToRemove.member.N; the User Guide shows ReplicaToRemove.N.
        status, _, body = self.server.query({
            "Action": "DecreaseReplicaCount", "Version": "2015-02-02",
            "ReplicationGroupId": "rg", "ApplyImmediately": "true",
            "ReplicasToRemove.ReplicaToRemove.1": "rg-002"})
        self.assertEqual(status, 200, body)
        self.assertEqual(self.assertSettled("rg")["MemberClusters"], ["rg-001", "rg-003"])
        status, _, body = self.server.query({
            "Action": "IncreaseReplicaCount", "Version": "2015-02-02",
            "ReplicationGroupId": "rg", "ApplyImmediately": "true",
            "ReplicaConfiguration.ConfigureShard.1.NewReplicaCount": "3"})
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>MissingParameter</Code>", body)
        self.assertIn(b"NodeGroupId", body)


def window_days_ahead(now_ms, days, hours=2):
    """A maintenance window opening `days` from now on the hour, `hours` long, and its start."""
    now = datetime.datetime.fromtimestamp(now_ms / 1000, datetime.timezone.utc)
    start = (now + datetime.timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    end = start + datetime.timedelta(hours=hours)
    text = (f"{DAY_NAMES[start.weekday()]}:{start:%H}:00-"
            f"{DAY_NAMES[end.weekday()]}:{end:%H}:00")
    return text, int(start.timestamp() * 1000)


class MaintenanceWindow(ReplicaAssertions, ServerTestCase):
    """ApplyImmediately=false waits for the group's next maintenance window on the clock."""

    def create_with_window(self, group_id, **extra):
        clock = self.server.clock()
        window, start_ms = window_days_ahead(clock["epoch_ms"], days=2)
        self.create_cmd(group_id, PreferredMaintenanceWindow=window, **extra)
        self.assertEqual(self.describe(group_id)["Status"], "available")
        return (start_ms - clock["epoch_ms"]) / 1000  # seconds until the window opens

    def test_increase_waits_for_the_window(self):
        until = self.create_with_window("later", clusters=2)
        group = self.increase("later", NewReplicaCount=3, ApplyImmediately=False)
        self.assertEqual(group["Status"], "available")
        self.assertEqual(group["MemberClusters"], ["later-001", "later-002"])

        self.server.advance(until - 3600)  # an hour before the window
        group = self.describe("later")
        self.assertEqual(group["Status"], "available")
        self.assertEqual(group["MemberClusters"], ["later-001", "later-002"])
        self.assertEqual(sorted(self.clusters_of("later")), ["later-001", "later-002"])

        self.server.advance(3600 + 60)  # into the window
        group = self.assertSettled("later")
        self.assertEqual(group["MemberClusters"], ["later-001", "later-002", "later-003",
                                                   "later-004"])

    def test_decrease_waits_for_the_window(self):
        until = self.create_with_window("shrinklater", clusters=4)
        group = self.decrease("shrinklater", ReplicasToRemove=["shrinklater-002"],
                              ApplyImmediately=False)
        self.assertEqual(group["Status"], "available")
        self.assertEqual(len(group["MemberClusters"]), 4)
        self.server.advance(until + 600)
        self.assertEqual(self.assertSettled("shrinklater")["MemberClusters"],
                         ["shrinklater-001", "shrinklater-003", "shrinklater-004"])

    def test_default_window_applies_within_a_week(self):
        self.create_cmd("default", clusters=2)
        window = self.clusters_of("default")["default-001"]["PreferredMaintenanceWindow"]
        self.assertRegex(window, r"^[a-z]{3}:\d\d:\d\d-[a-z]{3}:\d\d:\d\d$")
        self.increase("default", NewReplicaCount=2, ApplyImmediately=False)
        self.assertEqual(self.describe("default")["MemberClusters"], ["default-001", "default-002"])
        self.server.advance(7 * 24 * 3600 + 60)
        self.assertEqual(self.assertSettled("default")["MemberClusters"],
                         ["default-001", "default-002", "default-003"])

    def test_deferred_request_is_checked_at_once(self):
        self.create_with_window("checked", clusters=2)
        self.assertAwsError("NoOperationFault", self.increase, "checked", NewReplicaCount=1,
                            ApplyImmediately=False)
        self.assertAwsError("InvalidParameterValue", self.increase, "checked", NewReplicaCount=9,
                            ApplyImmediately=False)

    def test_an_immediate_change_replaces_the_deferred_one(self):
        until = self.create_with_window("replaced", clusters=2)
        self.increase("replaced", NewReplicaCount=3, ApplyImmediately=False)
        self.increase("replaced", NewReplicaCount=2, ApplyImmediately=True)
        self.assertSettled("replaced")
        self.server.advance(until + 600)
        self.assertEqual(len(self.assertSettled("replaced")["MemberClusters"]), 3)


class SlowTransition(ReplicaAssertions, ServerTestCase):
    """With --transition-seconds 2 the intermediate states are observable."""

    server_args = ("--transition-seconds", "2")

    def create_available(self, group_id, clusters):
        self.create_cmd(group_id, clusters=clusters)
        self.server.advance(5)
        self.assertEqual(self.describe(group_id)["Status"], "available")

    def test_increase_shows_modifying_and_creating_members(self):
        self.create_available("slow", clusters=2)
        group = self.increase("slow", NewReplicaCount=3)
        self.assertEqual(group["Status"], "modifying")

        group = self.describe("slow")
        self.assertEqual(group["Status"], "modifying")
        self.assertEqual(group["NodeGroups"][0]["Status"], "modifying")
        self.assertEqual(group["MemberClusters"], ["slow-001", "slow-002", "slow-003", "slow-004"])
        self.assertEqual(self.node_group_members(group), ["slow-001", "slow-002"])
        statuses = {cid: c["CacheClusterStatus"] for cid, c in self.clusters_of("slow").items()}
        self.assertEqual(statuses, {"slow-001": "available", "slow-002": "available",
                                    "slow-003": "creating", "slow-004": "creating"})
        node = self.clusters_of("slow")["slow-003"]["CacheNodes"][0]
        self.assertEqual(node["CacheNodeStatus"], "creating")

        # A second change while the first runs.
        error = self.assertAwsError("InvalidReplicationGroupState", self.increase, "slow",
                                    NewReplicaCount=4, status=400)
        self.assertIn("slow is modifying", error.response["Error"]["Message"])
        self.assertAwsError("InvalidReplicationGroupState", self.decrease, "slow",
                            NewReplicaCount=1)

        self.server.advance(5)
        group = self.assertSettled("slow")
        self.assertEqual(self.node_group_members(group),
                         ["slow-001", "slow-002", "slow-003", "slow-004"])

    def test_decrease_shows_deleting_members_until_they_are_gone(self):
        self.create_available("fading", clusters=4)
        self.decrease("fading", ReplicasToRemove=["fading-003"])
        group = self.describe("fading")
        self.assertEqual(group["Status"], "modifying")
        everyone = ["fading-001", "fading-002", "fading-003", "fading-004"]
        self.assertEqual(group["MemberClusters"], everyone)
        self.assertEqual(self.node_group_members(group), everyone)
        statuses = {cid: c["CacheClusterStatus"] for cid, c in self.clusters_of("fading").items()}
        self.assertEqual(statuses["fading-003"], "deleting")
        self.assertEqual(statuses["fading-004"], "available")
        self.assertAwsError("InvalidReplicationGroupState", self.increase, "fading",
                            NewReplicaCount=4)

        self.server.advance(5)
        self.assertEqual(self.assertSettled("fading")["MemberClusters"],
                         ["fading-001", "fading-002", "fading-004"])

    def test_a_creating_group_cannot_change(self):
        self.create_cmd("young", clusters=2)
        self.assertAwsError("InvalidReplicationGroupState", self.increase, "young",
                            NewReplicaCount=2, status=400)

    def test_a_removed_member_id_is_reused_only_once_gone(self):
        self.create_available("reuse", clusters=3)
        self.decrease("reuse", NewReplicaCount=1)  # reuse-003 leaves
        self.server.advance(5)
        self.increase("reuse", NewReplicaCount=2)
        self.assertEqual(self.describe("reuse")["MemberClusters"],
                         ["reuse-001", "reuse-002", "reuse-003"])
        self.server.advance(5)
        self.assertSettled("reuse")


if __name__ == "__main__":
    main()

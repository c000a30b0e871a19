"""CreateReplicationGroup error paths: each broken rule gives ElastiCache's exact code."""

from ecl_harness import ServerTestCase, main

INVALID_VALUE = "InvalidParameterValue"
INVALID_COMBINATION = "InvalidParameterCombination"
FAILOVER_NEEDS_TWO = ("When using automatic failover, there must be at least 2 cache clusters "
                      "in the replication group.")
VALID_TOKEN = "a-valid-token-0123456789"


class ReplicationGroupId(ServerTestCase):
    def test_forty_one_characters_is_too_long(self):
        self.assertAwsError(INVALID_VALUE, self.create_cmd, "a" * 41, clusters=1, status=400,
                            message="Replication Group ID cannot be longer than 40 characters.")

    def test_malformed_ids(self):
        for bad in ("1abc", "a--b", "abc-", "-abc", "ab_c", "ab.c"):
            with self.subTest(id=bad):
                self.assertAwsError(INVALID_VALUE, self.create_cmd, bad, clusters=1, status=400)

    def test_nothing_is_created_by_a_rejected_request(self):
        self.assertAwsError(INVALID_VALUE, self.create_cmd, "1abc", clusters=1)
        self.assertEqual(self.ec.describe_replication_groups()["ReplicationGroups"], [])

    def test_duplicate_id(self):
        self.create_cmd("dup", clusters=2)
        self.assertAwsError("ReplicationGroupAlreadyExists", self.create_cmd, "dup", clusters=2,
                            status=400,
                            message="Replication group with specified name already exists.")

    def test_duplicate_differs_only_in_case(self):
        self.create_cmd("dup", clusters=1)
        self.assertAwsError("ReplicationGroupAlreadyExists", self.create_cmd, "DUP", clusters=1)


class NodeCounts(ServerTestCase):
    def test_automatic_failover_with_one_cluster(self):
        self.assertAwsError(INVALID_COMBINATION, self.create_cmd, "lonely", clusters=1,
                            AutomaticFailoverEnabled=True, status=400, message=FAILOVER_NEEDS_TWO)

    def test_automatic_failover_with_num_cache_clusters_omitted(self):
        self.assertAwsError(
            INVALID_COMBINATION, self.ec.create_replication_group, status=400,
            message=FAILOVER_NEEDS_TWO, ReplicationGroupId="lonely",
            ReplicationGroupDescription="d", AutomaticFailoverEnabled=True)

    def test_seven_cache_clusters(self):
        self.assertAwsError(INVALID_VALUE, self.create_cmd, "big", clusters=7, status=400)

    def test_zero_cache_clusters(self):
        self.assertAwsError(INVALID_VALUE, self.create_cmd, "none", clusters=0,
                            AutomaticFailoverEnabled=False, status=400)

    def test_sixteen_node_groups_exceeds_quota(self):
        self.assertAwsError("NodeGroupsPerReplicationGroupQuotaExceeded", self.create_cme,
                            "wide", shards=16, replicas=0, status=400)

    def test_fifteen_node_groups_is_the_quota(self):
        group = self.create_cme("wide", shards=15, replicas=0)
        self.assertEqual(len(group["MemberClusters"]), 15)

    def test_six_replicas_per_node_group(self):
        self.assertAwsError(INVALID_VALUE, self.create_cme, "tall", shards=2, replicas=6,
                            status=400)

    def test_cluster_mode_enabled_with_automatic_failover_off(self):
        self.assertAwsError(
            INVALID_VALUE, self.create_cme, "nofail", shards=2, replicas=1,
            AutomaticFailoverEnabled=False, status=400,
            message="Redis with cluster mode enabled cannot be created with auto failover "
                    "turned off.")

    def test_cluster_mode_enabled_without_automatic_failover_turns_it_on(self):
        # AWS's own example (createreplicationgroup-1483657035585): two shards, a .cluster.on
        # parameter group, no AutomaticFailoverEnabled; the answer already says `enabled`.
        group = self.ec.create_replication_group(
            ReplicationGroupId="implied", ReplicationGroupDescription="x", Engine="redis",
            CacheNodeType="cache.t3.micro", CacheParameterGroupName="default.redis7.cluster.on",
            NumNodeGroups=2)["ReplicationGroup"]
        self.assertEqual(group["AutomaticFailover"], "enabled")
        self.assertTrue(group["ClusterEnabled"])
        self.assertEqual(self.describe("implied")["AutomaticFailover"], "enabled")


def slots_config(*slot_ranges, replicas=0):
    return [{"Slots": slots, "ReplicaCount": replicas} for slots in slot_ranges]


class NodeGroupConfiguration(ServerTestCase):
    def create_with(self, node_groups, **extra):
        return self.create_cme("layout", shards=len(node_groups), replicas=0,
                               NodeGroupConfiguration=node_groups, **extra)

    def test_overlapping_slots(self):
        self.assertAwsError(INVALID_VALUE, self.create_with,
                            slots_config("0-8000", "7000-16383"), status=400)

    def test_slots_not_covering_all_16384(self):
        self.assertAwsError(INVALID_VALUE, self.create_with,
                            slots_config("0-8000", "9000-16383"), status=400)

    def test_slot_out_of_range_or_malformed(self):
        for bad in (("0-8191", "8192-16384"), ("0-8191", "banana"), ("8191-0", "8192-16383")):
            with self.subTest(slots=bad):
                self.assertAwsError(INVALID_VALUE, self.create_with, slots_config(*bad),
                                    status=400)

    def test_comma_separated_ranges_are_accepted(self):
        self.create_with(slots_config("0-100,200-8191", "101-199,8192-16383"))
        slots = sorted(g["Slots"] for g in self.describe("layout")["NodeGroups"])
        self.assertEqual(slots, ["0-100,200-8191", "101-199,8192-16383"])

    def test_replica_availability_zones_of_wrong_length(self):
        groups = [{"Slots": "0-8191", "ReplicaCount": 2,
                   "ReplicaAvailabilityZones": ["us-east-1a"]},
                  {"Slots": "8192-16383", "ReplicaCount": 2}]
        self.assertAwsError(INVALID_VALUE, self.create_with, groups, status=400)

    def test_replica_availability_zones_longer_than_replicas_per_node_group(self):
        self.assertAwsError(
            INVALID_VALUE, self.create_cme, "azs", shards=1, replicas=1, status=400,
            NodeGroupConfiguration=[{"Slots": "0-16383",
                                     "ReplicaAvailabilityZones": ["us-east-1a", "us-east-1b"]}])

    def test_preferred_cache_cluster_azs_of_wrong_length(self):
        self.assertAwsError(INVALID_VALUE, self.create_cmd, "azs", clusters=3, status=400,
                            PreferredCacheClusterAZs=["us-east-1a", "us-east-1b"])


class AuthToken(ServerTestCase):
    def test_without_transit_encryption(self):
        self.assertAwsError(INVALID_VALUE, self.create_cmd, "tok", clusters=2, status=400,
                            AuthToken=VALID_TOKEN)

    def test_too_short(self):
        self.assertAwsError(INVALID_VALUE, self.create_cmd, "tok", clusters=2, status=400,
                            TransitEncryptionEnabled=True, AuthToken="short-token")

    def test_too_long(self):
        self.assertAwsError(INVALID_VALUE, self.create_cmd, "tok", clusters=2, status=400,
                            TransitEncryptionEnabled=True, AuthToken="x" * 129)

    def test_forbidden_characters(self):
        for token in ("has-an-@-sign-0123", 'has-a-"-quote-0123', "has-a-/-slash-0123",
                      "has a space 012345"):
            with self.subTest(token=token):
                self.assertAwsError(INVALID_VALUE, self.create_cmd, "tok", clusters=2,
                                    status=400, TransitEncryptionEnabled=True, AuthToken=token)


class Windows(ServerTestCase):
    def test_bad_maintenance_window_format(self):
        for window in ("sunday:05:00-sun:09:00", "sun:25:00-sun:26:00", "sun:05:00",
                       "xyz:05:00-sun:09:00", "sun:05:61-sun:09:00"):
            with self.subTest(window=window):
                self.assertAwsError(INVALID_VALUE, self.create_cmd, "win", clusters=2,
                                    status=400, PreferredMaintenanceWindow=window)

    def test_maintenance_window_under_sixty_minutes(self):
        self.assertAwsError(INVALID_VALUE, self.create_cmd, "win", clusters=2, status=400,
                            PreferredMaintenanceWindow="sun:05:00-sun:05:30")

    def test_maintenance_window_across_the_week_boundary_is_valid(self):
        self.create_cmd("win", clusters=2, PreferredMaintenanceWindow="sat:23:30-sun:00:30",
                        SnapshotWindow="05:00-06:00")

    def test_bad_snapshot_window(self):
        for window in ("25:00-26:00", "3am-4am", "03:00", "03:00-03:61"):
            with self.subTest(window=window):
                self.assertAwsError(INVALID_VALUE, self.create_cmd, "win", clusters=2,
                                    status=400, SnapshotWindow=window)


class NotificationTopic(ServerTestCase):
    def test_only_an_sns_topic_of_the_callers_account(self):
        for arn in ("not-an-arn", "arn:aws:sqs:us-east-1:000000000000:q",
                    "arn:aws:sns:us-east-1:123456789012:theirs"):
            with self.subTest(arn=arn):
                self.assertAwsError(INVALID_VALUE, self.create_cmd, "note", clusters=2,
                                    status=400, NotificationTopicArn=arn)
        self.assertEqual(self.ec.describe_replication_groups()["ReplicationGroups"], [])
        arn = "arn:aws:sns:us-east-1:000000000000:cache-events"
        self.create_cmd("note", clusters=2, NotificationTopicArn=arn)
        members = self.ec.describe_cache_clusters()["CacheClusters"]
        self.assertEqual([c["NotificationConfiguration"] for c in members],
                         [{"TopicArn": arn, "TopicStatus": "active"}] * 2)


if __name__ == "__main__":
    main()

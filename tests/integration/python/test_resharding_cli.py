"""ModifyReplicationGroupShardConfiguration through the AWS CLI v2 (as test_aws_cli.py runs
it): grow with and without --resharding-configuration, shrink by remove and by retain,
rebalance, the rules' errors on stderr with a rejected call changing nothing, and a slow
migration whose progress is sampled while the admin clock moves."""

import json

from ecl_cli import CliTestCase
from ecl_harness import main
from test_resharding import parse_slots


class ReshardingCliCase(CliTestCase):
    """Resharding through the CLI, and checks of the resulting slot cover."""

    def aws(self, *args, expect_ok=True, **kwargs):
        """As CliTestCase.aws; a failure must also be the CLI's error exit (254 or 255)."""
        result = super().aws(*args, expect_ok=expect_ok, **kwargs)
        if not expect_ok:
            self.assertIn(result.returncode, (254, 255), result.stderr)
        return result

    def reshard(self, group_id, count, *extra, expect_ok=True):
        result = self.aws("modify-replication-group-shard-configuration",
                          "--replication-group-id", group_id, "--node-group-count", str(count),
                          "--apply-immediately", *extra, expect_ok=expect_ok)
        return result["ReplicationGroup"] if expect_ok else result

    def cli_describe(self, group_id):
        return self.aws("describe-replication-groups",
                        "--replication-group-id", group_id)["ReplicationGroups"][0]

    def assert_even_cover(self, group, shards):
        self.assertEqual(group["Status"], "available")
        self.assertNotIn("Resharding", group.get("PendingModifiedValues", {}))
        self.assertEqual(len(group["NodeGroups"]), shards)
        every = [s for ng in group["NodeGroups"] for s in parse_slots(ng["Slots"])]
        self.assertEqual(sorted(every), list(range(16384)))
        counts = [len(parse_slots(ng["Slots"])) for ng in group["NodeGroups"]]
        self.assertLessEqual(max(counts) - min(counts), 1, counts)
        members = [m["CacheClusterId"] for ng in group["NodeGroups"] for m in ng["NodeGroupMembers"]]
        self.assertEqual(group["MemberClusters"], members)

    @staticmethod
    def ids(group):
        return [ng["NodeGroupId"] for ng in group["NodeGroups"]]


class CliResharding(ReshardingCliCase):
    """Grow, shrink and rebalance, and the rules' errors, with transitions finishing at once."""

    def test_grow_without_and_with_resharding_configuration(self):
        self.create_cme("cli-grow", shards=2, replicas=1)
        response = self.reshard("cli-grow", 3)
        self.assertEqual(response["Status"], "modifying")
        self.assertIn("cli-grow-0003-001", response["MemberClusters"])
        self.aws("wait", "replication-group-available", "--replication-group-id", "cli-grow")
        group = self.cli_describe("cli-grow")
        self.assert_even_cover(group, 3)
        self.assertEqual(self.ids(group), ["0001", "0002", "0003"])

        # JSON form, and the shorthand form, of --resharding-configuration.
        self.reshard("cli-grow", 5, "--resharding-configuration", json.dumps([
            {"NodeGroupId": "0009", "PreferredAvailabilityZones": ["us-east-1c", "us-east-1a"]}]))
        group = self.cli_describe("cli-grow")
        self.assert_even_cover(group, 5)
        self.assertEqual(self.ids(group), ["0001", "0002", "0003", "0004", "0009"])
        cluster = self.aws("describe-cache-clusters",
                           "--cache-cluster-id", "cli-grow-0009-002")["CacheClusters"][0]
        self.assertEqual(cluster["PreferredAvailabilityZone"], "us-east-1a")
        self.assertEqual(cluster["ReplicationGroupId"], "cli-grow")

        self.reshard("cli-grow", 6, "--resharding-configuration",
                     "NodeGroupId=12,PreferredAvailabilityZones=us-east-1b,us-east-1c")
        group = self.cli_describe("cli-grow")
        self.assert_even_cover(group, 6)
        self.assertIn("0012", self.ids(group))

    def test_shrink_by_remove_and_by_retain(self):
        self.create_cme("cli-down", shards=5, replicas=1)
        response = self.reshard("cli-down", 3, "--node-groups-to-remove", "0001", "0004")
        statuses = [ng["Status"] for ng in response["NodeGroups"]]
        self.assertEqual(statuses, ["deleting", "modifying", "modifying", "deleting", "modifying"])
        group = self.cli_describe("cli-down")
        self.assert_even_cover(group, 3)
        self.assertEqual(self.ids(group), ["0002", "0003", "0005"])

        self.reshard("cli-down", 1, "--node-groups-to-retain", "0003")
        group = self.cli_describe("cli-down")
        self.assert_even_cover(group, 1)
        self.assertEqual(self.ids(group), ["0003"])
        clusters = self.aws("describe-cache-clusters")["CacheClusters"]
        self.assertEqual(sorted(c["CacheClusterId"] for c in clusters),
                         ["cli-down-0003-001", "cli-down-0003-002"])

    def test_rebalance_uneven_slots(self):
        self.aws("create-replication-group", "--replication-group-id", "cli-uneven",
                 "--replication-group-description", "uneven", "--engine", "redis",
                 "--cache-node-type", "cache.t3.micro",
                 "--cache-parameter-group-name", "default.redis7.cluster.on",
                 "--num-node-groups", "2", "--automatic-failover-enabled",
                 "--node-group-configuration",
                 "NodeGroupId=0001,Slots=0-99,ReplicaCount=1",
                 "NodeGroupId=0002,Slots=100-16383,ReplicaCount=1")
        self.aws("wait", "replication-group-available", "--replication-group-id", "cli-uneven")
        self.reshard("cli-uneven", 2)
        group = self.cli_describe("cli-uneven")
        self.assert_even_cover(group, 2)
        self.assertEqual([ng["Slots"] for ng in group["NodeGroups"]],
                         ["0-99,8292-16383", "100-8291"])
        result = self.reshard("cli-uneven", 2, expect_ok=False)
        self.assertIn("InvalidReplicationGroupState", result.stderr)
        self.assertIn("Nothing to do", result.stderr)

    def test_rules_errors_leave_the_group_untouched(self):
        self.create_cme("cli-rules", shards=3, replicas=1)
        self.create_cmd("cli-cmd", clusters=2)
        before = self.cli_describe("cli-rules")
        cases = [
            (("cli-cmd", 2), "InvalidParameterValue",
             "Operation is only applicable for cluster mode enabled replication groups."),
            (("cli-rules", 16), "NodeGroupsPerReplicationGroupQuotaExceeded", "16"),
            (("cli-rules", 0), "InvalidParameterValue", "NodeGroupCount must be at least 1"),
            (("cli-rules", 2), "InvalidParameterValue", "is required"),
            (("cli-rules", 2, "--node-groups-to-remove", "0010"), "InvalidParameterValue",
             "The following node group ids are invalid: [0010]"),
            (("cli-rules", 2, "--node-groups-to-remove", "0001", "--node-groups-to-retain",
              "0002", "0003"), "InvalidParameterCombination", "not both"),
            (("cli-rules", 1, "--node-groups-to-retain", "0001", "0002"),
             "InvalidParameterValue", "NodeGroupsToRetain lists 2"),
            (("cli-rules", 3, "--resharding-configuration", "NodeGroupId=0009"),
             "InvalidParameterCombination", "ReshardingConfiguration"),
            (("cli-rules", 4, "--resharding-configuration", "NodeGroupId=99999"),
             "InvalidParameterValue", "'99999'"),
            (("missing", 4), "ReplicationGroupNotFoundFault", "missing"),
        ]
        for args, code, text in cases:
            with self.subTest(args=args):
                result = self.reshard(*args, expect_ok=False)
                self.assertIn(code, result.stderr)
                self.assertIn(text, result.stderr)
        result = self.aws("modify-replication-group-shard-configuration",
                          "--replication-group-id", "cli-rules", "--node-group-count", "4",
                          "--no-apply-immediately", expect_ok=False)
        self.assertIn("InvalidParameterValue", result.stderr)
        self.assertIn("ApplyImmediately", result.stderr)
        self.assertEqual(self.cli_describe("cli-rules"), before)


class CliSlowMigration(ReshardingCliCase):
    """--transition-seconds 10: progress read through the CLI while the admin clock moves."""

    server_args = ("--transition-seconds", "10")

    def test_progress_never_goes_backwards(self):
        self.create_cme("cli-slow", shards=3, replicas=0)
        self.server.advance(11)
        response = self.reshard("cli-slow", 2, "--node-groups-to-remove", "0002")
        samples = [response["PendingModifiedValues"]["Resharding"]["SlotMigration"]
                   ["ProgressPercentage"]]
        group = None
        for _ in range(6):
            self.server.advance(3)
            group = self.cli_describe("cli-slow")
            if group["Status"] == "available":
                break
            self.assertEqual(group["Status"], "modifying")
            self.assertEqual([ng["Status"] for ng in group["NodeGroups"]],
                             ["modifying", "deleting", "modifying"])
            samples.append(group["PendingModifiedValues"]["Resharding"]["SlotMigration"]
                           ["ProgressPercentage"])
        self.assertEqual(samples, sorted(samples), samples)
        self.assertTrue(any(0.0 < p < 100.0 for p in samples), samples)
        self.assert_even_cover(group, 2)
        self.assertEqual(self.ids(group), ["0001", "0003"])


if __name__ == "__main__":
    main()

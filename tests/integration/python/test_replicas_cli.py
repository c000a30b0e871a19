"""increase-replica-count and decrease-replica-count through the AWS CLI v2.

The CLI serialises lists and booleans its own way (--replicas-to-remove a b,
--replica-configuration as JSON, --apply-immediately / --no-apply-immediately) and prints
errors as "An error occurred (Code) when calling the Operation operation: message".
"""

import json

from ecl_cli import CliTestCase
from ecl_harness import main
from test_replicas import window_days_ahead


class CliCase(CliTestCase):
    """The replica-count operations and checks of the members through the CLI."""

    # -- the operations under test ---------------------------------------------------
    def increase(self, group_id, *args, immediately=True):
        return self.aws("increase-replica-count", "--replication-group-id", group_id, *args,
                        "--apply-immediately" if immediately else "--no-apply-immediately"
                        )["ReplicationGroup"]

    def decrease(self, group_id, *args, immediately=True):
        return self.aws("decrease-replica-count", "--replication-group-id", group_id, *args,
                        "--apply-immediately" if immediately else "--no-apply-immediately"
                        )["ReplicationGroup"]

    # -- setup and checks --------------------------------------------------------------
    def create_disabled(self, group_id, clusters, *extra):
        self.aws("create-replication-group", "--replication-group-id", group_id,
                 "--replication-group-description", "cli replicas", "--engine", "redis",
                 "--cache-node-type", "cache.t3.micro", "--num-cache-clusters", str(clusters),
                 "--automatic-failover-enabled" if clusters > 1 else
                 "--no-automatic-failover-enabled", *extra)

    def create_enabled(self, group_id, shards, replicas):
        self.aws("create-replication-group", "--replication-group-id", group_id,
                 "--replication-group-description", "cli sharded", "--engine", "redis",
                 "--cache-node-type", "cache.t3.micro",
                 "--cache-parameter-group-name", "default.redis7.cluster.on",
                 "--num-node-groups", str(shards), "--replicas-per-node-group", str(replicas),
                 "--automatic-failover-enabled")

    def settled(self, group_id):
        """Describes through the CLI and checks every view of the members agrees."""
        group = self.aws("describe-replication-groups",
                         "--replication-group-id", group_id)["ReplicationGroups"][0]
        self.assertEqual(group["Status"], "available")
        listed = [m["CacheClusterId"] for ng in group["NodeGroups"] for m in ng["NodeGroupMembers"]]
        self.assertEqual(group["MemberClusters"], listed)
        clusters = [c for c in self.aws("describe-cache-clusters")["CacheClusters"]
                    if c.get("ReplicationGroupId") == group_id]
        self.assertEqual(sorted(c["CacheClusterId"] for c in clusters), sorted(listed))
        self.assertEqual({c["CacheClusterStatus"] for c in clusters}, {"available"})
        for node_group in group["NodeGroups"]:
            self.assertEqual(node_group["Status"], "available")
            if not group.get("ClusterEnabled"):
                roles = [m["CurrentRole"] for m in node_group["NodeGroupMembers"]]
                self.assertEqual(roles.count("primary"), 1)
        return group


class CliClusterModeDisabled(CliCase):
    def test_increase_then_decrease_by_count(self):
        self.create_disabled("cli-rg", 2)
        group = self.increase("cli-rg", "--new-replica-count", "3")
        self.assertEqual(group["Status"], "modifying")
        self.assertEqual(group["MemberClusters"], ["cli-rg-001", "cli-rg-002", "cli-rg-003",
                                                   "cli-rg-004"])
        members = [m["CacheClusterId"] for m in group["NodeGroups"][0]["NodeGroupMembers"]]
        self.assertEqual(members, ["cli-rg-001", "cli-rg-002"])
        self.aws("wait", "replication-group-available", "--replication-group-id", "cli-rg")
        self.assertEqual(len(self.settled("cli-rg")["MemberClusters"]), 4)

        group = self.decrease("cli-rg", "--new-replica-count", "1")
        self.assertEqual(group["Status"], "modifying")
        self.assertEqual(len(group["NodeGroups"][0]["NodeGroupMembers"]), 4)
        self.assertEqual(self.settled("cli-rg")["MemberClusters"], ["cli-rg-001", "cli-rg-002"])

    def test_replicas_to_remove(self):
        self.create_disabled("cli-named", 4)
        self.decrease("cli-named", "--replicas-to-remove", "cli-named-002", "cli-named-004")
        self.assertEqual(self.settled("cli-named")["MemberClusters"],
                         ["cli-named-001", "cli-named-003"])

    def test_preferred_zones_through_replica_configuration(self):
        self.create_disabled("cli-az", 2)
        self.increase("cli-az", "--replica-configuration", json.dumps([{
            "NodeGroupId": "0001", "NewReplicaCount": 2,
            "PreferredAvailabilityZones": ["us-east-1a", "us-east-1b", "us-east-1a"]}]))
        group = self.settled("cli-az")
        zones = {m["CacheClusterId"]: m["PreferredAvailabilityZone"]
                 for m in group["NodeGroups"][0]["NodeGroupMembers"]}
        self.assertEqual(zones["cli-az-003"], "us-east-1a")

    def test_rules(self):
        self.create_disabled("cli-rules", 3)
        self.assertCliError("InvalidParameterValue", "increase-replica-count",
                            "--replication-group-id", "cli-rules", "--new-replica-count", "6",
                            "--apply-immediately", contains="NewReplicaCount was 6")
        self.assertCliError("NoOperationFault", "increase-replica-count",
                            "--replication-group-id", "cli-rules", "--new-replica-count", "2",
                            "--apply-immediately",
                            contains="Requested new replica count already matches current "
                                     "number of replicas.")
        self.assertCliError("NoOperationFault", "decrease-replica-count",
                            "--replication-group-id", "cli-rules", "--new-replica-count", "2",
                            "--apply-immediately")
        self.assertCliError("InvalidParameterValue", "increase-replica-count",
                            "--replication-group-id", "cli-rules", "--new-replica-count", "1",
                            "--apply-immediately", contains="must be larger")
        self.assertCliError("InvalidParameterValue", "decrease-replica-count",
                            "--replication-group-id", "cli-rules", "--new-replica-count", "4",
                            "--apply-immediately", contains="must be smaller")
        self.assertCliError("InvalidParameterValue", "decrease-replica-count",
                            "--replication-group-id", "cli-rules", "--new-replica-count", "0",
                            "--apply-immediately",
                            contains="Must have at least 1 replica when cluster mode is disabled "
                                     "with auto failover enabled.")
        self.assertCliError("InvalidParameterCombination", "increase-replica-count",
                            "--replication-group-id", "cli-rules", "--new-replica-count", "3",
                            "--replica-configuration", "NodeGroupId=0001,NewReplicaCount=3",
                            "--apply-immediately", contains="not both")
        self.assertCliError("InvalidParameterCombination", "decrease-replica-count",
                            "--replication-group-id", "cli-rules", "--apply-immediately")
        self.assertCliError("InvalidParameterValue", "increase-replica-count",
                            "--replication-group-id", "cli-rules", "--replica-configuration",
                            json.dumps([{"NodeGroupId": "0001", "NewReplicaCount": 3,
                                         "PreferredAvailabilityZones": ["us-east-1a"]}]),
                            "--apply-immediately", contains="must list 4 Availability Zones")
        self.assertCliError("InvalidParameterValue", "increase-replica-count",
                            "--replication-group-id", "cli-rules", "--replica-configuration",
                            "NodeGroupId=0003,NewReplicaCount=3", "--apply-immediately",
                            contains="The following node group ids are invalid: [0003]")
        self.assertCliError("InvalidParameterValue", "decrease-replica-count",
                            "--replication-group-id", "cli-rules", "--replicas-to-remove",
                            "cli-rules-001", "--apply-immediately",
                            contains="cli-rules-001 is the primary")
        self.assertCliError("InvalidParameterValue", "decrease-replica-count",
                            "--replication-group-id", "cli-rules", "--replicas-to-remove",
                            "cli-rules-009", "--apply-immediately",
                            contains="cli-rules-009 is not a member")
        self.assertCliError("InvalidParameterValue", "decrease-replica-count",
                            "--replication-group-id", "cli-rules", "--new-replica-count", "0",
                            "--replicas-to-remove", "cli-rules-002", "--apply-immediately")
        self.assertCliError("ReplicationGroupNotFoundFault", "increase-replica-count",
                            "--replication-group-id", "cli-missing", "--new-replica-count", "3",
                            "--apply-immediately", contains="cli-missing not found")
        # Nothing above changed the group.
        self.assertEqual(self.settled("cli-rules")["MemberClusters"],
                         ["cli-rules-001", "cli-rules-002", "cli-rules-003"])


class CliClusterModeEnabled(CliCase):
    def test_count_for_every_shard_and_configuration_per_shard(self):
        self.create_enabled("cli-cme", 2, 1)
        group = self.increase("cli-cme", "--new-replica-count", "2")
        self.assertEqual({ng["Status"] for ng in group["NodeGroups"]}, {"modifying"})
        self.assertIn("cli-cme-0002-003", group["MemberClusters"])
        self.assertEqual(len(self.settled("cli-cme")["MemberClusters"]), 6)

        group = self.decrease("cli-cme", "--replica-configuration",
                              "NodeGroupId=0002,NewReplicaCount=0")
        statuses = {ng["NodeGroupId"]: ng["Status"] for ng in group["NodeGroups"]}
        self.assertEqual(statuses, {"0001": "available", "0002": "modifying"})
        self.assertEqual(self.settled("cli-cme")["MemberClusters"],
                         ["cli-cme-0001-001", "cli-cme-0001-002", "cli-cme-0001-003",
                          "cli-cme-0002-001"])

        self.decrease("cli-cme", "--replicas-to-remove", "cli-cme-0001-002")
        self.assertEqual(self.settled("cli-cme")["MemberClusters"],
                         ["cli-cme-0001-001", "cli-cme-0001-003", "cli-cme-0002-001"])

    def test_unknown_node_group(self):
        self.create_enabled("cli-ng", 2, 1)
        self.assertCliError("InvalidParameterValue", "increase-replica-count",
                            "--replication-group-id", "cli-ng", "--replica-configuration",
                            "NodeGroupId=0001,NewReplicaCount=2",
                            "NodeGroupId=0042,NewReplicaCount=2", "--apply-immediately",
                            contains="The following node group ids are invalid: [0042]")


class CliMaintenanceWindow(CliCase):
    def test_no_apply_immediately_waits_for_the_window(self):
        clock = self.server.clock()
        window, start_ms = window_days_ahead(clock["epoch_ms"], days=3)
        self.create_disabled("cli-later", 2, "--preferred-maintenance-window", window)
        group = self.increase("cli-later", "--new-replica-count", "2", immediately=False)
        self.assertEqual(group["Status"], "available")
        self.assertEqual(group["MemberClusters"], ["cli-later-001", "cli-later-002"])
        self.server.advance((start_ms - clock["epoch_ms"]) / 1000 - 600)
        self.assertEqual(self.settled("cli-later")["MemberClusters"],
                         ["cli-later-001", "cli-later-002"])
        self.server.advance(1200)
        self.assertEqual(self.settled("cli-later")["MemberClusters"],
                         ["cli-later-001", "cli-later-002", "cli-later-003"])


class CliSlowTransition(CliCase):
    """A transition long enough to outlast CLI start-up (about a second per command) on a busy
    machine, ended by the admin clock: the states are observed without depending on timing."""

    server_args = ("--transition-seconds", "120")

    def test_modifying_creating_and_a_second_change_refused(self):
        self.create_disabled("cli-slow", 2)
        self.server.advance(150)
        self.increase("cli-slow", "--new-replica-count", "2")
        group = self.aws("describe-replication-groups",
                         "--replication-group-id", "cli-slow")["ReplicationGroups"][0]
        self.assertEqual(group["Status"], "modifying")
        self.assertEqual(len(group["NodeGroups"][0]["NodeGroupMembers"]), 2)
        cluster = self.aws("describe-cache-clusters", "--cache-cluster-id",
                           "cli-slow-003")["CacheClusters"][0]
        self.assertEqual(cluster["CacheClusterStatus"], "creating")
        self.assertCliError("InvalidReplicationGroupState", "decrease-replica-count",
                            "--replication-group-id", "cli-slow", "--new-replica-count", "1",
                            "--apply-immediately", contains="cli-slow is modifying")
        self.server.advance(150)
        self.assertEqual(self.settled("cli-slow")["MemberClusters"],
                         ["cli-slow-001", "cli-slow-002", "cli-slow-003"])


if __name__ == "__main__":
    main()

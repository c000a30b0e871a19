"""Service updates and online migration through the AWS CLI, as the User Guide runs them:
describe-service-updates --service-update-status available, describe-update-actions with
--update-action-status not-applied stopped and automatic paging, batch-apply-update-action and
batch-stop-update-action on several groups, start-migration with the shorthand endpoint list,
test-migration, complete-migration --force, and errors on stderr with exit code 254."""

import json

from ecl_cli import CliTestCase
from ecl_harness import main

INTEL = "elasticache-20250507-intel"


class ServiceUpdatesCli(CliTestCase):
    server_args = ("--transition-seconds", "60")  # slower than any CLI call

    def group(self, group_id, *extra):
        self.aws("create-replication-group", "--replication-group-id", group_id,
                 "--replication-group-description", "cli", "--engine", "redis",
                 "--cache-node-type", "cache.t3.micro", "--num-cache-clusters", "2",
                 "--automatic-failover-enabled", *extra)

    def test_the_user_guide_commands(self):
        available = self.aws("describe-service-updates", "--service-update-status", "available")
        self.assertIn(INTEL, [u["ServiceUpdateName"] for u in available["ServiceUpdates"]])
        self.assertTrue(all(u["ServiceUpdateStatus"] == "available"
                            for u in available["ServiceUpdates"]))

        self.group("my-replication-group-1")
        self.group("my-replication-group-2")
        self.server.advance(61)
        pending = self.aws("describe-update-actions", "--service-update-name", INTEL,
                           "--update-action-status", "not-applied", "stopped")
        self.assertEqual(sorted(a["ReplicationGroupId"] for a in pending["UpdateActions"]),
                         ["my-replication-group-1", "my-replication-group-2"])

        applied = self.aws("batch-apply-update-action", "--service-update-name", INTEL,
                           "--replication-group-ids", "my-replication-group-1",
                           "my-replication-group-2")
        self.assertEqual([(p["ReplicationGroupId"], p["UpdateActionStatus"])
                          for p in applied["ProcessedUpdateActions"]],
                         [("my-replication-group-1", "waiting-to-start"),
                          ("my-replication-group-2", "waiting-to-start")])
        self.assertEqual(applied["UnprocessedUpdateActions"], [])
        self.server.advance(60)
        stopped = self.aws("batch-stop-update-action", "--service-update-name", INTEL,
                           "--replication-group-ids", "my-replication-group-2")
        self.assertEqual(stopped["ProcessedUpdateActions"][0]["UpdateActionStatus"], "stopping")
        self.server.advance(180)
        shown = self.aws("describe-update-actions", "--service-update-name", INTEL,
                         "--show-node-level-update-status")
        self.assertEqual({a["ReplicationGroupId"]: (a["UpdateActionStatus"], a["NodesUpdated"])
                          for a in shown["UpdateActions"]},
                         {"my-replication-group-1": ("complete", "2/2"),
                          "my-replication-group-2": ("stopped", "1/2")})
        members = shown["UpdateActions"][1]["NodeGroupUpdateStatus"][0][
            "NodeGroupMemberUpdateStatus"]
        self.assertEqual([m["NodeUpdateStatus"] for m in members], ["complete", "stopped"])
        pending = self.aws("describe-update-actions", "--service-update-name", INTEL,
                           "--update-action-status", "not-applied", "stopped")
        self.assertEqual([a["ReplicationGroupId"] for a in pending["UpdateActions"]],
                         ["my-replication-group-2"])

class SlowCreatesCli(CliTestCase):
    # Clusters stay `creating` for an hour of real time, whatever the CLI's own speed.
    server_args = ("--transition-seconds", "3600")

    def test_automatic_paging_and_unprocessed_targets(self):
        for i in range(12):
            self.aws("create-cache-cluster", "--cache-cluster-id", f"c{i:02d}", "--engine",
                     "redis", "--cache-node-type", "cache.t3.micro")
        everything = self.aws("describe-update-actions", "--page-size", "20")
        self.assertEqual(len(everything["UpdateActions"]), 24)
        self.assertNotIn("Marker", everything)
        out = self.aws("batch-apply-update-action", "--service-update-name", INTEL,
                       "--cache-cluster-ids", "c00", "ghost")
        # Still creating, and unknown.
        self.assertEqual([(u["CacheClusterId"], u["ErrorType"])
                          for u in out["UnprocessedUpdateActions"]],
                         [("c00", "InvalidCacheClusterState"), ("ghost", "CacheClusterNotFound")])

    def test_errors(self):
        self.assertCliError("ServiceUpdateNotFoundFault", "describe-service-updates",
                            "--service-update-name", "elasticache-29990101-001")
        result = self.run_cli("batch-apply-update-action", "--service-update-name", INTEL)
        self.assertEqual(result.returncode, 254)
        self.assertIn("InvalidParameterValue", result.stderr)
        self.assertCliError("InvalidParameterValue", "describe-update-actions",
                            "--update-action-status", "finished")


class MigrationCli(CliTestCase):
    server_args = ("--transition-seconds", "60")

    def test_the_user_guide_migration(self):
        self.aws("create-replication-group", "--replication-group-id", "test-cluster",
                 "--replication-group-description", "target", "--engine", "redis",
                 "--cache-node-type", "cache.r5.large", "--num-cache-clusters", "3",
                 "--automatic-failover-enabled", "--multi-az-enabled")
        self.server.advance(61)
        endpoint = "Address='10.0.0.241',Port=6379"
        # test-migration came to the AWS CLI after 2.9 (Debian 12 ships 2.9.19): the CLI
        # answers an unknown command with its usage and exit code 252.
        tested = self.run_cli("test-migration", "--replication-group-id", "test-cluster",
                              "--customer-node-endpoint-list", endpoint)
        if tested.returncode != 252:
            self.assertEqual(tested.returncode, 0, tested.stderr)
            self.assertEqual(json.loads(tested.stdout)["ReplicationGroup"]["Status"], "available")
        started = self.aws("start-migration", "--replication-group-id", "test-cluster",
                           "--customer-node-endpoint-list", endpoint)
        self.assertEqual(started["ReplicationGroup"]["Status"], "modifying")
        self.server.advance(60)
        self.assertEqual(self.aws("describe-replication-groups", "--replication-group-id",
                                  "test-cluster")["ReplicationGroups"][0]["Status"], "migrating")
        self.assertCliError("ReplicationGroupAlreadyUnderMigrationFault", "start-migration",
                            "--replication-group-id", "test-cluster",
                            "--customer-node-endpoint-list", endpoint)
        self.aws("complete-migration", "--replication-group-id", "test-cluster", "--force")
        self.server.advance(60)
        self.assertEqual(self.aws("describe-replication-groups", "--replication-group-id",
                                  "test-cluster")["ReplicationGroups"][0]["Status"], "available")
        events = self.aws("describe-events", "--source-type", "replication-group",
                          "--source-identifier", "test-cluster", "--duration", "60")["Events"]
        self.assertIn("Complete Migration successful for test-cluster",
                      [e["Message"] for e in events])
        self.assertCliError("ReplicationGroupNotUnderMigrationFault", "complete-migration",
                            "--replication-group-id", "test-cluster")

    def test_requirements(self):
        self.assertCliError("ReplicationGroupNotFoundFault", "start-migration",
                            "--replication-group-id", "nope", "--customer-node-endpoint-list",
                            "Address=10.0.0.241,Port=6379")
        self.aws("create-replication-group", "--replication-group-id", "single",
                 "--replication-group-description", "no multi-az", "--engine", "redis",
                 "--cache-node-type", "cache.t3.micro", "--num-cache-clusters", "2",
                 "--automatic-failover-enabled")
        self.server.advance(61)
        self.assertCliError("InvalidParameterValue", "start-migration", "--replication-group-id",
                            "single", "--customer-node-endpoint-list",
                            "Address=10.0.0.241,Port=6379", contains="Multi-AZ")


if __name__ == "__main__":
    main()

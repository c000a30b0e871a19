"""Snapshots through the AWS CLI: create, describe with --show-node-group-config, copy,
export, restore, delete, and the error exit codes."""

import os
import shutil
import tempfile

from ecl_cli import CliTestCase
from ecl_harness import main


class SnapshotsCli(CliTestCase):
    @classmethod
    def setUpClass(cls):
        cls.export_dir = tempfile.mkdtemp(prefix="ecl-exports-")
        os.makedirs(os.path.join(cls.export_dir, "cli-bucket"))
        cls.server_args = ("--export-dir", cls.export_dir)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.export_dir, ignore_errors=True)

    def test_snapshot_lifecycle(self):
        self.aws("create-replication-group", "--replication-group-id", "cli-cme",
                 "--replication-group-description", "sharded",
                 "--cache-parameter-group-name", "default.redis7.cluster.on",
                 "--automatic-failover-enabled", "--node-group-configuration",
                 "NodeGroupId=0001,Slots=0-10,ReplicaCount=1",
                 "NodeGroupId=0002,Slots=11-16383,ReplicaCount=0")
        created = self.aws("create-snapshot", "--replication-group-id", "cli-cme",
                           "--snapshot-name", "cli-snap")["Snapshot"]
        self.assertEqual(created["SnapshotStatus"], "creating")
        self.assertEqual(created["NumNodeGroups"], 2)

        plain = self.aws("describe-snapshots", "--snapshot-name", "cli-snap")["Snapshots"][0]
        self.assertNotIn("NodeGroupConfiguration", plain["NodeSnapshots"][0])
        shown = self.aws("describe-snapshots", "--snapshot-name", "cli-snap",
                         "--show-node-group-config")["Snapshots"][0]
        self.assertEqual([n["NodeGroupConfiguration"]["Slots"] for n in shown["NodeSnapshots"]],
                         ["0-10", "11-16383"])

        copy = self.aws("copy-snapshot", "--source-snapshot-name", "cli-snap",
                        "--target-snapshot-name", "cli-copy")["Snapshot"]
        self.assertEqual(copy["SnapshotName"], "cli-copy")
        exported = self.aws("copy-snapshot", "--source-snapshot-name", "cli-snap",
                            "--target-snapshot-name", "cli-export",
                            "--target-bucket", "cli-bucket")["Snapshot"]
        self.assertEqual(exported["SnapshotStatus"], "exporting")
        self.assertTrue(os.path.exists(os.path.join(self.export_dir, "cli-bucket",
                                                    "cli-export-0002.rdb")))

        self.aws("create-replication-group", "--replication-group-id", "cli-restored",
                 "--replication-group-description", "restored", "--snapshot-name", "cli-copy")
        self.aws("wait", "replication-group-available", "--replication-group-id", "cli-restored")
        group = self.aws("describe-replication-groups",
                         "--replication-group-id", "cli-restored")["ReplicationGroups"][0]
        self.assertEqual([g["Slots"] for g in group["NodeGroups"]], ["0-10", "11-16383"])

        deleted = self.aws("delete-snapshot", "--snapshot-name", "cli-copy")["Snapshot"]
        self.assertEqual(deleted["SnapshotStatus"], "deleting")
        names = [s["SnapshotName"] for s in self.aws("describe-snapshots")["Snapshots"]]
        self.assertEqual(names, ["cli-snap"])

        self.aws("delete-replication-group", "--replication-group-id", "cli-restored",
                 "--final-snapshot-identifier", "cli-final")
        final = self.aws("describe-snapshots", "--snapshot-name", "cli-final")["Snapshots"][0]
        self.assertEqual(final["ReplicationGroupId"], "cli-restored")

    def test_errors_exit_non_zero_with_the_code(self):
        result = self.aws("describe-snapshots", "--snapshot-name", "missing", expect_ok=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SnapshotNotFoundFault", result.stderr)
        result = self.aws("describe-snapshots", "--max-records", "51", expect_ok=False)
        self.assertIn("InvalidParameterValue", result.stderr)
        result = self.aws("copy-snapshot", "--source-snapshot-name", "missing",
                          "--target-snapshot-name", "x", expect_ok=False)
        self.assertIn("SnapshotNotFoundFault", result.stderr)
        result = self.aws("create-snapshot", "--snapshot-name", "s", "--cache-cluster-id",
                          "nope", expect_ok=False)
        self.assertIn("CacheClusterNotFound", result.stderr)


if __name__ == "__main__":
    main()

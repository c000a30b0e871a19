"""Snapshots with --transition-seconds 2: the group is `snapshotting` while the snapshot is
`creating`, both finish together; InvalidSnapshotState for snapshots still in transition."""

import os
import shutil
import tempfile

from ecl_harness import ServerTestCase, main


class SlowSnapshots(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.export_dir = tempfile.mkdtemp(prefix="ecl-exports-")
        os.makedirs(os.path.join(cls.export_dir, "slow-bucket"))
        cls.server_args = ("--transition-seconds", "2", "--export-dir", cls.export_dir)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.export_dir, ignore_errors=True)

    def status(self, name):
        return self.ec.describe_snapshots(SnapshotName=name)["Snapshots"][0]["SnapshotStatus"]

    def available_group(self, group_id="slow"):
        self.create_cmd(group_id, clusters=2)
        self.server.advance(5)
        self.assertEqual(self.describe(group_id)["Status"], "available")

    def test_snapshotting_and_creating_end_together(self):
        self.available_group()
        self.ec.create_snapshot(SnapshotName="s", ReplicationGroupId="slow")
        self.assertEqual(self.status("s"), "creating")
        self.assertEqual(self.describe("slow")["Status"], "snapshotting")
        # A group being snapshotted takes no other snapshot and cannot be deleted.
        self.assertAwsError("InvalidReplicationGroupState", self.ec.create_snapshot,
                            SnapshotName="t", ReplicationGroupId="slow", status=400)
        self.assertAwsError("InvalidReplicationGroupState", self.ec.delete_replication_group,
                            ReplicationGroupId="slow")
        self.assertAwsError("InvalidSnapshotState", self.ec.delete_snapshot, SnapshotName="s",
                            status=400)
        self.assertAwsError("InvalidSnapshotState", self.ec.copy_snapshot,
                            SourceSnapshotName="s", TargetSnapshotName="c")
        self.server.advance(5)
        self.assertEqual(self.status("s"), "available")
        self.assertEqual(self.describe("slow")["Status"], "available")

    def test_cluster_snapshot_marks_the_cluster(self):
        self.available_group()
        self.ec.create_snapshot(SnapshotName="c", CacheClusterId="slow-001")
        cluster = self.ec.describe_cache_clusters(CacheClusterId="slow-001")["CacheClusters"][0]
        self.assertEqual(cluster["CacheClusterStatus"], "snapshotting")
        self.assertAwsError("InvalidCacheClusterState", self.ec.create_snapshot,
                            SnapshotName="d", CacheClusterId="slow-001", status=400)
        self.server.advance(5)
        cluster = self.ec.describe_cache_clusters(CacheClusterId="slow-001")["CacheClusters"][0]
        self.assertEqual(cluster["CacheClusterStatus"], "available")

    def test_source_must_be_available(self):
        self.create_cmd("young", clusters=1)
        self.assertAwsError("InvalidReplicationGroupState", self.ec.create_snapshot,
                            SnapshotName="s", ReplicationGroupId="young")
        self.assertAwsError("InvalidCacheClusterState", self.ec.create_snapshot,
                            SnapshotName="s", CacheClusterId="young-001")

    def test_copying_exporting_restoring_and_deleting_are_visible(self):
        self.available_group()
        self.ec.create_snapshot(SnapshotName="s", ReplicationGroupId="slow")
        self.server.advance(5)

        self.ec.copy_snapshot(SourceSnapshotName="s", TargetSnapshotName="c")
        self.assertEqual(self.status("s"), "copying")
        self.assertEqual(self.status("c"), "creating")
        self.assertAwsError("InvalidSnapshotState", self.ec.delete_snapshot, SnapshotName="s")
        self.assertAwsError("InvalidSnapshotState", self.ec.delete_snapshot, SnapshotName="c")
        self.server.advance(5)

        exported = self.ec.copy_snapshot(SourceSnapshotName="s", TargetSnapshotName="e",
                                         TargetBucket="slow-bucket")["Snapshot"]
        self.assertEqual(exported["SnapshotStatus"], "exporting")
        self.assertEqual(self.status("s"), "exporting")
        self.assertAwsError("InvalidSnapshotState", self.ec.delete_snapshot, SnapshotName="s")
        self.server.advance(5)
        self.assertEqual(self.status("s"), "available")

        self.ec.create_replication_group(ReplicationGroupId="again",
                                         ReplicationGroupDescription="r", SnapshotName="s")
        self.assertEqual(self.status("s"), "restoring")
        self.assertEqual(self.describe("again")["Status"], "creating")
        self.server.advance(5)
        self.assertEqual(self.status("s"), "available")
        self.assertEqual(self.describe("again")["Status"], "available")

        self.assertEqual(self.ec.delete_snapshot(SnapshotName="c")["Snapshot"]["SnapshotStatus"],
                         "deleting")
        self.assertEqual(self.status("c"), "deleting")
        self.server.advance(5)
        self.assertAwsError("SnapshotNotFoundFault", self.ec.describe_snapshots,
                            SnapshotName="c")

    def test_final_snapshot_is_creating_while_the_group_is_deleted(self):
        self.available_group()
        self.ec.delete_replication_group(ReplicationGroupId="slow",
                                         FinalSnapshotIdentifier="last")
        self.assertEqual(self.status("last"), "creating")
        self.assertEqual(self.describe("slow")["Status"], "deleting")
        self.server.advance(5)
        self.assertEqual(self.status("last"), "available")


if __name__ == "__main__":
    main()

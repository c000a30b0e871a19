"""Snapshots carry the data on the data plane: CreateSnapshot saves each node group's RDB,
a restore (SnapshotName, SnapshotArns) loads it, CopySnapshot copies it, an export writes it
into the bucket, and a final snapshot keeps what a deleted group held. Judged by
python3-redis reading the keys back."""

import os
import shutil
import tempfile
import unittest

from dataplane_harness import DataPlaneTestCase


class SnapshotDataTest(DataPlaneTestCase):
    port_base = 24500

    @classmethod
    def setUpClass(cls):
        cls.export_dir = tempfile.mkdtemp(prefix="ecl-dp-exports-")
        cls.extra_server_args = ("--export-dir", cls.export_dir)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.export_dir, ignore_errors=True)

    def primary(self, group_id):
        return self.redis_at(self.describe(group_id)["NodeGroups"][0]["PrimaryEndpoint"])

    def fill(self, group_id, count=100):
        client = self.primary(group_id)
        for i in range(count):
            client.set(f"key:{i}", f"value:{i}")
        client.hset("profile", mapping={"name": "ada", "lang": "en"})
        return client

    def assertHasData(self, client, count=100):
        self.assertEqual(client.dbsize(), count + 1)
        self.assertEqual(client.get("key:7"), "value:7")
        self.assertEqual(client.hgetall("profile"), {"name": "ada", "lang": "en"})

    def delete_group(self, group_id, **extra):
        self.ec.delete_replication_group(ReplicationGroupId=group_id, **extra)
        self.ec.describe_replication_groups()  # finishes at transition 0

    def test_snapshot_then_delete_then_restore_gives_the_same_keys(self):
        self.create_cmd("src", clusters=2)
        self.fill("src")
        self.ec.create_snapshot(SnapshotName="nightly", ReplicationGroupId="src")
        self.primary("src").set("after-snapshot", "not in it")
        self.delete_group("src")
        self.create_cmd("restored", clusters=2, SnapshotName="nightly")
        restored = self.primary("restored")
        self.assertHasData(restored)
        self.assertIsNone(restored.get("after-snapshot"))
        # The replica synced the restored data too.
        node_group = self.describe("restored")["NodeGroups"][0]
        restored.execute_command("WAIT", 1, 5000)
        self.assertEqual(self.redis_at(node_group["ReaderEndpoint"]).get("key:99"), "value:99")

    def test_standalone_cluster_snapshot_and_restore(self):
        self.ec.create_cache_cluster(CacheClusterId="solo", Engine="redis",
                                     CacheNodeType="cache.t3.micro", NumCacheNodes=1)
        node = self.ec.describe_cache_clusters(CacheClusterId="solo", ShowCacheNodeInfo=True)[
            "CacheClusters"][0]["CacheNodes"][0]["Endpoint"]
        self.redis_at(node).set("solo", "data")
        self.ec.create_snapshot(SnapshotName="solo-snap", CacheClusterId="solo")
        self.ec.create_cache_cluster(CacheClusterId="solo-copy", SnapshotName="solo-snap",
                                     CacheNodeType="cache.t3.micro", NumCacheNodes=1)
        copy = self.ec.describe_cache_clusters(CacheClusterId="solo-copy", ShowCacheNodeInfo=True)[
            "CacheClusters"][0]["CacheNodes"][0]["Endpoint"]
        self.assertEqual(self.redis_at(copy).get("solo"), "data")

    def test_copied_snapshot_has_the_data(self):
        self.create_cmd("src", clusters=1)
        self.fill("src")
        self.ec.create_snapshot(SnapshotName="first", ReplicationGroupId="src")
        self.ec.describe_snapshots()
        self.ec.copy_snapshot(SourceSnapshotName="first", TargetSnapshotName="second")
        self.ec.describe_snapshots()
        self.ec.delete_snapshot(SnapshotName="first")
        self.ec.describe_snapshots()
        self.create_cmd("from-copy", clusters=1, SnapshotName="second")
        self.assertHasData(self.primary("from-copy"))

    def test_export_writes_the_data_and_snapshot_arns_restore_it(self):
        bucket = "dp-exports"
        os.makedirs(os.path.join(self.export_dir, bucket), exist_ok=True)
        self.create_cmd("src", clusters=1)
        self.fill("src")
        self.ec.create_snapshot(SnapshotName="to-export", ReplicationGroupId="src")
        self.ec.describe_snapshots()
        self.ec.copy_snapshot(SourceSnapshotName="to-export", TargetSnapshotName="exported",
                              TargetBucket=bucket)
        path = os.path.join(self.export_dir, bucket, "exported-0001.rdb")
        with open(path, "rb") as f:
            rdb = f.read()
        self.assertTrue(rdb.startswith(b"REDIS"))
        self.assertIn(b"value:42", rdb)  # the real data, not an empty file
        self.delete_group("src")
        self.create_cmd("from-s3", clusters=1,
                        SnapshotArns=[f"arn:aws:s3:::{bucket}/exported-0001.rdb"])
        self.assertHasData(self.primary("from-s3"))

    def test_final_snapshot_keeps_what_the_deleted_group_held(self):
        self.create_cmd("doomed", clusters=2)
        self.fill("doomed")
        self.delete_group("doomed", FinalSnapshotIdentifier="doomed-final")
        self.assertEqual(self.ec.describe_snapshots(SnapshotName="doomed-final")["Snapshots"][0]
                         ["SnapshotStatus"], "available")
        self.create_cmd("reborn", clusters=1, SnapshotName="doomed-final")
        self.assertHasData(self.primary("reborn"))


if __name__ == "__main__":
    unittest.main(verbosity=2)

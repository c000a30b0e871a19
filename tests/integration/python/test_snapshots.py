"""Snapshots through boto3: create, describe (filters, paging, ShowNodeGroupConfig), copy,
delete, restore into a new group, final snapshots on DeleteReplicationGroup, the quota, and
every documented error."""

import shutil
import tempfile

from ecl_harness import ServerTestCase, main


class Snapshots(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.export_dir = tempfile.mkdtemp(prefix="ecl-exports-")
        cls.server_args = ("--export-dir", cls.export_dir)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.export_dir, ignore_errors=True)

    def snapshot(self, name, show=False):
        found = self.ec.describe_snapshots(SnapshotName=name, ShowNodeGroupConfig=show)["Snapshots"]
        self.assertEqual(len(found), 1)
        return found[0]

    def uneven_cme(self, group_id="uneven"):
        return self.create_cme(group_id, NumNodeGroups=None, ReplicasPerNodeGroup=None,
                               NodeGroupConfiguration=[
                                   {"NodeGroupId": "0001", "Slots": "0-99", "ReplicaCount": 1},
                                   {"NodeGroupId": "0002", "Slots": "100-12000", "ReplicaCount": 2},
                                   {"NodeGroupId": "0003", "Slots": "12001-16383", "ReplicaCount": 0},
                               ])

    def create_cme(self, group_id, **extra):
        params = {k: v for k, v in extra.items() if v is not None}
        none_keys = [k for k, v in extra.items() if v is None]
        base = dict(ReplicationGroupId=group_id, ReplicationGroupDescription="sharded",
                    Engine="redis", CacheNodeType="cache.t3.micro",
                    CacheParameterGroupName="default.redis7.cluster.on",
                    NumNodeGroups=3, ReplicasPerNodeGroup=1, AutomaticFailoverEnabled=True)
        for k in none_keys:
            base.pop(k, None)
        base.update(params)
        return self.ec.create_replication_group(**base)["ReplicationGroup"]

    # -- CreateSnapshot -------------------------------------------------------------------
    def test_create_snapshot_of_a_cluster_mode_enabled_group(self):
        self.uneven_cme()
        created = self.ec.create_snapshot(ReplicationGroupId="uneven", SnapshotName="Nightly-1",
                                          Tags=[{"Key": "team", "Value": "cache"}])["Snapshot"]
        self.assertEqual(created["SnapshotName"], "nightly-1")
        self.assertEqual(created["SnapshotStatus"], "creating")
        self.assertEqual(created["SnapshotSource"], "manual")
        self.assertEqual(created["ReplicationGroupId"], "uneven")
        self.assertEqual(created["ReplicationGroupDescription"], "sharded")
        self.assertEqual(created["NumNodeGroups"], 3)
        self.assertEqual(created["AutomaticFailover"], "enabled")
        self.assertEqual(created["CacheParameterGroupName"], "default.redis7.cluster.on")
        self.assertEqual(created["Port"], 6379)
        self.assertEqual(created["Engine"], "redis")
        self.assertIn("EngineVersion", created)
        self.assertIn("PreferredMaintenanceWindow", created)
        self.assertIn("SnapshotWindow", created)
        self.assertEqual(created["ARN"],
                         "arn:aws:elasticache:us-east-1:000000000000:snapshot:nightly-1")
        self.assertEqual([n["NodeGroupId"] for n in created["NodeSnapshots"]],
                         ["0001", "0002", "0003"])
        tags = self.ec.list_tags_for_resource(ResourceName=created["ARN"])["TagList"]
        self.assertEqual(tags, [{"Key": "team", "Value": "cache"}])

        snap = self.snapshot("nightly-1", show=True)
        self.assertEqual(snap["SnapshotStatus"], "available")
        self.assertEqual(self.describe("uneven")["Status"], "available")
        configs = [n["NodeGroupConfiguration"] for n in snap["NodeSnapshots"]]
        self.assertEqual([c["Slots"] for c in configs], ["0-99", "100-12000", "12001-16383"])
        self.assertEqual([c["ReplicaCount"] for c in configs], [1, 2, 0])
        self.assertEqual([c["NodeGroupId"] for c in configs], ["0001", "0002", "0003"])
        for node, config in zip(snap["NodeSnapshots"], configs):
            self.assertEqual(len(config["ReplicaAvailabilityZones"]), config["ReplicaCount"])
            self.assertTrue(config["PrimaryAvailabilityZone"].startswith("us-east-1"))
            self.assertIn("CacheSize", node)
            self.assertIn("SnapshotCreateTime", node)
            self.assertIn("CacheNodeCreateTime", node)

    def test_create_snapshot_of_a_cache_cluster(self):
        self.create_cmd("plain", clusters=2)
        created = self.ec.create_snapshot(CacheClusterId="plain-002",
                                          SnapshotName="one-node")["Snapshot"]
        self.assertEqual(created["CacheClusterId"], "plain-002")
        self.assertEqual(created["NumCacheNodes"], 1)
        self.assertNotIn("ReplicationGroupId", created)
        self.assertEqual(created["NodeSnapshots"][0]["CacheNodeId"], "0001")
        self.assertEqual(created["NodeSnapshots"][0]["NodeGroupId"], "0001")
        self.assertEqual(self.snapshot("one-node")["SnapshotStatus"], "available")
        cluster = self.ec.describe_cache_clusters(CacheClusterId="plain-002")["CacheClusters"][0]
        self.assertEqual(cluster["CacheClusterStatus"], "available")

    def test_create_snapshot_errors(self):
        self.create_cmd("src", clusters=1)
        self.assertAwsError("InvalidParameterCombination", self.ec.create_snapshot,
                            SnapshotName="s", status=400)
        self.assertAwsError("InvalidParameterCombination", self.ec.create_snapshot,
                            SnapshotName="s", ReplicationGroupId="src", CacheClusterId="src-001")
        self.assertAwsError("ReplicationGroupNotFoundFault", self.ec.create_snapshot,
                            SnapshotName="s", ReplicationGroupId="nope", status=404)
        self.assertAwsError("CacheClusterNotFound", self.ec.create_snapshot,
                            SnapshotName="s", CacheClusterId="nope", status=404)
        self.assertAwsError("InvalidParameterValue", self.ec.create_snapshot,
                            SnapshotName="1-bad", ReplicationGroupId="src")
        self.assertAwsError("InvalidParameterValue", self.ec.create_snapshot,
                            SnapshotName="bad--name", ReplicationGroupId="src")
        self.ec.create_snapshot(SnapshotName="Taken", ReplicationGroupId="src")
        self.assertAwsError("SnapshotAlreadyExistsFault", self.ec.create_snapshot,
                            SnapshotName="TAKEN", ReplicationGroupId="src", status=400)
        self.assertEqual(len(self.ec.describe_snapshots()["Snapshots"]), 1)

    # -- DescribeSnapshots ----------------------------------------------------------------
    def test_describe_filters(self):
        self.create_cmd("g1", clusters=1)
        self.create_cmd("g2", clusters=2)
        self.ec.create_snapshot(SnapshotName="a", ReplicationGroupId="g1")
        self.ec.create_snapshot(SnapshotName="b", ReplicationGroupId="g2")
        self.ec.create_snapshot(SnapshotName="c", CacheClusterId="g2-002")
        names = lambda **kw: [s["SnapshotName"] for s in self.ec.describe_snapshots(**kw)["Snapshots"]]
        self.assertEqual(names(), ["a", "b", "c"])
        self.assertEqual(names(ReplicationGroupId="G2"), ["b"])
        self.assertEqual(names(CacheClusterId="g2-002"), ["c"])
        self.assertEqual(names(SnapshotName="B"), ["b"])
        self.assertEqual(names(SnapshotSource="user"), ["a", "b", "c"])
        self.assertEqual(names(SnapshotSource="system"), [])
        self.assertAwsError("InvalidParameterValue", self.ec.describe_snapshots,
                            SnapshotSource="manual")
        self.assertAwsError("SnapshotNotFoundFault", self.ec.describe_snapshots,
                            SnapshotName="missing", status=404)
        self.assertAwsError("CacheClusterNotFound", self.ec.describe_snapshots,
                            CacheClusterId="no-such-cluster", status=404)
        for bad in (19, 51):
            self.assertAwsError("InvalidParameterValue", self.ec.describe_snapshots,
                                MaxRecords=bad)

    def test_node_group_configuration_only_when_asked(self):
        self.create_cme("shards", NumNodeGroups=2)
        self.ec.create_snapshot(SnapshotName="s", ReplicationGroupId="shards")
        plain = self.ec.describe_snapshots()["Snapshots"][0]
        for node in plain["NodeSnapshots"]:
            self.assertNotIn("NodeGroupConfiguration", node)
            self.assertIn("NodeGroupId", node)
        off = self.ec.describe_snapshots(ShowNodeGroupConfig=False)["Snapshots"][0]
        self.assertNotIn("NodeGroupConfiguration", off["NodeSnapshots"][0])
        on = self.ec.describe_snapshots(ShowNodeGroupConfig=True)["Snapshots"][0]
        self.assertEqual([n["NodeGroupConfiguration"]["Slots"] for n in on["NodeSnapshots"]],
                         ["0-8191", "8192-16383"])

    def test_paging_over_many_snapshots(self):
        self.create_cmd("src", clusters=1)
        names = [f"snap-{i:02d}" for i in range(27)]
        for name in names:
            self.ec.create_snapshot(SnapshotName=name, ReplicationGroupId="src")
        first = self.ec.describe_snapshots(MaxRecords=20)
        self.assertEqual(len(first["Snapshots"]), 20)
        self.assertIn("Marker", first)
        second = self.ec.describe_snapshots(MaxRecords=20, Marker=first["Marker"])
        self.assertEqual(len(second["Snapshots"]), 7)
        self.assertNotIn("Marker", second)
        seen = [s["SnapshotName"] for s in first["Snapshots"] + second["Snapshots"]]
        self.assertEqual(seen, names)
        # The SDK's paginator follows the markers itself.
        pages = self.ec.get_paginator("describe_snapshots").paginate(
            PaginationConfig={"PageSize": 20})
        self.assertEqual([s["SnapshotName"] for p in pages for s in p["Snapshots"]], names)
        # Default page size is 50: everything at once.
        self.assertEqual(len(self.ec.describe_snapshots()["Snapshots"]), 27)
        # Filters apply before paging.
        self.ec.create_snapshot(SnapshotName="zz-other", CacheClusterId="src-001")
        only = self.ec.describe_snapshots(CacheClusterId="src-001", MaxRecords=20)
        self.assertEqual([s["SnapshotName"] for s in only["Snapshots"]], ["zz-other"])
        self.assertNotIn("Marker", only)

    # -- CopySnapshot ---------------------------------------------------------------------
    def test_copy_snapshot(self):
        self.uneven_cme()
        self.ec.create_snapshot(SnapshotName="orig", ReplicationGroupId="uneven")
        copy = self.ec.copy_snapshot(SourceSnapshotName="orig", TargetSnapshotName="Copy-1",
                                     Tags=[{"Key": "k", "Value": "v"}])["Snapshot"]
        self.assertEqual(copy["SnapshotName"], "copy-1")
        self.assertEqual(copy["SnapshotSource"], "manual")
        self.assertEqual(copy["SnapshotStatus"], "creating")
        original = self.snapshot("orig", show=True)
        copied = self.snapshot("copy-1", show=True)
        self.assertEqual(original["SnapshotStatus"], "available")
        self.assertEqual(copied["SnapshotStatus"], "available")
        self.assertEqual(copied["NodeSnapshots"], original["NodeSnapshots"])
        self.assertEqual(copied["ReplicationGroupId"], "uneven")
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=copied["ARN"])["TagList"],
                         [{"Key": "k", "Value": "v"}])

    def test_copy_snapshot_errors(self):
        self.create_cmd("src", clusters=1)
        self.ec.create_snapshot(SnapshotName="orig", ReplicationGroupId="src")
        self.ec.create_snapshot(SnapshotName="other", ReplicationGroupId="src")
        self.assertAwsError("SnapshotNotFoundFault", self.ec.copy_snapshot,
                            SourceSnapshotName="missing", TargetSnapshotName="x", status=404)
        self.assertAwsError("SnapshotAlreadyExistsFault", self.ec.copy_snapshot,
                            SourceSnapshotName="orig", TargetSnapshotName="other", status=400)
        self.assertAwsError("InvalidParameterValue", self.ec.copy_snapshot,
                            SourceSnapshotName="orig", TargetSnapshotName="-x")
        self.assertEqual(len(self.ec.describe_snapshots()["Snapshots"]), 2)

    # -- DeleteSnapshot -------------------------------------------------------------------
    def test_delete_snapshot(self):
        self.create_cmd("src", clusters=1)
        arn = self.ec.create_snapshot(SnapshotName="gone", ReplicationGroupId="src")["Snapshot"]["ARN"]
        self.ec.add_tags_to_resource(ResourceName=arn, Tags=[{"Key": "a", "Value": "b"}])
        deleted = self.ec.delete_snapshot(SnapshotName="GONE")["Snapshot"]
        self.assertEqual(deleted["SnapshotStatus"], "deleting")
        self.assertEqual(deleted["SnapshotName"], "gone")
        self.assertAwsError("SnapshotNotFoundFault", self.ec.describe_snapshots,
                            SnapshotName="gone", status=404)
        self.assertAwsError("SnapshotNotFoundFault", self.ec.delete_snapshot,
                            SnapshotName="gone", status=404)
        # The name is free again.
        self.ec.create_snapshot(SnapshotName="gone", ReplicationGroupId="src")

    # -- Restore --------------------------------------------------------------------------
    def test_restore_cluster_mode_enabled_snapshot_with_uneven_slots(self):
        self.uneven_cme()
        self.ec.create_snapshot(SnapshotName="uneven-snap", ReplicationGroupId="uneven")
        restored = self.ec.create_replication_group(
            ReplicationGroupId="restored", ReplicationGroupDescription="from snapshot",
            SnapshotName="uneven-snap")["ReplicationGroup"]
        self.assertEqual(restored["Status"], "creating")
        self.fast_waiter("replication_group_available").wait(
            ReplicationGroupId="restored", WaiterConfig=self.WAIT_FAST)
        group = self.describe("restored")
        self.assertTrue(group["ClusterEnabled"])
        self.assertEqual(group["AutomaticFailover"], "enabled")
        self.assertEqual([(g["NodeGroupId"], g["Slots"], len(g["NodeGroupMembers"]))
                          for g in group["NodeGroups"]],
                         [("0001", "0-99", 2), ("0002", "100-12000", 3), ("0003", "12001-16383", 1)])
        self.assertEqual(self.snapshot("uneven-snap")["SnapshotStatus"], "available")

    def test_restore_keeps_settings_the_request_leaves_out(self):
        self.create_cmd("src", clusters=2, Port=6390, CacheNodeType="cache.m5.large",
                        PreferredMaintenanceWindow="sun:05:00-sun:06:00",
                        SnapshotWindow="01:00-02:00")
        self.ec.create_snapshot(SnapshotName="s", ReplicationGroupId="src")
        self.ec.create_replication_group(ReplicationGroupId="r1", ReplicationGroupDescription="r",
                                         SnapshotName="s")
        group = self.describe("r1")
        self.assertFalse(group["ClusterEnabled"])
        self.assertEqual(group["CacheNodeType"], "cache.m5.large")
        self.assertEqual(group["SnapshotWindow"], "01:00-02:00")
        self.assertEqual(len(group["MemberClusters"]), 2)
        self.assertEqual(group["NodeGroups"][0]["PrimaryEndpoint"]["Port"], 6390)
        # The request wins where it speaks.
        self.ec.create_replication_group(ReplicationGroupId="r2", ReplicationGroupDescription="r",
                                         SnapshotName="s", Port=7000, NumCacheClusters=3)
        group = self.describe("r2")
        self.assertEqual(group["NodeGroups"][0]["PrimaryEndpoint"]["Port"], 7000)
        self.assertEqual(len(group["MemberClusters"]), 3)

    def test_restore_errors(self):
        self.create_cme("shards", NumNodeGroups=2)
        self.ec.create_snapshot(SnapshotName="two", ReplicationGroupId="shards")
        self.assertAwsError("SnapshotNotFoundFault", self.ec.create_replication_group,
                            ReplicationGroupId="r", ReplicationGroupDescription="r",
                            SnapshotName="missing", status=404)
        self.assertAwsError("InvalidParameterValue", self.ec.create_replication_group,
                            ReplicationGroupId="r", ReplicationGroupDescription="r",
                            SnapshotName="two", NumNodeGroups=3)
        self.assertAwsError("ReplicationGroupNotFoundFault", self.ec.describe_replication_groups,
                            ReplicationGroupId="r")
        self.assertEqual(self.snapshot("two")["SnapshotStatus"], "available")

    # -- Final snapshot ---------------------------------------------------------------------
    def test_delete_replication_group_leaves_a_final_snapshot(self):
        self.uneven_cme("leaving")
        self.ec.delete_replication_group(ReplicationGroupId="leaving",
                                         FinalSnapshotIdentifier="Leaving-Final")
        self.assertAwsError("ReplicationGroupNotFoundFault", self.ec.describe_replication_groups,
                            ReplicationGroupId="leaving")
        snap = self.snapshot("leaving-final", show=True)
        self.assertEqual(snap["SnapshotStatus"], "available")
        self.assertEqual(snap["ReplicationGroupId"], "leaving")
        self.assertEqual([n["NodeGroupConfiguration"]["Slots"] for n in snap["NodeSnapshots"]],
                         ["0-99", "100-12000", "12001-16383"])
        # It restores like any other snapshot.
        self.ec.create_replication_group(ReplicationGroupId="back", ReplicationGroupDescription="b",
                                         SnapshotName="leaving-final")
        self.assertEqual([g["Slots"] for g in self.describe("back")["NodeGroups"]],
                         ["0-99", "100-12000", "12001-16383"])

    def test_final_snapshot_name_taken(self):
        self.create_cmd("keep", clusters=1)
        self.ec.create_snapshot(SnapshotName="taken", ReplicationGroupId="keep")
        self.assertAwsError("SnapshotAlreadyExistsFault", self.ec.delete_replication_group,
                            ReplicationGroupId="keep", FinalSnapshotIdentifier="taken", status=400)
        self.assertEqual(self.describe("keep")["Status"], "available")
        self.assertAwsError("InvalidParameterValue", self.ec.delete_replication_group,
                            ReplicationGroupId="keep", FinalSnapshotIdentifier="9bad")
        self.assertEqual(self.describe("keep")["Status"], "available")


class SnapshotQuota(ServerTestCase):
    server_args = ("--snapshot-quota", "2")

    def test_quota_per_account_and_region(self):
        self.create_cmd("src", clusters=1)
        self.ec.create_snapshot(SnapshotName="a", ReplicationGroupId="src")
        self.ec.create_snapshot(SnapshotName="b", ReplicationGroupId="src")
        self.assertAwsError("SnapshotQuotaExceededFault", self.ec.create_snapshot,
                            SnapshotName="c", ReplicationGroupId="src", status=400)
        self.assertAwsError("SnapshotQuotaExceededFault", self.ec.copy_snapshot,
                            SourceSnapshotName="a", TargetSnapshotName="c")
        self.assertAwsError("SnapshotQuotaExceededFault", self.ec.delete_replication_group,
                            ReplicationGroupId="src", FinalSnapshotIdentifier="c")
        self.assertEqual(self.describe("src")["Status"], "available")
        # Another region has its own quota.
        west = self.server.client(region="us-west-2")
        self.create_cmd("src", clusters=1, client=west)
        west.create_snapshot(SnapshotName="a", ReplicationGroupId="src")
        # Deleting frees room.
        self.ec.delete_snapshot(SnapshotName="a")
        self.ec.create_snapshot(SnapshotName="c", ReplicationGroupId="src")


if __name__ == "__main__":
    main()

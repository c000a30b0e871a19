"""Serverless cache snapshots through boto3: CreateServerlessCacheSnapshot (snapshots per day),
DescribeServerlessCacheSnapshots (filters and paging), CopyServerlessCacheSnapshot,
DeleteServerlessCacheSnapshot, ExportServerlessCacheSnapshot into the export buckets
CopySnapshot writes to, restores with SnapshotArnsToRestore, daily automatic snapshots kept
SnapshotRetentionLimit days on the emulator clock, tags and events, and a replication group
restored from a serverless snapshot (CreateReplicationGroup's ServerlessCacheSnapshotName)."""

import os

from ecl_harness import DEFAULT_ACCOUNT, ExportDirMixin, ServerTestCase, main

DAY = 24 * 3600


def snapshot_arn(name):
    return f"arn:aws:elasticache:us-east-1:{DEFAULT_ACCOUNT}:serverlesscachesnapshot:{name}"


class SnapshotTestCase(ServerTestCase):
    def create_cache(self, name, engine="valkey", **extra):
        self.ec.create_serverless_cache(ServerlessCacheName=name, Engine=engine, **extra)
        self.ec.describe_serverless_caches(ServerlessCacheName=name)  # settles: available

    def snap(self, name, cache="c", **extra):
        return self.ec.create_serverless_cache_snapshot(
            ServerlessCacheSnapshotName=name, ServerlessCacheName=cache,
            **extra)["ServerlessCacheSnapshot"]

    def snapshots(self, **filters):
        return self.ec.describe_serverless_cache_snapshots(**filters)["ServerlessCacheSnapshots"]

    def names(self, **filters):
        return [s["ServerlessCacheSnapshotName"] for s in self.snapshots(**filters)]


class CreateAndDescribe(SnapshotTestCase):
    def test_create_describe_and_tags(self):
        self.create_cache("c", engine="redis", KmsKeyId="cache-key")
        created = self.snap("Nightly", Tags=[{"Key": "team", "Value": "cache"}])
        self.assertEqual(created["ServerlessCacheSnapshotName"], "nightly")
        self.assertEqual(created["ARN"], snapshot_arn("nightly"))
        self.assertEqual((created["SnapshotType"], created["Status"]), ("manual", "creating"))
        self.assertEqual(created["ServerlessCacheConfiguration"],
                         {"ServerlessCacheName": "c", "Engine": "redis", "MajorEngineVersion": "7"})
        self.assertEqual(created["KmsKeyId"], "cache-key")
        self.assertNotIn("ExpiryTime", created)
        [described] = self.snapshots(ServerlessCacheSnapshotName="nightly")
        self.assertEqual(described["Status"], "available")
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=snapshot_arn("nightly"))[
            "TagList"], [{"Key": "team", "Value": "cache"}])
        events = self.ec.describe_events(SourceType="serverless-cache-snapshot")["Events"]
        self.assertEqual([(e["SourceIdentifier"], e["Message"]) for e in events], [
            ("nightly",
             "Snapshot succeeded for snapshot with ID 'nightly' of serverless cache with ID 'c'")])

    def test_rules(self):
        self.create_cache("c")
        self.snap("s1")
        self.assertAwsError("ServerlessCacheSnapshotAlreadyExistsFault", self.snap, "S1",
                            status=400)
        self.assertAwsError("ServerlessCacheNotFoundFault", self.snap, "s2", cache="missing",
                            status=404)
        self.assertAwsError("InvalidParameterValue", self.snap, "bad_name")
        self.assertAwsError("ServerlessCacheSnapshotNotFoundFault", self.snapshots,
                            ServerlessCacheSnapshotName="missing", status=404)
        self.assertAwsError("ServerlessCacheNotFoundFault", self.snapshots,
                            ServerlessCacheName="missing")
        self.assertAwsError("InvalidParameterValue", self.snapshots, SnapshotType="user")
        self.assertAwsError("InvalidParameterValue", self.snapshots, MaxResults=51)

    def test_filters_and_paging(self):
        self.create_cache("a")
        self.create_cache("b")
        for i in range(22):
            self.snap(f"a-{i:02d}", cache="a")
        self.snap("b-00", cache="b")
        self.assertEqual(self.names(ServerlessCacheName="b"), ["b-00"])
        self.assertEqual(self.names(SnapshotType="automated"), [])
        self.assertEqual(len(self.names(SnapshotType="manual")), 23)
        self.assertEqual(self.names(ServerlessCacheSnapshotName="b-00", ServerlessCacheName="a"),
                         [])
        first = self.ec.describe_serverless_cache_snapshots(ServerlessCacheName="a",
                                                            MaxResults=20)
        self.assertEqual(len(first["ServerlessCacheSnapshots"]), 20)
        rest = self.ec.describe_serverless_cache_snapshots(ServerlessCacheName="a",
                                                           NextToken=first["NextToken"])
        self.assertEqual([s["ServerlessCacheSnapshotName"] for s in
                          rest["ServerlessCacheSnapshots"]], ["a-20", "a-21"])
        self.assertAwsError("InvalidParameterValue", self.snapshots, NextToken="forged")
        paginator = self.ec.get_paginator("describe_serverless_cache_snapshots")
        self.assertEqual(sum(len(p["ServerlessCacheSnapshots"]) for p in
                             paginator.paginate(PaginationConfig={"PageSize": 20})), 23)
        # Snapshots outlive their cache.
        self.ec.delete_serverless_cache(ServerlessCacheName="b")
        self.ec.describe_serverless_caches()
        self.assertEqual(self.names(ServerlessCacheName="b"), ["b-00"])


class SnapshotsPerDay(SnapshotTestCase):
    server_args = ("--serverless-snapshots-per-day-quota", "2")

    def test_quota_of_snapshots_per_cache_and_day(self):
        self.create_cache("c")
        self.create_cache("d")
        self.snap("s1")
        self.snap("s2")
        self.assertAwsError("ServerlessCacheSnapshotQuotaExceededFault", self.snap, "s3",
                            status=400)
        self.snap("d1", cache="d")  # another cache has its own
        # Copies are not taken of the cache.
        self.ec.copy_serverless_cache_snapshot(SourceServerlessCacheSnapshotName="s1",
                                               TargetServerlessCacheSnapshotName="s1-copy")
        self.server.advance(DAY)
        self.snap("s3")


class CopyDeleteExport(ExportDirMixin, SnapshotTestCase):
    def setUp(self):
        super().setUp()
        self.bucket = self.make_bucket(
            "sls-" + self._testMethodName.replace("_", "-")[5:40].strip("-"))

    def test_copy(self):
        self.create_cache("c")
        self.snap("s1")
        copy = self.ec.copy_serverless_cache_snapshot(
            SourceServerlessCacheSnapshotName="s1", TargetServerlessCacheSnapshotName="S1-Copy",
            KmsKeyId="copy-key", Tags=[{"Key": "k", "Value": "v"}])["ServerlessCacheSnapshot"]
        self.assertEqual((copy["ServerlessCacheSnapshotName"], copy["Status"],
                          copy["SnapshotType"], copy["KmsKeyId"]),
                         ("s1-copy", "creating", "manual", "copy-key"))
        self.assertEqual(copy["ServerlessCacheConfiguration"]["ServerlessCacheName"], "c")
        self.assertEqual(self.snapshots(ServerlessCacheSnapshotName="s1-copy")[0]["Status"],
                         "available")
        self.assertAwsError("ServerlessCacheSnapshotAlreadyExistsFault",
                            self.ec.copy_serverless_cache_snapshot,
                            SourceServerlessCacheSnapshotName="s1",
                            TargetServerlessCacheSnapshotName="s1-copy")
        self.assertAwsError("ServerlessCacheSnapshotNotFoundFault",
                            self.ec.copy_serverless_cache_snapshot,
                            SourceServerlessCacheSnapshotName="nope",
                            TargetServerlessCacheSnapshotName="x")

    def test_delete(self):
        self.create_cache("c")
        self.snap("s1")
        deleted = self.ec.delete_serverless_cache_snapshot(
            ServerlessCacheSnapshotName="s1")["ServerlessCacheSnapshot"]
        self.assertEqual(deleted["Status"], "deleting")
        self.assertAwsError("ServerlessCacheSnapshotNotFoundFault", self.snapshots,
                            ServerlessCacheSnapshotName="s1")
        self.assertAwsError("ServerlessCacheSnapshotNotFoundFault",
                            self.ec.delete_serverless_cache_snapshot,
                            ServerlessCacheSnapshotName="s1", status=404)

    def test_export_writes_an_rdb_file_into_the_bucket(self):
        self.create_cache("c")
        self.snap("s1")
        exported = self.ec.export_serverless_cache_snapshot(
            ServerlessCacheSnapshotName="s1", S3BucketName=self.bucket)["ServerlessCacheSnapshot"]
        self.assertEqual(exported["Status"], "exporting")
        path = os.path.join(self.export_dir, self.bucket, "s1-0001.rdb")
        with open(path, "rb") as f:
            self.assertEqual(f.read(5), b"REDIS")
        self.assertEqual(self.snapshots(ServerlessCacheSnapshotName="s1")[0]["Status"],
                         "available")
        # The same export again finds its key taken; a missing bucket is refused too.
        self.assertAwsError("InvalidParameterValue", self.ec.export_serverless_cache_snapshot,
                            ServerlessCacheSnapshotName="s1", S3BucketName=self.bucket)
        self.assertAwsError("InvalidParameterValue", self.ec.export_serverless_cache_snapshot,
                            ServerlessCacheSnapshotName="s1", S3BucketName="no-such-bucket",
                            message=None)
        # Memcached snapshots are not exported.
        self.create_cache("mc", engine="memcached")
        self.snap("mc-snap", cache="mc")
        self.assertAwsError("InvalidParameterValue", self.ec.export_serverless_cache_snapshot,
                            ServerlessCacheSnapshotName="mc-snap", S3BucketName=self.bucket)

    def test_restore_from_snapshots(self):
        self.create_cache("c", engine="redis")
        self.snap("s1")
        self.ec.export_serverless_cache_snapshot(ServerlessCacheSnapshotName="s1",
                                                 S3BucketName=self.bucket)
        # A serverless snapshot, an exported RDB file and a node-based cluster's snapshot.
        self.create_cache("from-serverless", SnapshotArnsToRestore=[snapshot_arn("s1")])
        self.create_cache("from-s3", SnapshotArnsToRestore=[
            f"arn:aws:s3:::{self.bucket}/s1-0001.rdb"])
        self.ec.create_replication_group(ReplicationGroupId="rg", ReplicationGroupDescription="d",
                                         NumCacheClusters=1)
        self.ec.create_snapshot(ReplicationGroupId="rg", SnapshotName="rg-snap")
        self.ec.describe_snapshots()
        self.create_cache("from-rg", engine="redis", SnapshotArnsToRestore=[
            f"arn:aws:elasticache:us-east-1:{DEFAULT_ACCOUNT}:snapshot:rg-snap"])
        for arn, code in [
                (snapshot_arn("missing"), "InvalidParameterValue"),
                (f"arn:aws:s3:::{self.bucket}/missing.rdb", "InvalidParameterValue"),
                ("arn:aws:elasticache:eu-west-1:000000000000:serverlesscachesnapshot:s1",
                 "InvalidParameterValue")]:
            with self.subTest(arn=arn):
                self.assertAwsError(code, self.ec.create_serverless_cache,
                                    ServerlessCacheName="x", Engine="valkey",
                                    SnapshotArnsToRestore=[arn])
        self.assertAwsError("InvalidParameterCombination", self.ec.create_serverless_cache,
                            ServerlessCacheName="x", Engine="memcached",
                            SnapshotArnsToRestore=[snapshot_arn("s1")])
        self.assertEqual(len(self.ec.describe_serverless_caches()["ServerlessCaches"]), 4)

    def test_a_replication_group_restored_from_a_serverless_snapshot(self):
        self.create_cache("c", engine="valkey")
        self.snap("s1")
        self.create_cache("m", engine="memcached")
        self.snap("m1", cache="m")

        def create(group_id, **extra):
            return self.ec.create_replication_group(
                ReplicationGroupId=group_id, ReplicationGroupDescription="d",
                NumCacheClusters=1, **extra)["ReplicationGroup"]
        for extra, code in [
                (dict(ServerlessCacheSnapshotName="missing"),
                 "ServerlessCacheSnapshotNotFoundFault"),
                (dict(ServerlessCacheSnapshotName="m1"), "InvalidParameterCombination"),
                # A group's engine is checked as without a snapshot.
                (dict(ServerlessCacheSnapshotName="s1", Engine="memcached"),
                 "InvalidParameterValue"),
                (dict(ServerlessCacheSnapshotName="s1", SnapshotName="any"),
                 "InvalidParameterCombination")]:
            with self.subTest(**extra):
                self.assertAwsError(code, create, "refused", **extra)
        self.assertEqual(self.ec.describe_replication_groups()["ReplicationGroups"], [])
        create("from-serverless", ServerlessCacheSnapshotName="s1")
        member = self.ec.describe_cache_clusters()["CacheClusters"][0]
        self.assertEqual(member["Engine"], "valkey")  # the snapshot's, none being named


class SlowSnapshots(SnapshotTestCase):
    server_args = ("--transition-seconds", "60")

    def test_states_on_the_emulator_clock(self):
        self.ec.create_serverless_cache(ServerlessCacheName="c", Engine="valkey")
        self.assertAwsError("InvalidServerlessCacheStateFault", self.snap, "s1")
        self.server.advance(61)
        self.snap("s1")
        self.assertEqual(self.snapshots(ServerlessCacheSnapshotName="s1")[0]["Status"],
                         "creating")
        self.assertAwsError("InvalidServerlessCacheSnapshotStateFault",
                            self.ec.create_replication_group, ReplicationGroupId="rg",
                            ReplicationGroupDescription="d", ServerlessCacheSnapshotName="s1")
        for call, params in [
                (self.ec.copy_serverless_cache_snapshot,
                 dict(SourceServerlessCacheSnapshotName="s1",
                      TargetServerlessCacheSnapshotName="t")),
                (self.ec.delete_serverless_cache_snapshot, dict(ServerlessCacheSnapshotName="s1")),
                (self.ec.export_serverless_cache_snapshot,
                 dict(ServerlessCacheSnapshotName="s1", S3BucketName="any-bucket")),
                (self.ec.add_tags_to_resource,
                 dict(ResourceName=snapshot_arn("s1"), Tags=[{"Key": "k", "Value": "v"}]))]:
            with self.subTest(call=call.__name__):
                self.assertAwsError("InvalidServerlessCacheSnapshotStateFault", call, **params)
        self.assertAwsError("InvalidParameterValue", self.ec.create_serverless_cache,
                            ServerlessCacheName="x", Engine="valkey",
                            SnapshotArnsToRestore=[snapshot_arn("s1")])
        self.server.advance(61)
        self.assertEqual(self.snapshots(ServerlessCacheSnapshotName="s1")[0]["Status"],
                         "available")


class AutomaticSnapshots(SnapshotTestCase):
    def automated(self, cache="c"):
        return self.snapshots(ServerlessCacheName=cache, SnapshotType="automated")

    def test_daily_snapshots_kept_for_the_retention_limit(self):
        now = self.server.clock()
        self.create_cache("c", SnapshotRetentionLimit=2, DailySnapshotTime="09:00")
        self.create_cache("none", DailySnapshotTime="09:00")  # retention 0 keeps none
        self.assertEqual(self.automated(), [])
        self.server.advance(DAY)
        [first] = self.automated()
        self.assertRegex(first["ServerlessCacheSnapshotName"],
                         r"^automatic\.c-\d{4}-\d\d-\d\d-09-00$")
        self.assertEqual((first["SnapshotType"], first["Status"]), ("automated", "available"))
        self.assertEqual(first["CreateTime"].strftime("%H:%M"), "09:00")
        self.assertEqual((first["ExpiryTime"] - first["CreateTime"]).total_seconds(), 2 * DAY)
        self.server.advance(DAY)
        self.assertEqual(len(self.automated()), 2)
        self.server.advance(DAY)
        names = [s["ServerlessCacheSnapshotName"] for s in self.automated()]
        self.assertEqual(len(names), 2)  # the oldest one expired
        self.assertNotIn(first["ServerlessCacheSnapshotName"], names)
        self.assertEqual(self.automated("none"), [])
        self.assertIsNotNone(now)

    def test_changing_the_settings_reschedules_and_delete_takes_them_along(self):
        self.create_cache("c", DailySnapshotTime="09:00")
        self.server.advance(DAY)
        self.assertEqual(self.automated(), [])
        self.ec.modify_serverless_cache(ServerlessCacheName="c", SnapshotRetentionLimit=1,
                                        DailySnapshotTime="10:30")
        self.ec.describe_serverless_caches()
        self.server.advance(DAY)
        [taken] = self.automated()
        self.assertTrue(taken["ServerlessCacheSnapshotName"].endswith("-10-30"))
        self.snap("manual-one")
        self.ec.delete_serverless_cache(ServerlessCacheName="c")
        self.ec.describe_serverless_caches()
        self.assertEqual(self.names(), ["manual-one"])

    def test_a_long_clock_jump_keeps_only_what_the_retention_keeps(self):
        self.create_cache("c", SnapshotRetentionLimit=3, DailySnapshotTime="09:00")
        self.server.advance(30 * DAY)
        self.assertEqual(len(self.automated()), 3)


if __name__ == "__main__":
    main()

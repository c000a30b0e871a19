"""Engine versions through boto3: DescribeCacheEngineVersions (every version with its family
and descriptions, in AWS's order, the Engine / EngineVersion / CacheParameterGroupFamily /
DefaultOnly filters, MaxRecords and Marker) and the Engine / EngineVersion forms
CreateReplicationGroup accepts, answered with the full version."""

from ecl_harness import ServerTestCase, main


class DescribeCacheEngineVersions(ServerTestCase):
    def all_versions(self, **filters):
        return [v for page in self.ec.get_paginator("describe_cache_engine_versions").paginate(
            PaginationConfig={"PageSize": 20}, **filters) for v in page["CacheEngineVersions"]]

    def test_every_version_in_aws_order(self):
        versions = self.all_versions()
        keys = [(v["Engine"], v["EngineVersion"]) for v in versions]
        self.assertEqual(keys, sorted(keys))  # engine, then version as text (1.4.33 < 1.4.5)
        self.assertEqual(len(keys), len(set(keys)))
        by_key = {(v["Engine"], v["EngineVersion"]): v for v in versions}
        # botocore's DescribeCacheEngineVersions example, field for field.
        self.assertEqual(by_key[("redis", "2.8.24")], {
            "Engine": "redis", "EngineVersion": "2.8.24", "CacheParameterGroupFamily": "redis2.8",
            "CacheEngineDescription": "Redis",
            "CacheEngineVersionDescription": "redis version 2.8.24 R3"})
        self.assertEqual(by_key[("memcached", "1.4.14")]["CacheEngineVersionDescription"],
                         "memcached version 1.4.14")
        # From 6.0 on EngineVersion is major.minor and the patch is in the description.
        self.assertEqual(by_key[("redis", "6.2")]["CacheEngineVersionDescription"],
                         "redis version 6.2.6")
        self.assertEqual(by_key[("redis", "6.2")]["CacheParameterGroupFamily"], "redis6.x")
        self.assertEqual(by_key[("redis", "7.1")]["CacheParameterGroupFamily"], "redis7")
        self.assertEqual(by_key[("valkey", "8.0")]["CacheParameterGroupFamily"], "valkey8")
        self.assertEqual(by_key[("valkey", "7.2")]["CacheEngineDescription"], "Valkey")
        self.assertEqual([k for k in keys if k[0] == "memcached"][:3],
                         [("memcached", "1.4.14"), ("memcached", "1.4.24"),
                          ("memcached", "1.4.33")])

    def test_filters(self):
        redis = self.all_versions(Engine="redis")
        self.assertTrue(redis)
        self.assertEqual({v["Engine"] for v in redis}, {"redis"})
        seven = self.ec.describe_cache_engine_versions(CacheParameterGroupFamily="redis7")
        self.assertEqual([v["EngineVersion"] for v in seven["CacheEngineVersions"]],
                         ["7.0", "7.1"])
        one = self.ec.describe_cache_engine_versions(Engine="redis", EngineVersion="6.2")
        self.assertEqual(len(one["CacheEngineVersions"]), 1)
        defaults = self.ec.describe_cache_engine_versions(DefaultOnly=True)["CacheEngineVersions"]
        self.assertEqual([(v["Engine"], v["EngineVersion"]) for v in defaults],
                         [("memcached", "1.6.22"), ("redis", "7.1"), ("valkey", "8.2")])
        # With a version: the default of that major version.
        six = self.ec.describe_cache_engine_versions(Engine="redis", EngineVersion="6.0",
                                                     DefaultOnly=True)["CacheEngineVersions"]
        self.assertEqual([v["EngineVersion"] for v in six], ["6.2"])
        self.assertEqual(self.ec.describe_cache_engine_versions(Engine="mysql")[
            "CacheEngineVersions"], [])
        self.assertEqual(self.ec.describe_cache_engine_versions(
            Engine="valkey", CacheParameterGroupFamily="redis7")["CacheEngineVersions"], [])

    def test_pages(self):
        first = self.ec.describe_cache_engine_versions(MaxRecords=20)
        self.assertEqual(len(first["CacheEngineVersions"]), 20)
        second = self.ec.describe_cache_engine_versions(MaxRecords=20, Marker=first["Marker"])
        self.assertNotIn("Marker", second)
        self.assertEqual(len(first["CacheEngineVersions"]) + len(second["CacheEngineVersions"]),
                         len(self.ec.describe_cache_engine_versions()["CacheEngineVersions"]))
        for bad in (19, 101):
            self.assertAwsError("InvalidParameterValue", self.ec.describe_cache_engine_versions,
                                MaxRecords=bad, status=400)
        self.assertAwsError("InvalidParameterValue", self.ec.describe_cache_engine_versions,
                            Marker="not-a-marker")


class CreateWithEngineVersions(ServerTestCase):
    def create(self, group_id, **extra):
        params = dict(ReplicationGroupId=group_id, ReplicationGroupDescription="versions",
                      NumCacheClusters=1)
        params.update(extra)
        return self.ec.create_replication_group(**params)["ReplicationGroup"]

    def member(self, group_id):
        cluster_id = self.describe(group_id)["MemberClusters"][0]
        return self.ec.describe_cache_clusters(CacheClusterId=cluster_id)["CacheClusters"][0]

    def test_accepted_forms_answer_the_full_version(self):
        cases = {
            "default": ({}, "redis", "7.1.0", "default.redis7"),
            "seven-one": ({"EngineVersion": "7.1"}, "redis", "7.1.0", "default.redis7"),
            "seven-zero": ({"EngineVersion": "7.0"}, "redis", "7.0.7", "default.redis7"),
            "six-x": ({"EngineVersion": "6.x"}, "redis", "6.2.6", "default.redis6.x"),
            "six-two": ({"EngineVersion": "6.2"}, "redis", "6.2.6", "default.redis6.x"),
            "five": ({"EngineVersion": "5.0.6"}, "redis", "5.0.6", "default.redis5.0"),
            "upper": ({"Engine": "Redis"}, "redis", "7.1.0", "default.redis7"),
            "valkey": ({"Engine": "valkey"}, "valkey", "8.2.0", "default.valkey8"),
            "valkey-eight": ({"Engine": "valkey", "EngineVersion": "8.0"}, "valkey", "8.0.1",
                             "default.valkey8"),
            "valkey-seven": ({"Engine": "valkey", "EngineVersion": "7.2"}, "valkey", "7.2.6",
                             "default.valkey7"),
        }
        for group_id, (extra, engine, version, group) in cases.items():
            with self.subTest(group_id):
                answered = self.create(group_id, **extra)
                self.assertEqual(answered["Engine"], engine)
                member = self.member(group_id)
                self.assertEqual(member["Engine"], engine)
                self.assertEqual(member["EngineVersion"], version)
                self.assertEqual(member["CacheParameterGroup"]["CacheParameterGroupName"], group)

    def test_unknown_engines_and_versions(self):
        self.assertAwsError("InvalidParameterCombination", self.create, "old",
                            EngineVersion="4.0.13", status=400,
                            message="Cannot find version 4.0.13 for redis")
        for bad in ("7", "7.x", "5.0", "6.0.5", "8.0"):
            self.assertAwsError("InvalidParameterCombination", self.create, "bad",
                                EngineVersion=bad)
        self.assertAwsError("InvalidParameterCombination", self.create, "bad", Engine="valkey",
                            EngineVersion="7.1")
        self.assertAwsError("InvalidParameterValue", self.create, "bad", Engine="memcached")
        self.assertAwsError("InvalidParameterValue", self.create, "bad", Engine="mysql")

    def test_a_restore_keeps_the_snapshots_version(self):
        self.create("six-zero", EngineVersion="6.0")
        self.assertEqual(self.member("six-zero")["EngineVersion"], "6.0.5")
        self.ec.create_snapshot(ReplicationGroupId="six-zero", SnapshotName="six")
        self.ec.describe_snapshots()
        self.ec.create_replication_group(ReplicationGroupId="again",
                                         ReplicationGroupDescription="restored", SnapshotName="six")
        self.assertEqual(self.member("again")["EngineVersion"], "6.0.5")
        self.assertEqual(self.member("again")["CacheParameterGroup"]["CacheParameterGroupName"],
                         "default.redis6.x")


if __name__ == "__main__":
    main()

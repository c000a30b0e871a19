"""Serverless caches through boto3: CreateServerlessCache (engines, major versions, usage
limits, subnets and security groups, user groups, snapshot settings, tags, quota),
DescribeServerlessCaches (paging with checked tokens), ModifyServerlessCache (limits,
description, security groups, user groups, snapshot settings, engine upgrades) and
DeleteServerlessCache (final snapshot), with their statuses on the emulator clock, endpoints,
ARNs and DescribeEvents."""

import atexit
import os
import re
import shutil
import tempfile

from ecl_harness import DEFAULT_ACCOUNT, ServerTestCase, main

PW = "correct-horse-battery-1"
ENDPOINT = re.compile(r"^[a-z0-9-]+-[a-z0-9]{6}\.serverless\.use1\.cache\.amazonaws\.com$")


def cache_arn(name):
    return f"arn:aws:elasticache:us-east-1:{DEFAULT_ACCOUNT}:serverlesscache:{name}"


class ServerlessTestCase(ServerTestCase):
    def create(self, name, engine="valkey", **extra):
        return self.ec.create_serverless_cache(ServerlessCacheName=name, Engine=engine,
                                               **extra)["ServerlessCache"]

    def cache(self, name):
        caches = self.ec.describe_serverless_caches(ServerlessCacheName=name)["ServerlessCaches"]
        self.assertEqual(len(caches), 1)
        return caches[0]

    def user_group(self, group_id, engine="redis"):
        self.ec.create_user(UserId=f"{group_id}-user", UserName="default", Engine=engine,
                            AccessString="on ~* +@all", Passwords=[PW])
        self.ec.create_user_group(UserGroupId=group_id, Engine=engine,
                                  UserIds=[f"{group_id}-user"])
        self.ec.describe_user_groups(UserGroupId=group_id)  # settles: active


class CreateServerlessCache(ServerlessTestCase):
    def test_a_valkey_cache_with_everything_aws_shows(self):
        created = self.create(
            "My-Cache", Description="sessions", MajorEngineVersion="8",
            CacheUsageLimits={"DataStorage": {"Maximum": 10, "Minimum": 1, "Unit": "GB"},
                              "ECPUPerSecond": {"Maximum": 5000}},
            SecurityGroupIds=["sg-0123456789abcdef0"],
            SubnetIds=["subnet-0a1b2c3d", "subnet-0e4f5a6b"], SnapshotRetentionLimit=3,
            DailySnapshotTime="04:00", KmsKeyId="arn:aws:kms:us-east-1:000000000000:key/k1",
            Tags=[{"Key": "team", "Value": "cache"}])
        self.assertEqual(created["ServerlessCacheName"], "my-cache")
        self.assertEqual(created["Status"], "creating")
        self.assertNotIn("Endpoint", created)  # AWS's create answer has none yet
        cache = self.cache("my-cache")
        self.assertEqual(cache["Status"], "available")
        self.assertEqual(cache["Description"], "sessions")
        self.assertEqual((cache["Engine"], cache["MajorEngineVersion"],
                          cache["FullEngineVersion"]), ("valkey", "8", "8.2"))
        self.assertEqual(cache["CacheUsageLimits"], {
            "DataStorage": {"Maximum": 10, "Minimum": 1, "Unit": "GB"},
            "ECPUPerSecond": {"Maximum": 5000}})
        self.assertEqual(cache["SecurityGroupIds"], ["sg-0123456789abcdef0"])
        self.assertEqual(cache["SubnetIds"], ["subnet-0a1b2c3d", "subnet-0e4f5a6b"])
        self.assertEqual((cache["SnapshotRetentionLimit"], cache["DailySnapshotTime"]),
                         (3, "04:00"))
        self.assertEqual(cache["KmsKeyId"], "arn:aws:kms:us-east-1:000000000000:key/k1")
        self.assertEqual(cache["NetworkType"], "ipv4")
        self.assertEqual(cache["ARN"], cache_arn("my-cache"))
        self.assertRegex(cache["Endpoint"]["Address"], ENDPOINT)
        self.assertTrue(cache["Endpoint"]["Address"].startswith("my-cache-"))
        self.assertEqual(cache["Endpoint"]["Port"], 6379)
        self.assertEqual(cache["ReaderEndpoint"],
                         {"Address": cache["Endpoint"]["Address"], "Port": 6380})
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=cache_arn("my-cache"))[
            "TagList"], [{"Key": "team", "Value": "cache"}])

    def test_defaults_when_only_name_and_engine_are_given(self):
        self.create("plain", engine="redis")
        cache = self.cache("plain")
        self.assertEqual((cache["MajorEngineVersion"], cache["FullEngineVersion"]), ("7", "7.1"))
        self.assertEqual(cache["Description"], "")
        self.assertNotIn("CacheUsageLimits", cache)  # none set, none shown
        self.assertEqual(len(cache["SubnetIds"]), 3)  # the default VPC's default subnets
        self.assertEqual(len(cache["SecurityGroupIds"]), 1)
        self.assertRegex(cache["SecurityGroupIds"][0], r"^sg-[0-9a-f]{17}$")
        self.assertEqual(cache["SnapshotRetentionLimit"], 0)
        self.assertRegex(cache["DailySnapshotTime"], r"^(0[3-9]|10):00$")
        self.assertNotIn("UserGroupId", cache)
        # The same account's default security group for every cache; us-west-1 gets 2 subnets.
        self.create("second", engine="redis")
        self.assertEqual(self.cache("second")["SecurityGroupIds"], cache["SecurityGroupIds"])
        west = self.server.client(region="us-west-1")
        west.create_serverless_cache(ServerlessCacheName="west", Engine="redis")
        self.assertEqual(len(west.describe_serverless_caches()["ServerlessCaches"][0][
            "SubnetIds"]), 2)

    def test_memcached(self):
        self.create("mc", engine="memcached")
        cache = self.cache("mc")
        self.assertEqual((cache["MajorEngineVersion"], cache["FullEngineVersion"]),
                         ("1.6", "1.6.22"))
        self.assertEqual((cache["Endpoint"]["Port"], cache["ReaderEndpoint"]["Port"]),
                         (11211, 11212))
        self.assertAwsError("InvalidParameterCombination", self.create, "mc2",
                            engine="memcached", UserGroupId="anything")

    def test_parameter_rules(self):
        for params, code in [
                (dict(ServerlessCacheName="bad_name", Engine="valkey"), "InvalidParameterValue"),
                (dict(ServerlessCacheName="c" * 41, Engine="valkey"), "InvalidParameterValue"),
                (dict(ServerlessCacheName="c", Engine="mongodb"), "InvalidParameterValue"),
                (dict(ServerlessCacheName="c", Engine="redis", MajorEngineVersion="6"),
                 "InvalidParameterValue"),
                (dict(ServerlessCacheName="c", Engine="valkey", Description="d" * 256),
                 "InvalidParameterValue"),
                (dict(ServerlessCacheName="c", Engine="valkey", SnapshotRetentionLimit=36),
                 "InvalidParameterValue"),
                (dict(ServerlessCacheName="c", Engine="valkey", DailySnapshotTime="9am"),
                 "InvalidParameterValue"),
                (dict(ServerlessCacheName="c", Engine="valkey", SubnetIds=["net-1"]),
                 "InvalidParameterValue"),
                (dict(ServerlessCacheName="c", Engine="valkey", SecurityGroupIds=["sg-zz"]),
                 "InvalidParameterValue"),
                (dict(ServerlessCacheName="c", Engine="valkey", NetworkType="ipv6"),
                 "InvalidParameterCombination"),
                (dict(ServerlessCacheName="c", Engine="valkey",
                      CacheUsageLimits={"DataStorage": {"Maximum": 5001, "Unit": "GB"}}),
                 "InvalidParameterValue"),
                (dict(ServerlessCacheName="c", Engine="valkey",
                      CacheUsageLimits={"DataStorage": {"Maximum": 2, "Minimum": 3,
                                                        "Unit": "GB"}}),
                 "InvalidParameterValue")]:
            with self.subTest(params=params):
                self.assertAwsError(code, self.ec.create_serverless_cache, status=400, **params)
        self.assertAwsError(
            "InvalidParameterValue", self.create, "c",
            CacheUsageLimits={"ECPUPerSecond": {"Maximum": 5}},
            message="Invalid value for ECPUPerSecond limit. Must be between 1000 and 15000000. "
                    "You can set the value to zero to remove the limit.")
        self.assertEqual(self.ec.describe_serverless_caches()["ServerlessCaches"], [])

    def test_a_zero_limit_is_no_limit(self):
        self.create("c", CacheUsageLimits={"DataStorage": {"Maximum": 0, "Unit": "GB"},
                                           "ECPUPerSecond": {"Maximum": 0, "Minimum": 1000}})
        self.assertEqual(self.cache("c")["CacheUsageLimits"],
                         {"ECPUPerSecond": {"Minimum": 1000}})

    def test_names_are_unique_and_the_quota_holds(self):
        self.create("dup")
        self.assertAwsError("ServerlessCacheAlreadyExistsFault", self.create, "DUP", status=400)
        other = self.server.client(region="eu-west-1")
        other.create_serverless_cache(ServerlessCacheName="dup", Engine="redis")  # own region

    def test_user_groups(self):
        self.user_group("redis-users")
        self.user_group("valkey-users", engine="valkey")
        self.create("v", UserGroupId="REDIS-USERS")
        self.assertEqual(self.cache("v")["UserGroupId"], "redis-users")
        self.create("v2", UserGroupId="valkey-users")
        self.create("r", engine="redis", UserGroupId="redis-users")
        # A Redis OSS cache takes redis groups only.
        self.assertAwsError("InvalidParameterCombination", self.create, "r2", engine="redis",
                            UserGroupId="valkey-users")
        self.assertAwsError("UserGroupNotFound", self.create, "x", UserGroupId="nobody",
                            status=404)
        group = self.ec.describe_user_groups(UserGroupId="redis-users")["UserGroups"][0]
        self.assertEqual(group["ServerlessCaches"], ["r", "v"])
        self.assertAwsError("InvalidUserGroupState", self.ec.delete_user_group,
                            UserGroupId="redis-users")


class CreateServerlessCacheQuota(ServerlessTestCase):
    server_args = ("--serverless-cache-quota", "2")

    def test_quota_per_account_and_region(self):
        self.create("a")
        self.create("b")
        self.assertAwsError("ServerlessCacheQuotaForCustomerExceededFault", self.create, "c",
                            status=400)
        self.server.client(region="eu-west-1").create_serverless_cache(
            ServerlessCacheName="c", Engine="valkey")


class DescribeServerlessCaches(ServerlessTestCase):
    def test_paging_with_checked_tokens(self):
        for i in range(23):
            self.create(f"cache-{i:02d}")
        first = self.ec.describe_serverless_caches(MaxResults=20)
        self.assertEqual([c["ServerlessCacheName"] for c in first["ServerlessCaches"]],
                         [f"cache-{i:02d}" for i in range(20)])
        rest = self.ec.describe_serverless_caches(MaxResults=20, NextToken=first["NextToken"])
        self.assertEqual(len(rest["ServerlessCaches"]), 3)
        self.assertNotIn("NextToken", rest)
        self.assertEqual(len(self.ec.describe_serverless_caches()["ServerlessCaches"]), 23)
        paginator = self.ec.get_paginator("describe_serverless_caches")
        names = [c["ServerlessCacheName"] for page in
                 paginator.paginate(PaginationConfig={"PageSize": 20})
                 for c in page["ServerlessCaches"]]
        self.assertEqual(len(names), 23)
        self.assertAwsError("InvalidParameterValue", self.ec.describe_serverless_caches,
                            MaxResults=1,
                            message="Invalid value for max records. Must be between 20 and 100.")
        self.assertAwsError("InvalidParameterValue", self.ec.describe_serverless_caches,
                            NextToken="forged")
        self.assertAwsError("ServerlessCacheNotFoundFault", self.ec.describe_serverless_caches,
                            ServerlessCacheName="missing", status=404)


class ModifyServerlessCache(ServerlessTestCase):
    def test_limits_description_security_groups_and_snapshot_settings(self):
        self.create("c", CacheUsageLimits={"DataStorage": {"Maximum": 10, "Unit": "GB"},
                                           "ECPUPerSecond": {"Maximum": 5000}})
        modified = self.ec.modify_serverless_cache(
            ServerlessCacheName="c", Description="now described",
            CacheUsageLimits={"DataStorage": {"Maximum": 20, "Unit": "GB"}},
            SecurityGroupIds=["sg-0123456789abcdef0", "sg-0123456789abcdef1"],
            SnapshotRetentionLimit=5, DailySnapshotTime="11:00")["ServerlessCache"]
        self.assertEqual(modified["Status"], "modifying")
        cache = self.cache("c")
        self.assertEqual(cache["Status"], "available")
        self.assertEqual(cache["Description"], "now described")
        # The limits given replace the old ones: ECPUPerSecond was left out.
        self.assertEqual(cache["CacheUsageLimits"],
                         {"DataStorage": {"Maximum": 20, "Unit": "GB"}})
        self.assertEqual(cache["SecurityGroupIds"],
                         ["sg-0123456789abcdef0", "sg-0123456789abcdef1"])
        self.assertEqual((cache["SnapshotRetentionLimit"], cache["DailySnapshotTime"]),
                         (5, "11:00"))

    def test_the_same_values_change_nothing(self):
        self.create("c", MajorEngineVersion="8", Description="d")
        same = self.ec.modify_serverless_cache(ServerlessCacheName="c", Engine="valkey",
                                               MajorEngineVersion="8", Description="d")
        self.assertEqual(same["ServerlessCache"]["Status"], "available")

    def test_engine_upgrades(self):
        self.create("c", engine="redis")
        modified = self.ec.modify_serverless_cache(ServerlessCacheName="c", Engine="valkey",
                                                   MajorEngineVersion="8")["ServerlessCache"]
        self.assertEqual((modified["Status"], modified["Engine"]), ("modifying", "redis"))
        cache = self.cache("c")
        self.assertEqual((cache["Engine"], cache["MajorEngineVersion"],
                          cache["FullEngineVersion"]), ("valkey", "8", "8.2"))
        self.assertAwsError("InvalidParameterValue", self.ec.modify_serverless_cache,
                            ServerlessCacheName="c", MajorEngineVersion="7")
        self.assertAwsError("InvalidParameterValue", self.ec.modify_serverless_cache,
                            ServerlessCacheName="c", Engine="redis")
        self.create("mc", engine="memcached")
        self.assertAwsError("InvalidParameterCombination", self.ec.modify_serverless_cache,
                            ServerlessCacheName="mc", Engine="valkey")
        self.create("v7", MajorEngineVersion="7")
        self.ec.modify_serverless_cache(ServerlessCacheName="v7", MajorEngineVersion="8")
        self.assertEqual(self.cache("v7")["MajorEngineVersion"], "8")

    def test_user_groups(self):
        self.user_group("grp")
        self.user_group("vgrp", engine="valkey")
        self.create("c", engine="redis")
        self.ec.modify_serverless_cache(ServerlessCacheName="c", UserGroupId="grp")
        self.assertEqual(self.cache("c")["UserGroupId"], "grp")
        self.assertAwsError("InvalidParameterCombination", self.ec.modify_serverless_cache,
                            ServerlessCacheName="c", UserGroupId="grp", RemoveUserGroup=True)
        self.assertAwsError("InvalidParameterCombination", self.ec.modify_serverless_cache,
                            ServerlessCacheName="c", UserGroupId="vgrp")
        self.ec.modify_serverless_cache(ServerlessCacheName="c", RemoveUserGroup=True)
        self.assertNotIn("UserGroupId", self.cache("c"))
        self.assertAwsError("InvalidParameterCombination", self.ec.modify_serverless_cache,
                            ServerlessCacheName="c", RemoveUserGroup=True)
        # A Valkey cache keeping a valkey group cannot become Redis OSS.
        self.create("v", MajorEngineVersion="7", UserGroupId="vgrp")
        self.assertAwsError("InvalidParameterCombination", self.ec.modify_serverless_cache,
                            ServerlessCacheName="v", Engine="redis")
        self.ec.delete_user_group(UserGroupId="grp")  # no longer used

    def test_unknown_cache(self):
        self.assertAwsError("ServerlessCacheNotFoundFault", self.ec.modify_serverless_cache,
                            ServerlessCacheName="missing", Description="x", status=404)


class DeleteServerlessCache(ServerlessTestCase):
    def test_delete_with_a_final_snapshot(self):
        self.create("c", engine="redis")
        deleted = self.ec.delete_serverless_cache(ServerlessCacheName="c",
                                                  FinalSnapshotName="Final-C")["ServerlessCache"]
        self.assertEqual(deleted["Status"], "deleting")
        self.assertIn("Endpoint", deleted)
        self.assertAwsError("ServerlessCacheNotFoundFault", self.cache, "c")
        snapshot = self.ec.describe_serverless_cache_snapshots(
            ServerlessCacheSnapshotName="final-c")["ServerlessCacheSnapshots"][0]
        self.assertEqual((snapshot["SnapshotType"], snapshot["Status"]), ("manual", "available"))
        self.assertEqual(snapshot["ServerlessCacheConfiguration"],
                         {"ServerlessCacheName": "c", "Engine": "redis", "MajorEngineVersion": "7"})
        self.create("d")
        self.assertAwsError("ServerlessCacheSnapshotAlreadyExistsFault",
                            self.ec.delete_serverless_cache, ServerlessCacheName="d",
                            FinalSnapshotName="final-c")
        self.assertEqual(self.cache("d")["Status"], "available")  # nothing half-done

    def test_events_of_each_step(self):
        self.create("c")
        self.ec.modify_serverless_cache(ServerlessCacheName="c", Description="x")
        self.cache("c")
        self.ec.delete_serverless_cache(ServerlessCacheName="c")
        self.ec.describe_serverless_caches()
        events = self.ec.describe_events(SourceType="serverless-cache")["Events"]
        self.assertEqual([e["Message"] for e in events],
                         ["Serverless cache c deleted", "Serverless cache c updated",
                          "Serverless cache c created"])
        self.assertEqual({e["SourceIdentifier"] for e in events}, {"c"})


class SlowTransitions(ServerlessTestCase):
    server_args = ("--transition-seconds", "60")

    def test_statuses_on_the_emulator_clock(self):
        self.create("c")
        self.assertEqual(self.cache("c")["Status"], "creating")
        self.assertAwsError("InvalidServerlessCacheStateFault", self.ec.modify_serverless_cache,
                            ServerlessCacheName="c", Description="x", status=400)
        self.assertAwsError("InvalidServerlessCacheStateFault", self.ec.delete_serverless_cache,
                            ServerlessCacheName="c")
        self.assertAwsError("InvalidServerlessCacheStateFault", self.ec.add_tags_to_resource,
                            ResourceName=cache_arn("c"), Tags=[{"Key": "k", "Value": "v"}])
        self.server.advance(61)
        self.assertEqual(self.cache("c")["Status"], "available")
        self.ec.modify_serverless_cache(ServerlessCacheName="c", Description="x")
        self.assertEqual(self.cache("c")["Status"], "modifying")
        self.ec.add_tags_to_resource(ResourceName=cache_arn("c"), Tags=[{"Key": "k", "Value": "v"}])
        self.server.advance(61)
        self.ec.delete_serverless_cache(ServerlessCacheName="c")
        self.assertEqual(self.cache("c")["Status"], "deleting")
        self.server.advance(61)
        self.assertAwsError("ServerlessCacheNotFoundFault", self.cache, "c")

    def test_a_user_group_being_modified_is_refused(self):
        self.ec.create_user(UserId="app", UserName="app", Engine="redis",
                            AccessString="on ~* +@all", Passwords=[PW])
        self.ec.create_user_group(UserGroupId="grp", Engine="redis", UserIds=["default"])
        self.server.advance(61)
        self.ec.modify_user_group(UserGroupId="grp", UserIdsToAdd=["app"])
        self.assertAwsError("InvalidUserGroupState", self.create, "c", UserGroupId="grp")


NETWORK = """\
subnet_id,vpc_id,region,availability_zone,ipv4,ipv6,default_for_az,account
subnet-0d0000000000000a1,vpc-0d000000000000001,us-east-1,us-east-1a,yes,no,yes,
subnet-0d0000000000000b1,vpc-0d000000000000001,us-east-1,us-east-1b,yes,no,yes,
subnet-0e0000000000000d1,vpc-0e000000000000001,us-east-1,us-east-1d,yes,yes,no,
subnet-0e0000000000000e1,vpc-0e000000000000001,us-east-1,us-east-1e,no,yes,no,
subnet-0e0000000000000f1,vpc-0e000000000000001,us-east-1,us-east-1f,no,yes,no,
"""
NETWORK_DIR = tempfile.mkdtemp(prefix="ecl-sls-network-")
atexit.register(shutil.rmtree, NETWORK_DIR, True)
NETWORK_FILE = os.path.join(NETWORK_DIR, "network.csv")
with open(NETWORK_FILE, "w") as f:
    f.write(NETWORK)


class DeclaredNetwork(ServerlessTestCase):
    """Subnets of a network file (--network-file): they must exist and share a VPC, and their
    IP versions decide the network types the cache may use."""
    server_args = ("--network-file", NETWORK_FILE)

    def test_default_subnets_and_the_vpc_default_security_group(self):
        self.create("c")
        cache = self.cache("c")
        self.assertEqual(cache["SubnetIds"],
                         ["subnet-0d0000000000000a1", "subnet-0d0000000000000b1"])
        self.create("private", SubnetIds=["subnet-0e0000000000000d1"])
        # Each VPC has its own default security group.
        self.assertNotEqual(self.cache("private")["SecurityGroupIds"], cache["SecurityGroupIds"])

    def test_subnets_must_exist_and_share_a_vpc(self):
        self.assertAwsError("InvalidParameterValue", self.create, "c",
                            SubnetIds=["subnet-0d0000000000000c1"])
        self.assertAwsError("InvalidParameterValue", self.create, "c",
                            SubnetIds=["subnet-0d0000000000000a1", "subnet-0e0000000000000d1"])

    def test_network_types_follow_the_subnets(self):
        self.create("v6", SubnetIds=["subnet-0e0000000000000e1", "subnet-0e0000000000000f1"])
        self.assertEqual(self.cache("v6")["NetworkType"], "ipv6")  # IPv6-only subnets
        self.create("dual", SubnetIds=["subnet-0e0000000000000d1"], NetworkType="dual_stack")
        self.assertEqual(self.cache("dual")["NetworkType"], "dual_stack")
        self.assertAwsError("InvalidParameterCombination", self.create, "x",
                            SubnetIds=["subnet-0e0000000000000d1"], NetworkType="ipv6")
        self.assertAwsError("InvalidParameterCombination", self.create, "x",
                            SubnetIds=["subnet-0d0000000000000a1"], NetworkType="dual_stack")
        # No default subnets in a region the file leaves out.
        self.assertAwsError("InvalidParameterValue",
                            self.server.client(region="eu-west-1").create_serverless_cache,
                            ServerlessCacheName="c", Engine="valkey")


if __name__ == "__main__":
    main()

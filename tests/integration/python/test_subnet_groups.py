"""Cache subnet groups through boto3, with the default network (one default VPC per account and
region, every well-formed subnet id in it): the built-in `default` group, Create / Describe /
Modify / Delete and their rules, tags by ARN, and the references replication groups make to
a subnet group (it must exist; nodes go to its zones; it cannot go while in use)."""

import re
import shutil
import tempfile
import unittest

from ecl_harness import Server, ServerTestCase, main

SUBNET_ID = re.compile(r"^subnet-[0-9a-f]{17}$")
VPC_ID = re.compile(r"^vpc-[0-9a-f]{17}$")
ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"]
EXAMPLE_SUBNETS = ["subnet-6f28c982", "subnet-bcd382f3", "subnet-845b3e7c0"]  # AWS's example


def default_subnets(ec):
    """{zone: subnet id} of the default VPC's default subnets."""
    group = ec.describe_cache_subnet_groups(CacheSubnetGroupName="default")["CacheSubnetGroups"][0]
    return {s["SubnetAvailabilityZone"]["Name"]: s["SubnetIdentifier"] for s in group["Subnets"]}


def member_zones(group):
    return [m["PreferredAvailabilityZone"] for ng in group["NodeGroups"]
            for m in ng["NodeGroupMembers"]]


class SubnetGroups(ServerTestCase):
    def create(self, name, subnets=EXAMPLE_SUBNETS, description="test subnets", **extra):
        return self.ec.create_cache_subnet_group(
            CacheSubnetGroupName=name, CacheSubnetGroupDescription=description,
            SubnetIds=list(subnets), **extra)["CacheSubnetGroup"]

    def group(self, name):
        groups = self.ec.describe_cache_subnet_groups(CacheSubnetGroupName=name)["CacheSubnetGroups"]
        self.assertEqual(len(groups), 1)
        return groups[0]

    def delete_group_and_wait(self, group_id):
        self.ec.delete_replication_group(ReplicationGroupId=group_id)
        self.ec.get_waiter("replication_group_deleted").wait(ReplicationGroupId=group_id,
                                                             WaiterConfig=self.WAIT_FAST)

    # -- the default group --------------------------------------------------------------------
    def test_the_default_group_has_one_default_subnet_per_zone(self):
        groups = self.ec.describe_cache_subnet_groups()["CacheSubnetGroups"]
        self.assertEqual([g["CacheSubnetGroupName"] for g in groups], ["default"])
        default = groups[0]
        self.assertEqual(default["CacheSubnetGroupDescription"], "Default CacheSubnetGroup")
        self.assertRegex(default["VpcId"], VPC_ID)
        self.assertEqual(default["ARN"],
                         "arn:aws:elasticache:us-east-1:000000000000:subnetgroup:default")
        self.assertEqual(default["SupportedNetworkTypes"], ["ipv4"])
        self.assertEqual([s["SubnetAvailabilityZone"]["Name"] for s in default["Subnets"]], ZONES)
        for subnet in default["Subnets"]:
            self.assertRegex(subnet["SubnetIdentifier"], SUBNET_ID)
            self.assertEqual(subnet["SupportedNetworkTypes"], ["ipv4"])
        self.assertEqual(len({s["SubnetIdentifier"] for s in default["Subnets"]}), 3)

    def test_the_default_vpc_is_the_same_on_another_server(self):
        mine = self.group("default")
        other = Server().start()
        try:
            theirs = other.client().describe_cache_subnet_groups(
                CacheSubnetGroupName="default")["CacheSubnetGroups"][0]
        finally:
            self.assertEqual(other.stop(), 0)
        self.assertEqual(theirs["VpcId"], mine["VpcId"])
        self.assertEqual(theirs["Subnets"], mine["Subnets"])

    def test_each_account_and_region_has_its_own_default_vpc(self):
        mine = self.group("default")
        other_account = self.server.client(access_key_id="123456789012")
        eu = self.server.client(region="eu-west-1")
        theirs = other_account.describe_cache_subnet_groups()["CacheSubnetGroups"][0]
        european = eu.describe_cache_subnet_groups()["CacheSubnetGroups"][0]
        self.assertEqual(len({mine["VpcId"], theirs["VpcId"], european["VpcId"]}), 3)
        self.assertEqual(theirs["ARN"],
                         "arn:aws:elasticache:us-east-1:123456789012:subnetgroup:default")
        self.assertEqual([s["SubnetAvailabilityZone"]["Name"] for s in european["Subnets"]],
                         ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
        self.create("only-here")
        self.assertEqual([g["CacheSubnetGroupName"] for g in
                          other_account.describe_cache_subnet_groups()["CacheSubnetGroups"]],
                         ["default"])
        self.assertAwsError("CacheSubnetGroupNotFoundFault", eu.describe_cache_subnet_groups,
                            CacheSubnetGroupName="only-here")

    def test_the_default_group_cannot_be_deleted_or_tagged_but_can_be_modified(self):
        self.assertAwsError("InvalidParameterValue", self.ec.delete_cache_subnet_group,
                            CacheSubnetGroupName="default")
        arn = self.group("default")["ARN"]
        self.assertAwsError("InvalidParameterValue", self.ec.add_tags_to_resource,
                            ResourceName=arn, Tags=[{"Key": "k", "Value": "v"}],
                            message="Tagging on default resources is not supported")
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=arn)["TagList"], [])
        subnets = default_subnets(self.ec)
        modified = self.ec.modify_cache_subnet_group(
            CacheSubnetGroupName="default", CacheSubnetGroupDescription="Default CacheSubnetGroup",
            SubnetIds=[subnets["us-east-1a"], subnets["us-east-1b"]])["CacheSubnetGroup"]
        self.assertEqual(len(modified["Subnets"]), 2)
        self.assertAwsError("InvalidParameterValue", self.ec.delete_cache_subnet_group,
                            CacheSubnetGroupName="default")

    # -- create ---------------------------------------------------------------------------------
    def test_create_answers_like_the_api_reference_example(self):
        created = self.create("My-Sn-Grp", description="Sample subnet group",
                              Tags=[{"Key": "team", "Value": "cache"}])
        self.assertEqual(created["CacheSubnetGroupName"], "my-sn-grp")  # stored lower case
        self.assertEqual(created["CacheSubnetGroupDescription"], "Sample subnet group")
        self.assertEqual(created["VpcId"], self.group("default")["VpcId"])
        self.assertEqual([s["SubnetIdentifier"] for s in created["Subnets"]], EXAMPLE_SUBNETS)
        for subnet in created["Subnets"]:
            self.assertIn(subnet["SubnetAvailabilityZone"]["Name"], ZONES)
            self.assertEqual(subnet["SupportedNetworkTypes"], ["ipv4"])
        self.assertEqual(created["SupportedNetworkTypes"], ["ipv4"])
        self.assertEqual(created["ARN"],
                         "arn:aws:elasticache:us-east-1:000000000000:subnetgroup:my-sn-grp")
        self.assertEqual(self.group("MY-SN-GRP"), created)
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=created["ARN"])["TagList"],
                         [{"Key": "team", "Value": "cache"}])
        # A subnet maps to the same zone every time, in every group.
        again = self.create("again", subnets=reversed(EXAMPLE_SUBNETS))
        self.assertEqual({s["SubnetIdentifier"]: s["SubnetAvailabilityZone"] for s in again["Subnets"]},
                         {s["SubnetIdentifier"]: s["SubnetAvailabilityZone"] for s in created["Subnets"]})

    def test_create_rules(self):
        self.create("taken")
        self.assertAwsError("CacheSubnetGroupAlreadyExists", self.create, "TAKEN",
                            message="Cache subnet group taken already exists.")
        self.assertAwsError("CacheSubnetGroupAlreadyExists", self.create, "default")
        for bad in ("1st", "two--hyphens", "trailing-", "under_score", "dot.ted", "x" * 256):
            with self.subTest(name=bad):
                self.assertAwsError("InvalidParameterValue", self.create, bad, status=400)
        error = self.assertAwsError("InvalidParameterValue", self.create, "under_score")
        self.assertEqual(error.response["Error"]["Message"],
                         "The parameter CacheSubnetGroupName is not a valid identifier. Identifiers "
                         "must begin with a letter; must contain only ASCII letters, digits, and "
                         "hyphens; and must not end with a hyphen or contain two consecutive "
                         "hyphens.")
        self.create("x" * 255)
        self.assertAwsError("InvalidParameterValue", self.create, "blank", description=" ")
        self.assertAwsError("InvalidParameterValue", self.create, "none", subnets=[],
                            message="The parameter SubnetIds must be provided.")
        self.assertAwsError("InvalidSubnet", self.create, "malformed",
                            subnets=["subnet-6f28c982", "subnet-nothex"])
        self.assertAwsError("InvalidSubnet", self.create, "malformed", subnets=["sg-6f28c982"])
        self.assertAwsError("CacheSubnetQuotaExceededFault", self.create, "many",
                            subnets=[f"subnet-{i:08x}" for i in range(21)])
        self.create("twenty", subnets=[f"subnet-{i:08x}" for i in range(20)])
        # Nothing was left behind by the failed creates.
        self.assertEqual(sorted(g["CacheSubnetGroupName"] for g in
                                self.ec.describe_cache_subnet_groups()["CacheSubnetGroups"]),
                         sorted(["default", "taken", "x" * 255, "twenty"]))

    def test_duplicate_subnet_ids_count_once(self):
        created = self.create("dupes", subnets=["subnet-0a0a0a0a", "subnet-0a0a0a0a"])
        self.assertEqual([s["SubnetIdentifier"] for s in created["Subnets"]], ["subnet-0a0a0a0a"])

    # -- describe -------------------------------------------------------------------------------
    def test_describe_pages_in_name_order(self):
        names = [f"group-{i:02d}" for i in range(24, -1, -1)]
        for name in names:
            self.create(name)
        page = self.ec.describe_cache_subnet_groups(MaxRecords=20)
        self.assertEqual(len(page["CacheSubnetGroups"]), 20)
        self.assertIn("Marker", page)
        rest = self.ec.describe_cache_subnet_groups(MaxRecords=20, Marker=page["Marker"])
        self.assertNotIn("Marker", rest)
        listed = [g["CacheSubnetGroupName"] for g in
                  page["CacheSubnetGroups"] + rest["CacheSubnetGroups"]]
        self.assertEqual(listed, sorted(names + ["default"]))
        paged = [g["CacheSubnetGroupName"]
                 for p in self.ec.get_paginator("describe_cache_subnet_groups").paginate(
                     PaginationConfig={"PageSize": 20})
                 for g in p["CacheSubnetGroups"]]
        self.assertEqual(paged, listed)
        for bad in (19, 101):
            self.assertAwsError("InvalidParameterValue", self.ec.describe_cache_subnet_groups,
                                MaxRecords=bad)
        self.assertAwsError("InvalidParameterValue", self.ec.describe_cache_subnet_groups,
                            Marker="not-a-marker")

    def test_an_unknown_group_is_not_found_with_status_400_as_the_model_says(self):
        self.assertAwsError("CacheSubnetGroupNotFoundFault", self.ec.describe_cache_subnet_groups,
                            CacheSubnetGroupName="nope", status=400,
                            message="Cache subnet group nope not found.")

    # -- modify ---------------------------------------------------------------------------------
    def test_modify_description_and_subnets(self):
        self.create("mod", subnets=EXAMPLE_SUBNETS[:2])
        described = self.ec.modify_cache_subnet_group(
            CacheSubnetGroupName="MOD", CacheSubnetGroupDescription="changed")["CacheSubnetGroup"]
        self.assertEqual(described["CacheSubnetGroupDescription"], "changed")
        self.assertEqual([s["SubnetIdentifier"] for s in described["Subnets"]], EXAMPLE_SUBNETS[:2])
        replaced = self.ec.modify_cache_subnet_group(
            CacheSubnetGroupName="mod", SubnetIds=["subnet-bcde2345"])["CacheSubnetGroup"]
        self.assertEqual([s["SubnetIdentifier"] for s in replaced["Subnets"]], ["subnet-bcde2345"])
        self.assertEqual(replaced["CacheSubnetGroupDescription"], "changed")
        self.assertEqual(self.group("mod"), replaced)
        self.assertAwsError("CacheSubnetGroupNotFoundFault", self.ec.modify_cache_subnet_group,
                            CacheSubnetGroupName="nope", CacheSubnetGroupDescription="x")
        self.assertAwsError("InvalidSubnet", self.ec.modify_cache_subnet_group,
                            CacheSubnetGroupName="mod", SubnetIds=["subnet-?"])
        self.assertAwsError("CacheSubnetQuotaExceededFault", self.ec.modify_cache_subnet_group,
                            CacheSubnetGroupName="mod",
                            SubnetIds=[f"subnet-{i:08x}" for i in range(21)])
        self.assertAwsError("InvalidParameterValue", self.ec.modify_cache_subnet_group,
                            CacheSubnetGroupName="mod", SubnetIds=[])
        self.assertEqual(self.group("mod"), replaced)

    def test_a_subnet_a_cluster_uses_cannot_be_removed(self):
        subnets = default_subnets(self.ec)
        self.create("placed", subnets=[subnets["us-east-1a"], subnets["us-east-1b"]])
        self.create_cmd("app", clusters=2, CacheSubnetGroupName="placed")
        self.assertEqual(sorted(member_zones(self.describe("app"))), ["us-east-1a", "us-east-1b"])
        error = self.assertAwsError("SubnetInUse", self.ec.modify_cache_subnet_group,
                                    CacheSubnetGroupName="placed",
                                    SubnetIds=[subnets["us-east-1a"]])
        self.assertIn(subnets["us-east-1b"], error.response["Error"]["Message"])
        # Adding a subnet (here: another one in us-east-1b) is fine, and so is swapping the
        # subnet of a used zone for another in the same zone.
        other_b = self.find_subnet_in("us-east-1b", exclude=subnets["us-east-1b"])
        self.ec.modify_cache_subnet_group(
            CacheSubnetGroupName="placed",
            SubnetIds=[subnets["us-east-1a"], subnets["us-east-1b"], subnets["us-east-1c"]])
        self.ec.modify_cache_subnet_group(
            CacheSubnetGroupName="placed", SubnetIds=[subnets["us-east-1a"], other_b])
        self.delete_group_and_wait("app")
        self.ec.modify_cache_subnet_group(CacheSubnetGroupName="placed",
                                          SubnetIds=[subnets["us-east-1c"]])

    def find_subnet_in(self, zone, exclude):
        """A well-formed subnet id other than `exclude` that maps to `zone`."""
        probe = [f"subnet-{i:08x}" for i in range(1, 20)]
        mapped = self.create("probe", subnets=probe)["Subnets"]
        self.ec.delete_cache_subnet_group(CacheSubnetGroupName="probe")
        return next(s["SubnetIdentifier"] for s in mapped
                    if s["SubnetAvailabilityZone"]["Name"] == zone
                    and s["SubnetIdentifier"] != exclude)

    # -- delete ---------------------------------------------------------------------------------
    def test_delete_then_not_found_and_tags_are_gone(self):
        arn = self.create("gone", Tags=[{"Key": "k", "Value": "v"}])["ARN"]
        self.assertEqual(self.ec.delete_cache_subnet_group(CacheSubnetGroupName="GONE")[
            "ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertAwsError("CacheSubnetGroupNotFoundFault", self.ec.describe_cache_subnet_groups,
                            CacheSubnetGroupName="gone")
        self.assertAwsError("CacheSubnetGroupNotFoundFault", self.ec.delete_cache_subnet_group,
                            CacheSubnetGroupName="gone",
                            message="Cache Subnet Group gone does not exist.")
        self.assertAwsError("CacheSubnetGroupNotFoundFault", self.ec.list_tags_for_resource,
                            ResourceName=arn)
        self.create("gone")
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=arn)["TagList"], [])

    def test_a_group_in_use_cannot_be_deleted(self):
        self.create("busy")
        self.create_cme("sharded", shards=2, CacheSubnetGroupName="busy")
        self.assertAwsError("CacheSubnetGroupInUse", self.ec.delete_cache_subnet_group,
                            CacheSubnetGroupName="busy",
                            message="Cache subnet group busy is currently in use by a cache "
                                    "cluster.")
        self.delete_group_and_wait("sharded")
        self.ec.delete_cache_subnet_group(CacheSubnetGroupName="busy")

    def test_a_group_whose_cluster_is_still_deleting_is_in_use(self):
        server = Server("--transition-seconds", "5").start()
        try:
            ec = server.client()
            ec.create_cache_subnet_group(CacheSubnetGroupName="slow", CacheSubnetGroupDescription="d",
                                         SubnetIds=EXAMPLE_SUBNETS)
            ec.create_replication_group(ReplicationGroupId="slow", ReplicationGroupDescription="d",
                                        CacheSubnetGroupName="slow")
            server.advance(10)
            ec.delete_replication_group(ReplicationGroupId="slow")
            self.assertAwsError("CacheSubnetGroupInUse", ec.delete_cache_subnet_group,
                                CacheSubnetGroupName="slow")
            server.advance(10)
            ec.delete_cache_subnet_group(CacheSubnetGroupName="slow")
        finally:
            self.assertEqual(server.stop(), 0)

    # -- tags -------------------------------------------------------------------------------------
    def test_tags_by_arn(self):
        arn = self.create("tagged")["ARN"]
        self.ec.add_tags_to_resource(ResourceName=arn, Tags=[{"Key": "a", "Value": "1"},
                                                             {"Key": "b", "Value": "2"}])
        self.ec.remove_tags_from_resource(ResourceName=arn, TagKeys=["a"])
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=arn)["TagList"],
                         [{"Key": "b", "Value": "2"}])
        self.assertEqual(self.ec.list_tags_for_resource(
            ResourceName=arn.replace("tagged", "TAGGED"))["TagList"], [{"Key": "b", "Value": "2"}])
        self.assertAwsError("TagQuotaPerResourceExceeded", self.ec.add_tags_to_resource,
                            ResourceName=arn,
                            Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
        self.assertAwsError("InvalidARN", self.ec.list_tags_for_resource,
                            ResourceName=arn.replace("us-east-1", "eu-west-1"))

    # -- references from replication groups -----------------------------------------------------
    def test_replication_groups_must_name_an_existing_subnet_group(self):
        self.assertAwsError("CacheSubnetGroupNotFoundFault", self.create_cmd, "orphan",
                            CacheSubnetGroupName="missing",
                            message="Cache subnet group missing not found.")
        self.assertAwsError("CacheSubnetGroupNotFoundFault", self.create_cme, "orphan",
                            CacheSubnetGroupName="missing")
        self.assertEqual(self.ec.describe_replication_groups()["ReplicationGroups"], [])
        self.assertEqual(self.ec.describe_cache_clusters()["CacheClusters"], [])

    def test_clusters_show_the_subnet_group_as_stored(self):
        self.create("Shown")
        self.create_cmd("named", clusters=2, CacheSubnetGroupName="SHOWN")
        self.create_cmd("implicit", clusters=1)
        clusters = {c["CacheClusterId"]: c for c in self.ec.describe_cache_clusters()["CacheClusters"]}
        self.assertEqual(clusters["named-001"]["CacheSubnetGroupName"], "shown")
        self.assertEqual(clusters["named-002"]["CacheSubnetGroupName"], "shown")
        self.assertEqual(clusters["implicit-001"]["CacheSubnetGroupName"], "default")
        snapshot = self.ec.create_snapshot(ReplicationGroupId="named",
                                           SnapshotName="named-snap")["Snapshot"]
        self.assertEqual(snapshot["CacheSubnetGroupName"], "shown")

    def test_nodes_are_spread_over_the_subnet_groups_zones(self):
        subnets = default_subnets(self.ec)
        self.create("bc", subnets=[subnets["us-east-1c"], subnets["us-east-1b"]])
        group = self.create_cmd("spread", clusters=4, CacheSubnetGroupName="bc")
        self.assertEqual(member_zones(group), ["us-east-1b", "us-east-1c", "us-east-1b", "us-east-1c"])
        sharded = self.create_cme("shards", shards=3, replicas=1, CacheSubnetGroupName="bc")
        for zone in member_zones(sharded):
            self.assertIn(zone, ["us-east-1b", "us-east-1c"])
        # The default group keeps the region's three zones.
        self.assertEqual(member_zones(self.create_cmd("plain", clusters=3)), ZONES)

    def test_a_zone_outside_the_subnet_group_is_refused(self):
        subnets = default_subnets(self.ec)
        self.create("only-a", subnets=[subnets["us-east-1a"]])
        error = self.assertAwsError(
            "InvalidVPCNetworkStateFault", self.create_cmd, "outside", clusters=2,
            CacheSubnetGroupName="only-a", PreferredCacheClusterAZs=["us-east-1a", "us-east-1b"])
        self.assertIn("us-east-1b", error.response["Error"]["Message"])
        self.assertAwsError(
            "InvalidVPCNetworkStateFault", self.create_cme, "outside", shards=2,
            CacheSubnetGroupName="only-a",
            NodeGroupConfiguration=[
                {"ReplicaCount": 1, "PrimaryAvailabilityZone": "us-east-1a",
                 "ReplicaAvailabilityZones": ["us-east-1c"]},
                {"ReplicaCount": 1}])
        # A zone the region does not have at all stays an invalid value.
        error = self.assertAwsError(
            "InvalidParameterValue", self.create_cmd, "outside", clusters=2,
            CacheSubnetGroupName="only-a", PreferredCacheClusterAZs=["us-east-1a", "us-east-1q"])
        self.assertIn("us-east-1q", error.response["Error"]["Message"])
        group = self.create_cmd("inside", clusters=2, CacheSubnetGroupName="only-a",
                                PreferredCacheClusterAZs=["us-east-1a", "us-east-1a"])
        self.assertEqual(member_zones(group), ["us-east-1a", "us-east-1a"])

    def test_replicas_and_shards_follow_the_subnet_group(self):
        subnets = default_subnets(self.ec)
        self.create("grow", subnets=[subnets["us-east-1b"]])
        self.create_cmd("cmd", clusters=2, CacheSubnetGroupName="grow")
        self.create_cme("cme", shards=2, replicas=0, CacheSubnetGroupName="grow")
        self.assertAwsError("InvalidVPCNetworkStateFault", self.ec.increase_replica_count,
                            ReplicationGroupId="cmd", ApplyImmediately=True,
                            ReplicaConfiguration=[{
                                "NodeGroupId": "0001", "NewReplicaCount": 2,
                                "PreferredAvailabilityZones": ["us-east-1b", "us-east-1b",
                                                               "us-east-1c"]}])
        self.ec.increase_replica_count(ReplicationGroupId="cmd", NewReplicaCount=2,
                                       ApplyImmediately=True)
        self.ec.modify_replication_group_shard_configuration(
            ReplicationGroupId="cme", NodeGroupCount=3, ApplyImmediately=True)
        self.ec.describe_replication_groups()  # the changes fall due
        self.assertEqual(set(member_zones(self.describe("cmd"))), {"us-east-1b"})
        self.assertEqual(set(member_zones(self.describe("cme"))), {"us-east-1b"})
        # A subnet added to the group opens its zone to the next change.
        self.ec.modify_cache_subnet_group(CacheSubnetGroupName="grow",
                                          SubnetIds=[subnets["us-east-1b"], subnets["us-east-1c"]])
        self.ec.increase_replica_count(ReplicationGroupId="cmd", ApplyImmediately=True,
                                       ReplicaConfiguration=[{
                                           "NodeGroupId": "0001", "NewReplicaCount": 3,
                                           "PreferredAvailabilityZones": [
                                               "us-east-1b", "us-east-1b", "us-east-1b",
                                               "us-east-1c"]}])
        self.ec.modify_replication_group_shard_configuration(
            ReplicationGroupId="cme", NodeGroupCount=4, ApplyImmediately=True,
            ReshardingConfiguration=[{"PreferredAvailabilityZones": ["us-east-1c"]}])
        self.ec.describe_replication_groups()
        self.assertEqual(member_zones(self.describe("cmd"))[-1], "us-east-1c")
        cme = self.describe("cme")
        self.assertEqual(cme["NodeGroups"][-1]["NodeGroupMembers"][0]["PreferredAvailabilityZone"],
                         "us-east-1c")

    def test_the_network_type_must_be_one_the_subnet_group_supports(self):
        self.create("v4")
        self.assertAwsError("InvalidParameterCombination", self.create_cmd, "dual", clusters=1,
                            CacheSubnetGroupName="v4", NetworkType="dual_stack",
                            message="The specified network type 'dual_stack' is not supported by "
                                    "cache subnet group 'v4', which supports: ipv4.")
        self.assertAwsError("InvalidParameterCombination", self.create_cmd, "six", clusters=1,
                            NetworkType="ipv6")
        self.assertEqual(self.create_cmd("four", clusters=1, CacheSubnetGroupName="v4",
                                         NetworkType="ipv4")["NetworkType"], "ipv4")

    def test_a_restore_keeps_the_snapshots_subnet_group(self):
        self.create("kept")
        self.create_cmd("origin", clusters=2, CacheSubnetGroupName="kept")
        self.ec.create_snapshot(ReplicationGroupId="origin", SnapshotName="origin-snap")
        self.ec.describe_snapshots()
        self.ec.create_replication_group(ReplicationGroupId="copy", ReplicationGroupDescription="d",
                                         SnapshotName="origin-snap")
        clusters = self.ec.describe_cache_clusters(CacheClusterId="copy-001")["CacheClusters"]
        self.assertEqual(clusters[0]["CacheSubnetGroupName"], "kept")

    def test_subnet_groups_record_no_described_events(self):
        self.create("quiet")
        self.ec.modify_cache_subnet_group(CacheSubnetGroupName="quiet",
                                          CacheSubnetGroupDescription="x")
        self.ec.delete_cache_subnet_group(CacheSubnetGroupName="quiet")
        self.assertEqual(self.ec.describe_events(SourceType="cache-subnet-group")["Events"], [])


class CacheClustersOnSubnetGroups(ServerTestCase):
    """CreateCacheCluster and ModifyCacheCluster follow the cluster's subnet group too."""

    def memcached(self, cluster_id, nodes=3, **extra):
        return self.ec.create_cache_cluster(CacheClusterId=cluster_id, Engine="memcached",
                                            CacheNodeType="cache.t3.micro", NumCacheNodes=nodes,
                                            **extra)["CacheCluster"]

    def nodes(self, cluster_id):
        cluster = self.ec.describe_cache_clusters(CacheClusterId=cluster_id,
                                                  ShowCacheNodeInfo=True)["CacheClusters"][0]
        return [n["CustomerAvailabilityZone"] for n in cluster["CacheNodes"]]

    def two_zone_group(self, name="bc"):
        subnets = default_subnets(self.ec)
        self.ec.create_cache_subnet_group(
            CacheSubnetGroupName=name, CacheSubnetGroupDescription="b and c",
            SubnetIds=[subnets["us-east-1b"], subnets["us-east-1c"]])
        return subnets

    def test_a_cluster_must_name_an_existing_subnet_group(self):
        self.assertAwsError("CacheSubnetGroupNotFoundFault", self.memcached, "orphan",
                            CacheSubnetGroupName="missing",
                            message="Cache subnet group missing not found.")
        self.assertAwsError("CacheSubnetGroupNotFoundFault", self.ec.create_cache_cluster,
                            CacheClusterId="orphan", Engine="redis",
                            CacheNodeType="cache.t3.micro", CacheSubnetGroupName="missing")
        self.assertEqual(self.ec.describe_cache_clusters()["CacheClusters"], [])
        self.assertEqual(self.memcached("plain", nodes=1)["CacheSubnetGroupName"], "default")

    def test_nodes_go_to_the_subnet_groups_zones(self):
        self.two_zone_group()
        created = self.memcached("mc", nodes=3, AZMode="cross-az", CacheSubnetGroupName="BC")
        self.assertEqual(created["CacheSubnetGroupName"], "bc")
        self.assertEqual(self.nodes("mc"), ["us-east-1b", "us-east-1c", "us-east-1b"])
        self.assertAwsError("InvalidVPCNetworkStateFault", self.memcached, "outside", nodes=1,
                            CacheSubnetGroupName="bc", PreferredAvailabilityZone="us-east-1a")
        self.assertAwsError("InvalidVPCNetworkStateFault", self.memcached, "outside", nodes=2,
                            CacheSubnetGroupName="bc",
                            PreferredAvailabilityZones=["us-east-1b", "us-east-1a"])
        self.assertAwsError("InvalidParameterCombination", self.memcached, "dual", nodes=1,
                            CacheSubnetGroupName="bc", NetworkType="dual_stack")
        self.ec.describe_cache_clusters()  # creation falls due
        self.assertAwsError("InvalidVPCNetworkStateFault", self.ec.modify_cache_cluster,
                            CacheClusterId="mc", NumCacheNodes=4,
                            NewAvailabilityZones=["us-east-1a"], ApplyImmediately=True)
        self.ec.modify_cache_cluster(CacheClusterId="mc", NumCacheNodes=4, ApplyImmediately=True)
        self.ec.describe_cache_clusters()
        self.assertIn(self.nodes("mc")[-1], ["us-east-1b", "us-east-1c"])

    def test_a_standalone_cluster_holds_its_subnet_group_and_zones(self):
        subnets = self.two_zone_group()
        self.memcached("mc", nodes=2, AZMode="cross-az", CacheSubnetGroupName="bc")
        self.assertAwsError("CacheSubnetGroupInUse", self.ec.delete_cache_subnet_group,
                            CacheSubnetGroupName="bc")
        # Its nodes are in b and c ("Multiple"): neither zone may lose its subnet.
        self.assertAwsError("SubnetInUse", self.ec.modify_cache_subnet_group,
                            CacheSubnetGroupName="bc", SubnetIds=[subnets["us-east-1b"]])
        self.ec.describe_cache_clusters()
        self.ec.delete_cache_cluster(CacheClusterId="mc")
        self.ec.get_waiter("cache_cluster_deleted").wait(CacheClusterId="mc",
                                                         WaiterConfig=self.WAIT_FAST)
        self.ec.delete_cache_subnet_group(CacheSubnetGroupName="bc")

    def test_a_read_replica_joins_in_the_groups_zones(self):
        subnets = default_subnets(self.ec)
        self.ec.create_cache_subnet_group(CacheSubnetGroupName="only-c",
                                          CacheSubnetGroupDescription="c",
                                          SubnetIds=[subnets["us-east-1c"]])
        self.create_cmd("grp", clusters=2, CacheSubnetGroupName="only-c")
        self.assertAwsError("InvalidVPCNetworkStateFault", self.ec.create_cache_cluster,
                            CacheClusterId="grp-extra", ReplicationGroupId="grp",
                            PreferredAvailabilityZone="us-east-1a")
        added = self.ec.create_cache_cluster(CacheClusterId="grp-extra",
                                             ReplicationGroupId="grp")["CacheCluster"]
        self.assertEqual(added["PreferredAvailabilityZone"], "us-east-1c")
        self.assertEqual(added["CacheSubnetGroupName"], "only-c")


class SubnetGroupQuota(ServerTestCase):
    server_args = ("--subnet-groups-quota", "3", "--subnets-per-subnet-group-quota", "2")

    def test_quotas_are_configurable_and_count_the_default_group(self):
        for name in ("one", "two"):
            self.ec.create_cache_subnet_group(CacheSubnetGroupName=name,
                                              CacheSubnetGroupDescription="d",
                                              SubnetIds=["subnet-01", "subnet-02"])
        self.assertAwsError("CacheSubnetGroupQuotaExceeded", self.ec.create_cache_subnet_group,
                            CacheSubnetGroupName="three", CacheSubnetGroupDescription="d",
                            SubnetIds=["subnet-01"])
        self.assertAwsError("CacheSubnetQuotaExceededFault", self.ec.modify_cache_subnet_group,
                            CacheSubnetGroupName="one",
                            SubnetIds=["subnet-01", "subnet-02", "subnet-03"])
        self.ec.delete_cache_subnet_group(CacheSubnetGroupName="two")
        self.ec.create_cache_subnet_group(CacheSubnetGroupName="three",
                                          CacheSubnetGroupDescription="d", SubnetIds=["subnet-01"])


class SubnetGroupPersistence(unittest.TestCase):
    def test_subnet_groups_survive_a_restart(self):
        data_dir = tempfile.mkdtemp(prefix="ecl-data-")
        self.addCleanup(shutil.rmtree, data_dir, True)
        first = Server(data_dir=data_dir).start()
        self.addCleanup(first.kill)
        ec = first.client()
        created = ec.create_cache_subnet_group(
            CacheSubnetGroupName="durable", CacheSubnetGroupDescription="d",
            SubnetIds=EXAMPLE_SUBNETS, Tags=[{"Key": "k", "Value": "v"}])["CacheSubnetGroup"]
        default = ec.describe_cache_subnet_groups(CacheSubnetGroupName="default")[
            "CacheSubnetGroups"][0]
        first.kill()
        second = Server(data_dir=data_dir).start()
        self.addCleanup(second.kill)
        ec = second.client()
        self.assertEqual(ec.describe_cache_subnet_groups()["CacheSubnetGroups"], [default, created])
        self.assertEqual(ec.list_tags_for_resource(ResourceName=created["ARN"])["TagList"],
                         [{"Key": "k", "Value": "v"}])
        self.assertEqual(second.stop(), 0)


if __name__ == "__main__":
    main()

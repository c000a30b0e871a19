"""Cache parameter groups through boto3: the default groups of every account and region,
Create / Describe / Modify / Reset / Delete with their rules and AWS's codes, DescribeCacheParameters
(Source filter, paging over both parameter lists), DescribeEngineDefaultParameters, tags by ARN,
the quota, the references CreateReplicationGroup checks, and how changes show on the clusters
using a group (applying -> in-sync, pending-reboot) on the admin clock."""

from ecl_harness import DEFAULT_ACCOUNT, ServerTestCase, main

ARN_PREFIX = f"arn:aws:elasticache:us-east-1:{DEFAULT_ACCOUNT}:parametergroup:"
DEFAULT_GROUPS = {
    "default.redis7": ("redis7", "Default parameter group for redis7"),
    "default.redis7.cluster.on": (
        "redis7", "Customized default parameter group for redis7 with cluster mode on"),
    "default.redis6.x": ("redis6.x", "Default parameter group for redis6.x"),
    "default.valkey8": ("valkey8", "Default parameter group for valkey8"),
    "default.valkey8.cluster.on": (
        "valkey8", "Customized default parameter group for valkey8 with cluster mode on"),
    "default.memcached1.6": ("memcached1.6", "Default parameter group for memcached1.6"),
    "default.redis2.8": ("redis2.8", "Default parameter group for redis2.8"),
}


def values(parameters):
    return {p["ParameterName"]: p.get("ParameterValue") for p in parameters}


class ParameterGroupTestCase(ServerTestCase):
    def create_group(self, name="tuned", family="redis7", **extra):
        return self.ec.create_cache_parameter_group(
            CacheParameterGroupName=name, CacheParameterGroupFamily=family,
            Description=extra.pop("Description", "tuned redis"), **extra)["CacheParameterGroup"]

    def modify(self, name, **pairs):
        return self.ec.modify_cache_parameter_group(
            CacheParameterGroupName=name,
            ParameterNameValues=[{"ParameterName": k.replace("_", "-"), "ParameterValue": v}
                                 for k, v in pairs.items()])

    def user_parameters(self, name):
        return values(self.ec.describe_cache_parameters(
            CacheParameterGroupName=name, Source="user")["Parameters"])

    def all_parameters(self, name, **extra):
        """Every page of DescribeCacheParameters: (Parameters, CacheNodeTypeSpecificParameters)."""
        plain, node_specific, marker, pages = [], [], None, 0
        while True:
            args = dict(CacheParameterGroupName=name, MaxRecords=20, **extra)
            if marker:
                args["Marker"] = marker
            page = self.ec.describe_cache_parameters(**args)
            pages += 1
            self.assertLessEqual(len(page["Parameters"])
                                 + len(page.get("CacheNodeTypeSpecificParameters", [])), 20)
            plain += page["Parameters"]
            node_specific += page.get("CacheNodeTypeSpecificParameters", [])
            marker = page.get("Marker")
            if not marker:
                return plain, node_specific, pages

    def cluster(self, cluster_id):
        return self.ec.describe_cache_clusters(CacheClusterId=cluster_id,
                                               ShowCacheNodeInfo=True)["CacheClusters"][0]


class DefaultGroups(ParameterGroupTestCase):
    def test_every_account_and_region_has_the_default_groups(self):
        for client in (self.ec, self.server.client(region="eu-west-1"),
                       self.server.client(access_key_id="111122223333")):
            groups = {g["CacheParameterGroupName"]: g for page in
                      client.get_paginator("describe_cache_parameter_groups").paginate(
                          PaginationConfig={"PageSize": 20})
                      for g in page["CacheParameterGroups"]}
            for name, (family, description) in DEFAULT_GROUPS.items():
                self.assertIn(name, groups)
                self.assertEqual(groups[name]["CacheParameterGroupFamily"], family)
                self.assertEqual(groups[name]["Description"], description)
                self.assertEqual(groups[name]["IsGlobal"], False)
                self.assertTrue(groups[name]["ARN"].endswith(":parametergroup:" + name))
            self.assertEqual(len(groups), 19)

    def test_default_groups_cannot_be_modified_reset_or_deleted(self):
        self.assertAwsError("InvalidCacheParameterGroupState", self.modify, "default.redis7",
                            timeout="300", status=400)
        self.assertAwsError("InvalidCacheParameterGroupState",
                            self.ec.reset_cache_parameter_group,
                            CacheParameterGroupName="default.redis7", ResetAllParameters=True)
        self.assertAwsError("InvalidCacheParameterGroupState",
                            self.ec.delete_cache_parameter_group,
                            CacheParameterGroupName="default.redis7.cluster.on",
                            message="Default CacheParameterGroup cannot be deleted: "
                                    "default.redis7.cluster.on")
        self.assertIn("default.redis7", [g["CacheParameterGroupName"] for g in
                      self.ec.describe_cache_parameter_groups()["CacheParameterGroups"]])

    def test_a_cluster_mode_default_group_says_so_in_its_parameters(self):
        on = values(self.ec.describe_cache_parameters(
            CacheParameterGroupName="default.redis7.cluster.on")["Parameters"])
        off = values(self.ec.describe_cache_parameters(
            CacheParameterGroupName="default.redis7")["Parameters"])
        self.assertEqual(on["cluster-enabled"], "yes")
        self.assertEqual(off["cluster-enabled"], "no")
        self.assertEqual(self.user_parameters("default.redis7.cluster.on"), {})


class CreateDescribeDelete(ParameterGroupTestCase):
    def test_create_answers_the_group_stored_lower_case_with_tags(self):
        group = self.create_group("My-Tuned-Redis", Tags=[{"Key": "team", "Value": "cache"}])
        self.assertEqual(group, {"CacheParameterGroupName": "my-tuned-redis",
                                 "CacheParameterGroupFamily": "redis7",
                                 "Description": "tuned redis", "IsGlobal": False,
                                 "ARN": ARN_PREFIX + "my-tuned-redis"})
        described = self.ec.describe_cache_parameter_groups(
            CacheParameterGroupName="MY-TUNED-REDIS")["CacheParameterGroups"]
        self.assertEqual(described, [group])
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=group["ARN"])["TagList"],
                         [{"Key": "team", "Value": "cache"}])
        self.ec.add_tags_to_resource(ResourceName=group["ARN"],
                                     Tags=[{"Key": "env", "Value": "test"}])
        self.assertEqual(len(self.ec.list_tags_for_resource(ResourceName=group["ARN"])["TagList"]),
                         2)
        # A new group is the family's default group: nothing is the user's yet.
        self.assertEqual(self.user_parameters("my-tuned-redis"), {})

    def test_names_families_and_duplicates(self):
        self.create_group("taken")
        self.assertAwsError("CacheParameterGroupAlreadyExists", self.create_group, "TAKEN",
                            status=400, message="Parameter group taken already exists")
        for bad in ("default.redis7", "my.group", "1group", "two--hyphens", "trailing-",
                    "under_score", "x" * 256):
            self.assertAwsError("InvalidParameterValue", self.create_group, bad)
        self.create_group("x" * 255)
        self.assertAwsError("InvalidParameterValue", self.create_group, "fam", family="redis9")
        self.assertAwsError("InvalidParameterValue", self.create_group, "fam", family="redis7.1")
        for family in ("redis2.6", "redis6.x", "valkey7", "valkey8", "memcached1.4"):
            self.assertEqual(self.create_group("g-" + family.replace(".", "-"),
                                               family=family)["CacheParameterGroupFamily"], family)

    def test_describe_unknown_and_paging(self):
        missing = self.assertAwsError("CacheParameterGroupNotFound",
                                      self.ec.describe_cache_parameter_groups,
                                      CacheParameterGroupName="nope", status=404,
                                      message="CacheParameterGroup nope not found.")
        self.assertTrue(missing)
        self.assertAwsError("CacheParameterGroupNotFound", self.ec.describe_cache_parameters,
                            CacheParameterGroupName="nope", status=404)
        for i in range(5):
            self.create_group(f"page-{i}")
        first = self.ec.describe_cache_parameter_groups(MaxRecords=20)
        self.assertEqual(len(first["CacheParameterGroups"]), 20)
        rest = self.ec.describe_cache_parameter_groups(MaxRecords=20, Marker=first["Marker"])
        self.assertNotIn("Marker", rest)
        names = [g["CacheParameterGroupName"] for g in
                 first["CacheParameterGroups"] + rest["CacheParameterGroups"]]
        self.assertEqual(len(names), 24)
        self.assertEqual(names, sorted(names))
        for bad in (19, 101):
            self.assertAwsError("InvalidParameterValue", self.ec.describe_cache_parameter_groups,
                                MaxRecords=bad)
        self.assertAwsError("InvalidParameterValue", self.ec.describe_cache_parameter_groups,
                            Marker="forged")

    def test_delete_answers_nothing_and_forgets_the_group_and_its_tags(self):
        arn = self.create_group("gone", Tags=[{"Key": "k", "Value": "v"}])["ARN"]
        self.ec.delete_cache_parameter_group(CacheParameterGroupName="Gone")
        self.assertAwsError("CacheParameterGroupNotFound", self.ec.describe_cache_parameter_groups,
                            CacheParameterGroupName="gone")
        self.assertAwsError("CacheParameterGroupNotFound", self.ec.delete_cache_parameter_group,
                            CacheParameterGroupName="gone", status=404,
                            message="CacheParameterGroupnot found: gone")
        self.assertAwsError("CacheParameterGroupNotFound", self.ec.list_tags_for_resource,
                            ResourceName=arn)
        self.create_group("gone")
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=arn)["TagList"], [])

    def test_groups_are_kept_per_account_and_region(self):
        self.create_group("mine")
        other = self.server.client(region="eu-west-1")
        self.assertAwsError("CacheParameterGroupNotFound", other.describe_cache_parameter_groups,
                            CacheParameterGroupName="mine")
        other.create_cache_parameter_group(CacheParameterGroupName="mine",
                                           CacheParameterGroupFamily="valkey8", Description="x")
        self.assertEqual(self.ec.describe_cache_parameter_groups(CacheParameterGroupName="mine")[
            "CacheParameterGroups"][0]["CacheParameterGroupFamily"], "redis7")


class Quota(ParameterGroupTestCase):
    server_args = ("--parameter-groups-quota", "2")

    def test_the_quota_counts_the_groups_the_account_created(self):
        self.create_group("one")
        self.create_group("two")
        self.assertAwsError("CacheParameterGroupQuotaExceeded", self.create_group, "three",
                            status=400)
        # Another region has its own quota; deleting frees a place.
        self.server.client(region="us-west-2").create_cache_parameter_group(
            CacheParameterGroupName="three", CacheParameterGroupFamily="redis7", Description="x")
        self.ec.delete_cache_parameter_group(CacheParameterGroupName="one")
        self.create_group("three")


class ModifyAndReset(ParameterGroupTestCase):
    def test_modified_values_are_the_users(self):
        self.create_group()
        answer = self.modify("tuned", maxmemory_policy="allkeys-lru", timeout="300")
        self.assertEqual(answer["CacheParameterGroupName"], "tuned")
        self.assertEqual(self.user_parameters("tuned"),
                         {"maxmemory-policy": "allkeys-lru", "timeout": "300"})
        # Setting the default value still makes it the user's (Terraform reads Source=user).
        self.modify("tuned", tcp_keepalive="300")
        self.assertIn("tcp-keepalive", self.user_parameters("tuned"))
        user = self.ec.describe_cache_parameters(CacheParameterGroupName="tuned",
                                                 Source="user")["Parameters"]
        self.assertEqual({p["Source"] for p in user}, {"user"})
        policy = next(p for p in user if p["ParameterName"] == "maxmemory-policy")
        self.assertEqual(policy["DataType"], "string")
        self.assertEqual(policy["ChangeType"], "immediate")
        self.assertTrue(policy["IsModifiable"])
        self.assertIn("allkeys-lru", policy["AllowedValues"])
        system = values(self.ec.describe_cache_parameters(CacheParameterGroupName="tuned",
                                                          Source="system")["Parameters"])
        self.assertNotIn("timeout", system)
        self.assertEqual(system["databases"], "16")
        self.assertEqual(self.ec.describe_cache_parameters(
            CacheParameterGroupName="tuned", Source="engine-default")["Parameters"], [])
        self.assertAwsError("InvalidParameterValue", self.ec.describe_cache_parameters,
                            CacheParameterGroupName="tuned", Source="users")

    def test_modify_rules(self):
        self.create_group()
        too_many = [{"ParameterName": "timeout", "ParameterValue": str(20 + i)} for i in range(21)]
        self.assertAwsError("InvalidParameterCombination",
                            self.ec.modify_cache_parameter_group, CacheParameterGroupName="tuned",
                            ParameterNameValues=too_many,
                            message="Cannot modify more than 20 parameters in a single request")
        self.ec.modify_cache_parameter_group(CacheParameterGroupName="tuned",
                                             ParameterNameValues=too_many[:20])
        self.assertAwsError("InvalidParameterValue", self.modify, "tuned", nope="1",
                            message="Parameter nope doesn't exist")
        self.assertAwsError("InvalidParameterValue", self.modify, "tuned", maxclients="10",
                            message="The parameter maxclients cannot be modified.")
        self.assertAwsError("InvalidParameterValue", self.modify, "tuned", timeout="5",
                            message="Invalid value '5' for parameter timeout: allowed values are "
                                    "0,20-.")
        error = self.assertAwsError("InvalidParameterValue", self.modify, "tuned",
                                    maxmemory_policy="sometimes")
        self.assertIn("maxmemory-policy", error.response["Error"]["Message"])
        self.assertAwsError("InvalidParameterValue", self.modify, "tuned", databases="many")
        # A rejected request changes nothing, not even its valid parameters.
        self.assertAwsError("InvalidParameterValue", self.modify, "tuned", lfu_log_factor="20",
                            timeout="7")
        self.assertNotIn("lfu-log-factor", self.user_parameters("tuned"))
        self.assertAwsError("CacheParameterGroupNotFound", self.modify, "nope", timeout="300",
                            status=404, message="CacheParameterGroup not found: nope")
        # Memcached names are the family's own.
        self.create_group("mc", family="memcached1.6")
        self.ec.modify_cache_parameter_group(
            CacheParameterGroupName="mc",
            ParameterNameValues=[{"ParameterName": "chunk_size", "ParameterValue": "96"}])
        self.assertEqual(self.user_parameters("mc"), {"chunk_size": "96"})
        self.assertAwsError("InvalidParameterValue", self.modify, "mc", timeout="300")

    def test_reset_named_or_all(self):
        self.create_group()
        self.modify("tuned", maxmemory_policy="allkeys-lru", timeout="300", databases="32")
        self.ec.reset_cache_parameter_group(
            CacheParameterGroupName="tuned",
            ParameterNameValues=[{"ParameterName": "timeout"}, {"ParameterName": "activedefrag"}])
        self.assertEqual(self.user_parameters("tuned"),
                         {"maxmemory-policy": "allkeys-lru", "databases": "32"})
        everything = values(self.ec.describe_cache_parameters(
            CacheParameterGroupName="tuned")["Parameters"])
        self.assertEqual(everything["timeout"], "0")
        answer = self.ec.reset_cache_parameter_group(CacheParameterGroupName="tuned",
                                                     ResetAllParameters=True)
        self.assertEqual(answer["CacheParameterGroupName"], "tuned")
        self.assertEqual(self.user_parameters("tuned"), {})
        self.assertAwsError("InvalidParameterCombination", self.ec.reset_cache_parameter_group,
                            CacheParameterGroupName="tuned", ResetAllParameters=True,
                            ParameterNameValues=[{"ParameterName": "timeout"}])
        self.assertAwsError("InvalidParameterValue", self.ec.reset_cache_parameter_group,
                            CacheParameterGroupName="tuned")
        self.assertAwsError("InvalidParameterValue", self.ec.reset_cache_parameter_group,
                            CacheParameterGroupName="tuned", ResetAllParameters=False)
        self.assertAwsError("InvalidParameterValue", self.ec.reset_cache_parameter_group,
                            CacheParameterGroupName="tuned",
                            ParameterNameValues=[{"ParameterName": "nope"}],
                            message="Parameter nope doesn't exist")
        self.assertAwsError("CacheParameterGroupNotFound", self.ec.reset_cache_parameter_group,
                            CacheParameterGroupName="nope", ResetAllParameters=True)


class DescribeParameters(ParameterGroupTestCase):
    def test_pages_cover_both_lists_in_name_order(self):
        self.create_group()
        plain, node_specific, pages = self.all_parameters("tuned")
        names = [p["ParameterName"] for p in plain]
        self.assertEqual(names, sorted(names))
        self.assertGreater(pages, 3)
        self.assertEqual(len(names), len(set(names)))
        specific = {p["ParameterName"]: p for p in node_specific}
        self.assertIn("maxmemory", specific)
        self.assertNotIn("maxmemory", names)
        maxmemory = specific["maxmemory"]
        self.assertFalse(maxmemory["IsModifiable"])
        self.assertEqual(maxmemory["Source"], "system")
        by_type = {v["CacheNodeType"]: v["Value"] for v in maxmemory["CacheNodeTypeSpecificValues"]}
        self.assertIn("cache.t3.micro", by_type)
        self.assertTrue(by_type["cache.r6g.large"].isdigit())
        # One page of 100 holds them all.
        whole = self.ec.describe_cache_parameters(CacheParameterGroupName="tuned")
        self.assertEqual([p["ParameterName"] for p in whole["Parameters"]], names)
        self.assertNotIn("Marker", whole)
        self.assertAwsError("InvalidParameterValue", self.ec.describe_cache_parameters,
                            CacheParameterGroupName="tuned", MaxRecords=10)
        # Parameters without a value have no ParameterValue, as AWS's example shows.
        keyspace = next(p for p in plain if p["ParameterName"] == "notify-keyspace-events")
        self.assertNotIn("ParameterValue", keyspace)

    def test_engine_defaults_as_in_aws_example(self):
        # botocore's DescribeEngineDefaultParameters example: redis2.8, MaxRecords 25 answers
        # 22 parameters and 3 node-type-specific ones, with a Marker.
        page = self.ec.describe_engine_default_parameters(CacheParameterGroupFamily="redis2.8",
                                                          MaxRecords=25)["EngineDefaults"]
        self.assertEqual(page["CacheParameterGroupFamily"], "redis2.8")
        self.assertEqual(len(page["Parameters"]), 22)
        self.assertEqual([p["ParameterName"] for p in page["CacheNodeTypeSpecificParameters"]],
                         ["client-output-buffer-limit-slave-hard-limit",
                          "client-output-buffer-limit-slave-soft-limit", "maxmemory"])
        self.assertEqual(page["Parameters"][0]["ParameterName"], "activerehashing")
        self.assertEqual(page["Parameters"][-1]["ParameterName"], "min-slaves-to-write")
        rest = self.ec.describe_engine_default_parameters(CacheParameterGroupFamily="redis2.8",
                                                          Marker=page["Marker"])["EngineDefaults"]
        self.assertEqual(rest["Parameters"][0]["ParameterName"], "notify-keyspace-events")
        self.assertNotIn("Marker", rest)
        walked = [p["ParameterName"] for pg in
                  self.ec.get_paginator("describe_engine_default_parameters").paginate(
                      CacheParameterGroupFamily="valkey8", PaginationConfig={"PageSize": 20})
                  for p in pg["EngineDefaults"]["Parameters"]]
        self.assertIn("extended-redis-compatibility", walked)
        self.assertEqual(walked, sorted(walked))
        self.assertAwsError("InvalidParameterValue", self.ec.describe_engine_default_parameters,
                            CacheParameterGroupFamily="redis9")
        self.assertAwsError("InvalidParameterValue", self.ec.describe_engine_default_parameters,
                            CacheParameterGroupFamily="redis7", MaxRecords=101)


class References(ParameterGroupTestCase):
    def test_create_replication_group_checks_the_group_it_names(self):
        self.assertAwsError("CacheParameterGroupNotFound", self.create_cmd, "rg", clusters=2,
                            CacheParameterGroupName="nope", status=404,
                            message="CacheParameterGroup not found: nope")
        self.assertAwsError("InvalidParameterCombination", self.create_cmd, "rg", clusters=2,
                            CacheParameterGroupName="default.redis6.x",
                            message="Expected a parameter group of family redis7 but found one "
                                    "of family redis6.x")
        self.assertAwsError("InvalidParameterCombination", self.create_cmd, "rg", clusters=2,
                            EngineVersion="7.1", CacheParameterGroupName="default.valkey8")
        self.create_group("custom")
        self.create_cmd("rg", clusters=2, CacheParameterGroupName="Custom")
        members = [self.cluster(c) for c in self.describe("rg")["MemberClusters"]]
        for member in members:
            self.assertEqual(member["CacheParameterGroup"],
                             {"CacheParameterGroupName": "custom", "ParameterApplyStatus": "in-sync",
                              "CacheNodeIdsToReboot": []})
            self.assertEqual(member["CacheNodes"][0]["ParameterGroupStatus"], "in-sync")
        # In use: cannot be deleted until the replication group is gone.
        self.assertAwsError("InvalidCacheParameterGroupState",
                            self.ec.delete_cache_parameter_group, CacheParameterGroupName="custom")
        self.ec.delete_replication_group(ReplicationGroupId="rg")
        self.ec.describe_replication_groups()  # the deletion completes (transitions take 0 s)
        self.ec.delete_cache_parameter_group(CacheParameterGroupName="custom")

    def test_without_a_name_the_default_group_of_the_family_and_mode(self):
        self.create_cmd("plain", clusters=2)
        self.ec.create_replication_group(ReplicationGroupId="sharded",
                                         ReplicationGroupDescription="x", NumNodeGroups=2,
                                         ReplicasPerNodeGroup=1)
        self.ec.create_replication_group(ReplicationGroupId="vk", ReplicationGroupDescription="x",
                                         Engine="valkey", NumCacheClusters=1)
        self.ec.create_replication_group(ReplicationGroupId="six", ReplicationGroupDescription="x",
                                         EngineVersion="6.x", NumCacheClusters=1)
        expected = {"plain-001": "default.redis7", "sharded-0001-001": "default.redis7.cluster.on",
                    "vk-001": "default.valkey8", "six-001": "default.redis6.x"}
        for cluster_id, group in expected.items():
            self.assertEqual(self.cluster(cluster_id)["CacheParameterGroup"][
                "CacheParameterGroupName"], group, cluster_id)

    def test_cluster_enabled_of_a_custom_group_decides_cluster_mode(self):
        self.create_group("sharded-params")
        self.modify("sharded-params", cluster_enabled="yes")
        group = self.ec.create_replication_group(
            ReplicationGroupId="sharded", ReplicationGroupDescription="x",
            CacheParameterGroupName="sharded-params", NumNodeGroups=1, ReplicasPerNodeGroup=1)[
            "ReplicationGroup"]
        self.assertTrue(group["ClusterEnabled"])
        self.assertIn("ConfigurationEndpoint", group)
        # Once a cluster uses it, cluster-enabled is fixed.
        self.assertAwsError("InvalidParameterValue", self.modify, "sharded-params",
                            cluster_enabled="no",
                            message="The parameter cluster-enabled cannot be modified.")
        self.create_group("plain-params")
        self.assertAwsError("InvalidParameterCombination", self.ec.create_replication_group,
                            ReplicationGroupId="bad", ReplicationGroupDescription="x",
                            CacheParameterGroupName="plain-params", NumNodeGroups=2,
                            ReplicasPerNodeGroup=1)
        one = self.ec.create_replication_group(
            ReplicationGroupId="single", ReplicationGroupDescription="x",
            CacheParameterGroupName="plain-params", NumCacheClusters=1)["ReplicationGroup"]
        self.assertFalse(one["ClusterEnabled"])

    def test_snapshots_and_restores_keep_the_group(self):
        self.create_group("kept")
        self.create_cmd("src", clusters=2, CacheParameterGroupName="kept")
        snapshot = self.ec.create_snapshot(ReplicationGroupId="src", SnapshotName="snap")[
            "Snapshot"]
        self.assertEqual(snapshot["CacheParameterGroupName"], "kept")
        self.ec.describe_snapshots()
        self.ec.create_replication_group(ReplicationGroupId="copy",
                                         ReplicationGroupDescription="restored",
                                         SnapshotName="snap")
        self.assertEqual(self.cluster("copy-001")["CacheParameterGroup"]["CacheParameterGroupName"],
                         "kept")


class ChangesOnClusters(ParameterGroupTestCase):
    server_args = ("--transition-seconds", "10")

    def test_immediate_changes_apply_then_are_in_sync(self):
        self.create_group()
        self.create_cmd("rg", clusters=2, CacheParameterGroupName="tuned")
        self.server.advance(15)
        self.modify("tuned", timeout="300")
        for member in ("rg-001", "rg-002"):
            status = self.cluster(member)["CacheParameterGroup"]
            self.assertEqual(status["ParameterApplyStatus"], "applying")
            self.assertEqual(status["CacheNodeIdsToReboot"], [])
        self.assertEqual(self.cluster("rg-001")["CacheNodes"][0]["ParameterGroupStatus"],
                         "applying")
        # The change is pending at the group until it is applied.
        self.assertAwsError("InvalidCacheParameterGroupState",
                            self.ec.reset_cache_parameter_group, CacheParameterGroupName="tuned",
                            ParameterNameValues=[{"ParameterName": "timeout"}],
                            message="Cannot reset the parameter group because the parameter "
                                    "timeout has pending changes.")
        self.server.advance(11)
        self.assertEqual(self.cluster("rg-001")["CacheParameterGroup"]["ParameterApplyStatus"],
                         "in-sync")
        events = [e["Message"] for e in self.ec.describe_events(
            SourceType="cache-cluster", SourceIdentifier="rg-002")["Events"]]
        self.assertIn("Updated parameter timeout to 300", events)
        self.ec.reset_cache_parameter_group(CacheParameterGroupName="tuned",
                                            ParameterNameValues=[{"ParameterName": "timeout"}])
        self.assertEqual(self.cluster("rg-001")["CacheParameterGroup"]["ParameterApplyStatus"],
                         "applying")

    def test_reboot_changes_wait_for_a_reboot(self):
        self.create_group()
        self.create_cmd("rg", clusters=2, CacheParameterGroupName="tuned")
        self.server.advance(15)
        self.modify("tuned", databases="32")
        self.server.advance(3600)
        status = self.cluster("rg-002")["CacheParameterGroup"]
        self.assertEqual(status["ParameterApplyStatus"], "pending-reboot")
        self.assertEqual(status["CacheNodeIdsToReboot"], ["0001"])

    def test_a_new_group_with_pending_changes_cannot_be_deleted(self):
        self.create_group("fresh")
        self.modify("fresh", timeout="60")
        self.assertAwsError("InvalidCacheParameterGroupState",
                            self.ec.delete_cache_parameter_group, CacheParameterGroupName="fresh",
                            message="Cache parameter group fresh can not be deleted in the "
                                    "current state.")
        self.server.advance(11)
        self.ec.delete_cache_parameter_group(CacheParameterGroupName="fresh")


if __name__ == "__main__":
    main()

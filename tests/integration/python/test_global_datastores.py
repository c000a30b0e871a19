"""Global datastores through boto3: one server serves every region, so a primary in
us-east-1 and secondaries in us-west-2 and eu-west-1 are one datastore. Every step checks
that the datastore, its members' GlobalReplicationGroupInfo and their node groups agree;
every refusal changes nothing. A slow class samples the intermediate states."""

from ecl_harness import ALL_SLOTS, ServerTestCase, main, parse_slots

ACCOUNT = "000000000000"
EAST, WEST, EU = "us-east-1", "us-west-2", "eu-west-1"


class GlobalMixin:
    """Clients per region and helpers; `self.ec` is us-east-1's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.region = {EAST: cls.ec, WEST: cls.server.client(region=WEST),
                      EU: cls.server.client(region=EU)}

    def primary(self, rg_id="shop", client=None, cme=False, nodes=2, **extra):
        """A group that may become a primary (cache.r6g.large, Redis 7.1, failover on)."""
        params = dict(ReplicationGroupId=rg_id, ReplicationGroupDescription="primary",
                      CacheNodeType="cache.r6g.large", Engine="redis", EngineVersion="7.1",
                      AutomaticFailoverEnabled=nodes > 1)
        if cme:
            params.update(CacheParameterGroupName="default.redis7.cluster.on", NumNodeGroups=2,
                          ReplicasPerNodeGroup=1)
        else:
            params.update(NumCacheClusters=nodes)
        params.update(extra)
        (client or self.ec).create_replication_group(**params)
        return self.group(rg_id, client)

    def group(self, rg_id, client=None):
        return (client or self.ec).describe_replication_groups(
            ReplicationGroupId=rg_id)["ReplicationGroups"][0]

    def create_global(self, suffix="shop", primary="shop", client=None, **extra):
        return (client or self.ec).create_global_replication_group(
            GlobalReplicationGroupIdSuffix=suffix, PrimaryReplicationGroupId=primary,
            **extra)["GlobalReplicationGroup"]

    def describe_global(self, grg_id, client=None, members=True):
        return (client or self.ec).describe_global_replication_groups(
            GlobalReplicationGroupId=grg_id, ShowMemberInfo=members)["GlobalReplicationGroups"][0]

    def secondary(self, grg_id, rg_id="shop-west", region=WEST, **extra):
        params = dict(ReplicationGroupId=rg_id, ReplicationGroupDescription="secondary",
                      GlobalReplicationGroupId=grg_id)
        params.update(extra)
        return self.region[region].create_replication_group(**params)["ReplicationGroup"]

    def datastore(self, cme=False, secondary=True):
        """A settled datastore ldgnf-shop: shop (us-east-1) and, with `secondary`, shop-west
        (us-west-2)."""
        self.primary(cme=cme)
        grg = self.create_global()
        if secondary:
            extra = {"ReplicasPerNodeGroup": 1} if cme else {"NumCacheClusters": 2}
            self.secondary(grg["GlobalReplicationGroupId"], **extra)
        return self.describe_global(grg["GlobalReplicationGroupId"])

    def member_groups(self, grg):
        return {(m["ReplicationGroupId"], m["ReplicationGroupRegion"]):
                self.group(m["ReplicationGroupId"], self.region[m["ReplicationGroupRegion"]])
                for m in grg["Members"]}

    def assert_agrees(self, grg_id):
        """The datastore, its members' GlobalReplicationGroupInfo and node groups agree."""
        grg = self.describe_global(grg_id)
        groups = self.member_groups(grg)
        roles = {m["ReplicationGroupId"]: m["Role"] for m in grg["Members"]}
        self.assertEqual(sorted(roles.values()).count("PRIMARY"), 1, grg["Members"])
        for (rg_id, region), rg in groups.items():
            self.assertEqual(rg["GlobalReplicationGroupInfo"],
                             {"GlobalReplicationGroupId": grg_id,
                              "GlobalReplicationGroupMemberRole": roles[rg_id]})
            self.assertEqual(rg["CacheNodeType"], grg["CacheNodeType"])
            self.assertEqual(rg["ClusterEnabled"], grg["ClusterEnabled"])
            self.assertEqual(rg["TransitEncryptionEnabled"], grg["TransitEncryptionEnabled"])
            self.assertEqual(rg["AtRestEncryptionEnabled"], grg["AtRestEncryptionEnabled"])
            cluster = self.region[region].describe_cache_clusters(
                CacheClusterId=rg["MemberClusters"][0])["CacheClusters"][0]
            self.assertEqual(cluster["EngineVersion"], grg["EngineVersion"])
            self.assertEqual(cluster["Engine"], grg["Engine"])
        shards = [[(ng["NodeGroupId"], ng.get("Slots")) for ng in rg["NodeGroups"]]
                  for rg in groups.values()]
        for s in shards:
            self.assertEqual(s, shards[0], "members hold different node groups")
        if grg["ClusterEnabled"]:
            self.assertEqual([(g["GlobalNodeGroupId"], g["Slots"]) for g in grg["GlobalNodeGroups"]],
                             [(f"{grg_id}-{ng}", slots) for ng, slots in shards[0]])
            every = [s for _, slots in shards[0] for s in parse_slots(slots)]
            self.assertEqual(sorted(every), sorted(ALL_SLOTS))
        else:
            self.assertNotIn("GlobalNodeGroups", grg)
        return grg

    def assert_unchanged(self, grg_id, before):
        self.assertEqual(self.describe_global(grg_id), before)


class CreateAndDescribe(GlobalMixin, ServerTestCase):

    def test_id_arn_states_and_the_primary(self):
        self.primary()
        grg = self.create_global(GlobalReplicationGroupDescription="shop in three regions")
        self.assertEqual(grg["GlobalReplicationGroupId"], "ldgnf-shop")
        self.assertEqual(grg["ARN"],
                         f"arn:aws:elasticache::{ACCOUNT}:globalreplicationgroup:ldgnf-shop")
        self.assertEqual(grg["Status"], "creating")
        self.assertEqual(grg["Members"], [{
            "ReplicationGroupId": "shop", "ReplicationGroupRegion": EAST, "Role": "PRIMARY",
            "AutomaticFailover": "enabled", "Status": "associating"}])
        self.assertEqual((grg["Engine"], grg["EngineVersion"], grg["CacheNodeType"]),
                         ("redis", "7.1.0", "cache.r6g.large"))
        self.assertEqual(grg["GlobalReplicationGroupDescription"], "shop in three regions")
        settled = self.assert_agrees("ldgnf-shop")
        self.assertEqual(settled["Status"], "primary-only")
        self.assertEqual(settled["Members"][0]["Status"], "associated")
        # The primary now runs a parameter group ElastiCache made for the datastore.
        cluster = self.ec.describe_cache_clusters(CacheClusterId="shop-001")["CacheClusters"][0]
        name = cluster["CacheParameterGroup"]["CacheParameterGroupName"]
        self.assertRegex(name, r"^global-datastore-shop[a-z]{4}$")
        group = self.ec.describe_cache_parameter_groups(
            CacheParameterGroupName=name)["CacheParameterGroups"][0]
        self.assertEqual(group["CacheParameterGroupFamily"], "redis7")
        self.assertTrue(group["IsGlobal"])
        self.assertEqual(group["Description"],
                         "Created by ElastiCache to be used by global cluster ldgnf-shop")
        self.assertEqual(self.group("shop")["Status"], "available")

    def test_every_region_sees_it_and_members_only_when_asked(self):
        self.datastore()
        for client in self.region.values():
            brief = client.describe_global_replication_groups()["GlobalReplicationGroups"]
            self.assertEqual([g["GlobalReplicationGroupId"] for g in brief], ["ldgnf-shop"])
            self.assertNotIn("Members", brief[0])
            full = self.describe_global("ldgnf-shop", client)
            self.assertEqual([(m["ReplicationGroupId"], m["Role"]) for m in full["Members"]],
                             [("shop", "PRIMARY"), ("shop-west", "SECONDARY")])

    def test_the_prefix_is_the_region_s(self):
        self.primary(client=self.region[WEST])
        self.assertEqual(self.create_global(client=self.region[WEST])["GlobalReplicationGroupId"],
                         "sgaui-shop")
        self.primary(client=self.region[EU])
        self.assertEqual(self.create_global(client=self.region[EU])["GlobalReplicationGroupId"],
                         "gxeiz-shop")
        north = self.server.client(region="eu-north-1")
        self.primary(client=north)
        first = self.create_global(client=north)["GlobalReplicationGroupId"]
        self.assertRegex(first, r"^[a-z]{5}-shop$")
        self.primary("other", client=north)
        self.assertEqual(self.create_global("other", "other", client=north)["GlobalReplicationGroupId"],
                         first[:5] + "-other")

    def test_description_defaults_to_a_space(self):
        self.primary()
        self.assertEqual(self.create_global()["GlobalReplicationGroupDescription"], " ")

    def test_cluster_mode_enabled_global_node_groups(self):
        self.primary(cme=True)
        grg = self.create_global()
        self.assertTrue(grg["ClusterEnabled"])
        self.assertEqual(grg["GlobalNodeGroups"], [
            {"GlobalNodeGroupId": "ldgnf-shop-0001", "Slots": "0-8191"},
            {"GlobalNodeGroupId": "ldgnf-shop-0002", "Slots": "8192-16383"}])
        # The copied parameter group keeps cluster mode on.
        cluster = self.ec.describe_cache_clusters(CacheClusterId="shop-0001-001")["CacheClusters"][0]
        params = self.ec.describe_cache_parameters(
            CacheParameterGroupName=cluster["CacheParameterGroup"]["CacheParameterGroupName"],
            MaxRecords=100)
        values = {}
        while True:
            values.update({p["ParameterName"]: p.get("ParameterValue") for p in params["Parameters"]})
            if "Marker" not in params:
                break
            params = self.ec.describe_cache_parameters(
                CacheParameterGroupName=cluster["CacheParameterGroup"]["CacheParameterGroupName"],
                MaxRecords=100, Marker=params["Marker"])
        self.assertEqual(values["cluster-enabled"], "yes")

    def test_paging_with_checked_markers(self):
        for i in range(23):
            self.primary(f"p{i:02d}", nodes=1)
            self.create_global(f"g{i:02d}", f"p{i:02d}")
        page = self.ec.describe_global_replication_groups(MaxRecords=20)
        self.assertEqual(len(page["GlobalReplicationGroups"]), 20)
        rest = self.ec.describe_global_replication_groups(MaxRecords=20, Marker=page["Marker"])
        self.assertNotIn("Marker", rest)
        ids = [g["GlobalReplicationGroupId"] for g in
               page["GlobalReplicationGroups"] + rest["GlobalReplicationGroups"]]
        self.assertEqual(ids, [f"ldgnf-g{i:02d}" for i in range(23)])
        self.assertAwsError("InvalidParameterValue", self.ec.describe_global_replication_groups,
                            Marker="not-a-marker")
        self.assertAwsError("InvalidParameterValue", self.ec.describe_global_replication_groups,
                            MaxRecords=19)
        paginator = self.region[WEST].get_paginator("describe_global_replication_groups")
        seen = [g["GlobalReplicationGroupId"] for p in paginator.paginate(
            PaginationConfig={"PageSize": 20}) for g in p["GlobalReplicationGroups"]]
        self.assertEqual(seen, ids)

    def test_not_found(self):
        self.assertAwsError("GlobalReplicationGroupNotFoundFault",
                            self.ec.describe_global_replication_groups, status=404,
                            GlobalReplicationGroupId="ldgnf-nothing")


class PrimaryRequirements(GlobalMixin, ServerTestCase):

    def test_refusals(self):
        self.assertAwsError("ReplicationGroupNotFoundFault", self.create_global, status=404)
        self.primary("small", CacheNodeType="cache.t3.medium")
        self.assertAwsError("InvalidParameterValue", self.create_global, "s", "small",
                            message="Global replication group is not supported for the node type.")
        self.primary("old-gen", CacheNodeType="cache.m4.large")
        self.assertAwsError("InvalidParameterValue", self.create_global, "o", "old-gen")
        self.primary("old", EngineVersion="4.0.10", CacheParameterGroupName="default.redis4.0")
        self.assertAwsError("InvalidParameterValue", self.create_global, "v", "old")
        self.primary("shop")
        self.assertAwsError("InvalidParameterValue", self.create_global, "bad--suffix")
        self.assertAwsError("InvalidParameterValue", self.create_global, "x" * 41)
        self.create_global()
        self.assertAwsError("GlobalReplicationGroupAlreadyExistsFault", self.create_global)
        self.assertAwsError("InvalidParameterValue", self.create_global, "again",
                            message="Replication group shop is already a member of global "
                                    "replication group ldgnf-shop.")
        ids = [g["GlobalReplicationGroupId"] for g in
               self.ec.describe_global_replication_groups()["GlobalReplicationGroups"]]
        self.assertEqual(ids, ["ldgnf-shop"])

    def test_valkey_and_data_tiering_types(self):
        self.primary("vk", Engine="valkey", EngineVersion="8.0",
                     CacheParameterGroupName="default.valkey8")
        self.assertEqual(self.create_global("vk", "vk")["Engine"], "valkey")
        self.primary("tiered", CacheNodeType="cache.r6gd.xlarge", DataTieringEnabled=True)
        self.assertEqual(self.create_global("t", "tiered")["CacheNodeType"], "cache.r6gd.xlarge")


class Secondaries(GlobalMixin, ServerTestCase):

    def test_a_secondary_inherits_from_the_primary(self):
        self.primary(TransitEncryptionEnabled=True, AtRestEncryptionEnabled=True)
        self.create_global()
        rg = self.secondary("ldgnf-shop", NumCacheClusters=3)
        self.assertEqual(rg["Status"], "creating")
        self.assertEqual(rg["GlobalReplicationGroupInfo"],
                         {"GlobalReplicationGroupId": "ldgnf-shop",
                          "GlobalReplicationGroupMemberRole": "SECONDARY"})
        self.assertEqual(rg["CacheNodeType"], "cache.r6g.large")
        self.assertTrue(rg["TransitEncryptionEnabled"])
        self.assertTrue(rg["AtRestEncryptionEnabled"])
        self.assertEqual(rg["ARN"], f"arn:aws:elasticache:{WEST}:{ACCOUNT}:replicationgroup:shop-west")
        self.assertEqual(len(rg["MemberClusters"]), 3)
        joining = self.describe_global("ldgnf-shop")
        self.assertEqual(joining["Status"], "available")
        self.assert_agrees("ldgnf-shop")
        west = self.region[WEST]
        self.assertEqual(self.group("shop-west", west)["AutomaticFailover"], "enabled")
        cluster = west.describe_cache_clusters(CacheClusterId="shop-west-001")["CacheClusters"][0]
        self.assertEqual(cluster["EngineVersion"], "7.1.0")
        name = cluster["CacheParameterGroup"]["CacheParameterGroupName"]
        self.assertRegex(name, r"^global-datastore-shop-west[a-z]{4}$")
        group = west.describe_cache_parameter_groups(
            CacheParameterGroupName=name)["CacheParameterGroups"][0]
        self.assertTrue(group["IsGlobal"])
        self.assertEqual(group["ARN"], f"arn:aws:elasticache:{WEST}:{ACCOUNT}:parametergroup:{name}")
        # Only the new region knows the group and its parameter group.
        self.assertAwsError("ReplicationGroupNotFoundFault", self.ec.describe_replication_groups,
                            ReplicationGroupId="shop-west")

    def test_a_single_node_secondary_has_no_failover(self):
        self.datastore(secondary=False)
        self.secondary("ldgnf-shop")
        self.assertEqual(self.group("shop-west", self.region[WEST])["AutomaticFailover"], "disabled")
        grg = self.assert_agrees("ldgnf-shop")
        self.assertEqual({m["ReplicationGroupId"]: m["AutomaticFailover"] for m in grg["Members"]},
                         {"shop": "enabled", "shop-west": "disabled"})

    def test_cluster_mode_enabled_secondary_has_the_primary_s_shards(self):
        self.primary(cme=True, NodeGroupConfiguration=[
            {"Slots": "0-999", "ReplicaCount": 1}, {"Slots": "1000-16383", "ReplicaCount": 1}],
            NumNodeGroups=2)
        self.create_global()
        rg = self.secondary("ldgnf-shop", ReplicasPerNodeGroup=2)
        self.assertEqual([(ng["NodeGroupId"], ng["Slots"], len(ng["NodeGroupMembers"]))
                          for ng in self.group("shop-west", self.region[WEST])["NodeGroups"]],
                         [("0001", "0-999", 3), ("0002", "1000-16383", 3)])
        self.assertTrue(rg["ClusterEnabled"])
        self.assert_agrees("ldgnf-shop")
        # Two secondaries, the most a datastore has.
        self.secondary("ldgnf-shop", "shop-eu", EU, ReplicasPerNodeGroup=1)
        self.assertEqual(len(self.assert_agrees("ldgnf-shop")["Members"]), 3)
        self.primary("more", client=self.server.client(region="ap-south-1"))
        self.region["ap-south-1"] = self.server.client(region="ap-south-1")
        self.assertAwsError("InvalidParameterValue", self.secondary, "ldgnf-shop", "shop-ap",
                            "ap-south-1")

    def test_what_a_secondary_may_not_be_given(self):
        self.datastore(secondary=False)
        before = self.describe_global("ldgnf-shop")
        for extra in ({"Engine": "redis"}, {"EngineVersion": "7.1"},
                      {"CacheNodeType": "cache.r6g.large"},
                      {"CacheParameterGroupName": "default.redis7"}, {"NumNodeGroups": 1},
                      {"TransitEncryptionEnabled": False}, {"AtRestEncryptionEnabled": False},
                      {"SnapshotName": "snap"}, {"ClusterMode": "enabled"},
                      {"NodeGroupConfiguration": [{"Slots": "0-16383"}]}):
            with self.subTest(extra=extra):
                self.assertAwsError(
                    "InvalidParameterCombination", self.secondary, "ldgnf-shop", **extra,
                    message="Cannot use the given parameters when creating new replication "
                            "group in an existing global replication group.")
        self.assertAwsError("GlobalReplicationGroupNotFoundFault", self.secondary, "ldgnf-nope",
                            status=404)
        self.assertAwsError("InvalidParameterValue", self.secondary, "ldgnf-shop", region=EAST)
        self.assert_unchanged("ldgnf-shop", before)
        self.assertEqual(self.region[WEST].describe_replication_groups()["ReplicationGroups"], [])
        names = [g["CacheParameterGroupName"] for g in self.region[WEST].describe_cache_parameter_groups(
            MaxRecords=100)["CacheParameterGroups"]]
        self.assertFalse([n for n in names if n.startswith("global-datastore")], names)


class Members(GlobalMixin, ServerTestCase):

    def test_members_cannot_be_deleted_or_take_what_the_datastore_owns(self):
        self.datastore()
        west = self.region[WEST]
        for client, rg_id in ((self.ec, "shop"), (west, "shop-west")):
            with self.subTest(member=rg_id):
                refusal = (f"Cluster [{rg_id}] is part of a global cluster [ldgnf-shop]. "
                           "Request rejected.")
                self.assertAwsError("InvalidParameterValue", client.delete_replication_group,
                                    ReplicationGroupId=rg_id, message=refusal)
                for change in ({"CacheNodeType": "cache.r6g.xlarge"}, {"EngineVersion": "7.1"},
                               {"CacheParameterGroupName": "default.redis7"},
                               {"AutomaticFailoverEnabled": False}):
                    self.assertAwsError("InvalidParameterValue", client.modify_replication_group,
                                        ReplicationGroupId=rg_id, ApplyImmediately=True,
                                        message=refusal, **change)
                # What is the member's own is still its own.
                done = client.modify_replication_group(
                    ReplicationGroupId=rg_id, ReplicationGroupDescription="mine",
                    ApplyImmediately=True)["ReplicationGroup"]
                self.assertEqual(done["Description"], "mine")
        west.increase_replica_count(ReplicationGroupId="shop-west", NewReplicaCount=2,
                                    ApplyImmediately=True)
        self.assertEqual(len(self.group("shop-west", west)["MemberClusters"]), 3)
        self.assert_agrees("ldgnf-shop")

    def test_a_member_s_shards_change_only_through_the_datastore(self):
        self.datastore(cme=True)
        self.assertAwsError("InvalidParameterValue",
                            self.ec.modify_replication_group_shard_configuration,
                            ReplicationGroupId="shop", NodeGroupCount=3, ApplyImmediately=True,
                            message="Cluster [shop] is part of a global cluster [ldgnf-shop]. "
                                    "Request rejected.")

    def test_tags_are_refused(self):
        self.datastore(secondary=False)
        arn = self.describe_global("ldgnf-shop")["ARN"]
        self.assertAwsError("InvalidARN", self.ec.list_tags_for_resource, ResourceName=arn)
        self.assertAwsError("InvalidARN", self.ec.add_tags_to_resource, ResourceName=arn,
                            Tags=[{"Key": "k", "Value": "v"}])


class Modify(GlobalMixin, ServerTestCase):

    def test_node_type_reaches_every_member_with_their_events(self):
        self.datastore()
        answer = self.ec.modify_global_replication_group(
            GlobalReplicationGroupId="ldgnf-shop", ApplyImmediately=True,
            CacheNodeType="cache.r6g.xlarge")["GlobalReplicationGroup"]
        self.assertEqual(answer["Status"], "modifying")
        self.assertNotIn("Members", answer)
        grg = self.assert_agrees("ldgnf-shop")
        self.assertEqual((grg["Status"], grg["CacheNodeType"]), ("available", "cache.r6g.xlarge"))
        for region, cluster in ((EAST, "shop-001"), (WEST, "shop-west-002")):
            messages = [e["Message"] for e in self.region[region].describe_events(
                SourceIdentifier=cluster, SourceType="cache-cluster", Duration=60)["Events"]]
            self.assertIn("Succeeded applying modification to cache node type to "
                          "cache.r6g.xlarge.", messages)

    def test_description_engine_version_and_failover(self):
        self.primary(EngineVersion="7.0")
        self.create_global()
        self.secondary("ldgnf-shop", NumCacheClusters=2)
        self.ec.modify_global_replication_group(
            GlobalReplicationGroupId="ldgnf-shop", ApplyImmediately=True,
            GlobalReplicationGroupDescription="described")
        self.assertEqual(self.describe_global("ldgnf-shop")["GlobalReplicationGroupDescription"],
                         "described")
        self.ec.modify_global_replication_group(
            GlobalReplicationGroupId="ldgnf-shop", ApplyImmediately=True, EngineVersion="7.1")
        self.assertEqual(self.assert_agrees("ldgnf-shop")["EngineVersion"], "7.1.0")
        self.ec.modify_global_replication_group(
            GlobalReplicationGroupId="ldgnf-shop", ApplyImmediately=True,
            AutomaticFailoverEnabled=False)
        grg = self.assert_agrees("ldgnf-shop")
        self.assertEqual({m["AutomaticFailover"] for m in grg["Members"]}, {"disabled"})

    def test_a_major_upgrade_gives_every_member_a_group_of_the_new_family(self):
        self.primary(EngineVersion="6.2", CacheParameterGroupName="default.redis6.x")
        self.create_global()
        self.secondary("ldgnf-shop", NumCacheClusters=2)
        self.ec.modify_global_replication_group(
            GlobalReplicationGroupId="ldgnf-shop", ApplyImmediately=True, EngineVersion="7.1",
            CacheParameterGroupName="")  # what Terraform sends when it names no group
        self.assertEqual(self.assert_agrees("ldgnf-shop")["EngineVersion"], "7.1.0")
        for region, cluster in ((EAST, "shop-001"), (WEST, "shop-west-001")):
            client = self.region[region]
            name = client.describe_cache_clusters(
                CacheClusterId=cluster)["CacheClusters"][0]["CacheParameterGroup"][
                    "CacheParameterGroupName"]
            self.assertTrue(name.startswith("global-datastore-"), name)
            self.assertEqual(client.describe_cache_parameter_groups(
                CacheParameterGroupName=name)["CacheParameterGroups"][0]["CacheParameterGroupFamily"],
                "redis7")

    def test_refusals_change_nothing(self):
        self.datastore()
        before = self.describe_global("ldgnf-shop")
        modify = self.ec.modify_global_replication_group
        cases = [
            ({"ApplyImmediately": False, "CacheNodeType": "cache.r6g.xlarge"}, None),
            ({"CacheParameterGroupName": "default.redis7"},
             "ModifyGlobalReplicationGroup API does not support cache parameter group "
             "modification without a change in major engine version."),
            ({"CacheNodeType": "cache.t3.medium"}, None),
            ({"CacheNodeType": "cache.nope.large"}, None),
            ({"EngineVersion": "6.2"}, None),
            ({"EngineVersion": "9.9"}, None),
            ({"Engine": "memcached"}, None),
            ({"Engine": "valkey"}, None),
            ({"CacheNodeType": "cache.r6g.large"}, "No modifications were requested."),
        ]
        for extra, message in cases:
            with self.subTest(extra=extra):
                params = dict(GlobalReplicationGroupId="ldgnf-shop", ApplyImmediately=True)
                params.update(extra)
                self.assertAwsError("InvalidParameterValue", modify, message=message, **params)
        self.assertAwsError("GlobalReplicationGroupNotFoundFault", modify, status=404,
                            GlobalReplicationGroupId="ldgnf-none", ApplyImmediately=True,
                            GlobalReplicationGroupDescription="x")
        self.assert_unchanged("ldgnf-shop", before)


class DisassociateFailoverDelete(GlobalMixin, ServerTestCase):

    def test_the_whole_way_down(self):
        self.datastore()
        west = self.region[WEST]
        self.assertAwsError("InvalidGlobalReplicationGroupState",
                            self.ec.delete_global_replication_group,
                            GlobalReplicationGroupId="ldgnf-shop",
                            RetainPrimaryReplicationGroup=True,
                            message="Cannot delete a global replication group in available state.")
        self.assertAwsError("InvalidParameterValue", self.ec.disassociate_global_replication_group,
                            GlobalReplicationGroupId="ldgnf-shop", ReplicationGroupId="shop",
                            ReplicationGroupRegion=EAST)
        # Terraform treats this one as already done: its words are what it looks for.
        self.assertAwsError(
            "InvalidParameterValue", self.ec.disassociate_global_replication_group,
            GlobalReplicationGroupId="ldgnf-shop", ReplicationGroupId="shop-west",
            ReplicationGroupRegion=EU,
            message="Replication group shop-west in region eu-west-1 is not associated with "
                    "Global Replication Group ldgnf-shop.")
        answer = west.disassociate_global_replication_group(
            GlobalReplicationGroupId="ldgnf-shop", ReplicationGroupId="shop-west",
            ReplicationGroupRegion=WEST)["GlobalReplicationGroup"]
        self.assertEqual(answer["Status"], "modifying")
        grg = self.assert_agrees("ldgnf-shop")
        self.assertEqual((grg["Status"], [m["ReplicationGroupId"] for m in grg["Members"]]),
                         ("primary-only", ["shop"]))
        self.assertNotIn("GlobalReplicationGroupInfo", self.group("shop-west", west))
        west.delete_replication_group(ReplicationGroupId="shop-west")
        self.assertAwsError("InvalidParameterValue", self.ec.delete_global_replication_group,
                            GlobalReplicationGroupId="ldgnf-shop",
                            RetainPrimaryReplicationGroup=False)
        deleting = west.delete_global_replication_group(
            GlobalReplicationGroupId="ldgnf-shop",
            RetainPrimaryReplicationGroup=True)["GlobalReplicationGroup"]
        self.assertEqual(deleting["Status"], "deleting")
        self.assertAwsError("GlobalReplicationGroupNotFoundFault",
                            self.ec.describe_global_replication_groups,
                            GlobalReplicationGroupId="ldgnf-shop")
        primary = self.group("shop")
        self.assertNotIn("GlobalReplicationGroupInfo", primary)
        self.assertEqual(primary["Status"], "available")
        self.ec.delete_replication_group(ReplicationGroupId="shop")

    def test_failover_moves_the_primary_region(self):
        self.datastore()
        west = self.region[WEST]
        self.assertAwsError("InvalidParameterValue", self.ec.failover_global_replication_group,
                            GlobalReplicationGroupId="ldgnf-shop", PrimaryRegion=EAST,
                            PrimaryReplicationGroupId="shop")
        self.assertAwsError("InvalidParameterValue", self.ec.failover_global_replication_group,
                            GlobalReplicationGroupId="ldgnf-shop", PrimaryRegion=EU,
                            PrimaryReplicationGroupId="shop-west")
        answer = west.failover_global_replication_group(
            GlobalReplicationGroupId="ldgnf-shop", PrimaryRegion=WEST,
            PrimaryReplicationGroupId="shop-west")["GlobalReplicationGroup"]
        self.assertEqual(answer["Status"], "modifying")
        grg = self.assert_agrees("ldgnf-shop")
        self.assertEqual({m["ReplicationGroupId"]: m["Role"] for m in grg["Members"]},
                         {"shop": "SECONDARY", "shop-west": "PRIMARY"})
        # The old primary can now leave, and the datastore be deleted from the new one's side.
        self.ec.disassociate_global_replication_group(
            GlobalReplicationGroupId="ldgnf-shop", ReplicationGroupId="shop",
            ReplicationGroupRegion=EAST)
        self.assertEqual(self.describe_global("ldgnf-shop")["Status"], "primary-only")
        self.ec.delete_replication_group(ReplicationGroupId="shop")
        self.assertRegex(self.describe_global("ldgnf-shop")["ARN"], r"::\d{12}:")


class NodeGroups(GlobalMixin, ServerTestCase):

    def test_grow_shrink_and_rebalance_every_member_together(self):
        self.datastore(cme=True)
        grown = self.ec.increase_node_groups_in_global_replication_group(
            GlobalReplicationGroupId="ldgnf-shop", NodeGroupCount=4,
            ApplyImmediately=True)["GlobalReplicationGroup"]
        self.assertEqual(grown["Status"], "modifying")
        self.assertEqual(len(grown["GlobalNodeGroups"]), 2)  # the new ones hold no slots yet
        grg = self.assert_agrees("ldgnf-shop")
        self.assertEqual([g["GlobalNodeGroupId"] for g in grg["GlobalNodeGroups"]],
                         [f"ldgnf-shop-000{n}" for n in (1, 2, 3, 4)])
        shrunk = self.ec.decrease_node_groups_in_global_replication_group(
            GlobalReplicationGroupId="ldgnf-shop", NodeGroupCount=2, ApplyImmediately=True,
            GlobalNodeGroupsToRetain=["ldgnf-shop-0002", "ldgnf-shop-0004"])["GlobalReplicationGroup"]
        self.assertEqual(shrunk["Status"], "modifying")
        grg = self.assert_agrees("ldgnf-shop")
        self.assertEqual([g["GlobalNodeGroupId"] for g in grg["GlobalNodeGroups"]],
                         ["ldgnf-shop-0002", "ldgnf-shop-0004"])
        self.assertAwsError("InvalidGlobalReplicationGroupState",
                            self.ec.rebalance_slots_in_global_replication_group,
                            GlobalReplicationGroupId="ldgnf-shop", ApplyImmediately=True)

    def test_rebalance_uneven_slots(self):
        self.primary(cme=True, NumNodeGroups=2, NodeGroupConfiguration=[
            {"Slots": "0-100", "ReplicaCount": 1}, {"Slots": "101-16383", "ReplicaCount": 1}])
        self.create_global()
        self.secondary("ldgnf-shop", ReplicasPerNodeGroup=1)
        self.ec.rebalance_slots_in_global_replication_group(
            GlobalReplicationGroupId="ldgnf-shop", ApplyImmediately=True)
        grg = self.assert_agrees("ldgnf-shop")
        counts = [len(parse_slots(g["Slots"])) for g in grg["GlobalNodeGroups"]]
        self.assertEqual(counts, [8192, 8192])

    def test_regional_configurations_place_each_member_s_new_shards(self):
        self.datastore(cme=True)
        self.ec.increase_node_groups_in_global_replication_group(
            GlobalReplicationGroupId="ldgnf-shop", NodeGroupCount=3, ApplyImmediately=True,
            RegionalConfigurations=[{
                "ReplicationGroupId": "shop-west", "ReplicationGroupRegion": WEST,
                "ReshardingConfiguration": [{"NodeGroupId": "0003",
                                             "PreferredAvailabilityZones": ["us-west-2c",
                                                                            "us-west-2a"]}]}])
        self.assert_agrees("ldgnf-shop")
        west = self.group("shop-west", self.region[WEST])
        new = [ng for ng in west["NodeGroups"] if ng["NodeGroupId"] == "0003"][0]
        self.assertEqual([m["PreferredAvailabilityZone"] for m in new["NodeGroupMembers"]],
                         ["us-west-2c", "us-west-2a"])

    def test_refusals_change_nothing(self):
        self.datastore(cme=True)
        before = self.describe_global("ldgnf-shop")
        increase = self.ec.increase_node_groups_in_global_replication_group
        decrease = self.ec.decrease_node_groups_in_global_replication_group
        self.assertAwsError("InvalidParameterValue", increase, GlobalReplicationGroupId="ldgnf-shop",
                            NodeGroupCount=2, ApplyImmediately=True)
        self.assertAwsError("InvalidParameterValue", increase, GlobalReplicationGroupId="ldgnf-shop",
                            NodeGroupCount=3, ApplyImmediately=False)
        self.assertAwsError("InvalidParameterValue", increase, GlobalReplicationGroupId="ldgnf-shop",
                            NodeGroupCount=99, ApplyImmediately=True)
        self.assertAwsError("InvalidParameterValue", increase, GlobalReplicationGroupId="ldgnf-shop",
                            NodeGroupCount=3, ApplyImmediately=True, RegionalConfigurations=[{
                                "ReplicationGroupId": "elsewhere", "ReplicationGroupRegion": EU,
                                "ReshardingConfiguration": [{"NodeGroupId": "0003"}]}])
        self.assertAwsError("InvalidParameterValue", increase, GlobalReplicationGroupId="ldgnf-shop",
                            NodeGroupCount=3, ApplyImmediately=True, RegionalConfigurations=[{
                                "ReplicationGroupId": "shop-west", "ReplicationGroupRegion": WEST,
                                "ReshardingConfiguration": [{"NodeGroupId": "0007"}]}])
        self.assertAwsError("InvalidParameterValue", decrease, GlobalReplicationGroupId="ldgnf-shop",
                            NodeGroupCount=1, ApplyImmediately=True,
                            GlobalNodeGroupsToRemove=["0002"])
        self.assertAwsError("InvalidParameterValue", decrease, GlobalReplicationGroupId="ldgnf-shop",
                            NodeGroupCount=1, ApplyImmediately=True)
        self.assertAwsError("InvalidParameterValue", decrease, GlobalReplicationGroupId="ldgnf-shop",
                            NodeGroupCount=2, ApplyImmediately=True,
                            GlobalNodeGroupsToRemove=["ldgnf-shop-0002"])
        self.assert_unchanged("ldgnf-shop", before)
        self.assertEqual(self.region[WEST].describe_replication_groups()["ReplicationGroups"][0][
            "Status"], "available")

    def test_cluster_mode_disabled_has_no_node_groups_to_change(self):
        self.datastore()
        self.assertAwsError("InvalidParameterValue",
                            self.ec.increase_node_groups_in_global_replication_group,
                            GlobalReplicationGroupId="ldgnf-shop", NodeGroupCount=2,
                            ApplyImmediately=True)


class SlowTransitions(GlobalMixin, ServerTestCase):
    """Each step takes 60 s of the admin clock, so its intermediate states can be seen."""

    server_args = ("--transition-seconds", "60")

    def settle(self):
        self.server.advance(61)

    def test_every_step_in_between(self):
        self.primary()
        self.assertAwsError("InvalidReplicationGroupState", self.create_global)
        self.settle()
        grg = self.create_global()
        self.assertEqual(self.describe_global("ldgnf-shop")["Status"], "creating")
        self.assertAwsError("InvalidGlobalReplicationGroupState", self.secondary, "ldgnf-shop")
        self.settle()
        self.assertEqual(self.describe_global("ldgnf-shop")["Status"], "primary-only")
        self.secondary(grg["GlobalReplicationGroupId"], NumCacheClusters=2)
        joining = self.describe_global("ldgnf-shop")
        self.assertEqual(joining["Status"], "modifying")
        self.assertEqual({m["ReplicationGroupId"]: m["Status"] for m in joining["Members"]},
                         {"shop": "associated", "shop-west": "associating"})
        self.assertEqual(self.group("shop-west", self.region[WEST])["Status"], "creating")
        for call, kwargs in ((self.ec.modify_global_replication_group,
                              dict(ApplyImmediately=True, GlobalReplicationGroupDescription="x")),
                             (self.ec.failover_global_replication_group,
                              dict(PrimaryRegion=WEST, PrimaryReplicationGroupId="shop-west")),
                             (self.ec.disassociate_global_replication_group,
                              dict(ReplicationGroupId="shop-west", ReplicationGroupRegion=WEST))):
            self.assertAwsError("InvalidGlobalReplicationGroupState", call,
                                GlobalReplicationGroupId="ldgnf-shop", **kwargs)
        self.settle()
        self.assertEqual(self.assert_agrees("ldgnf-shop")["Status"], "available")
        self.ec.modify_global_replication_group(GlobalReplicationGroupId="ldgnf-shop",
                                                ApplyImmediately=True,
                                                CacheNodeType="cache.r6g.xlarge")
        during = self.describe_global("ldgnf-shop")
        self.assertEqual((during["Status"], during["CacheNodeType"]), ("modifying", "cache.r6g.large"))
        for region, rg_id in ((EAST, "shop"), (WEST, "shop-west")):
            member = self.group(rg_id, self.region[region])
            self.assertEqual((member["Status"], member["CacheNodeType"]),
                             ("modifying", "cache.r6g.large"))
        self.settle()
        self.assertEqual(self.assert_agrees("ldgnf-shop")["CacheNodeType"], "cache.r6g.xlarge")
        self.region[WEST].disassociate_global_replication_group(
            GlobalReplicationGroupId="ldgnf-shop", ReplicationGroupId="shop-west",
            ReplicationGroupRegion=WEST)
        leaving = self.describe_global("ldgnf-shop")
        self.assertEqual(leaving["Status"], "modifying")
        self.assertEqual([m["Status"] for m in leaving["Members"]], ["associated", "associated"])
        self.assertIn("GlobalReplicationGroupInfo", self.group("shop-west", self.region[WEST]))
        self.settle()
        self.assertNotIn("GlobalReplicationGroupInfo", self.group("shop-west", self.region[WEST]))
        self.ec.delete_global_replication_group(GlobalReplicationGroupId="ldgnf-shop",
                                                RetainPrimaryReplicationGroup=True)
        self.assertEqual(self.describe_global("ldgnf-shop")["Status"], "deleting")
        self.assertIn("GlobalReplicationGroupInfo", self.group("shop"))
        self.settle()
        self.assertAwsError("GlobalReplicationGroupNotFoundFault",
                            self.ec.describe_global_replication_groups,
                            GlobalReplicationGroupId="ldgnf-shop")
        self.assertNotIn("GlobalReplicationGroupInfo", self.group("shop"))

    def test_resharding_every_member_in_between(self):
        self.primary(cme=True)
        self.settle()
        self.create_global()
        self.settle()
        self.secondary("ldgnf-shop", ReplicasPerNodeGroup=1)
        self.settle()
        self.ec.increase_node_groups_in_global_replication_group(
            GlobalReplicationGroupId="ldgnf-shop", NodeGroupCount=3, ApplyImmediately=True)
        during = self.describe_global("ldgnf-shop")
        self.assertEqual(during["Status"], "modifying")
        self.assertEqual([g["GlobalNodeGroupId"] for g in during["GlobalNodeGroups"]],
                         ["ldgnf-shop-0001", "ldgnf-shop-0002"])
        for region, rg_id in ((EAST, "shop"), (WEST, "shop-west")):
            member = self.group(rg_id, self.region[region])
            self.assertEqual(member["Status"], "modifying")
            self.assertEqual([ng["Status"] for ng in member["NodeGroups"]],
                             ["modifying", "modifying", "creating"])
        self.settle()
        grg = self.assert_agrees("ldgnf-shop")
        self.assertEqual((grg["Status"], len(grg["GlobalNodeGroups"])), ("available", 3))


if __name__ == "__main__":
    main()

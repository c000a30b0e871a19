"""CreateReplicationGroup through boto3: what a successful create returns and describes."""

import re

from ecl_harness import ServerTestCase, endpoint_pattern, main


class ClusterModeDisabled(ServerTestCase):
    def test_create_response_is_creating_with_member_clusters_and_arn(self):
        group = self.create_cmd("rg", clusters=3)
        self.assertEqual(group["ReplicationGroupId"], "rg")
        self.assertEqual(group["Status"], "creating")
        self.assertEqual(group["MemberClusters"], ["rg-001", "rg-002", "rg-003"])
        self.assertEqual(group["ARN"], "arn:aws:elasticache:us-east-1:000000000000:replicationgroup:rg")
        self.assertEqual(group["Description"], "test group")
        self.assertIn(group["AutomaticFailover"], ("enabling", "enabled"))
        self.assertFalse(group.get("ClusterEnabled", False))

    def test_waiter_then_describe_shows_available_group_with_endpoints(self):
        self.create_cmd("orders-cache", clusters=3)
        self.ec.get_waiter("replication_group_available").wait(
            ReplicationGroupId="orders-cache", WaiterConfig=self.WAIT_FAST)
        group = self.describe("orders-cache")
        self.assertEqual(group["Status"], "available")
        self.assertEqual(group["AutomaticFailover"], "enabled")
        self.assertEqual(group["MemberClusters"],
                         ["orders-cache-001", "orders-cache-002", "orders-cache-003"])
        self.assertNotIn("ConfigurationEndpoint", group)
        self.assertEqual(len(group["NodeGroups"]), 1)
        node_group = group["NodeGroups"][0]
        self.assertEqual(node_group["NodeGroupId"], "0001")
        self.assertEqual(node_group["Status"], "available")

        primary = node_group["PrimaryEndpoint"]
        match = re.match(endpoint_pattern("primary", "orders-cache"), primary["Address"])
        self.assertIsNotNone(match, primary["Address"])
        group_hash = match.group(1)
        self.assertEqual(primary["Port"], 6379)
        reader = node_group["ReaderEndpoint"]
        self.assertRegex(reader["Address"], endpoint_pattern("reader", "orders-cache"))
        self.assertEqual(reader["Address"].split(".")[1], group_hash, "one hash per group")
        self.assertEqual(reader["Port"], 6379)

        members = node_group["NodeGroupMembers"]
        self.assertEqual(sorted(m["CacheClusterId"] for m in members), group["MemberClusters"])
        roles = sorted(m["CurrentRole"] for m in members)
        self.assertEqual(roles, ["primary", "replica", "replica"])
        for member in members:
            self.assertEqual(member["CacheNodeId"], "0001")
            self.assertRegex(member["ReadEndpoint"]["Address"],
                             endpoint_pattern("node", member["CacheClusterId"]))
            self.assertEqual(member["ReadEndpoint"]["Address"].split(".")[1], group_hash)
            self.assertEqual(member["ReadEndpoint"]["Port"], 6379)
            self.assertTrue(member["PreferredAvailabilityZone"].startswith("us-east-1"))

    def test_uppercase_id_is_stored_lowercase_and_found_case_insensitively(self):
        group = self.create_cmd("MyRedis", clusters=2)
        self.assertEqual(group["ReplicationGroupId"], "myredis")
        self.assertEqual(group["MemberClusters"], ["myredis-001", "myredis-002"])
        self.assertEqual(self.describe("MYREDIS")["ReplicationGroupId"], "myredis")

    def test_single_node_without_failover(self):
        group = self.create_cmd("solo", clusters=1)
        self.assertEqual(group["MemberClusters"], ["solo-001"])
        self.assertEqual(group["AutomaticFailover"], "disabled")
        described = self.describe("solo")
        members = described["NodeGroups"][0]["NodeGroupMembers"]
        self.assertEqual([m["CurrentRole"] for m in members], ["primary"])

    def test_forty_character_id_is_accepted(self):
        group_id = "a" * 40
        self.assertEqual(self.create_cmd(group_id, clusters=1)["ReplicationGroupId"], group_id)

    def test_auth_token_with_transit_encryption(self):
        group = self.create_cmd("secure", clusters=2, TransitEncryptionEnabled=True,
                                AuthToken="a-valid-token-0123456789")
        self.assertTrue(group["AuthTokenEnabled"])
        self.assertTrue(group["TransitEncryptionEnabled"])

    def test_custom_port_and_windows_are_kept(self):
        self.create_cmd("windows", clusters=2, Port=6380,
                        PreferredMaintenanceWindow="sun:05:00-sun:06:00",
                        SnapshotWindow="03:00-04:00")
        group = self.describe("windows")
        self.assertEqual(group["NodeGroups"][0]["PrimaryEndpoint"]["Port"], 6380)
        self.assertEqual(group["SnapshotWindow"], "03:00-04:00")


class ClusterModeEnabled(ServerTestCase):
    def test_three_shards_with_one_replica_each(self):
        group = self.create_cme("shop", shards=3, replicas=1)
        self.assertEqual(group["Status"], "creating")
        self.assertEqual(group["MemberClusters"],
                         ["shop-0001-001", "shop-0001-002", "shop-0002-001", "shop-0002-002",
                          "shop-0003-001", "shop-0003-002"])
        self.ec.get_waiter("replication_group_available").wait(
            ReplicationGroupId="shop", WaiterConfig=self.WAIT_FAST)

        group = self.describe("shop")
        self.assertEqual(group["Status"], "available")
        self.assertTrue(group["ClusterEnabled"])
        self.assertEqual(group["AutomaticFailover"], "enabled")
        config = group["ConfigurationEndpoint"]
        self.assertRegex(config["Address"], endpoint_pattern("config", "shop"))
        self.assertEqual(config["Port"], 6379)

        node_groups = sorted(group["NodeGroups"], key=lambda g: g["NodeGroupId"])
        self.assertEqual([g["NodeGroupId"] for g in node_groups], ["0001", "0002", "0003"])
        self.assertEqual([g["Slots"] for g in node_groups],
                         ["0-5461", "5462-10922", "10923-16383"])
        for node_group in node_groups:
            self.assertEqual(node_group["Status"], "available")
            # Cluster mode enabled: no per-shard endpoints, no roles or read endpoints.
            self.assertNotIn("PrimaryEndpoint", node_group)
            self.assertNotIn("ReaderEndpoint", node_group)
            self.assertEqual(len(node_group["NodeGroupMembers"]), 2)
            for member in node_group["NodeGroupMembers"]:
                self.assertTrue(member["CacheClusterId"].startswith(
                    f"shop-{node_group['NodeGroupId']}-"))
                self.assertEqual(member["CacheNodeId"], "0001")
                self.assertNotIn("CurrentRole", member)

    def test_two_shards_split_slots_in_half(self):
        self.create_cme("halves", shards=2, replicas=0)
        group = self.describe("halves")
        self.assertEqual(sorted(g["Slots"] for g in group["NodeGroups"]),
                         ["0-8191", "8192-16383"])
        self.assertEqual(group["MemberClusters"], ["halves-0001-001", "halves-0002-001"])

    def test_node_group_configuration_with_user_ids_and_slots(self):
        self.ec.create_replication_group(
            ReplicationGroupId="custom", ReplicationGroupDescription="custom shards",
            Engine="redis", CacheNodeType="cache.t3.micro",
            CacheParameterGroupName="default.redis7.cluster.on",
            AutomaticFailoverEnabled=True, NumNodeGroups=2,
            NodeGroupConfiguration=[
                {"NodeGroupId": "5", "Slots": "0-999", "ReplicaCount": 1,
                 "PrimaryAvailabilityZone": "us-east-1a",
                 "ReplicaAvailabilityZones": ["us-east-1b"]},
                {"NodeGroupId": "0010", "Slots": "1000-16383", "ReplicaCount": 2},
            ])
        group = self.describe("custom")
        by_id = {g["NodeGroupId"]: g for g in group["NodeGroups"]}
        # The id is the user's string; padding "5" to "0005" is also accepted (unsettled).
        self.assertIn("0010", by_id)
        short_id = "5" if "5" in by_id else "0005"
        self.assertEqual(set(by_id), {short_id, "0010"})
        self.assertEqual(by_id[short_id]["Slots"], "0-999")
        self.assertEqual(by_id["0010"]["Slots"], "1000-16383")
        self.assertEqual(len(by_id[short_id]["NodeGroupMembers"]), 2)
        self.assertEqual(len(by_id["0010"]["NodeGroupMembers"]), 3)
        self.assertEqual(len(group["MemberClusters"]), 5)
        zones = sorted(m["PreferredAvailabilityZone"] for m in by_id[short_id]["NodeGroupMembers"])
        self.assertEqual(zones, ["us-east-1a", "us-east-1b"])

    def test_tags_on_create_are_listed(self):
        group = self.create_cme("tagged", shards=1, replicas=1,
                                Tags=[{"Key": "team", "Value": "payments"},
                                      {"Key": "env", "Value": "test"}])
        tags = self.ec.list_tags_for_resource(ResourceName=group["ARN"])["TagList"]
        self.assertEqual(sorted((t["Key"], t["Value"]) for t in tags),
                         [("env", "test"), ("team", "payments")])


if __name__ == "__main__":
    main()

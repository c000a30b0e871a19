"""DescribeReplicationGroups (paging), DeleteReplicationGroup, DescribeCacheClusters."""

import re

from ecl_harness import ServerTestCase, endpoint_pattern, main


class DescribeReplicationGroups(ServerTestCase):
    def test_empty_account_lists_nothing(self):
        response = self.ec.describe_replication_groups()
        self.assertEqual(response["ReplicationGroups"], [])
        self.assertNotIn("Marker", response)

    def test_unknown_id_is_not_found_404(self):
        self.assertAwsError("ReplicationGroupNotFoundFault", self.ec.describe_replication_groups,
                            ReplicationGroupId="nope", status=404)

    def test_max_records_outside_20_to_100(self):
        for max_records in (19, 101):
            with self.subTest(max_records=max_records):
                self.assertAwsError("InvalidParameterValue",
                                    self.ec.describe_replication_groups,
                                    MaxRecords=max_records, status=400)

    def test_paginator_pages_of_20_over_45_groups(self):
        ids = [f"group-{n:02d}" for n in range(45)]
        for group_id in reversed(ids):
            self.create_cmd(group_id, clusters=1)
        pages = list(self.ec.get_paginator("describe_replication_groups").paginate(
            PaginationConfig={"PageSize": 20}))
        self.assertEqual([len(p["ReplicationGroups"]) for p in pages], [20, 20, 5])
        seen = [g["ReplicationGroupId"] for p in pages for g in p["ReplicationGroups"]]
        self.assertEqual(seen, sorted(ids))
        self.assertIn("Marker", pages[0])
        self.assertNotIn("Marker", pages[-1])

    def test_manual_marker_round_trip(self):
        for n in range(25):
            self.create_cmd(f"m{n:02d}", clusters=1)
        first = self.ec.describe_replication_groups(MaxRecords=20)
        self.assertEqual(len(first["ReplicationGroups"]), 20)
        second = self.ec.describe_replication_groups(MaxRecords=20, Marker=first["Marker"])
        self.assertEqual([g["ReplicationGroupId"] for g in second["ReplicationGroups"]],
                         [f"m{n:02d}" for n in range(20, 25)])


class DeleteReplicationGroup(ServerTestCase):
    def test_delete_returns_deleting_then_group_is_gone(self):
        self.create_cmd("doomed", clusters=2)
        self.ec.get_waiter("replication_group_available").wait(
            ReplicationGroupId="doomed", WaiterConfig=self.WAIT_FAST)
        group = self.ec.delete_replication_group(ReplicationGroupId="doomed")["ReplicationGroup"]
        self.assertEqual(group["ReplicationGroupId"], "doomed")
        self.assertEqual(group["Status"], "deleting")
        self.ec.get_waiter("replication_group_deleted").wait(
            ReplicationGroupId="doomed", WaiterConfig=self.WAIT_FAST)
        self.assertAwsError("ReplicationGroupNotFoundFault", self.ec.describe_replication_groups,
                            ReplicationGroupId="doomed", status=404)
        clusters = self.ec.describe_cache_clusters()["CacheClusters"]
        self.assertEqual([c["CacheClusterId"] for c in clusters], [])

    def test_delete_unknown_is_not_found_404(self):
        self.assertAwsError("ReplicationGroupNotFoundFault", self.ec.delete_replication_group,
                            ReplicationGroupId="ghost", status=404)

    def test_delete_is_case_insensitive(self):
        self.create_cmd("casey", clusters=1)
        group = self.ec.delete_replication_group(ReplicationGroupId="CASEY")["ReplicationGroup"]
        self.assertEqual(group["ReplicationGroupId"], "casey")

    def test_retain_primary_cluster_keeps_a_standalone_cache_cluster(self):
        self.create_cmd("keeper", clusters=3)
        self.ec.get_waiter("replication_group_available").wait(
            ReplicationGroupId="keeper", WaiterConfig=self.WAIT_FAST)
        self.ec.delete_replication_group(ReplicationGroupId="keeper", RetainPrimaryCluster=True)
        self.ec.get_waiter("replication_group_deleted").wait(
            ReplicationGroupId="keeper", WaiterConfig=self.WAIT_FAST)
        clusters = self.ec.describe_cache_clusters()["CacheClusters"]
        self.assertEqual([c["CacheClusterId"] for c in clusters], ["keeper-001"])
        self.assertNotIn("ReplicationGroupId", clusters[0])
        self.assertEqual(clusters[0]["CacheClusterStatus"], "available")

    def test_delete_then_recreate_same_id(self):
        self.create_cmd("again", clusters=1)
        self.ec.delete_replication_group(ReplicationGroupId="again")
        self.ec.get_waiter("replication_group_deleted").wait(
            ReplicationGroupId="again", WaiterConfig=self.WAIT_FAST)
        self.assertEqual(self.create_cmd("again", clusters=1)["Status"], "creating")


class DescribeCacheClusters(ServerTestCase):
    def test_member_clusters_of_both_modes(self):
        self.create_cmd("plain", clusters=2)
        self.create_cme("sharded", shards=2, replicas=1)
        clusters = self.ec.describe_cache_clusters()["CacheClusters"]
        by_id = {c["CacheClusterId"]: c for c in clusters}
        self.assertEqual(sorted(by_id), ["plain-001", "plain-002", "sharded-0001-001",
                                         "sharded-0001-002", "sharded-0002-001",
                                         "sharded-0002-002"])
        self.assertEqual(by_id["plain-001"]["ReplicationGroupId"], "plain")
        self.assertEqual(by_id["sharded-0002-001"]["ReplicationGroupId"], "sharded")
        for cluster in clusters:
            self.assertEqual(cluster["Engine"], "redis")
            self.assertEqual(cluster["CacheNodeType"], "cache.t3.micro")
            self.assertEqual(cluster["NumCacheNodes"], 1)
            self.assertEqual(cluster["CacheClusterStatus"], "available")
            self.assertEqual(cluster["ARN"], "arn:aws:elasticache:us-east-1:000000000000:cluster:"
                             + cluster["CacheClusterId"])
            self.assertNotIn("CacheNodes", cluster)

    def test_by_id_with_node_info(self):
        self.create_cmd("nodes", clusters=2)
        cluster = self.ec.describe_cache_clusters(
            CacheClusterId="nodes-002", ShowCacheNodeInfo=True)["CacheClusters"]
        self.assertEqual(len(cluster), 1)
        nodes = cluster[0]["CacheNodes"]
        self.assertEqual(len(nodes), 1)
        self.assertEqual(nodes[0]["CacheNodeId"], "0001")
        self.assertEqual(nodes[0]["CacheNodeStatus"], "available")
        self.assertRegex(nodes[0]["Endpoint"]["Address"], endpoint_pattern("node", "nodes-002"))
        self.assertEqual(nodes[0]["Endpoint"]["Port"], 6379)
        group_hash = re.match(endpoint_pattern("primary", "nodes"), self.describe("nodes")[
            "NodeGroups"][0]["PrimaryEndpoint"]["Address"]).group(1)
        self.assertEqual(nodes[0]["Endpoint"]["Address"].split(".")[1], group_hash)

    def test_unknown_cluster_is_not_found_404(self):
        self.assertAwsError("CacheClusterNotFound", self.ec.describe_cache_clusters,
                            CacheClusterId="missing-001", status=404)

    def test_not_in_replication_groups_filter(self):
        self.create_cmd("grouped", clusters=1)
        response = self.ec.describe_cache_clusters(ShowCacheClustersNotInReplicationGroups=True)
        self.assertEqual(response["CacheClusters"], [])


if __name__ == "__main__":
    main()

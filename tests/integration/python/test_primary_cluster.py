"""CreateReplicationGroup with PrimaryClusterId: an existing standalone cluster becomes the primary."""

from ecl_harness import ServerTestCase, main


class PrimaryClusterId(ServerTestCase):
    def keep_primary_of(self, group_id):
        self.create_cmd(group_id, clusters=2)
        self.ec.delete_replication_group(ReplicationGroupId=group_id, RetainPrimaryCluster=True)
        self.ec.get_waiter("replication_group_deleted").wait(
            ReplicationGroupId=group_id, WaiterConfig=self.WAIT_FAST)
        return f"{group_id}-001"

    def test_standalone_cluster_becomes_the_primary(self):
        primary = self.keep_primary_of("old")
        group = self.ec.create_replication_group(
            ReplicationGroupId="new", ReplicationGroupDescription="adopts a cluster",
            PrimaryClusterId=primary, NumCacheClusters=2,
            AutomaticFailoverEnabled=True)["ReplicationGroup"]
        self.assertEqual(group["MemberClusters"], [primary, "new-002"])
        self.ec.get_waiter("replication_group_available").wait(
            ReplicationGroupId="new", WaiterConfig=self.WAIT_FAST)
        members = self.describe("new")["NodeGroups"][0]["NodeGroupMembers"]
        self.assertEqual([(m["CacheClusterId"], m["CurrentRole"]) for m in members],
                         [(primary, "primary"), ("new-002", "replica")])
        cluster = self.ec.describe_cache_clusters(CacheClusterId=primary)["CacheClusters"][0]
        self.assertEqual(cluster["ReplicationGroupId"], "new")

    def test_unknown_cluster(self):
        self.assertAwsError("CacheClusterNotFound", self.ec.create_replication_group,
                            ReplicationGroupId="new", ReplicationGroupDescription="d",
                            PrimaryClusterId="nope-001", status=404)

    def test_member_of_another_group_is_rejected(self):
        self.create_cmd("busy", clusters=2)
        self.assertAwsError("InvalidCacheClusterState", self.ec.create_replication_group,
                            ReplicationGroupId="new", ReplicationGroupDescription="d",
                            PrimaryClusterId="busy-001", status=400)
        self.assertAwsError("ReplicationGroupNotFoundFault", self.describe, "new")


if __name__ == "__main__":
    main()

"""Lifecycle with --transition-seconds 2: states are observable and the admin clock moves them."""

from ecl_harness import ServerTestCase, main


class SlowTransitions(ServerTestCase):
    server_args = ("--transition-seconds", "2")

    def test_creating_until_the_clock_moves_past_the_transition(self):
        self.create_cmd("slow", clusters=2)
        self.assertEqual(self.describe("slow")["Status"], "creating")
        clusters = self.ec.describe_cache_clusters()["CacheClusters"]
        self.assertEqual({c["CacheClusterStatus"] for c in clusters}, {"creating"})
        self.server.advance(5)
        self.assertEqual(self.describe("slow")["Status"], "available")
        clusters = self.ec.describe_cache_clusters()["CacheClusters"]
        self.assertEqual({c["CacheClusterStatus"] for c in clusters}, {"available"})

    def test_delete_while_creating_is_an_invalid_state(self):
        self.create_cmd("busy", clusters=2)
        self.assertAwsError("InvalidReplicationGroupState", self.ec.delete_replication_group,
                            ReplicationGroupId="busy", status=400)

    def test_deleting_until_the_clock_moves(self):
        self.create_cme("goner", shards=2, replicas=1)
        self.server.advance(5)
        self.assertEqual(self.ec.delete_replication_group(
            ReplicationGroupId="goner")["ReplicationGroup"]["Status"], "deleting")
        self.assertEqual(self.describe("goner")["Status"], "deleting")
        self.server.advance(5)
        self.assertAwsError("ReplicationGroupNotFoundFault", self.ec.describe_replication_groups,
                            ReplicationGroupId="goner", status=404)

    def test_duplicate_while_deleting(self):
        self.create_cmd("sticky", clusters=1)
        self.server.advance(5)
        self.ec.delete_replication_group(ReplicationGroupId="sticky")
        self.assertAwsError("ReplicationGroupAlreadyExists", self.create_cmd, "sticky",
                            clusters=1)

    def test_tagging_while_creating_is_an_invalid_state(self):
        arn = self.create_cmd("early", clusters=1)["ARN"]
        self.assertAwsError("InvalidReplicationGroupState", self.ec.add_tags_to_resource,
                            ResourceName=arn, Tags=[{"Key": "k", "Value": "v"}], status=400)

    def test_reset_also_forgets_pending_transitions(self):
        self.create_cmd("pending", clusters=1)
        self.server.reset()
        self.assertEqual(self.ec.describe_replication_groups()["ReplicationGroups"], [])
        self.server.advance(5)
        self.assertEqual(self.ec.describe_replication_groups()["ReplicationGroups"], [])


if __name__ == "__main__":
    main()

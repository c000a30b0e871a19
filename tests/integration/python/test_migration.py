"""Online migration through boto3: StartMigration, TestMigration and CompleteMigration with
the target's requirements (engine version, in-transit encryption, Multi-AZ, data tiering,
status), the endpoint list, the statuses the group shows on the emulator clock (modifying,
migrating, available), what a migrating group refuses, and the events."""

from ecl_harness import ServerTestCase, main

SOURCE = [{"Address": "10.0.0.241", "Port": 6379}]


class MigrationTestCase(ServerTestCase):
    server_args = ("--transition-seconds", "10")

    def target(self, group_id="test", **extra):
        params = dict(clusters=3, MultiAZEnabled=True)
        params.update(extra)
        self.create_cmd(group_id, **params)
        self.server.advance(11)
        self.assertEqual(self.describe(group_id)["Status"], "available")

    def messages(self, group_id):
        events = self.ec.describe_events(SourceType="replication-group",
                                         SourceIdentifier=group_id, Duration=600)["Events"]
        return [e["Message"] for e in events]


class Migration(MigrationTestCase):
    def test_start_migrating_then_complete(self):
        self.target()
        started = self.ec.start_migration(ReplicationGroupId="Test",
                                          CustomerNodeEndpointList=SOURCE)["ReplicationGroup"]
        # The AWS CLI's start-migration example answers the group as "modifying".
        self.assertEqual(started["ReplicationGroupId"], "test")
        self.assertEqual(started["Status"], "modifying")
        self.assertEqual(started["MemberClusters"], ["test-001", "test-002", "test-003"])
        self.assertEqual(started["NodeGroups"][0]["Status"], "available")
        self.server.advance(10)
        self.assertEqual(self.describe("test")["Status"], "migrating")
        for c in self.ec.describe_cache_clusters()["CacheClusters"]:
            self.assertEqual(c["CacheClusterStatus"], "available")

        completing = self.ec.complete_migration(ReplicationGroupId="test")["ReplicationGroup"]
        self.assertEqual(completing["Status"], "migrating")  # until the primary is promoted
        self.assertAwsError("InvalidReplicationGroupState", self.ec.complete_migration,
                            ReplicationGroupId="test")
        self.server.advance(10)
        self.assertEqual(self.describe("test")["Status"], "available")
        self.assertIn("Complete Migration successful for test", self.messages("test"))
        # Over: a new migration may start, completing again is refused.
        self.assertAwsError("ReplicationGroupNotUnderMigrationFault", self.ec.complete_migration,
                            ReplicationGroupId="test", status=400)
        self.ec.start_migration(ReplicationGroupId="test", CustomerNodeEndpointList=SOURCE)

    def test_force_ends_a_migration_the_same_way(self):
        self.target()
        self.ec.start_migration(ReplicationGroupId="test", CustomerNodeEndpointList=SOURCE)
        self.server.advance(10)
        self.ec.complete_migration(ReplicationGroupId="test", Force=True)
        self.server.advance(10)
        self.assertEqual(self.describe("test")["Status"], "available")

    def test_a_migration_under_way_refuses_a_second_one_and_changes(self):
        self.target()
        self.ec.start_migration(ReplicationGroupId="test", CustomerNodeEndpointList=SOURCE)
        # Still starting (modifying): neither a second migration nor completing.
        self.assertAwsError("ReplicationGroupAlreadyUnderMigrationFault",
                            self.ec.start_migration, ReplicationGroupId="test",
                            CustomerNodeEndpointList=SOURCE, status=400)
        self.assertAwsError("InvalidReplicationGroupState", self.ec.complete_migration,
                            ReplicationGroupId="test")
        self.server.advance(10)
        self.assertAwsError("ReplicationGroupAlreadyUnderMigrationFault", self.ec.test_migration,
                            ReplicationGroupId="test", CustomerNodeEndpointList=SOURCE)
        self.assertAwsError("InvalidReplicationGroupState", self.ec.delete_replication_group,
                            ReplicationGroupId="test")
        self.assertAwsError("InvalidReplicationGroupState", self.ec.increase_replica_count,
                            ReplicationGroupId="test", NewReplicaCount=3, ApplyImmediately=True)
        self.assertEqual(self.describe("test")["Status"], "migrating")

    def test_cluster_mode_enabled_groups_migrate_too(self):
        self.create_cme("shards", shards=2, replicas=1, MultiAZEnabled=True)
        self.server.advance(11)
        out = self.ec.start_migration(ReplicationGroupId="shards",
                                      CustomerNodeEndpointList=SOURCE)
        self.assertEqual(out["ReplicationGroup"]["Status"], "modifying")

    def test_test_migration_checks_without_changing_the_group(self):
        self.target()
        out = self.ec.test_migration(ReplicationGroupId="test", CustomerNodeEndpointList=SOURCE)
        self.assertEqual(out["ReplicationGroup"]["Status"], "available")
        self.server.advance(60)
        self.assertEqual(self.describe("test")["Status"], "available")
        self.assertAwsError("ReplicationGroupNotUnderMigrationFault", self.ec.complete_migration,
                            ReplicationGroupId="test")
        self.assertAwsError("InvalidParameterValue", self.ec.test_migration,
                            ReplicationGroupId="test", CustomerNodeEndpointList=SOURCE * 2)


class Requirements(MigrationTestCase):
    def assertRefused(self, code, group_id, endpoints=SOURCE, message_part=None):
        for call in (self.ec.start_migration, self.ec.test_migration):
            error = self.assertAwsError(code, call, ReplicationGroupId=group_id,
                                        CustomerNodeEndpointList=endpoints)
            if message_part:
                self.assertIn(message_part, error.response["Error"]["Message"])
        if self.ec.describe_replication_groups()["ReplicationGroups"]:
            for g in self.ec.describe_replication_groups()["ReplicationGroups"]:
                self.assertNotEqual(g["Status"], "migrating")

    def test_unknown_group(self):
        self.assertRefused("ReplicationGroupNotFoundFault", "nope")
        self.assertAwsError("ReplicationGroupNotFoundFault", self.ec.complete_migration,
                            ReplicationGroupId="nope", status=404)

    def test_the_group_must_be_available(self):
        self.create_cmd("fresh", clusters=2, MultiAZEnabled=True)  # still creating
        self.assertRefused("InvalidReplicationGroupState", "fresh")

    def test_engine_version_5_0_6_or_later(self):
        self.target("old", EngineVersion="5.0.5")
        self.assertRefused("InvalidParameterValue", "old", message_part="5.0.6 or later")
        self.target("ok", EngineVersion="5.0.6")
        self.ec.test_migration(ReplicationGroupId="ok", CustomerNodeEndpointList=SOURCE)

    def test_no_in_transit_encryption(self):
        self.target("tls", TransitEncryptionEnabled=True)
        self.assertRefused("InvalidParameterValue", "tls", message_part="in-transit encryption")

    def test_multi_az_enabled(self):
        self.target("single", MultiAZEnabled=False)
        self.assertRefused("InvalidParameterValue", "single", message_part="Multi-AZ")

    def test_the_endpoint_list(self):
        self.target()
        self.assertRefused("InvalidParameterValue", "test", endpoints=[],
                           message_part="exactly one")
        self.assertRefused("InvalidParameterValue", "test",
                           endpoints=SOURCE + [{"Address": "10.0.0.242", "Port": 6379}])
        self.assertRefused("InvalidParameterValue", "test", endpoints=[{"Port": 6379}],
                           message_part="Address")
        self.assertRefused("InvalidParameterValue", "test",
                           endpoints=[{"Address": "10.0.0.241"}], message_part="Port")
        self.assertRefused("InvalidParameterValue", "test",
                           endpoints=[{"Address": "10.0.0.241", "Port": 70000}])
        self.assertEqual(self.describe("test")["Status"], "available")

    def test_groups_belong_to_their_region(self):
        self.target()
        other = self.server.client(region="eu-west-1")
        self.assertAwsError("ReplicationGroupNotFoundFault", other.start_migration,
                            ReplicationGroupId="test", CustomerNodeEndpointList=SOURCE)


if __name__ == "__main__":
    main()

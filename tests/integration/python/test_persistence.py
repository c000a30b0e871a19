"""State in --data-dir survives a clean stop and a SIGKILL (every write is one transaction)."""

import shutil
import tempfile
import unittest

from ecl_harness import Server, main


class Persistence(unittest.TestCase):
    def setUp(self):
        self.data_dir = tempfile.mkdtemp(prefix="ecl-data-")
        self.addCleanup(shutil.rmtree, self.data_dir, True)

    def start(self):
        server = Server(data_dir=self.data_dir).start()
        self.addCleanup(server.kill)
        return server

    def test_groups_and_tags_survive_sigkill_and_restart(self):
        first = self.start()
        ec = first.client()
        arn = ec.create_replication_group(
            ReplicationGroupId="durable", ReplicationGroupDescription="d", NumCacheClusters=2,
            AutomaticFailoverEnabled=True, Tags=[{"Key": "k", "Value": "v"}])["ReplicationGroup"]["ARN"]
        ec.create_replication_group(ReplicationGroupId="sharded", ReplicationGroupDescription="d",
                                    NumNodeGroups=2, ReplicasPerNodeGroup=1,
                                    AutomaticFailoverEnabled=True)
        before = ec.describe_replication_groups()["ReplicationGroups"]
        first.kill()  # SIGKILL: no chance to flush anything

        second = self.start()
        ec = second.client()
        after = ec.describe_replication_groups()["ReplicationGroups"]
        self.assertEqual([g["ReplicationGroupId"] for g in after], ["durable", "sharded"])
        by_id = {g["ReplicationGroupId"]: g for g in after}
        self.assertEqual(by_id["durable"]["MemberClusters"], before[0]["MemberClusters"])
        self.assertEqual(by_id["sharded"]["ConfigurationEndpoint"],
                         next(g for g in before if g["ReplicationGroupId"] == "sharded")[
                             "ConfigurationEndpoint"])
        self.assertEqual(ec.list_tags_for_resource(ResourceName=arn)["TagList"],
                         [{"Key": "k", "Value": "v"}])
        self.assertEqual(len(ec.describe_cache_clusters()["CacheClusters"]), 6)
        self.assertEqual(second.stop(), 0)

    def test_clean_stop_then_delete_after_restart(self):
        first = self.start()
        first.client().create_replication_group(
            ReplicationGroupId="later", ReplicationGroupDescription="d")
        self.assertEqual(first.stop(), 0)
        second = self.start()
        ec = second.client()
        self.assertEqual(ec.delete_replication_group(
            ReplicationGroupId="later")["ReplicationGroup"]["Status"], "deleting")
        self.assertEqual(second.stop(), 0)
        third = self.start()
        self.assertEqual(third.client().describe_replication_groups()["ReplicationGroups"], [])
        self.assertEqual(third.stop(), 0)


if __name__ == "__main__":
    main()

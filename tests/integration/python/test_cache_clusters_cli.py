"""Cache clusters through the AWS CLI: a Memcached cluster grown, shrunk and scaled up, a Redis
cluster scaled and rebooted, the waiters, node type listings, and the error exits."""

from ecl_cli import CliTestCase
from ecl_harness import main


class CacheClustersCli(CliTestCase):
    def test_memcached_lifecycle(self):
        created = self.aws("create-cache-cluster", "--cache-cluster-id", "cli-mc",
                           "--engine", "memcached", "--cache-node-type", "cache.t3.micro",
                           "--num-cache-nodes", "2", "--az-mode", "cross-az")["CacheCluster"]
        self.assertEqual(created["PreferredAvailabilityZone"], "Multiple")
        self.assertEqual(created["ConfigurationEndpoint"]["Port"], 11211)
        self.aws("wait", "cache-cluster-available", "--cache-cluster-id", "cli-mc")
        self.aws("modify-cache-cluster", "--cache-cluster-id", "cli-mc", "--num-cache-nodes", "3",
                 "--apply-immediately")
        self.aws("wait", "cache-cluster-available", "--cache-cluster-id", "cli-mc")
        cluster = self.aws("describe-cache-clusters", "--cache-cluster-id", "cli-mc",
                           "--show-cache-node-info")["CacheClusters"][0]
        self.assertEqual([n["CacheNodeId"] for n in cluster["CacheNodes"]], ["0001", "0002", "0003"])
        self.aws("modify-cache-cluster", "--cache-cluster-id", "cli-mc", "--num-cache-nodes", "2",
                 "--cache-node-ids-to-remove", "0003", "--apply-immediately")
        self.aws("wait", "cache-cluster-available", "--cache-cluster-id", "cli-mc")
        # On-demand vertical scaling (Memcached 1.5 and later).
        self.aws("modify-cache-cluster", "--cache-cluster-id", "cli-mc", "--cache-node-type",
                 "cache.t3.small", "--apply-immediately")
        self.aws("wait", "cache-cluster-available", "--cache-cluster-id", "cli-mc")
        self.assertEqual(self.aws("describe-cache-clusters", "--cache-cluster-id",
                                  "cli-mc")["CacheClusters"][0]["CacheNodeType"], "cache.t3.small")
        self.aws("delete-cache-cluster", "--cache-cluster-id", "cli-mc")
        self.aws("wait", "cache-cluster-deleted", "--cache-cluster-id", "cli-mc")
        self.assertCliError("CacheClusterNotFound", "describe-cache-clusters",
                            "--cache-cluster-id", "cli-mc")

    def test_redis_scaling_and_reboot(self):
        self.aws("create-cache-cluster", "--cache-cluster-id", "cli-redis", "--engine", "redis",
                 "--cache-node-type", "cache.t3.micro")
        self.aws("wait", "cache-cluster-available", "--cache-cluster-id", "cli-redis")
        allowed = self.aws("list-allowed-node-type-modifications", "--cache-cluster-id",
                           "cli-redis")
        self.assertIn("cache.t3.small", allowed["ScaleUpModifications"])
        self.aws("modify-cache-cluster", "--cache-cluster-id", "cli-redis", "--cache-node-type",
                 "cache.t3.small", "--apply-immediately")
        self.aws("wait", "cache-cluster-available", "--cache-cluster-id", "cli-redis")
        rebooting = self.aws("reboot-cache-cluster", "--cache-cluster-id", "cli-redis",
                             "--cache-node-ids-to-reboot", "0001")["CacheCluster"]
        self.assertEqual(rebooting["CacheClusterStatus"], "rebooting cache cluster nodes")
        self.assertEqual(self.aws("describe-cache-clusters", "--cache-cluster-id",
                                  "cli-redis")["CacheClusters"][0]["CacheNodeType"],
                         "cache.t3.small")

    def test_errors(self):
        self.assertCliError("InvalidParameterValue", "create-cache-cluster", "--cache-cluster-id",
                            "cli-two", "--engine", "redis", "--cache-node-type", "cache.t3.micro",
                            "--num-cache-nodes", "2", contains="NumCacheNodes parameter greater")
        self.assertCliError("NodeQuotaForClusterExceeded", "create-cache-cluster",
                            "--cache-cluster-id", "cli-big", "--engine", "memcached",
                            "--cache-node-type", "cache.t3.micro", "--num-cache-nodes", "41")


if __name__ == "__main__":
    main()

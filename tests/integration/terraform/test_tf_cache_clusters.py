"""Real Terraform (hashicorp/aws) against the emulator: cache clusters.

One configuration holds
  * `mc`: a Memcached cluster of 3 nodes across zones (az_mode cross-az), grown to 4;
  * `redis`: a single-node Redis cluster whose node type goes from cache.t3.micro to
    cache.t3.small, and which loses its SNS topic on the way (Terraform sends
    NotificationTopicArn="" with NotificationTopicStatus=inactive);
  * `data.aws_elasticache_cluster.redis`: the data source reading the Redis cluster back.
Each apply is followed by `terraform plan -detailed-exitcode` (exit 0: no drift) and by boto3
checks against the same server; then `terraform destroy`.
"""

import unittest

from botocore.exceptions import ClientError

from tf_harness import TerraformTestCase, provider_block

MC_ID = "tf-mc"
REDIS_ID = "tf-redis"
TOPIC = "arn:aws:sns:us-east-1:000000000000:cache-events"


def config(endpoint, mc_nodes, redis_type, topic=None):
    topic_line = f'notification_topic_arn = "{topic}"' if topic else ""
    return provider_block(endpoint) + f"""
resource "aws_elasticache_cluster" "mc" {{
  cluster_id      = "{MC_ID}"
  engine          = "memcached"
  node_type       = "cache.t3.micro"
  num_cache_nodes = {mc_nodes}
  az_mode         = "cross-az"
  apply_immediately = true
  tags = {{ team = "cache" }}
}}

resource "aws_elasticache_cluster" "redis" {{
  cluster_id        = "{REDIS_ID}"
  engine            = "redis"
  node_type         = "{redis_type}"
  num_cache_nodes   = 1
  apply_immediately = true
  {topic_line}
}}

data "aws_elasticache_cluster" "redis" {{
  cluster_id = aws_elasticache_cluster.redis.cluster_id
}}

output "redis_address" {{
  value = data.aws_elasticache_cluster.redis.cache_nodes[0].address
}}
"""


class CacheClusters(TerraformTestCase):
    name = "cache-clusters"

    @classmethod
    def initial_config(cls, endpoint):
        return config(endpoint, mc_nodes=3, redis_type="cache.t3.micro", topic=TOPIC)

    def cluster(self, cluster_id):
        return self.ec.describe_cache_clusters(CacheClusterId=cluster_id,
                                               ShowCacheNodeInfo=True)["CacheClusters"][0]

    def check(self, mc_nodes, redis_type, topic):
        with self.subTest(check="boto3: the Memcached cluster"):
            mc = self.cluster(MC_ID)
            self.assertEqual(mc["CacheClusterStatus"], "available")
            self.assertEqual(mc["NumCacheNodes"], mc_nodes)
            self.assertEqual(mc["PreferredAvailabilityZone"], "Multiple")
            self.assertEqual(len({n["CustomerAvailabilityZone"] for n in mc["CacheNodes"]}), 3)
            state = self.tf.state().get("aws_elasticache_cluster.mc")
            self.assertEqual(state["num_cache_nodes"], mc_nodes)
            self.assertEqual(state["az_mode"], "cross-az")
            self.assertEqual(state["configuration_endpoint"],
                             f'{mc["ConfigurationEndpoint"]["Address"]}:11211')
            self.assertEqual([n["id"] for n in state["cache_nodes"]],
                             [n["CacheNodeId"] for n in mc["CacheNodes"]])
            self.assertEqual(self.tags_of(mc["ARN"]), {"team": "cache"})
        with self.subTest(check="boto3: the Redis cluster and the data source"):
            redis = self.cluster(REDIS_ID)
            self.assertEqual(redis["CacheNodeType"], redis_type)
            self.assertEqual(redis["NumCacheNodes"], 1)
            data = self.tf.state().get("data.aws_elasticache_cluster.redis")
            self.assertEqual(data["node_type"], redis_type)
            self.assertEqual(data["cache_nodes"][0]["address"],
                             redis["CacheNodes"][0]["Endpoint"]["Address"])
            self.assertEqual(data["engine_version"], redis["EngineVersion"])
        with self.subTest(check="boto3: the Redis cluster's SNS topic"):
            redis = self.cluster(REDIS_ID)
            if topic:
                self.assertEqual(redis["NotificationConfiguration"],
                                 {"TopicArn": topic, "TopicStatus": "active"})
            else:
                self.assertNotIn("NotificationConfiguration", redis)
            state = self.tf.state().get("aws_elasticache_cluster.redis")
            self.assertEqual(state.get("notification_topic_arn") or None, topic)

    def test_1_create(self):
        self.apply_ok("apply (create)")
        self.check(mc_nodes=3, redis_type="cache.t3.micro", topic=TOPIC)
        self.plan_no_drift("plan after create")

    def test_2_update(self):
        self.require_created()
        self.tf.write_config(config(self.server.endpoint, mc_nodes=4, redis_type="cache.t3.small"))
        self.apply_ok("apply (update)")
        self.check(mc_nodes=4, redis_type="cache.t3.small", topic=None)
        self.plan_no_drift("plan after update")

    def test_3_destroy(self):
        self.require_created()
        self.destroy_ok()
        for cluster_id in (MC_ID, REDIS_ID):
            with self.subTest(check=f"boto3: {cluster_id} gone"):
                with self.assertRaises(ClientError) as caught:
                    self.cluster(cluster_id)
                self.assertEqual(caught.exception.response["Error"]["Code"],
                                 "CacheClusterNotFound")


if __name__ == "__main__":
    unittest.main(verbosity=2)

"""Real Terraform (hashicorp/aws) against the emulator: replication groups.

One configuration holds both groups, so the provider's waiters (30 s initial delay each)
run side by side:
  * `cmd`: cluster mode disabled, redis, 2 cache clusters, automatic failover, tags;
    updated to 3 cache clusters (IncreaseReplicaCount) and different tags
    (AddTagsToResource / RemoveTagsFromResource);
  * `cme`: cluster mode enabled (default.redis7.cluster.on), 2 shards of 1 primary +
    1 replica, automatic failover; resharded to 3 shards
    (ModifyReplicationGroupShardConfiguration).
Each apply is followed by `terraform plan -detailed-exitcode` (exit 0: no drift) and by
boto3 checks against the same server; then `terraform destroy`.
"""

import unittest

from botocore.exceptions import ClientError

from tf_harness import TerraformTestCase, hcl_map, provider_block, timeouts_block

CMD_ID = "tf-cmd"
CME_ID = "tf-cme"
TAGS_V1 = {"env": "test", "team": "cache"}
TAGS_V2 = {"env": "staging", "owner": "terraform"}  # one changed, one removed, one added


def config(endpoint, cmd_clusters, cmd_tags, cme_shards):
    return provider_block(endpoint) + f"""
resource "aws_elasticache_replication_group" "cmd" {{
  replication_group_id       = "{CMD_ID}"
  description                = "terraform, cluster mode disabled"
  engine                     = "redis"
  node_type                  = "cache.t3.micro"
  num_cache_clusters         = {cmd_clusters}
  automatic_failover_enabled = true
  tags                       = {hcl_map(cmd_tags)}

  {timeouts_block()}
}}

resource "aws_elasticache_replication_group" "cme" {{
  replication_group_id       = "{CME_ID}"
  description                = "terraform, cluster mode enabled"
  engine                     = "redis"
  node_type                  = "cache.t3.micro"
  parameter_group_name       = "default.redis7.cluster.on"
  num_node_groups            = {cme_shards}
  replicas_per_node_group    = 1
  automatic_failover_enabled = true

  {timeouts_block()}
}}
"""


class ReplicationGroups(TerraformTestCase):
    name = "replication-groups"

    @classmethod
    def initial_config(cls, endpoint):
        return config(endpoint, cmd_clusters=2, cmd_tags=TAGS_V1, cme_shards=2)

    def write(self, cmd_clusters, cmd_tags, cme_shards):
        self.tf.write_config(config(self.server.endpoint, cmd_clusters, cmd_tags, cme_shards))

    def group(self, group_id):
        groups = self.ec.describe_replication_groups(
            ReplicationGroupId=group_id)["ReplicationGroups"]
        self.assertEqual(len(groups), 1)
        return groups[0]

    # -- checks through boto3 and the state ----------------------------------------------------
    def check_cmd(self, clusters, tags):
        with self.subTest(check=f"boto3: {CMD_ID} as configured"):
            group = self.group(CMD_ID)
            self.assertEqual(group["Status"], "available")
            self.assertEqual(group["ClusterEnabled"], False)
            self.assertEqual(group["AutomaticFailover"], "enabled")
            self.assertEqual(group["CacheNodeType"], "cache.t3.micro")
            self.assertEqual(group["Description"], "terraform, cluster mode disabled")
            self.assertEqual(len(group["MemberClusters"]), clusters)
            self.assertEqual(len(group["NodeGroups"]), 1)
            members = group["NodeGroups"][0]["NodeGroupMembers"]
            self.assertEqual(len(members), clusters)
            self.assertEqual(sorted(m["CurrentRole"] for m in members),
                             ["primary"] + ["replica"] * (clusters - 1))
            self.assertEqual(self.tags_of(group["ARN"]), tags)
            state = self.tf.state().get("aws_elasticache_replication_group.cmd")
            self.assertIsNotNone(state, "not in the Terraform state")
            self.assertEqual(state["arn"], group["ARN"])
            self.assertEqual(state["num_cache_clusters"], clusters)
            self.assertEqual(sorted(state["member_clusters"]), sorted(group["MemberClusters"]))
            self.assertEqual(state["primary_endpoint_address"],
                             group["NodeGroups"][0]["PrimaryEndpoint"]["Address"])
            self.assertEqual(state["reader_endpoint_address"],
                             group["NodeGroups"][0]["ReaderEndpoint"]["Address"])
            self.assertEqual(state["tags_all"], tags)

    def check_cme(self, shards):
        with self.subTest(check=f"boto3: {CME_ID} as configured"):
            group = self.group(CME_ID)
            self.assertEqual(group["Status"], "available")
            self.assertEqual(group["ClusterEnabled"], True)
            self.assertEqual(group["AutomaticFailover"], "enabled")
            self.assertEqual(len(group["NodeGroups"]), shards)
            for ng in group["NodeGroups"]:
                self.assertEqual(ng["Status"], "available")
                self.assertEqual(len(ng["NodeGroupMembers"]), 2)  # 1 primary + 1 replica
            self.assertEqual(len(group["MemberClusters"]), shards * 2)
            self.assertIn("ConfigurationEndpoint", group)
            clusters = {c["CacheClusterId"]: c for c in self.ec.describe_cache_clusters(
                MaxRecords=100)["CacheClusters"] if c.get("ReplicationGroupId") == CME_ID}
            self.assertEqual(set(clusters), set(group["MemberClusters"]))
            for cluster in clusters.values():
                self.assertEqual(cluster["CacheParameterGroup"]["CacheParameterGroupName"],
                                 "default.redis7.cluster.on")
            state = self.tf.state().get("aws_elasticache_replication_group.cme")
            self.assertIsNotNone(state, "not in the Terraform state")
            self.assertEqual(state["arn"], group["ARN"])
            self.assertEqual(state["num_node_groups"], shards)
            self.assertEqual(state["replicas_per_node_group"], 1)
            self.assertEqual(state["cluster_enabled"], True)
            self.assertEqual(state["configuration_endpoint_address"],
                             group["ConfigurationEndpoint"]["Address"])
            self.assertEqual(sorted(state["member_clusters"]), sorted(group["MemberClusters"]))

    # -- steps ---------------------------------------------------------------------------------
    def test_1_create(self):
        self.apply_ok("apply (create)")
        self.check_cmd(clusters=2, tags=TAGS_V1)
        self.check_cme(shards=2)
        self.plan_no_drift("plan after create")

    def test_2_update(self):
        self.require_created()
        self.write(cmd_clusters=3, cmd_tags=TAGS_V2, cme_shards=3)
        self.apply_ok("apply (update)")
        self.check_cmd(clusters=3, tags=TAGS_V2)
        self.check_cme(shards=3)
        self.plan_no_drift("plan after update")

    def test_3_destroy(self):
        self.require_created()
        self.destroy_ok()
        for group_id in (CMD_ID, CME_ID):
            with self.subTest(check=f"boto3: {group_id} gone"):
                with self.assertRaises(ClientError) as caught:
                    self.ec.describe_replication_groups(ReplicationGroupId=group_id)
                self.assertEqual(caught.exception.response["Error"]["Code"],
                                 "ReplicationGroupNotFoundFault")


if __name__ == "__main__":
    unittest.main(verbosity=2)

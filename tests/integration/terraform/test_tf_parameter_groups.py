"""Real Terraform (hashicorp/aws) against the emulator: a parameter group used by a
replication group.

`aws_elasticache_parameter_group` (redis7, `maxmemory-policy` and `timeout`, tags) is created
with CreateCacheParameterGroup and its parameters set with ModifyCacheParameterGroup; the
provider reads it back with DescribeCacheParameterGroups and DescribeCacheParameters
(Source=user, names lower-cased). `aws_elasticache_replication_group` names it, so
CreateReplicationGroup checks that it exists and is of the redis7 family, and the provider
reads the name back from the first member's CacheParameterGroup.

The update changes `timeout` (ModifyCacheParameterGroup), removes `maxmemory-policy`
(ResetCacheParameterGroup with the name) and adds `notify-keyspace-events`; the replication
group is untouched. Each apply is followed by `terraform plan -detailed-exitcode` (no
drift) and boto3 checks; destroy deletes the group after the replication group is gone.
"""

import unittest

from botocore.exceptions import ClientError

from tf_harness import TerraformTestCase, hcl_map, provider_block, timeouts_block

GROUP = "tf-redis7-params"
RG_ID = "tf-pg-rg"
PARAMS_V1 = {"maxmemory-policy": "allkeys-lru", "timeout": "300"}
PARAMS_V2 = {"timeout": "600", "notify-keyspace-events": "Ex"}
TAGS = {"team": "cache"}


def config(endpoint, params):
    blocks = "\n".join(f"""  parameter {{
    name  = "{name}"
    value = "{value}"
  }}""" for name, value in params.items())
    return provider_block(endpoint) + f"""
resource "aws_elasticache_parameter_group" "pg" {{
  name   = "{GROUP}"
  family = "redis7"
  tags   = {hcl_map(TAGS)}

{blocks}
}}

resource "aws_elasticache_replication_group" "rg" {{
  replication_group_id       = "{RG_ID}"
  description                = "uses a custom parameter group"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.t3.micro"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  parameter_group_name       = aws_elasticache_parameter_group.pg.name

  {timeouts_block()}
}}
"""


class ParameterGroups(TerraformTestCase):
    name = "parameter-groups"

    @classmethod
    def initial_config(cls, endpoint):
        return config(endpoint, PARAMS_V1)

    def user_parameters(self):
        return {p["ParameterName"]: p["ParameterValue"] for p in self.ec.describe_cache_parameters(
            CacheParameterGroupName=GROUP, Source="user")["Parameters"]}

    def check(self, params):
        with self.subTest(check="boto3: the parameter group as configured"):
            group = self.ec.describe_cache_parameter_groups(
                CacheParameterGroupName=GROUP)["CacheParameterGroups"][0]
            self.assertEqual(group["CacheParameterGroupFamily"], "redis7")
            self.assertEqual(group["Description"], "Managed by Terraform")
            self.assertEqual(self.user_parameters(), params)
            self.assertEqual(self.tags_of(group["ARN"]), TAGS)
            state = self.tf.state().get("aws_elasticache_parameter_group.pg")
            self.assertIsNotNone(state, "not in the Terraform state")
            self.assertEqual(state["arn"], group["ARN"])
            self.assertEqual({p["name"]: p["value"] for p in state["parameter"]}, params)
        with self.subTest(check="boto3: the replication group uses it"):
            rg = self.ec.describe_replication_groups(
                ReplicationGroupId=RG_ID)["ReplicationGroups"][0]
            self.assertEqual(rg["Status"], "available")
            for member in rg["MemberClusters"]:
                cluster = self.ec.describe_cache_clusters(CacheClusterId=member)[
                    "CacheClusters"][0]
                self.assertEqual(cluster["EngineVersion"], "7.1.0")
                self.assertEqual(cluster["CacheParameterGroup"]["CacheParameterGroupName"], GROUP)
                self.assertEqual(cluster["CacheParameterGroup"]["ParameterApplyStatus"], "in-sync")
            state = self.tf.state().get("aws_elasticache_replication_group.rg")
            self.assertIsNotNone(state, "not in the Terraform state")
            self.assertEqual(state["parameter_group_name"], GROUP)
            self.assertEqual(state["engine_version_actual"], "7.1.0")

    def test_1_create(self):
        self.apply_ok("apply (create)")
        self.check(PARAMS_V1)
        self.plan_no_drift("plan after create")

    def test_2_update_parameters(self):
        self.require_created()
        self.tf.write_config(config(self.server.endpoint, PARAMS_V2))
        self.apply_ok("apply (parameters)")
        self.check(PARAMS_V2)
        self.plan_no_drift("plan after update")

    def test_3_destroy(self):
        self.require_created()
        self.destroy_ok()
        with self.subTest(check="boto3: both gone"):
            with self.assertRaises(ClientError) as caught:
                self.ec.describe_cache_parameter_groups(CacheParameterGroupName=GROUP)
            self.assertEqual(caught.exception.response["Error"]["Code"],
                             "CacheParameterGroupNotFound")
            with self.assertRaises(ClientError) as caught:
                self.ec.describe_replication_groups(ReplicationGroupId=RG_ID)
            self.assertEqual(caught.exception.response["Error"]["Code"],
                             "ReplicationGroupNotFoundFault")


if __name__ == "__main__":
    unittest.main(verbosity=2)

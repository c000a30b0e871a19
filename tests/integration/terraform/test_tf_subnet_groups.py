"""Real Terraform (hashicorp/aws) against the emulator: a cache subnet group used by a
replication group.

  * `aws_elasticache_subnet_group.cache`: a mixed-case name (Terraform keeps it lower case, as
    ElastiCache stores it), the provider's default description "Managed by Terraform", two
    subnets and tags; updated with a third subnet (ModifyCacheSubnetGroup);
  * `aws_elasticache_replication_group.app`: cluster mode disabled, 2 cache clusters, on that
    subnet group (its nodes go to the subnet group's zones);
  * `data.aws_elasticache_subnet_group.default`: the built-in default group.
Each apply is followed by `terraform plan -detailed-exitcode` (exit 0: no drift) and by boto3
checks; then `terraform destroy`, which deletes the group first and the subnet group after
it (DeleteCacheSubnetGroup would answer CacheSubnetGroupInUse before).
"""

import unittest

from botocore.exceptions import ClientError

from tf_harness import TerraformTestCase, hcl_map, provider_block, timeouts_block

SUBNET_GROUP = "tf-cache-subnets"  # as stored; the configuration writes it in mixed case
GROUP_ID = "tf-sn-app"
SUBNETS_V1 = ["subnet-0a1b2c3d", "subnet-1b2c3d4e"]
SUBNETS_V2 = SUBNETS_V1 + ["subnet-2c3d4e5f"]
TAGS = {"env": "test", "team": "cache"}


def config(endpoint, subnets):
    return provider_block(endpoint) + f"""
resource "aws_elasticache_subnet_group" "cache" {{
  name       = "TF-Cache-Subnets"
  subnet_ids = {hcl_list(subnets)}
  tags       = {hcl_map(TAGS)}
}}

resource "aws_elasticache_replication_group" "app" {{
  replication_group_id       = "{GROUP_ID}"
  description                = "terraform, on a subnet group"
  engine                     = "redis"
  node_type                  = "cache.t3.micro"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  subnet_group_name          = aws_elasticache_subnet_group.cache.name

  {timeouts_block()}
}}

data "aws_elasticache_subnet_group" "default" {{
  name = "default"
}}
"""


def hcl_list(items):
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


class SubnetGroups(TerraformTestCase):
    name = "subnet-groups"

    @classmethod
    def initial_config(cls, endpoint):
        return config(endpoint, SUBNETS_V1)

    def subnet_group(self):
        groups = self.ec.describe_cache_subnet_groups(
            CacheSubnetGroupName=SUBNET_GROUP)["CacheSubnetGroups"]
        self.assertEqual(len(groups), 1)
        return groups[0]

    def check(self, subnets):
        with self.subTest(check=f"boto3: {SUBNET_GROUP} as configured"):
            group = self.subnet_group()
            self.assertEqual(group["CacheSubnetGroupDescription"], "Managed by Terraform")
            self.assertEqual(sorted(s["SubnetIdentifier"] for s in group["Subnets"]),
                             sorted(subnets))
            self.assertEqual(self.tags_of(group["ARN"]), TAGS)
            state = self.tf.state().get("aws_elasticache_subnet_group.cache")
            self.assertIsNotNone(state, "not in the Terraform state")
            self.assertEqual(state["id"], SUBNET_GROUP)
            self.assertEqual(state["name"], SUBNET_GROUP)
            self.assertEqual(state["arn"], group["ARN"])
            self.assertEqual(state["description"], "Managed by Terraform")
            self.assertEqual(sorted(state["subnet_ids"]), sorted(subnets))
            if "vpc_id" in state:
                self.assertEqual(state["vpc_id"], group["VpcId"])
        with self.subTest(check=f"boto3: {GROUP_ID} on {SUBNET_GROUP}"):
            rg = self.ec.describe_replication_groups(
                ReplicationGroupId=GROUP_ID)["ReplicationGroups"][0]
            self.assertEqual(rg["Status"], "available")
            zones = {s["SubnetAvailabilityZone"]["Name"] for s in self.subnet_group()["Subnets"]}
            clusters = [c for c in self.ec.describe_cache_clusters()["CacheClusters"]
                        if c.get("ReplicationGroupId") == GROUP_ID]
            self.assertEqual(len(clusters), 2)
            for cluster in clusters:
                self.assertEqual(cluster["CacheSubnetGroupName"], SUBNET_GROUP)
                self.assertIn(cluster["PreferredAvailabilityZone"], zones)
            state = self.tf.state().get("aws_elasticache_replication_group.app")
            self.assertIsNotNone(state, "not in the Terraform state")
            self.assertEqual(state["subnet_group_name"], SUBNET_GROUP)
        with self.subTest(check="data source: the default subnet group"):
            default = self.ec.describe_cache_subnet_groups(
                CacheSubnetGroupName="default")["CacheSubnetGroups"][0]
            data = self.tf.state().get("data.aws_elasticache_subnet_group.default")
            self.assertIsNotNone(data, "not in the Terraform state")
            self.assertEqual(data["arn"], default["ARN"])
            self.assertEqual(data["description"], "Default CacheSubnetGroup")
            self.assertEqual(sorted(data["subnet_ids"]),
                             sorted(s["SubnetIdentifier"] for s in default["Subnets"]))

    def test_1_create(self):
        self.apply_ok("apply (create)")
        self.check(SUBNETS_V1)
        self.plan_no_drift("plan after create")

    def test_2_add_a_subnet(self):
        self.require_created()
        self.tf.write_config(config(self.server.endpoint, SUBNETS_V2))
        self.apply_ok("apply (add a subnet)")
        self.check(SUBNETS_V2)
        self.plan_no_drift("plan after update")

    def test_3_destroy(self):
        self.require_created()
        self.destroy_ok()
        with self.subTest(check="boto3: both gone"):
            for call, kwargs, code in (
                    (self.ec.describe_replication_groups, {"ReplicationGroupId": GROUP_ID},
                     "ReplicationGroupNotFoundFault"),
                    (self.ec.describe_cache_subnet_groups, {"CacheSubnetGroupName": SUBNET_GROUP},
                     "CacheSubnetGroupNotFoundFault")):
                with self.assertRaises(ClientError) as caught:
                    call(**kwargs)
                self.assertEqual(caught.exception.response["Error"]["Code"], code)


if __name__ == "__main__":
    unittest.main(verbosity=2)

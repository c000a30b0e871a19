"""Real Terraform (hashicorp/aws) against the emulator: a global datastore across two regions.

Two provider configurations point at the one server: the default one in us-east-1 and
`aws.west` in us-west-2 (the region comes from each request's SigV4 scope). The
configuration holds
  - `aws_elasticache_replication_group.primary` in us-east-1 (cache.r6g.large, 2 clusters,
    automatic failover; `ignore_changes = [node_type]`, since the datastore owns it once the
    group is a member, as users of the provider do);
  - `aws_elasticache_global_replication_group.global` around it;
  - `aws_elasticache_replication_group.secondary` in us-west-2 with
    `global_replication_group_id`: it names no engine, version or node type (the provider
    refuses them with a global id; the secondary inherits them) and says
    `automatic_failover_enabled = true`, which it inherits from the datastore too.
Steps:
  1. apply, then `plan -detailed-exitcode` (no drift); boto3 sees one datastore with both
     members, each member's GlobalReplicationGroupInfo, the parameter groups ElastiCache made;
  2. the node type changed on the global resource (one ModifyGlobalReplicationGroup): both
     members, in both regions, take it; plan again;
  3. destroy: the provider disassociates the secondary, deletes it and the parameter group
     made for it, deletes the datastore (retaining the primary), then the primary.
The provider's calls are read from its log to check what was sent.
"""

import unittest

from botocore.exceptions import ClientError

from tf_harness import TerraformTestCase, http_exchanges, provider_block, timeouts_block

PRIMARY = "tf-global-primary"
SECONDARY = "tf-global-secondary"
SUFFIX = "tf-global"
GLOBAL_ID = "ldgnf-" + SUFFIX  # us-east-1's prefix
DESCRIPTION = "shop cache in two regions"
V1 = dict(node_type=None)
V2 = dict(node_type="cache.r6g.xlarge")


def west_provider(endpoint):
    return provider_block(endpoint).replace(
        'provider "aws" {\n', 'provider "aws" {\n  alias                       = "west"\n', 1
    ).replace('region                      = "us-east-1"', 'region                      = "us-west-2"')


def config(endpoint, v):
    node_type = f'\n  cache_node_type                      = "{v["node_type"]}"' if v["node_type"] else ""
    return provider_block(endpoint) + west_provider(endpoint) + f"""
resource "aws_elasticache_replication_group" "primary" {{
  replication_group_id       = "{PRIMARY}"
  description                = "primary"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.r6g.large"
  num_cache_clusters         = 2
  automatic_failover_enabled = true

  lifecycle {{
    ignore_changes = [node_type]
  }}

  {timeouts_block()}
}}

resource "aws_elasticache_global_replication_group" "global" {{
  global_replication_group_id_suffix   = "{SUFFIX}"
  primary_replication_group_id         = aws_elasticache_replication_group.primary.id
  global_replication_group_description = "{DESCRIPTION}"{node_type}

  {timeouts_block()}
}}

resource "aws_elasticache_replication_group" "secondary" {{
  provider                    = aws.west
  replication_group_id        = "{SECONDARY}"
  description                 = "secondary"
  global_replication_group_id = aws_elasticache_global_replication_group.global.global_replication_group_id
  num_cache_clusters          = 2
  automatic_failover_enabled  = true

  {timeouts_block()}
}}
"""


def calls_of(result, operation):
    """The form bodies of the requests of `operation` one terraform command sent."""
    return [request.get("body", "") for request, response in http_exchanges(result.log_path)
            if response.get("rpc.method") == operation]


class GlobalDatastore(TerraformTestCase):
    name = "global"

    @classmethod
    def initial_config(cls, endpoint):
        return config(endpoint, V1)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.west = cls.server.client(region="us-west-2")

    def datastore(self):
        return self.ec.describe_global_replication_groups(
            GlobalReplicationGroupId=GLOBAL_ID, ShowMemberInfo=True)["GlobalReplicationGroups"][0]

    def group(self, client, rg_id):
        return client.describe_replication_groups(ReplicationGroupId=rg_id)["ReplicationGroups"][0]

    def check(self, node_type, refreshed):
        """`refreshed`: the apply refreshed every resource after the datastore was complete
        (the first apply read the primary before it joined, and the secondary before a change
        made through the datastore reached it)."""
        grg = self.datastore()
        primary, secondary = self.group(self.ec, PRIMARY), self.group(self.west, SECONDARY)
        state = self.tf.state()
        with self.subTest(check="boto3: the datastore and its members"):
            self.assertEqual(grg["Status"], "available")
            self.assertEqual(grg["GlobalReplicationGroupDescription"], DESCRIPTION)
            self.assertEqual(grg["CacheNodeType"], node_type)
            self.assertEqual(grg["ARN"],
                             f"arn:aws:elasticache::000000000000:globalreplicationgroup:{GLOBAL_ID}")
            self.assertEqual(
                sorted((m["ReplicationGroupId"], m["ReplicationGroupRegion"], m["Role"], m["Status"])
                       for m in grg["Members"]),
                [(PRIMARY, "us-east-1", "PRIMARY", "associated"),
                 (SECONDARY, "us-west-2", "SECONDARY", "associated")])
            self.assertEqual(primary["GlobalReplicationGroupInfo"],
                             {"GlobalReplicationGroupId": GLOBAL_ID,
                              "GlobalReplicationGroupMemberRole": "PRIMARY"})
            self.assertEqual(secondary["GlobalReplicationGroupInfo"],
                             {"GlobalReplicationGroupId": GLOBAL_ID,
                              "GlobalReplicationGroupMemberRole": "SECONDARY"})
        with self.subTest(check="boto3: the secondary inherited, in its own region"):
            for group in (primary, secondary):
                self.assertEqual(group["Status"], "available")
                self.assertEqual(group["CacheNodeType"], node_type)
                self.assertEqual(group["AutomaticFailover"], "enabled")
            clusters = self.west.describe_cache_clusters(
                CacheClusterId=f"{SECONDARY}-001")["CacheClusters"][0]
            self.assertEqual(clusters["EngineVersion"], "7.1.0")
            self.assertEqual(clusters["CacheNodeType"], node_type)
            self.assertTrue(clusters["CacheParameterGroup"]["CacheParameterGroupName"].startswith(
                f"global-datastore-{SECONDARY}"))
        with self.subTest(check="the Terraform state"):
            g = state.get("aws_elasticache_global_replication_group.global") or {}
            self.assertEqual(g.get("global_replication_group_id"), GLOBAL_ID)
            self.assertEqual(g.get("primary_replication_group_id"), PRIMARY)
            self.assertEqual(g.get("cache_node_type"), node_type)
            self.assertEqual(g.get("engine_version_actual"), "7.1.0")
            s = state.get("aws_elasticache_replication_group.secondary") or {}
            self.assertEqual(s.get("global_replication_group_id"), GLOBAL_ID)
            self.assertTrue(s.get("parameter_group_name", "").startswith("global-datastore-"))
            if refreshed:
                p = state.get("aws_elasticache_replication_group.primary") or {}
                self.assertEqual(p.get("global_replication_group_id"), GLOBAL_ID)
                self.assertTrue(p.get("parameter_group_name", "").startswith(
                    f"global-datastore-{PRIMARY}"))

    def test_1_create(self):
        result = self.apply_ok("apply (create)")
        with self.subTest(check="the secondary's CreateReplicationGroup"):
            bodies = [b for b in calls_of(result, "CreateReplicationGroup") if SECONDARY in b]
            self.assertEqual(len(bodies), 1, bodies)
            body = bodies[0] if bodies else ""
            self.assertIn(f"GlobalReplicationGroupId={GLOBAL_ID}", body)
            for inherited in ("CacheNodeType=", "Engine=", "EngineVersion="):
                self.assertNotIn("&" + inherited, body)
        self.check("cache.r6g.large", refreshed=False)
        self.plan_no_drift("plan after create")

    def test_2_node_type_through_the_datastore(self):
        self.require_created()
        self.tf.write_config(config(self.server.endpoint, V2))
        result = self.apply_ok("apply (node type)")
        with self.subTest(check="one ModifyGlobalReplicationGroup"):
            calls = calls_of(result, "ModifyGlobalReplicationGroup")
            self.assertEqual(len(calls), 1, calls)
            self.assertIn("CacheNodeType=cache.r6g.xlarge", calls[0] if calls else "")
            self.assertIn("ApplyImmediately=true", calls[0] if calls else "")
        self.check("cache.r6g.xlarge", refreshed=True)
        self.plan_no_drift("plan after update")

    def test_3_destroy(self):
        self.require_created()
        result = self.destroy_ok()
        with self.subTest(check="the provider's order: disassociate, delete, delete datastore"):
            self.assertEqual(len(calls_of(result, "DeleteGlobalReplicationGroup")), 1)
            disassociate = calls_of(result, "DisassociateGlobalReplicationGroup")
            self.assertTrue(any(SECONDARY in b and "us-west-2" in b for b in disassociate),
                            disassociate)
        with self.subTest(check="boto3: all gone, parameter groups made for members too"):
            with self.assertRaises(ClientError) as gone:
                self.datastore()
            self.assertEqual(gone.exception.response["Error"]["Code"],
                             "GlobalReplicationGroupNotFoundFault")
            for client, rg_id in ((self.ec, PRIMARY), (self.west, SECONDARY)):
                with self.assertRaises(ClientError) as gone:
                    self.group(client, rg_id)
                self.assertEqual(gone.exception.response["Error"]["Code"],
                                 "ReplicationGroupNotFoundFault")
                names = [g["CacheParameterGroupName"] for g in client.describe_cache_parameter_groups(
                    MaxRecords=100)["CacheParameterGroups"]]
                self.assertFalse([n for n in names if n.startswith(f"global-datastore-{rg_id}")],
                                 names)


if __name__ == "__main__":
    unittest.main(verbosity=2)

"""Real Terraform (hashicorp/aws) against the emulator: a replication group updated in place.

One `aws_elasticache_replication_group` (cluster mode disabled, 2 clusters, automatic
failover, in-transit encryption and an AUTH token, `apply_immediately = true`) goes through
  1. create, then `terraform plan -detailed-exitcode` (exit 0: no drift);
  2. one plan changing the node type (cache.t3.micro -> cache.t3.small), the maintenance
     window, the description, the snapshot retention (0 -> 3, which makes the provider also
     send SnapshottingClusterId=<id>-001) and the tags: one ModifyReplicationGroup plus the
     tagging calls; the group and its member clusters (where the provider reads node type and
     maintenance window) agree; plan again;
  3. an AUTH token rotation: the provider's separate ModifyReplicationGroup with AuthToken
     and AuthTokenUpdateStrategy=ROTATE; plan again;
  4. destroy.
The provider's calls are read from its log to check what was sent.
"""

import unittest

from botocore.exceptions import ClientError

from tf_harness import TerraformTestCase, hcl_map, http_exchanges, provider_block, timeouts_block

RG_ID = "tf-modify"
TOKEN_V1 = "Initial-token-000001"
TOKEN_V2 = "Rotated-token-000002"
V1 = dict(node_type="cache.t3.micro", window="sun:05:00-sun:06:00", description="first",
          retention=0, tags={"team": "cache"}, token=TOKEN_V1)
V2 = dict(V1, node_type="cache.t3.small", window="tue:06:00-tue:07:00", description="second",
          retention=3, tags={"team": "cache", "env": "test"})
V3 = dict(V2, token=TOKEN_V2)


def config(endpoint, v):
    return provider_block(endpoint) + f"""
resource "aws_elasticache_replication_group" "app" {{
  replication_group_id       = "{RG_ID}"
  description                = "{v['description']}"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "{v['node_type']}"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  maintenance_window         = "{v['window']}"
  snapshot_window            = "03:00-04:00"
  snapshot_retention_limit   = {v['retention']}
  transit_encryption_enabled = true
  auth_token                 = "{v['token']}"
  auth_token_update_strategy = "ROTATE"
  apply_immediately          = true
  tags                       = {hcl_map(v['tags'])}

  {timeouts_block()}
}}
"""


def modify_calls(result):
    """The form bodies of the ModifyReplicationGroup requests one terraform command sent."""
    return [request.get("body", "") for request, response in http_exchanges(result.log_path)
            if response.get("rpc.method") == "ModifyReplicationGroup"]


class ModifyReplicationGroup(TerraformTestCase):
    name = "modify"

    @classmethod
    def initial_config(cls, endpoint):
        return config(endpoint, V1)

    def group(self):
        return self.ec.describe_replication_groups(ReplicationGroupId=RG_ID)["ReplicationGroups"][0]

    def members(self):
        return [self.ec.describe_cache_clusters(CacheClusterId=f"{RG_ID}-00{n}",
                                                ShowCacheNodeInfo=True)["CacheClusters"][0]
                for n in (1, 2)]

    def check(self, v):
        group = self.group()
        state = self.tf.state().get("aws_elasticache_replication_group.app")
        with self.subTest(check="boto3: the group"):
            self.assertEqual(group["Status"], "available")
            self.assertEqual(group["PendingModifiedValues"], {})
            self.assertEqual(group["Description"], v["description"])
            self.assertEqual(group["CacheNodeType"], v["node_type"])
            self.assertEqual(group["SnapshotRetentionLimit"], v["retention"])
            self.assertTrue(group["AuthTokenEnabled"])
            self.assertEqual(self.tags_of(group["ARN"]), v["tags"])
        with self.subTest(check="boto3: the member clusters agree with the group"):
            for member in self.members():
                self.assertEqual(member["CacheClusterStatus"], "available")
                self.assertEqual(member["CacheNodeType"], v["node_type"])
                self.assertEqual(member["PreferredMaintenanceWindow"], v["window"])
                self.assertEqual(member["SnapshotRetentionLimit"], v["retention"])
                self.assertEqual(member["PendingModifiedValues"], {})
                self.assertTrue(member["AuthTokenEnabled"])
        with self.subTest(check="the Terraform state"):
            self.assertIsNotNone(state, "not in the Terraform state")
            self.assertEqual(state["node_type"], v["node_type"])
            self.assertEqual(state["maintenance_window"], v["window"])
            self.assertEqual(state["description"], v["description"])
            self.assertEqual(state["snapshot_retention_limit"], v["retention"])
            self.assertEqual(state["tags"], v["tags"])
        return group

    def test_1_create(self):
        self.apply_ok("apply (create)")
        self.check(V1)
        self.plan_no_drift("plan after create")

    def test_2_update_in_one_plan(self):
        self.require_created()
        self.tf.write_config(config(self.server.endpoint, V2))
        result = self.apply_ok("apply (node type, window, description, retention, tags)")
        with self.subTest(check="one ModifyReplicationGroup with every change"):
            calls = modify_calls(result)
            self.assertEqual(len(calls), 1, calls)
            for expected in ("CacheNodeType=cache.t3.small", "ReplicationGroupDescription=second",
                             "SnapshotRetentionLimit=3", f"SnapshottingClusterId={RG_ID}-001",
                             "PreferredMaintenanceWindow=tue%3A06%3A00-tue%3A07%3A00",
                             "ApplyImmediately=true"):
                self.assertIn(expected, calls[0] if calls else "")
        group = self.check(V2)
        with self.subTest(check="events: every member was scaled"):
            for member in (f"{RG_ID}-001", f"{RG_ID}-002"):
                messages = [e["Message"] for e in self.ec.describe_events(
                    SourceIdentifier=member, Duration=60)["Events"]]
                self.assertIn(
                    "Succeeded applying modification to cache node type to cache.t3.small.",
                    messages)
        self.assertEqual(group["SnapshottingClusterId"], f"{RG_ID}-001")
        self.plan_no_drift("plan after update")

    def test_3_rotate_the_auth_token(self):
        self.require_created()
        before = self.group()["AuthTokenLastModifiedDate"]
        self.server.advance(60)
        self.tf.write_config(config(self.server.endpoint, V3))
        result = self.apply_ok("apply (auth token rotation)")
        with self.subTest(check="the provider's separate AUTH token call"):
            calls = modify_calls(result)
            self.assertEqual(len(calls), 1, calls)
            self.assertIn("AuthTokenUpdateStrategy=ROTATE", calls[0] if calls else "")
            self.assertIn(f"AuthToken={TOKEN_V2}", calls[0] if calls else "")
        group = self.check(V3)
        self.assertGreater(group["AuthTokenLastModifiedDate"], before)
        self.plan_no_drift("plan after rotation")

    def test_4_destroy(self):
        self.require_created()
        self.destroy_ok()
        with self.subTest(check="boto3: gone"):
            with self.assertRaises(ClientError) as gone:
                self.group()
            self.assertEqual(gone.exception.response["Error"]["Code"],
                             "ReplicationGroupNotFoundFault")


if __name__ == "__main__":
    unittest.main(verbosity=2)

"""Real Terraform (hashicorp/aws) against the emulator: ElastiCache Serverless caches.

One configuration holds
  * `aws_elasticache_serverless_cache.valkey`: Valkey 8 with usage limits (data storage and
    ECPU maxima), a daily snapshot time, a retention limit and tags, in the default subnets
    and security group;
  * `aws_elasticache_serverless_cache.redis`: Redis OSS 7 with both bounds of data storage, an
    ECPU maximum, named subnets and a security group, and a description.
The provider creates each with CreateServerlessCache and waits (30 s, then every 10 s) for
`available`, reading everything back with DescribeServerlessCaches and ListTagsForResource.
The update changes cache_usage_limits of both and the Valkey cache's description
(ModifyServerlessCache, which the provider sends with every attribute it holds, the engine and
major version included, then waits for `available` again). Each apply is followed by boto3
checks and `terraform plan -detailed-exitcode` (exit 0: no drift); then `terraform destroy`.
"""

import unittest

from botocore.exceptions import ClientError

from tf_harness import TerraformTestCase, hcl_map, provider_block, timeouts_block

VALKEY = "tf-valkey"
REDIS = "tf-redis"
TAGS = {"team": "cache"}
SUBNETS = ["subnet-0a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60729"]
SECURITY_GROUP = "sg-0123456789abcdef0"


def config(endpoint, valkey_description, valkey_storage, redis_ecpu):
    subnets = ", ".join(f'"{s}"' for s in SUBNETS)
    return provider_block(endpoint) + f"""
resource "aws_elasticache_serverless_cache" "valkey" {{
  engine               = "valkey"
  name                 = "{VALKEY}"
  major_engine_version = "8"
  description          = "{valkey_description}"

  cache_usage_limits {{
    data_storage {{
      maximum = {valkey_storage}
      unit    = "GB"
    }}
    ecpu_per_second {{
      maximum = 5000
    }}
  }}

  daily_snapshot_time      = "09:00"
  snapshot_retention_limit = 1
  tags                     = {hcl_map(TAGS)}

  {timeouts_block()}
}}

resource "aws_elasticache_serverless_cache" "redis" {{
  engine               = "redis"
  name                 = "{REDIS}"
  major_engine_version = "7"
  description          = "terraform, redis"

  cache_usage_limits {{
    data_storage {{
      maximum = 10
      minimum = 1
      unit    = "GB"
    }}
    ecpu_per_second {{
      maximum = {redis_ecpu}
    }}
  }}

  security_group_ids = ["{SECURITY_GROUP}"]
  subnet_ids         = [{subnets}]

  {timeouts_block()}
}}
"""


class ServerlessCaches(TerraformTestCase):
    name = "serverless"

    @classmethod
    def initial_config(cls, endpoint):
        return config(endpoint, "terraform, valkey", 10, 1000)

    def cache(self, name):
        caches = self.ec.describe_serverless_caches(ServerlessCacheName=name)["ServerlessCaches"]
        self.assertEqual(len(caches), 1)
        return caches[0]

    def check(self, valkey_description, valkey_storage, redis_ecpu):
        state = self.tf.state()
        with self.subTest(check="boto3: the Valkey cache"):
            cache = self.cache(VALKEY)
            self.assertEqual(cache["Status"], "available")
            self.assertEqual((cache["Engine"], cache["MajorEngineVersion"]), ("valkey", "8"))
            self.assertEqual(cache["Description"], valkey_description)
            self.assertEqual(cache["CacheUsageLimits"], {
                "DataStorage": {"Maximum": valkey_storage, "Unit": "GB"},
                "ECPUPerSecond": {"Maximum": 5000}})
            self.assertEqual((cache["DailySnapshotTime"], cache["SnapshotRetentionLimit"]),
                             ("09:00", 1))
            self.assertEqual(self.tags_of(cache["ARN"]), TAGS)
            res = state.get("aws_elasticache_serverless_cache.valkey")
            self.assertIsNotNone(res, "not in the Terraform state")
            self.assertEqual(res["arn"], cache["ARN"])
            self.assertEqual(res["endpoint"], [{"address": cache["Endpoint"]["Address"],
                                                "port": 6379}])
            self.assertEqual(res["reader_endpoint"][0]["port"], 6380)
            self.assertEqual(res["full_engine_version"], cache["FullEngineVersion"])
            self.assertEqual(sorted(res["subnet_ids"]), sorted(cache["SubnetIds"]))
            self.assertEqual(res["security_group_ids"], cache["SecurityGroupIds"])
        with self.subTest(check="boto3: the Redis OSS cache"):
            cache = self.cache(REDIS)
            self.assertEqual(cache["Status"], "available")
            self.assertEqual((cache["Engine"], cache["MajorEngineVersion"],
                              cache["FullEngineVersion"]), ("redis", "7", "7.1"))
            self.assertEqual(cache["CacheUsageLimits"], {
                "DataStorage": {"Maximum": 10, "Minimum": 1, "Unit": "GB"},
                "ECPUPerSecond": {"Maximum": redis_ecpu}})
            self.assertEqual(cache["SubnetIds"], SUBNETS)
            self.assertEqual(cache["SecurityGroupIds"], [SECURITY_GROUP])
            res = state["aws_elasticache_serverless_cache.redis"]
            self.assertEqual(res["cache_usage_limits"][0]["ecpu_per_second"][0]["maximum"],
                             redis_ecpu)
            self.assertEqual(res["status"], "available")

    def test_1_create(self):
        self.apply_ok("apply (create)")
        self.check("terraform, valkey", 10, 1000)
        self.plan_no_drift("plan after create")

    def test_2_change_limits_and_description(self):
        self.require_created()
        self.tf.write_config(config(self.server.endpoint, "terraform, valkey, bigger", 20, 2000))
        self.apply_ok("apply (cache_usage_limits, description)")
        self.check("terraform, valkey, bigger", 20, 2000)
        with self.subTest(check="boto3: each cache went through modifying once"):
            events = self.ec.describe_events(SourceType="serverless-cache",
                                             Duration=60)["Events"]
            updated = sorted(e["SourceIdentifier"] for e in events
                             if e["Message"].endswith(" updated"))
            self.assertEqual(updated, [REDIS, VALKEY])
        self.plan_no_drift("plan after update")

    def test_3_destroy(self):
        self.require_created()
        self.destroy_ok()
        with self.subTest(check="boto3: both caches are gone"):
            self.assertEqual(self.ec.describe_serverless_caches()["ServerlessCaches"], [])
            with self.assertRaises(ClientError) as gone:
                self.ec.describe_serverless_caches(ServerlessCacheName=VALKEY)
            self.assertEqual(gone.exception.response["Error"]["Code"],
                             "ServerlessCacheNotFoundFault")


if __name__ == "__main__":
    unittest.main(verbosity=2)

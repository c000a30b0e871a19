"""Real Terraform (hashicorp/aws) against the emulator: reserved cache nodes.

`data "aws_elasticache_reserved_cache_node_offering"` (cache.t3.micro, P1Y, No Upfront,
redis) looks the offering up with DescribeReservedCacheNodesOfferings (the provider sends
the RFC 3339 duration as written: Duration=P1Y), and `aws_elasticache_reserved_cache_node`
buys it (PurchaseReservedCacheNodesOffering, then DescribeReservedCacheNodes until
`active`, after the waiter's 30 s delay).

The update gives the reservation a new `id` and new tags. Every argument of this resource
but `tags` forces a replacement, and a tags-only change cannot be applied with provider
5.100.0 whatever the server answers: its no-op Update returns the plan, in which the
computed attributes (arn, duration, state, ...) are unknown, so Terraform fails with
"Provider returned invalid result object after apply" without sending AddTagsToResource,
and the next plan crashes the provider (nil pointer in tags.Map.MapSemanticEquals). So the
update is a replacement: a second purchase carrying the new tags.

Destroy sends nothing: a reservation cannot be given back, so the provider only forgets
it, and the emulator must still list both reservations afterwards.
"""

import unittest

from tf_harness import TerraformTestCase, hcl_map, provider_block, timeouts_block

ONE_YEAR = 31536000
NODE_V1, TAGS_V1 = "tf-reserved-node", {"purpose": "ci", "team": "cache"}
NODE_V2, TAGS_V2 = "tf-reserved-node-2", {"purpose": "ci", "cost_center": "42"}


def config(endpoint, node_id, tags):
    return provider_block(endpoint) + f"""
data "aws_elasticache_reserved_cache_node_offering" "t3" {{
  cache_node_type     = "cache.t3.micro"
  duration            = "P1Y"
  offering_type       = "No Upfront"
  product_description = "redis"
}}

resource "aws_elasticache_reserved_cache_node" "t3" {{
  reserved_cache_nodes_offering_id = data.aws_elasticache_reserved_cache_node_offering.t3.offering_id
  id                               = "{node_id}"
  cache_node_count                 = 1
  tags                             = {hcl_map(tags)}

  {timeouts_block()}
}}
"""


class ReservedNodes(TerraformTestCase):
    name = "reserved-nodes"

    @classmethod
    def initial_config(cls, endpoint):
        return config(endpoint, NODE_V1, TAGS_V1)

    def expected_offering(self):
        found = self.ec.describe_reserved_cache_nodes_offerings(
            CacheNodeType="cache.t3.micro", Duration="1", OfferingType="No Upfront",
            ProductDescription="redis")["ReservedCacheNodesOfferings"]
        self.assertEqual(len(found), 1, found)
        return found[0]

    def check(self, node_id, tags):
        offering = self.expected_offering()
        state = self.tf.state()
        with self.subTest(check="data source: the offering"):
            data = state.get("data.aws_elasticache_reserved_cache_node_offering.t3")
            self.assertIsNotNone(data, "data source not in the Terraform state")
            self.assertEqual(data["offering_id"], offering["ReservedCacheNodesOfferingId"])
            self.assertEqual(data["fixed_price"], offering["FixedPrice"])
            self.assertEqual(data["duration"], "P1Y")
        with self.subTest(check=f"boto3: reservation {node_id} as configured"):
            nodes = self.ec.describe_reserved_cache_nodes(
                ReservedCacheNodeId=node_id)["ReservedCacheNodes"]
            self.assertEqual(len(nodes), 1)
            node = nodes[0]
            self.assertEqual(node["ReservedCacheNodesOfferingId"],
                             offering["ReservedCacheNodesOfferingId"])
            self.assertEqual(node["CacheNodeType"], "cache.t3.micro")
            self.assertEqual(node["Duration"], ONE_YEAR)
            self.assertEqual(node["OfferingType"], "No Upfront")
            self.assertEqual(node["ProductDescription"], "redis")
            self.assertEqual(node["CacheNodeCount"], 1)
            self.assertEqual(node["State"], "active")
            self.assertEqual(self.tags_of(node["ReservationARN"]), tags)
            res = state.get("aws_elasticache_reserved_cache_node.t3")
            self.assertIsNotNone(res, "not in the Terraform state")
            self.assertEqual(res["id"], node_id)
            self.assertEqual(res["arn"], node["ReservationARN"])
            self.assertEqual(res["duration"], "P1Y")  # RFC 3339 duration of 31536000 s
            self.assertEqual(res["reserved_cache_nodes_offering_id"],
                             offering["ReservedCacheNodesOfferingId"])
            self.assertEqual(res["cache_node_type"], "cache.t3.micro")
            self.assertEqual(res["offering_type"], "No Upfront")
            self.assertEqual(res["product_description"], "redis")
            self.assertEqual(res["fixed_price"], offering["FixedPrice"])
            self.assertEqual(res["usage_price"], offering["UsagePrice"])
            self.assertEqual(
                [(c["recurring_charge_amount"], c["recurring_charge_frequency"])
                 for c in res["recurring_charges"]],
                [(c["RecurringChargeAmount"], c["RecurringChargeFrequency"])
                 for c in offering["RecurringCharges"]])
            self.assertEqual(res["start_time"],
                             node["StartTime"].strftime("%Y-%m-%dT%H:%M:%SZ"))
            self.assertEqual(res["tags_all"], tags)

    def test_1_create(self):
        self.apply_ok("apply (create)")
        self.check(NODE_V1, TAGS_V1)
        self.plan_no_drift("plan after create")

    def test_2_replace(self):
        self.require_created()
        self.tf.write_config(config(self.server.endpoint, NODE_V2, TAGS_V2))
        self.apply_ok("apply (replace)")
        self.check(NODE_V2, TAGS_V2)
        with self.subTest(check=f"boto3: {NODE_V1} still listed, tags unchanged"):
            nodes = self.ec.describe_reserved_cache_nodes(
                ReservedCacheNodeId=NODE_V1)["ReservedCacheNodes"]
            self.assertEqual(len(nodes), 1)
            self.assertEqual(self.tags_of(nodes[0]["ReservationARN"]), TAGS_V1)
        self.plan_no_drift("plan after replace")

    def test_3_destroy(self):
        self.require_created()
        self.destroy_ok()
        with self.subTest(check="boto3: the reservations outlive destroy"):
            ids = [n["ReservedCacheNodeId"] for n in
                   self.ec.describe_reserved_cache_nodes()["ReservedCacheNodes"]]
            self.assertEqual(sorted(ids), sorted([NODE_V1, NODE_V2]))


if __name__ == "__main__":
    unittest.main(verbosity=2)

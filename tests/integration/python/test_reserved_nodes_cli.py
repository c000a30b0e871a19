"""Reserved cache nodes through the AWS CLI: offerings with filters and automatic paging,
purchase, describe, tags by ReservationARN, and errors on stderr with exit code 254."""

from ecl_cli import CliTestCase
from ecl_harness import main


class ReservedNodesCli(CliTestCase):
    def test_offerings_filters_and_automatic_paging(self):
        everything = self.aws("describe-reserved-cache-nodes-offerings", "--page-size", "100")
        offerings = everything["ReservedCacheNodesOfferings"]
        self.assertEqual(len(offerings), len({o["ReservedCacheNodesOfferingId"] for o in offerings}))
        self.assertGreater(len(offerings), 1000)
        one = self.aws("describe-reserved-cache-nodes-offerings",
                       "--cache-node-type", "cache.m5.large", "--product-description", "redis",
                       "--duration", "94608000", "--offering-type", "All Upfront")
        self.assertEqual(len(one["ReservedCacheNodesOfferings"]), 1)
        self.assertEqual(one["ReservedCacheNodesOfferings"][0]["Duration"], 94608000)
        page = self.aws("describe-reserved-cache-nodes-offerings", "--max-items", "25",
                        "--page-size", "20")
        self.assertEqual(len(page["ReservedCacheNodesOfferings"]), 25)
        self.assertIn("NextToken", page)

    def test_purchase_describe_and_tags(self):
        offering = self.aws("describe-reserved-cache-nodes-offerings",
                            "--cache-node-type", "cache.r7g.large", "--product-description",
                            "memcached", "--duration", "1", "--offering-type", "No Upfront")[
            "ReservedCacheNodesOfferings"][0]
        node = self.aws("purchase-reserved-cache-nodes-offering",
                        "--reserved-cache-nodes-offering-id",
                        offering["ReservedCacheNodesOfferingId"],
                        "--reserved-cache-node-id", "cli-node", "--cache-node-count", "2",
                        "--tags", "Key=owner,Value=cli")["ReservedCacheNode"]
        self.assertEqual(node["State"], "payment-pending")
        self.assertEqual(node["CacheNodeCount"], 2)
        self.assertEqual(node["RecurringCharges"], offering["RecurringCharges"])
        arn = node["ReservationARN"]
        self.assertEqual(arn, "arn:aws:elasticache:us-east-1:000000000000:reserved-instance:cli-node")
        described = self.aws("describe-reserved-cache-nodes", "--reserved-cache-node-id",
                             "cli-node")["ReservedCacheNodes"]
        self.assertEqual(described[0]["State"], "active")
        for filters in (["--duration", "1"], ["--duration", "31536000"],
                        ["--cache-node-type", "cache.r7g.large"],
                        ["--product-description", "memcached"],
                        ["--offering-type", "No Upfront"],
                        ["--reserved-cache-nodes-offering-id",
                         offering["ReservedCacheNodesOfferingId"]]):
            found = self.aws("describe-reserved-cache-nodes", *filters)["ReservedCacheNodes"]
            self.assertEqual([n["ReservedCacheNodeId"] for n in found], ["cli-node"], filters)
        self.assertEqual(self.aws("describe-reserved-cache-nodes", "--duration", "3")[
            "ReservedCacheNodes"], [])
        self.assertEqual(self.aws("list-tags-for-resource", "--resource-name", arn)["TagList"],
                         [{"Key": "owner", "Value": "cli"}])

    def test_errors_exit_254_with_the_code(self):
        missing = self.aws("describe-reserved-cache-nodes", "--reserved-cache-node-id", "nope",
                           expect_ok=False)
        self.assertEqual(missing.returncode, 254)
        self.assertIn("ReservedCacheNodeNotFound", missing.stderr)
        bad = self.aws("describe-reserved-cache-nodes-offerings", "--duration", "2",
                       expect_ok=False)
        self.assertEqual(bad.returncode, 254)
        self.assertIn("InvalidParameterValue", bad.stderr)
        unknown = self.aws("purchase-reserved-cache-nodes-offering",
                           "--reserved-cache-nodes-offering-id",
                           "00000000-0000-0000-0000-000000000000", expect_ok=False)
        self.assertEqual(unknown.returncode, 254)
        self.assertIn("ReservedCacheNodesOfferingNotFound", unknown.stderr)


if __name__ == "__main__":
    main()

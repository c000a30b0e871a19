"""Reserved cache nodes through boto3: the offerings catalog, purchase, describe, states
driven by the admin clock, tags by ReservationARN, the quota, and catalog ids that stay the
same across restarts and machines."""

import csv
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from ecl_harness import REPO_ROOT, Server, ServerTestCase, binary_path, main

ONE_YEAR = 31536000
THREE_YEARS = 94608000
CATALOG_CSV = os.path.join(REPO_ROOT, "config", "reserved-offerings.csv")
GENERATED_ID = re.compile(r"^ri-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-\d{3}$")
OFFERING_TYPES = {"Light Utilization", "Medium Utilization", "Heavy Utilization",
                  "No Upfront", "Partial Upfront", "All Upfront"}


def catalog_rows():
    with open(CATALOG_CSV, encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def all_offerings(ec, **filters):
    pages = ec.get_paginator("describe_reserved_cache_nodes_offerings").paginate(
        **filters, PaginationConfig={"PageSize": 100})
    return [o for page in pages for o in page["ReservedCacheNodesOfferings"]]


def offering_id(ec, node_type, years, offering_type, product="redis"):
    found = ec.describe_reserved_cache_nodes_offerings(
        CacheNodeType=node_type, Duration=str(years), OfferingType=offering_type,
        ProductDescription=product)["ReservedCacheNodesOfferings"]
    assert len(found) == 1, found
    return found[0]["ReservedCacheNodesOfferingId"]


class Offerings(ServerTestCase):
    def test_the_whole_catalog_pages_through_the_sdk_paginator(self):
        offerings = all_offerings(self.ec)
        rows = catalog_rows()
        self.assertEqual(len(offerings), len(rows))
        ids = [o["ReservedCacheNodesOfferingId"] for o in offerings]
        self.assertEqual(len(set(ids)), len(ids))
        self.assertEqual(ids, sorted(ids))
        self.assertEqual(set(ids), {r["offering_id"] for r in rows})
        self.assertEqual({o["OfferingType"] for o in offerings}, OFFERING_TYPES)
        self.assertEqual({o["Duration"] for o in offerings}, {ONE_YEAR, THREE_YEARS})
        self.assertEqual({o["ProductDescription"] for o in offerings}, {"redis", "memcached"})
        types = {o["CacheNodeType"] for o in offerings}
        for node_type in ("cache.t2.micro", "cache.m1.small", "cache.c1.xlarge", "cache.r4.16xlarge",
                          "cache.t3.micro", "cache.t4g.small", "cache.m5.large", "cache.m6g.large",
                          "cache.m7g.xlarge", "cache.r5.large", "cache.r6g.large", "cache.r7g.large"):
            self.assertIn(node_type, types)

    def test_page_size_and_marker(self):
        first = self.ec.describe_reserved_cache_nodes_offerings(MaxRecords=20)
        self.assertEqual(len(first["ReservedCacheNodesOfferings"]), 20)
        self.assertIn("Marker", first)
        second = self.ec.describe_reserved_cache_nodes_offerings(MaxRecords=20,
                                                                 Marker=first["Marker"])
        self.assertGreater(second["ReservedCacheNodesOfferings"][0]["ReservedCacheNodesOfferingId"],
                           first["ReservedCacheNodesOfferings"][-1]["ReservedCacheNodesOfferingId"])
        default = self.ec.describe_reserved_cache_nodes_offerings()
        self.assertEqual(len(default["ReservedCacheNodesOfferings"]), 100)
        for bad in (19, 101, 0):
            self.assertAwsError("InvalidParameterValue",
                                self.ec.describe_reserved_cache_nodes_offerings,
                                MaxRecords=bad, status=400)

    def test_each_filter(self):
        rows = catalog_rows()
        types = {r["cache_node_type"] for r in rows}
        self.assertEqual(len(all_offerings(self.ec, CacheNodeType="cache.r6g.large")), 24)
        self.assertEqual(len(all_offerings(self.ec, ProductDescription="memcached")),
                         len(rows) // 2)
        self.assertEqual(len(all_offerings(self.ec, OfferingType="Light Utilization")),
                         len(types) * 4)
        for years, seconds in (("1", "31536000"), ("3", "94608000")):
            by_years = all_offerings(self.ec, Duration=years)
            by_seconds = all_offerings(self.ec, Duration=seconds)
            self.assertEqual(len(by_years), len(rows) // 2)
            self.assertEqual(by_years, by_seconds)
        one = self.ec.describe_reserved_cache_nodes_offerings(
            CacheNodeType="cache.m5.large", ProductDescription="memcached", Duration="3",
            OfferingType="Partial Upfront")["ReservedCacheNodesOfferings"]
        self.assertEqual(len(one), 1)
        offering = one[0]
        self.assertEqual(offering["Duration"], THREE_YEARS)
        self.assertIsInstance(offering["FixedPrice"], float)
        self.assertIsInstance(offering["UsagePrice"], float)
        self.assertEqual(offering["RecurringCharges"][0]["RecurringChargeFrequency"], "Hourly")
        by_id = self.ec.describe_reserved_cache_nodes_offerings(
            ReservedCacheNodesOfferingId=offering["ReservedCacheNodesOfferingId"])
        self.assertEqual(by_id["ReservedCacheNodesOfferings"], [offering])
        self.assertNotIn("Marker", by_id)

    def test_unknown_offering_id_is_an_empty_list_as_in_the_aws_example(self):
        out = self.ec.describe_reserved_cache_nodes_offerings(
            ReservedCacheNodesOfferingId="1ef01f5b-94ff-433f-a530-61a56bfc8e7a")
        self.assertEqual(out["ReservedCacheNodesOfferings"], [])

    def test_invalid_duration(self):
        for bad in ("2", "0", "one", "31536001"):
            error = self.assertAwsError("InvalidParameterValue",
                                        self.ec.describe_reserved_cache_nodes_offerings,
                                        Duration=bad, status=400)
            self.assertIn(bad, error.response["Error"]["Message"])


class Purchase(ServerTestCase):
    def test_purchase_copies_the_offering_and_becomes_active(self):
        oid = offering_id(self.ec, "cache.r6g.large", 1, "Partial Upfront")
        offering = self.ec.describe_reserved_cache_nodes_offerings(
            ReservedCacheNodesOfferingId=oid)["ReservedCacheNodesOfferings"][0]
        node = self.ec.purchase_reserved_cache_nodes_offering(
            ReservedCacheNodesOfferingId=oid, ReservedCacheNodeId="mynode", CacheNodeCount=3,
            Tags=[{"Key": "team", "Value": "cache"}])["ReservedCacheNode"]
        self.assertEqual(node["ReservedCacheNodeId"], "mynode")
        self.assertEqual(node["State"], "payment-pending")
        self.assertEqual(node["CacheNodeCount"], 3)
        for key in ("ReservedCacheNodesOfferingId", "CacheNodeType", "Duration", "FixedPrice",
                    "UsagePrice", "ProductDescription", "OfferingType", "RecurringCharges"):
            self.assertEqual(node[key], offering[key], key)
        self.assertIn("StartTime", node)
        arn = node["ReservationARN"]
        self.assertEqual(arn, "arn:aws:elasticache:us-east-1:000000000000:reserved-instance:mynode")

        described = self.ec.describe_reserved_cache_nodes(
            ReservedCacheNodeId="mynode")["ReservedCacheNodes"]
        self.assertEqual(len(described), 1)
        self.assertEqual(described[0]["State"], "active")
        self.assertEqual(described[0]["StartTime"], node["StartTime"])
        self.assertEqual(described[0]["ReservationARN"], arn)

        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=arn)["TagList"],
                         [{"Key": "team", "Value": "cache"}])
        self.ec.add_tags_to_resource(ResourceName=arn, Tags=[{"Key": "env", "Value": "ci"}])
        self.ec.remove_tags_from_resource(ResourceName=arn, TagKeys=["team"])
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=arn)["TagList"],
                         [{"Key": "env", "Value": "ci"}])

    def test_generated_id_and_defaults(self):
        oid = offering_id(self.ec, "cache.t3.micro", 3, "No Upfront")
        node = self.ec.purchase_reserved_cache_nodes_offering(
            ReservedCacheNodesOfferingId=oid)["ReservedCacheNode"]
        self.assertRegex(node["ReservedCacheNodeId"], GENERATED_ID)
        self.assertEqual(node["CacheNodeCount"], 1)
        self.assertTrue(node["ReservationARN"].endswith(":reserved-instance:" +
                                                        node["ReservedCacheNodeId"]))
        other = self.ec.purchase_reserved_cache_nodes_offering(
            ReservedCacheNodesOfferingId=oid)["ReservedCacheNode"]
        self.assertNotEqual(other["ReservedCacheNodeId"], node["ReservedCacheNodeId"])

    def test_purchase_errors_change_nothing(self):
        oid = offering_id(self.ec, "cache.t3.micro", 1, "All Upfront")
        self.ec.purchase_reserved_cache_nodes_offering(ReservedCacheNodesOfferingId=oid,
                                                       ReservedCacheNodeId="taken")
        self.assertAwsError("ReservedCacheNodeAlreadyExists",
                            self.ec.purchase_reserved_cache_nodes_offering,
                            ReservedCacheNodesOfferingId=oid, ReservedCacheNodeId="taken",
                            status=404)
        self.assertAwsError("ReservedCacheNodesOfferingNotFound",
                            self.ec.purchase_reserved_cache_nodes_offering,
                            ReservedCacheNodesOfferingId="00000000-0000-0000-0000-000000000000",
                            ReservedCacheNodeId="other", status=404)
        self.assertAwsError("InvalidParameterValue",
                            self.ec.purchase_reserved_cache_nodes_offering,
                            ReservedCacheNodesOfferingId=oid, ReservedCacheNodeId="zero",
                            CacheNodeCount=0, status=400)
        self.assertAwsError("InvalidParameterValue",
                            self.ec.purchase_reserved_cache_nodes_offering,
                            ReservedCacheNodesOfferingId=oid, ReservedCacheNodeId="a:b",
                            status=400)
        nodes = self.ec.describe_reserved_cache_nodes()["ReservedCacheNodes"]
        self.assertEqual([n["ReservedCacheNodeId"] for n in nodes], ["taken"])

    def test_missing_offering_id_is_missing_parameter(self):
        status, _, body = self.server.query({"Action": "PurchaseReservedCacheNodesOffering",
                                             "Version": "2015-02-02"})
        self.assertEqual(status, 400, body)
        self.assertIn(b"<Code>MissingParameter</Code>", body)

    def test_each_describe_filter(self):
        small = offering_id(self.ec, "cache.t3.micro", 1, "No Upfront")
        big = offering_id(self.ec, "cache.r7g.large", 3, "Heavy Utilization")
        cached = offering_id(self.ec, "cache.t3.micro", 1, "No Upfront", product="memcached")
        for rid, oid in (("a", small), ("b", big), ("c", cached)):
            self.ec.purchase_reserved_cache_nodes_offering(ReservedCacheNodesOfferingId=oid,
                                                           ReservedCacheNodeId=rid)

        def ids(**filters):
            return [n["ReservedCacheNodeId"]
                    for n in self.ec.describe_reserved_cache_nodes(**filters)["ReservedCacheNodes"]]

        self.assertEqual(ids(), ["a", "b", "c"])
        self.assertEqual(ids(ReservedCacheNodeId="b"), ["b"])
        self.assertEqual(ids(ReservedCacheNodesOfferingId=small), ["a"])
        self.assertEqual(ids(CacheNodeType="cache.t3.micro"), ["a", "c"])
        self.assertEqual(ids(Duration="1"), ["a", "c"])
        self.assertEqual(ids(Duration="31536000"), ["a", "c"])
        self.assertEqual(ids(Duration="3"), ["b"])
        self.assertEqual(ids(Duration="94608000"), ["b"])
        self.assertEqual(ids(ProductDescription="memcached"), ["c"])
        self.assertEqual(ids(OfferingType="Heavy Utilization"), ["b"])
        self.assertEqual(ids(ReservedCacheNodeId="b", Duration="1"), [])
        self.assertAwsError("ReservedCacheNodeNotFound", self.ec.describe_reserved_cache_nodes,
                            ReservedCacheNodeId="nope", status=404)
        self.assertAwsError("InvalidParameterValue", self.ec.describe_reserved_cache_nodes,
                            Duration="2", status=400)
        for bad in (19, 101):
            self.assertAwsError("InvalidParameterValue", self.ec.describe_reserved_cache_nodes,
                                MaxRecords=bad, status=400)

    def test_describe_pages_with_marker_and_paginator(self):
        oid = offering_id(self.ec, "cache.t4g.micro", 1, "No Upfront")
        for i in range(45):
            self.ec.purchase_reserved_cache_nodes_offering(ReservedCacheNodesOfferingId=oid,
                                                           ReservedCacheNodeId=f"n{i:02d}")
        first = self.ec.describe_reserved_cache_nodes(MaxRecords=20)
        self.assertEqual(len(first["ReservedCacheNodes"]), 20)
        second = self.ec.describe_reserved_cache_nodes(MaxRecords=20, Marker=first["Marker"])
        self.assertEqual(second["ReservedCacheNodes"][0]["ReservedCacheNodeId"], "n20")
        pages = list(self.ec.get_paginator("describe_reserved_cache_nodes").paginate(
            PaginationConfig={"PageSize": 20}))
        self.assertEqual([len(p["ReservedCacheNodes"]) for p in pages], [20, 20, 5])
        self.assertEqual([n["ReservedCacheNodeId"] for p in pages for n in p["ReservedCacheNodes"]],
                         [f"n{i:02d}" for i in range(45)])

    def test_reservations_are_per_account_and_region(self):
        oid = offering_id(self.ec, "cache.t3.micro", 1, "No Upfront")
        self.ec.purchase_reserved_cache_nodes_offering(ReservedCacheNodesOfferingId=oid,
                                                       ReservedCacheNodeId="mine")
        other = self.server.client(access_key_id="111122223333")
        self.assertEqual(other.describe_reserved_cache_nodes()["ReservedCacheNodes"], [])
        node = other.purchase_reserved_cache_nodes_offering(
            ReservedCacheNodesOfferingId=oid, ReservedCacheNodeId="mine")["ReservedCacheNode"]
        self.assertEqual(node["ReservationARN"],
                         "arn:aws:elasticache:us-east-1:111122223333:reserved-instance:mine")
        west = self.server.client(region="us-west-2")
        self.assertEqual(west.describe_reserved_cache_nodes()["ReservedCacheNodes"], [])


class Quota(ServerTestCase):
    server_args = ("--reserved-nodes-quota", "5")

    def test_quota_counts_nodes_of_reservations_not_retired(self):
        oid = offering_id(self.ec, "cache.t3.micro", 1, "No Upfront")
        self.ec.purchase_reserved_cache_nodes_offering(ReservedCacheNodesOfferingId=oid,
                                                       ReservedCacheNodeId="a", CacheNodeCount=3)
        self.assertAwsError("ReservedCacheNodeQuotaExceeded",
                            self.ec.purchase_reserved_cache_nodes_offering,
                            ReservedCacheNodesOfferingId=oid, ReservedCacheNodeId="b",
                            CacheNodeCount=3, status=400)
        self.ec.purchase_reserved_cache_nodes_offering(ReservedCacheNodesOfferingId=oid,
                                                       ReservedCacheNodeId="b", CacheNodeCount=2)
        self.assertAwsError("ReservedCacheNodeQuotaExceeded",
                            self.ec.purchase_reserved_cache_nodes_offering,
                            ReservedCacheNodesOfferingId=oid)
        self.server.advance(ONE_YEAR)
        self.ec.purchase_reserved_cache_nodes_offering(ReservedCacheNodesOfferingId=oid,
                                                       ReservedCacheNodeId="c", CacheNodeCount=5)


class Clock(ServerTestCase):
    server_args = ("--transition-seconds", "30")

    def state(self, rid):
        return self.ec.describe_reserved_cache_nodes(
            ReservedCacheNodeId=rid)["ReservedCacheNodes"][0]["State"]

    def test_payment_pending_active_retired_on_the_admin_clock(self):
        one = offering_id(self.ec, "cache.m6g.large", 1, "All Upfront")
        three = offering_id(self.ec, "cache.m6g.large", 3, "All Upfront")
        for rid, oid in (("one", one), ("three", three)):
            node = self.ec.purchase_reserved_cache_nodes_offering(
                ReservedCacheNodesOfferingId=oid, ReservedCacheNodeId=rid)["ReservedCacheNode"]
            self.assertEqual(node["State"], "payment-pending")
        self.assertEqual(self.state("one"), "payment-pending")
        self.server.advance(30)
        self.assertEqual(self.state("one"), "active")
        self.assertEqual(self.state("three"), "active")
        self.server.advance(ONE_YEAR)
        self.assertEqual(self.state("one"), "retired")
        self.assertEqual(self.state("three"), "active")
        self.server.advance(2 * ONE_YEAR)
        self.assertEqual(self.state("three"), "retired")
        # Retired reservations stay visible, as on AWS.
        self.assertEqual(len(self.ec.describe_reserved_cache_nodes()["ReservedCacheNodes"]), 2)


class CatalogAcrossRestarts(unittest.TestCase):
    def ids_of_one_run(self, *args):
        server = Server(*args).start()
        try:
            return [o["ReservedCacheNodesOfferingId"] for o in all_offerings(server.client())]
        finally:
            self.assertEqual(server.stop(), 0)

    def test_offering_ids_are_the_same_on_every_start(self):
        first = self.ids_of_one_run()
        second = self.ids_of_one_run()
        self.assertEqual(first, second)
        # ... and on every machine: the committed catalog holds them literally.
        self.assertEqual(set(first), {r["offering_id"] for r in catalog_rows()})
        self.assertIn("036d7c46-fda8-518f-95f8-03709df1504b", first)  # r6g.large redis 1y No Upfront

    def test_reservations_survive_a_restart(self):
        data_dir = tempfile.mkdtemp(prefix="ecl-reserved-")
        self.addCleanup(shutil.rmtree, data_dir, True)
        # The later flag wins over the harness's --in-memory.
        args = ("--in-memory=false", "--data-dir", data_dir)
        server = Server(*args).start()
        try:
            ec = server.client()
            oid = offering_id(ec, "cache.r5.large", 3, "Partial Upfront")
            bought = ec.purchase_reserved_cache_nodes_offering(
                ReservedCacheNodesOfferingId=oid, ReservedCacheNodeId="kept")["ReservedCacheNode"]
        finally:
            self.assertEqual(server.stop(), 0)
        again = Server(*args).start()
        try:
            node = again.client().describe_reserved_cache_nodes(
                ReservedCacheNodeId="kept")["ReservedCacheNodes"][0]
            self.assertEqual(node["ReservedCacheNodesOfferingId"], oid)
            self.assertEqual(node["StartTime"], bought["StartTime"])
            self.assertEqual(node["State"], "active")
        finally:
            self.assertEqual(again.stop(), 0)

    def test_config_file_replaces_the_catalog(self):
        tmp = tempfile.mkdtemp(prefix="ecl-catalog-")
        self.addCleanup(shutil.rmtree, tmp, True)
        catalog = os.path.join(tmp, "offerings.csv")
        with open(catalog, "w", encoding="utf-8") as f:
            f.write("# my offerings\n"
                    "offering_id,cache_node_type,product_description,duration,offering_type,"
                    "fixed_price,usage_price,recurring_hourly\n"
                    "11111111-2222-4333-8444-555555555555,cache.r7g.large,valkey,1,No Upfront,0,0,0.15\n"
                    ",cache.r7g.large,valkey,3,All Upfront,2900.5,0,\n")
        config = os.path.join(tmp, "ecl.conf")
        with open(config, "w", encoding="utf-8") as f:
            f.write(f"reserved_offerings_file = {catalog}\n")
        server = Server("--config", config).start()
        try:
            ec = server.client()
            offerings = all_offerings(ec)
            self.assertEqual(len(offerings), 2)
            by_duration = {o["Duration"]: o for o in offerings}
            self.assertEqual(by_duration[ONE_YEAR]["ReservedCacheNodesOfferingId"],
                             "11111111-2222-4333-8444-555555555555")
            self.assertEqual(by_duration[ONE_YEAR]["RecurringCharges"],
                             [{"RecurringChargeAmount": 0.15, "RecurringChargeFrequency": "Hourly"}])
            derived = by_duration[THREE_YEARS]
            self.assertEqual(derived["FixedPrice"], 2900.5)
            self.assertEqual(derived["RecurringCharges"], [])
            node = ec.purchase_reserved_cache_nodes_offering(
                ReservedCacheNodesOfferingId=derived["ReservedCacheNodesOfferingId"])
            self.assertEqual(node["ReservedCacheNode"]["ProductDescription"], "valkey")
        finally:
            self.assertEqual(server.stop(), 0)
        self.assertEqual(self.ids_of_one_run("--config", config),
                         sorted(o["ReservedCacheNodesOfferingId"] for o in offerings))

    def test_a_bad_catalog_stops_the_server_naming_the_line(self):
        tmp = tempfile.mkdtemp(prefix="ecl-catalog-")
        self.addCleanup(shutil.rmtree, tmp, True)
        catalog = os.path.join(tmp, "bad.csv")
        with open(catalog, "w", encoding="utf-8") as f:
            f.write("offering_id,cache_node_type,product_description,duration,offering_type,"
                    "fixed_price,usage_price,recurring_hourly\n"
                    ",cache.r7g.large,redis,2,No Upfront,0,0,0.15\n")
        result = subprocess.run([binary_path(), "--in-memory", "--port", "0",
                                 "--reserved-offerings-file", catalog],
                                capture_output=True, text=True, timeout=30)
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"{catalog}:2: duration must be 1, 3, 31536000 or 94608000, got '2'",
                      result.stderr)


if __name__ == "__main__":
    main()

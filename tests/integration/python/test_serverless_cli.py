"""Serverless caches and their snapshots through the AWS CLI, as the User Guide runs them:
create-serverless-cache with --cache-usage-limits in both shorthand and JSON, describe with
automatic paging, modify-serverless-cache (limits, an engine upgrade), snapshots created,
copied, exported and deleted, delete-serverless-cache with a final snapshot, and errors on
stderr. Needs a CLI that knows the serverless commands (CLI v2.14+ / v1.31+; Debian 12's 2.9
does not), else the class is skipped."""

import json
import os

from ecl_cli import CliTestCase
from ecl_harness import DEFAULT_ACCOUNT, ExportDirMixin, main


class ServerlessCli(ExportDirMixin, CliTestCase):
    needs_command = "create-serverless-cache"

    def test_serverless_cache_walkthrough(self):
        created = self.aws("create-serverless-cache", "--serverless-cache-name", "CacheName",
                           "--engine", "valkey", "--major-engine-version", "8",
                           "--description", "from the CLI",
                           "--cache-usage-limits",
                           "DataStorage={Maximum=10,Unit=GB},ECPUPerSecond={Maximum=5000}",
                           "--snapshot-retention-limit", "2", "--daily-snapshot-time", "09:00",
                           "--tags", "Key=team,Value=cache")["ServerlessCache"]
        self.assertEqual((created["ServerlessCacheName"], created["Status"]),
                         ("cachename", "creating"))
        self.assertEqual(created["ARN"],
                         f"arn:aws:elasticache:us-east-1:{DEFAULT_ACCOUNT}:serverlesscache:cachename")
        [cache] = self.aws("describe-serverless-caches", "--serverless-cache-name",
                           "cachename")["ServerlessCaches"]
        self.assertEqual(cache["Status"], "available")
        self.assertEqual(cache["Endpoint"]["Port"], 6379)
        self.assertEqual(cache["CacheUsageLimits"], {"DataStorage": {"Maximum": 10, "Unit": "GB"},
                                                     "ECPUPerSecond": {"Maximum": 5000}})
        limits = json.dumps({"DataStorage": {"Maximum": 20, "Minimum": 2, "Unit": "GB"},
                             "ECPUPerSecond": {"Maximum": 10000, "Minimum": 1000}})
        modified = self.aws("modify-serverless-cache", "--serverless-cache-name", "cachename",
                            "--cache-usage-limits", limits)["ServerlessCache"]
        self.assertEqual(modified["Status"], "modifying")
        self.assertEqual(modified["CacheUsageLimits"]["ECPUPerSecond"],
                         {"Maximum": 10000, "Minimum": 1000})
        self.aws("create-serverless-cache", "--serverless-cache-name", "old-redis",
                 "--engine", "redis")
        self.aws("describe-serverless-caches")
        upgraded = self.aws("modify-serverless-cache", "--serverless-cache-name", "old-redis",
                            "--engine", "valkey", "--major-engine-version", "8")
        self.assertEqual(upgraded["ServerlessCache"]["Status"], "modifying")
        caches = {c["ServerlessCacheName"]: c
                  for c in self.aws("describe-serverless-caches")["ServerlessCaches"]}
        self.assertEqual((caches["old-redis"]["Engine"], caches["old-redis"]["FullEngineVersion"]),
                         ("valkey", "8.2"))
        self.assertEqual(self.aws("list-tags-for-resource", "--resource-name", created["ARN"])[
            "TagList"], [{"Key": "team", "Value": "cache"}])

        deleted = self.aws("delete-serverless-cache", "--serverless-cache-name", "old-redis",
                           "--final-snapshot-name", "old-redis-final")["ServerlessCache"]
        self.assertEqual(deleted["Status"], "deleting")
        self.assertCliError("ServerlessCacheNotFoundFault", "describe-serverless-caches",
                            "--serverless-cache-name", "old-redis")
        self.assertCliError("InvalidParameterValue", "create-serverless-cache",
                            "--serverless-cache-name", "bad_name", "--engine", "valkey")
        self.assertCliError("InvalidParameterValue", "create-serverless-cache",
                            "--serverless-cache-name", "c2", "--engine", "valkey",
                            "--cache-usage-limits", "ECPUPerSecond={Maximum=5}",
                            contains="Must be between 1000 and 15000000")

    def test_automatic_paging(self):
        for i in range(22):
            self.aws("create-serverless-cache", "--serverless-cache-name", f"paged-{i:02d}",
                     "--engine", "memcached")
        everything = self.aws("describe-serverless-caches", "--page-size", "20")
        self.assertEqual(len(everything["ServerlessCaches"]), 22)
        page = self.aws("describe-serverless-caches", "--max-items", "21", "--page-size", "20")
        self.assertEqual(len(page["ServerlessCaches"]), 21)
        self.assertIn("NextToken", page)

    def test_snapshot_walkthrough(self):
        self.make_bucket("my-exports")
        self.aws("create-serverless-cache", "--serverless-cache-name", "c", "--engine", "redis")
        self.aws("describe-serverless-caches")
        snapshot = self.aws("create-serverless-cache-snapshot", "--serverless-cache-snapshot-name",
                            "my-serverless-cache-snapshot", "--serverless-cache-name",
                            "c")["ServerlessCacheSnapshot"]
        self.assertEqual((snapshot["SnapshotType"], snapshot["Status"]), ("manual", "creating"))
        self.assertEqual(snapshot["ServerlessCacheConfiguration"],
                         {"ServerlessCacheName": "c", "Engine": "redis", "MajorEngineVersion": "7"})
        copy = self.aws("copy-serverless-cache-snapshot", "--source-serverless-cache-snapshot-name",
                        "my-serverless-cache-snapshot", "--target-serverless-cache-snapshot-name",
                        "my-serverless-cache-snapshot-copy")["ServerlessCacheSnapshot"]
        self.assertEqual(copy["Status"], "creating")
        exported = self.aws("export-serverless-cache-snapshot", "--serverless-cache-snapshot-name",
                            "my-serverless-cache-snapshot", "--s3-bucket-name", "my-exports")
        self.assertEqual(exported["ServerlessCacheSnapshot"]["Status"], "exporting")
        self.assertTrue(os.path.exists(os.path.join(
            self.export_dir, "my-exports", "my-serverless-cache-snapshot-0001.rdb")))
        listed = self.aws("describe-serverless-cache-snapshots", "--serverless-cache-name", "c",
                          "--snapshot-type", "manual")["ServerlessCacheSnapshots"]
        self.assertEqual([s["ServerlessCacheSnapshotName"] for s in listed],
                         ["my-serverless-cache-snapshot", "my-serverless-cache-snapshot-copy"])
        self.aws("create-serverless-cache", "--serverless-cache-name", "restored", "--engine",
                 "valkey", "--snapshot-arns-to-restore", snapshot["ARN"])
        self.assertEqual(self.aws("describe-serverless-caches", "--serverless-cache-name",
                                  "restored")["ServerlessCaches"][0]["Status"], "available")
        deleted = self.aws("delete-serverless-cache-snapshot", "--serverless-cache-snapshot-name",
                           "my-serverless-cache-snapshot-copy")
        self.assertEqual(deleted["ServerlessCacheSnapshot"]["Status"], "deleting")
        self.assertCliError("ServerlessCacheSnapshotNotFoundFault",
                            "delete-serverless-cache-snapshot", "--serverless-cache-snapshot-name",
                            "my-serverless-cache-snapshot-copy")
        self.assertCliError("InvalidParameterValue", "export-serverless-cache-snapshot",
                            "--serverless-cache-snapshot-name", "my-serverless-cache-snapshot",
                            "--s3-bucket-name", "missing-bucket", contains="does not exist")
        events = self.aws("describe-events", "--source-type", "serverless-cache-snapshot")
        self.assertIn("Snapshot succeeded for snapshot with ID 'my-serverless-cache-snapshot' of "
                      "serverless cache with ID 'c'", [e["Message"] for e in events["Events"]])


if __name__ == "__main__":
    main()

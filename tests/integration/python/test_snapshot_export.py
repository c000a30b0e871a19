"""CopySnapshot with TargetBucket: exports into folders under --export-dir, the seed's S3
error messages, files a real redis-server loads as an empty dataset, and SnapshotArns
restores from exported files."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

from ecl_harness import ServerTestCase, main

REDIS_SERVER = shutil.which("redis-server") or (
    "/usr/bin/redis-server" if os.access("/usr/bin/redis-server", os.X_OK) else None)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_command(port, *args, timeout=5):
    """One RESP command over a socket (no redis-cli needed); returns the raw reply line."""
    payload = f"*{len(args)}\r\n" + "".join(f"${len(a)}\r\n{a}\r\n" for a in args)
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(payload.encode())
        return s.recv(4096).decode().split("\r\n")[0]


class Export(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.export_dir = tempfile.mkdtemp(prefix="ecl-exports-")
        cls.server_args = ("--export-dir", cls.export_dir)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.export_dir, ignore_errors=True)

    def setUp(self):
        super().setUp()
        self.bucket = ("exports-" + self._testMethodName.replace("_", "-")[:40]).strip("-")
        os.makedirs(os.path.join(self.export_dir, self.bucket), exist_ok=True)

    def sharded_snapshot(self, name="src-snap"):
        self.ec.create_replication_group(
            ReplicationGroupId="src", ReplicationGroupDescription="d",
            CacheParameterGroupName="default.redis7.cluster.on", AutomaticFailoverEnabled=True,
            NodeGroupConfiguration=[{"Slots": "0-4000", "ReplicaCount": 1},
                                    {"Slots": "4001-16383", "ReplicaCount": 1}])
        self.ec.create_snapshot(SnapshotName=name, ReplicationGroupId="src")
        return name

    def test_export_writes_one_rdb_per_node_group(self):
        name = self.sharded_snapshot()
        exported = self.ec.copy_snapshot(SourceSnapshotName=name, TargetSnapshotName="backup",
                                         TargetBucket=self.bucket)["Snapshot"]
        self.assertEqual(exported["SnapshotStatus"], "exporting")
        self.assertEqual(exported["SnapshotName"], name)
        files = sorted(os.listdir(os.path.join(self.export_dir, self.bucket)))
        self.assertEqual(files, ["backup-0001.rdb", "backup-0002.rdb"])
        with open(os.path.join(self.export_dir, self.bucket, files[0]), "rb") as f:
            self.assertTrue(f.read().startswith(b"REDIS0009"))
        self.assertEqual(self.ec.describe_snapshots(SnapshotName=name)["Snapshots"][0]
                         ["SnapshotStatus"], "available")
        # An export is not a snapshot of its own.
        self.assertAwsError("SnapshotNotFoundFault", self.ec.describe_snapshots,
                            SnapshotName="backup")

    def test_export_errors_name_bucket_and_key(self):
        name = self.sharded_snapshot()
        error = self.assertAwsError("InvalidParameterValue", self.ec.copy_snapshot,
                                    SourceSnapshotName=name, TargetSnapshotName="backup",
                                    TargetBucket="no-such-bucket", status=400)
        self.assertIn("The S3 bucket no-such-bucket does not exist.",
                      error.response["Error"]["Message"])
        self.ec.copy_snapshot(SourceSnapshotName=name, TargetSnapshotName="backup",
                              TargetBucket=self.bucket)
        error = self.assertAwsError("InvalidParameterValue", self.ec.copy_snapshot,
                                    SourceSnapshotName=name, TargetSnapshotName="backup",
                                    TargetBucket=self.bucket)
        self.assertIn(f"The S3 bucket {self.bucket} already contains an object with key "
                      "backup-0001.rdb.", error.response["Error"]["Message"])
        self.assertAwsError("SnapshotNotFoundFault", self.ec.copy_snapshot,
                            SourceSnapshotName="missing", TargetSnapshotName="x",
                            TargetBucket=self.bucket)

    @unittest.skipIf(REDIS_SERVER is None, "redis-server missing: run scripts/setup.sh")
    def test_real_redis_server_loads_the_export_as_an_empty_dataset(self):
        name = self.sharded_snapshot()
        self.ec.copy_snapshot(SourceSnapshotName=name, TargetSnapshotName="for-redis",
                              TargetBucket=self.bucket)
        folder = os.path.join(self.export_dir, self.bucket)
        for key in ("for-redis-0001.rdb", "for-redis-0002.rdb"):
            with self.subTest(key=key):
                port = free_port()
                redis = subprocess.Popen(
                    [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--dir", folder,
                     "--dbfilename", key, "--save", "", "--appendonly", "no",
                     "--daemonize", "no"],
                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                try:
                    reply = None
                    deadline = time.monotonic() + 20
                    while time.monotonic() < deadline and redis.poll() is None:
                        try:
                            reply = redis_command(port, "DBSIZE")
                            if reply.startswith(":"):
                                break
                        except OSError:
                            pass
                        time.sleep(0.05)
                    if redis.poll() is not None:
                        self.fail(f"redis-server exited while loading {key}:\n"
                                  f"{redis.stdout.read()}")
                    self.assertEqual(reply, ":0")
                finally:
                    redis.terminate()
                    try:
                        redis.wait(10)
                    except subprocess.TimeoutExpired:
                        redis.kill()
                        redis.wait()
                    redis.stdout.close()

    def test_restore_from_exported_files_by_arn(self):
        name = self.sharded_snapshot()
        self.ec.copy_snapshot(SourceSnapshotName=name, TargetSnapshotName="seed",
                              TargetBucket=self.bucket)
        arns = [f"arn:aws:s3:::{self.bucket}/seed-0001.rdb",
                f"arn:aws:s3:::{self.bucket}/seed-0002.rdb"]
        group = self.ec.create_replication_group(
            ReplicationGroupId="seeded", ReplicationGroupDescription="from rdb",
            CacheParameterGroupName="default.redis7.cluster.on", AutomaticFailoverEnabled=True,
            SnapshotArns=arns,
            NodeGroupConfiguration=[{"Slots": "0-999", "ReplicaCount": 1},
                                    {"Slots": "1000-16383", "ReplicaCount": 1}])["ReplicationGroup"]
        self.assertEqual(group["Status"], "creating")
        self.assertEqual([g["Slots"] for g in self.describe("seeded")["NodeGroups"]],
                         ["0-999", "1000-16383"])
        # Missing objects, missing buckets, malformed ARNs and non-RDB files are refused.
        with open(os.path.join(self.export_dir, self.bucket, "notes.txt"), "w") as f:
            f.write("not an rdb")
        for arn in (f"arn:aws:s3:::{self.bucket}/missing.rdb", "arn:aws:s3:::nobucket/x.rdb",
                    "s3://bucket/key", f"arn:aws:s3:::{self.bucket}/notes.txt",
                    f"arn:aws:s3:::{self.bucket}/../escape.rdb"):
            with self.subTest(arn=arn):
                self.assertAwsError("InvalidParameterValue", self.ec.create_replication_group,
                                    ReplicationGroupId="bad-seed", ReplicationGroupDescription="x",
                                    NumCacheClusters=1, SnapshotArns=[arn])
        self.assertAwsError("ReplicationGroupNotFoundFault", self.ec.describe_replication_groups,
                            ReplicationGroupId="bad-seed")


if __name__ == "__main__":
    main()

"""The state file under faults, against the real binary: a corrupted, truncated, empty,
foreign or newer-schema file where the database should be makes the server refuse to start
(exit 4, a message naming the file and what is wrong) without changing a byte of it; a state
file another server (or any process) has open is refused too (exit 1), and so is the running
server's file to other programs; a data
directory it cannot write is exit 5 with a clear message; a full disk (the --max-state-mib
limit) answers writes 503 ServiceUnavailable with nothing half-applied while reads go on, and
writes work again once there is room."""

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

from botocore.exceptions import ClientError

from ecl_harness import Server, binary_path, main

EXIT_UNUSABLE_STATE = 4
EXIT_NOT_WRITABLE = 5
DB_NAME = "elasticache-local.db"


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def run_server(data_dir, *extra, prefix=()):
    """Starts the server expecting it to refuse; returns (exit code, output)."""
    result = subprocess.run([*prefix, binary_path(), "--host", "127.0.0.1", "--port", "0",
                             "--data-dir", data_dir, "--log-level", "warn", *extra],
                            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    return result.returncode, result.stdout + result.stderr


class StateFileTestCase(unittest.TestCase):
    def setUp(self):
        self.data_dir = tempfile.mkdtemp(prefix="ecl-faults-")
        self.addCleanup(shutil.rmtree, self.data_dir, True)
        self.db = os.path.join(self.data_dir, DB_NAME)

    def make_state(self, groups=40):
        """A real state file with some pages in it, cleanly stopped (no WAL left)."""
        server = Server(data_dir=self.data_dir).start()
        ec = server.client()
        for i in range(groups):
            ec.create_cache_parameter_group(
                CacheParameterGroupName=f"group-{i:03d}", CacheParameterGroupFamily="redis7",
                Description="x" * 200)
        self.assertEqual(server.stop(), 0)
        self.assertFalse(os.path.exists(self.db + "-wal"))

    def assertRefused(self, fragment, code=EXIT_UNUSABLE_STATE):
        before = digest(self.db) if os.path.isfile(self.db) else None
        status, output = run_server(self.data_dir)
        self.assertEqual(status, code, output)
        self.assertIn(fragment, output)
        self.assertIn(self.db, output)
        if before is not None:
            self.assertEqual(digest(self.db), before, "the refused file was changed")
        self.assertNotIn("listening on", output)
        return output


class RefusedStateFiles(StateFileTestCase):
    def test_corrupted_pages(self):
        self.make_state()
        with open(self.db, "r+b") as f:
            f.seek(4096 * 2)
            f.write(b"\xde\xad\xbe\xef" * 1024)  # page 3 scribbled over
        output = self.assertRefused("it is corrupted")
        self.assertIn("left untouched", output)

    def test_truncated_file(self):
        self.make_state()
        size = os.path.getsize(self.db)
        self.assertGreater(size, 4096 * 4)
        with open(self.db, "r+b") as f:
            f.truncate(size // 2)
        self.assertRefused("refusing the state file")

    def test_empty_and_tiny_files(self):
        open(self.db, "wb").close()
        self.assertRefused("it is empty")
        with open(self.db, "wb") as f:
            f.write(b"SQLite")
        self.assertRefused("truncated")

    def test_a_file_of_another_kind(self):
        with open(self.db, "w") as f:
            f.write("these are my notes, not a database\n" * 100)
        self.assertRefused("it is not an SQLite database")

    def test_an_sqlite_database_of_another_program(self):
        with contextlib.closing(sqlite3.connect(self.db)) as other, other:
            other.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
            other.execute("INSERT INTO notes (text) VALUES ('keep me')")
        self.assertRefused("another program")
        with contextlib.closing(sqlite3.connect(self.db)) as other, other:
            tables = [r[0] for r in other.execute("SELECT name FROM sqlite_schema")]
        self.assertEqual(tables, ["notes"])
        with contextlib.closing(sqlite3.connect(self.db)) as other, other:
            other.execute("PRAGMA application_id = 12345")
        self.assertRefused("application_id 12345")

    def test_a_newer_schema_version(self):
        self.make_state(groups=2)
        with contextlib.closing(sqlite3.connect(self.db)) as db, db:
            db.execute("PRAGMA user_version = 99")
        self.assertRefused("written by a newer elasticache-local (schema version 99")

    def test_a_newer_schema_with_its_commits_still_in_the_wal(self):
        self.make_state(groups=2)
        other = sqlite3.connect(self.db)  # kept open: its commits stay in the -wal file
        self.addCleanup(other.close)
        other.execute("PRAGMA user_version = 7")
        other.commit()
        wal = self.db + "-wal"
        self.assertTrue(os.path.exists(wal))
        wal_before = digest(wal)
        self.assertRefused("schema version 7")
        self.assertEqual(digest(wal), wal_before, "the refused file's WAL was changed")

    def test_a_directory_where_the_file_should_be(self):
        os.mkdir(self.db)
        self.assertRefused("not a regular file")

    def test_a_good_file_still_opens_and_keeps_its_state(self):
        self.make_state(groups=3)
        server = Server(data_dir=self.data_dir).start()
        try:
            names = [g["CacheParameterGroupName"] for g in server.client()
                     .describe_cache_parameter_groups(MaxRecords=100)["CacheParameterGroups"]]
            self.assertIn("group-002", names)
        finally:
            self.assertEqual(server.stop(), 0)


def as_nobody():
    """The prefix that runs a command as an unprivileged user (root ignores permissions)."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return (setpriv, "--reuid=65534", "--regid=65534", "--clear-groups")


class OneServerPerDataDirectory(StateFileTestCase):
    def test_a_second_server_and_other_programs_are_refused_while_one_runs(self):
        server = Server("--threads", "2", data_dir=self.data_dir).start()
        self.addCleanup(server.kill)
        ec = server.client()
        ec.create_replication_group(ReplicationGroupId="kept", ReplicationGroupDescription="d")
        for _ in range(20):  # readers beside the writer come and go; the file stays held
            ec.describe_replication_groups()

        status, output = run_server(self.data_dir)
        self.assertEqual(status, 1, output)
        self.assertIn(f"the state file '{self.db}' is in use by another process", output)
        self.assertNotIn("listening on", output)
        with contextlib.closing(sqlite3.connect(self.db, timeout=0)) as other:
            with self.assertRaisesRegex(sqlite3.OperationalError, "database is locked"):
                other.execute("SELECT COUNT(*) FROM resources").fetchone()

        # The server it refused went on as before.
        ec.create_replication_group(ReplicationGroupId="after", ReplicationGroupDescription="d")
        self.assertEqual(server.stop(), 0)
        with contextlib.closing(sqlite3.connect(self.db, timeout=0)) as other:
            ids = {r[0] for r in other.execute(
                "SELECT id FROM resources WHERE kind = 'replication-group'")}
        self.assertEqual(ids, {"kept", "after"})


class ReadOnlyDataDirectory(StateFileTestCase):
    def setUp(self):
        super().setUp()
        self.prefix = as_nobody()
        if self.prefix is None:
            self.skipTest("running as root without setpriv: permissions cannot be tested")
        os.chmod(self.data_dir, 0o755)
        probe = subprocess.run([*self.prefix, binary_path(), "--version"], capture_output=True)
        if probe.returncode != 0:
            self.skipTest("the unprivileged user cannot run the binary here")

    def test_a_read_only_empty_directory(self):
        os.chmod(self.data_dir, 0o555)
        status, output = run_server(self.data_dir, prefix=self.prefix)
        self.assertEqual(status, EXIT_NOT_WRITABLE, output)
        self.assertIn("is not writable", output)
        self.assertIn(self.data_dir, output)
        self.assertEqual(os.listdir(self.data_dir), [])

    def test_a_read_only_directory_holding_a_state_file(self):
        self.make_state(groups=2)
        os.chmod(self.db, 0o666)
        os.chmod(self.data_dir, 0o555)
        before = digest(self.db)
        status, output = run_server(self.data_dir, prefix=self.prefix)
        self.assertEqual(status, EXIT_NOT_WRITABLE, output)
        self.assertIn("is not writable", output)
        self.assertEqual(digest(self.db), before)

    def test_a_read_only_state_file(self):
        self.make_state(groups=2)
        os.chmod(self.data_dir, 0o777)
        os.chmod(self.db, 0o444)
        status, output = run_server(self.data_dir, prefix=self.prefix)
        self.assertEqual(status, EXIT_NOT_WRITABLE, output)
        self.assertIn("read-only", output)

    def test_a_data_directory_that_cannot_be_created(self):
        os.chmod(self.data_dir, 0o555)
        status, output = run_server(os.path.join(self.data_dir, "sub"), prefix=self.prefix)
        self.assertEqual(status, EXIT_NOT_WRITABLE, output)
        self.assertIn("cannot be created", output)


class FullDisk(StateFileTestCase):
    TAGS = [{"Key": f"key-{i:02d}-" + "k" * 100, "Value": "v" * 250} for i in range(40)]

    def start(self, mib):
        server = Server("--max-state-mib", str(mib), "--parameter-groups-quota", "100000",
                        data_dir=self.data_dir).start()
        self.addCleanup(server.kill)
        return server

    def fill(self, ec):
        """Creates tagged groups until the state is full; returns the names that were made."""
        made = []
        for i in range(2000):
            name = f"fill-{i:04d}"
            try:
                ec.create_cache_parameter_group(
                    CacheParameterGroupName=name, CacheParameterGroupFamily="redis7",
                    Description="d" * 200, Tags=self.TAGS)
            except ClientError as e:
                return made, name, e
            made.append(name)
        self.fail("the state never filled up")

    def names(self, ec):
        names = []
        for page in ec.get_paginator("describe_cache_parameter_groups").paginate():
            names += [g["CacheParameterGroupName"] for g in page["CacheParameterGroups"]
                      if not g["CacheParameterGroupName"].startswith("default.")]
        return names

    def test_writes_fail_whole_reads_go_on_and_writes_resume_with_room(self):
        server = self.start(mib=1)
        ec = server.client()
        # The first listing of an account's parameter groups stores its default groups (a
        # write); done before the disk fills, so every later listing only reads.
        self.names(ec)
        made, refused_name, error = self.fill(ec)
        self.assertGreater(len(made), 5)
        self.assertEqual(error.response["Error"]["Code"], "ServiceUnavailable")
        self.assertEqual(error.response["ResponseMetadata"]["HTTPStatusCode"], 503)
        self.assertIn("state storage is full", error.response["Error"]["Message"])
        # Nothing of the refused create exists; reads answer.
        self.assertEqual(self.names(ec), made)
        arn = ec.describe_cache_parameter_groups(
            CacheParameterGroupName=made[0])["CacheParameterGroups"][0]["ARN"]
        self.assertEqual(len(ec.list_tags_for_resource(ResourceName=arn)["TagList"]), 40)
        self.assertGreater(len(ec.describe_cache_parameters(
            CacheParameterGroupName=made[-1], MaxRecords=20)["Parameters"]), 0)
        # A write that would grow the state fails whole as well.
        with self.assertRaises(ClientError) as caught:
            ec.create_cache_parameter_group(
                CacheParameterGroupName=refused_name, CacheParameterGroupFamily="redis7",
                Description="d" * 200, Tags=self.TAGS)
        self.assertEqual(caught.exception.response["Error"]["Code"], "ServiceUnavailable")
        self.assertEqual(self.names(ec), made)
        status, output = server.stop(), server.log()
        self.assertEqual(status, 0, output)

        # Room again (a larger limit, as after freeing disk space): the state is intact and
        # writes work.
        server = self.start(mib=8)
        ec = server.client()
        self.assertEqual(self.names(ec), made)
        ec.create_cache_parameter_group(
            CacheParameterGroupName=refused_name, CacheParameterGroupFamily="redis7",
            Description="d" * 200, Tags=self.TAGS)
        self.assertEqual(self.names(ec), made + [refused_name])
        self.assertEqual(server.stop(), 0)


if __name__ == "__main__":
    main()

"""Shared harness for the integration tests: runs the real elasticache-local binary.

Each test class gets its own server on a free loopback port (``--port 0 --in-memory``),
state is reset through ``POST /_admin/reset`` before every test, and the server is
stopped with SIGTERM at the end, where it must exit with status 0.

The binary comes from the ECL_BINARY environment variable (set by ctest), falling back to
``build/elasticache-local`` in the repository.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
LISTENING = re.compile(r"listening on (http://[^\s/]+)")
STARTUP_TIMEOUT_S = 30
STOP_TIMEOUT_S = 15

DUMMY_KEY_ID = "AKIDEXAMPLE"
DUMMY_SECRET = "dummy-secret"
DEFAULT_ACCOUNT = "000000000000"


def binary_path():
    path = os.environ.get("ECL_BINARY") or os.path.join(REPO_ROOT, "build", "elasticache-local")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"server binary not built: {path} (run scripts/setup.sh)")
    return path


class Server:
    """One running elasticache-local process."""

    def __init__(self, *extra_args, data_dir=None, admin_token=None):
        """In memory unless data_dir names a directory for the SQLite state. With admin_token
        the server requires it on /_admin/*, and this harness's admin calls send it."""
        storage = ["--data-dir", data_dir] if data_dir else ["--in-memory"]
        token = ["--admin-token", admin_token] if admin_token else []
        self.args = [binary_path(), "--host", "127.0.0.1", "--port", "0", *storage,
                     "--log-level", os.environ.get("ECL_TEST_LOG_LEVEL", "warn"), *token,
                     *extra_args]
        self.admin_token = admin_token
        self.proc = None
        self.endpoint = None
        self.output = []  # every line the server printed, for failure messages
        self._ready = threading.Event()

    # -- lifecycle -------------------------------------------------------------------
    def start(self):
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, text=True, bufsize=1)
        # A reader thread keeps draining the pipe so a chatty server never blocks on it.
        self._reader = threading.Thread(target=self._read_output, daemon=True)
        self._reader.start()
        if not self._ready.wait(STARTUP_TIMEOUT_S) or self.endpoint is None:
            self.kill()
            raise RuntimeError("server did not print 'listening on http://HOST:PORT' in "
                               f"{STARTUP_TIMEOUT_S}s; output:\n{self.log()}")
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                status, _, _ = self.http("GET", "/health")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"/health never answered 200; output:\n{self.log()}")

    def _read_output(self):
        for line in self.proc.stdout:
            self.output.append(line.rstrip("\n"))
            match = LISTENING.search(line)
            if match and self.endpoint is None:
                self.endpoint = match.group(1)
                self._ready.set()
        self._ready.set()  # the process ended: wake start() up

    def stop(self):
        """SIGTERM, wait, and return the exit status."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            status = self.proc.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.kill()
            raise RuntimeError(f"server ignored SIGTERM for {STOP_TIMEOUT_S}s")
        self._close_output()
        return status

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._close_output()

    def _close_output(self):
        self._reader.join(5)
        if self.proc.stdout and not self.proc.stdout.closed:
            self.proc.stdout.close()

    def log(self):
        return "\n".join(self.output[-200:])

    # -- HTTP ------------------------------------------------------------------------
    def http(self, method, path, body=None, headers=None, timeout=10):
        """Plain HTTP without any SDK: returns (status, headers dict lower-cased, body bytes)."""
        if isinstance(body, str):
            body = body.encode()
        headers = dict(headers or {})
        if self.admin_token and path.startswith("/_admin") and "Authorization" not in headers:
            headers["Authorization"] = f"Bearer {self.admin_token}"
        request = urllib.request.Request(self.endpoint + path, data=body, method=method,
                                         headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return (response.status, {k.lower(): v for k, v in response.headers.items()},
                        response.read())
        except urllib.error.HTTPError as error:
            return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()

    def query(self, params, method="POST", headers=None):
        """An AWS Query request built by hand (form body for POST, query string for GET)."""
        encoded = urllib.parse.urlencode(params)
        if method == "GET":
            return self.http("GET", "/?" + encoded, headers=headers)
        all_headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        all_headers.update(headers or {})
        return self.http("POST", "/", body=encoded, headers=all_headers)

    def reset(self):
        status, _, body = self.http("POST", "/_admin/reset")
        if status != 200:
            raise AssertionError(f"/_admin/reset answered {status}: {body!r}")

    def clock(self):
        status, _, body = self.http("GET", "/_admin/clock")
        if status != 200:
            raise AssertionError(f"/_admin/clock answered {status}: {body!r}")
        return json.loads(body)

    def advance(self, seconds):
        status, _, body = self.http("POST", f"/_admin/clock/advance?seconds={seconds}")
        if status != 200:
            raise AssertionError(f"/_admin/clock/advance answered {status}: {body!r}")
        return body

    # -- SDK -------------------------------------------------------------------------
    def client(self, region="us-east-1", access_key_id=DUMMY_KEY_ID, secret=DUMMY_SECRET,
               **config):
        return boto3.client(
            "elasticache", endpoint_url=self.endpoint, region_name=region,
            aws_access_key_id=access_key_id, aws_secret_access_key=secret,
            config=Config(retries={"max_attempts": 1, "mode": "standard"},
                          connect_timeout=5, read_timeout=30, **config))


class ServerTestCase(unittest.TestCase):
    """A test class with its own server; state is emptied before every test."""

    server_args = ()
    admin_token = None
    server = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = Server(*cls.server_args, admin_token=cls.admin_token).start()
        cls.ec = cls.server.client()

    @classmethod
    def tearDownClass(cls):
        server, cls.server = cls.server, None
        if server is not None:
            status = server.stop()
            if status != 0:
                raise AssertionError(f"server exited with {status} after SIGTERM; output:\n"
                                     f"{server.log()}")
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.server.reset()

    # -- helpers ---------------------------------------------------------------------
    def assertAwsError(self, code, call, *args, status=None, message=None, **kwargs):
        """Calls an SDK method and checks the AWS error it must raise."""
        with self.assertRaises(ClientError) as caught:
            call(*args, **kwargs)
        error = caught.exception.response["Error"]
        self.assertEqual(error.get("Code"), code, f"full error: {caught.exception.response}")
        if status is not None:
            self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"],
                             status)
        if message is not None:
            self.assertEqual(error.get("Message"), message)
        return caught.exception

    def create_cmd(self, group_id, clusters=3, client=None, **extra):
        """A cluster-mode-disabled group with automatic failover (like the docs' example)."""
        params = dict(ReplicationGroupId=group_id, ReplicationGroupDescription="test group",
                      Engine="redis", CacheNodeType="cache.t3.micro",
                      NumCacheClusters=clusters, AutomaticFailoverEnabled=clusters > 1)
        params.update(extra)
        return (client or self.ec).create_replication_group(**params)["ReplicationGroup"]

    def create_cme(self, group_id, shards=3, replicas=1, client=None, **extra):
        """A cluster-mode-enabled group."""
        params = dict(ReplicationGroupId=group_id, ReplicationGroupDescription="sharded",
                      Engine="redis", CacheNodeType="cache.t3.micro",
                      CacheParameterGroupName="default.redis7.cluster.on",
                      NumNodeGroups=shards, ReplicasPerNodeGroup=replicas,
                      AutomaticFailoverEnabled=True)
        params.update(extra)
        return (client or self.ec).create_replication_group(**params)["ReplicationGroup"]

    def describe(self, group_id, client=None):
        groups = (client or self.ec).describe_replication_groups(
            ReplicationGroupId=group_id)["ReplicationGroups"]
        self.assertEqual(len(groups), 1)
        return groups[0]

    def fast_waiter(self, name, client=None):
        """An SDK waiter that polls quickly (the server finishes transitions at once)."""
        return (client or self.ec).get_waiter(name)

    WAIT_FAST = {"Delay": 1, "MaxAttempts": 30}


# Every hash slot of a Redis cluster.
ALL_SLOTS = set(range(16384))


def parse_slots(text):
    """The slots a range list ("0-99,200,300-400") names, as a list (duplicates kept)."""
    slots = []
    for part in text.split(","):
        start, _, end = part.partition("-")
        slots.extend(range(int(start), int(end or start) + 1))
    return slots


REGION_ABBREVIATIONS = {"us-east-1": "use1", "us-west-2": "usw2", "eu-west-1": "euw1"}


def endpoint_pattern(kind, group_or_cluster_id, region="us-east-1"):
    """Regex for an endpoint address as ElastiCache names them (in-transit encryption off)."""
    abbr = REGION_ABBREVIATIONS[region]
    name = re.escape(group_or_cluster_id)
    hash6 = r"[a-z0-9]{6}"
    return {
        "primary": rf"^{name}\.({hash6})\.ng\.0001\.{abbr}\.cache\.amazonaws\.com$",
        "reader": rf"^{name}-ro\.({hash6})\.ng\.0001\.{abbr}\.cache\.amazonaws\.com$",
        "node": rf"^{name}\.({hash6})\.0001\.{abbr}\.cache\.amazonaws\.com$",
        "config": rf"^{name}\.({hash6})\.clustercfg\.{abbr}\.cache\.amazonaws\.com$",
    }[kind]


class ExportDirMixin:
    """For a ServerTestCase (listed before it): the server writes snapshot exports into a fresh
    `cls.export_dir` (--export-dir), removed when the class is done; `make_bucket(name)`
    creates an export bucket there."""

    @classmethod
    def setUpClass(cls):
        cls.export_dir = tempfile.mkdtemp(prefix="ecl-exports-")
        cls.server_args = (*cls.server_args, "--export-dir", cls.export_dir)
        try:
            super().setUpClass()
        except BaseException:  # skipped or failed: tearDownClass will not run
            shutil.rmtree(cls.export_dir, ignore_errors=True)
            raise

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.export_dir, ignore_errors=True)

    def make_bucket(self, name):
        os.makedirs(os.path.join(self.export_dir, name), exist_ok=True)
        return name


def main():
    unittest.main(verbosity=2)

"""Harness for the data plane tests: a server with --data-plane, judged by the engines' own
clients (python3-redis, redis-cli, raw Memcached text protocol).

Every test module gets its own range of engine ports (``port_base``) so modules that ctest
runs side by side never hand out the same port. Tests skip, saying why, where an engine
program or the redis client is missing; scripts/setup.sh installs them all.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import unittest

from ecl_harness import Server, ServerTestCase

try:
    import redis
except ImportError:  # Debian's python3-redis, next to a Python that brought its own boto3
    sys.path.append("/usr/lib/python3/dist-packages")
    try:
        import redis
    except ImportError:
        redis = None

PORT_RANGE_SIZE = 300


def missing_tools():
    """Why the data plane cannot be tested here, or None."""
    if redis is None:
        return "python3-redis is not installed (apt-get install python3-redis)"
    for program in ("redis-server", "redis-cli", "memcached"):
        if shutil.which(program) is None:
            return f"{program} is not installed (bash scripts/setup.sh installs it)"
    return None


def data_plane_args(port_base, *extra):
    return ("--data-plane", "--engine-ports", f"{port_base}-{port_base + PORT_RANGE_SIZE - 1}",
            *extra)


def engines(server):
    """What GET /_admin/engines says runs."""
    status, _, body = server.http("GET", "/_admin/engines")
    if status != 200:
        raise AssertionError(f"/_admin/engines answered {status}: {body!r}")
    return json.loads(body)["engines"]


def port_open(port, host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_until(predicate, timeout=10.0, interval=0.05, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def memcached_command(port, command, host="127.0.0.1", expect_end=b"END\r\n"):
    """Sends one text-protocol command and reads until the answer ends."""
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(command)
        data = b""
        while not (data.endswith(expect_end) or data.endswith(b"STORED\r\n")
                   or data.endswith(b"ERROR\r\n")):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        return data


class DataPlaneTestCase(ServerTestCase):
    """A server with the data plane on, its state emptied (and its engines stopped) before
    every test."""

    port_base = 23000
    extra_server_args = ()

    @classmethod
    def setUpClass(cls):
        reason = missing_tools()
        if reason:
            raise unittest.SkipTest(reason)
        cls.server_args = data_plane_args(cls.port_base, *cls.extra_server_args)
        super().setUpClass()

    def redis_at(self, endpoint, **kwargs):
        """A python3-redis client of an endpoint as the API answers it."""
        options = dict(socket_timeout=5, decode_responses=True)
        options.update(kwargs)
        return redis.Redis(host=endpoint["Address"], port=endpoint["Port"], **options)

    def redis_cli(self, endpoint, *args, check=True):
        """redis-cli against an endpoint as the API answers it; returns its output."""
        done = subprocess.run(["redis-cli", "-h", endpoint["Address"], "-p",
                               str(endpoint["Port"]), *args],
                              capture_output=True, text=True, timeout=15)
        if check and done.returncode != 0:
            raise AssertionError(f"redis-cli {args} failed: {done.stderr}")
        return done.stdout.strip()

    def group_endpoints(self, group_id):
        group = self.describe(group_id)
        self.assertEqual(group["Status"], "available")
        node_group = group["NodeGroups"][0]
        return node_group, [m["ReadEndpoint"] for m in node_group["NodeGroupMembers"]]

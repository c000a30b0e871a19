#!/usr/bin/env python3
"""Data plane figures, on loopback, with state on disk (as users run it):

  1. ready: ms from spawning `elasticache-local --data-plane` to the first 200 from /health;
  2. create -> usable: ms from CreateReplicationGroup (3 cache clusters) to the first PONG of
     the primary endpoint the API answers, for BENCH_GROUPS groups (default 5): median, max;
  3. cluster mode: ms from CreateReplicationGroup (3 shards x 1 replica) to python3-redis's
     RedisCluster answering through the configuration endpoint; resharding 3 -> 4 shards with
     BENCH_KEYS keys (default 20000) in ms and keys moved per second, then 4 -> 3 shards
     (no engine starts: the migration alone), with the highest ProgressPercentage seen
     below 100 while it ran;
  4. memory: VmRSS of the emulator and of each idle engine (redis-server, memcached);
  5. stop: ms from SIGTERM to the emulator's exit with every engine stopped.

Usage: python3 bench/data_plane.py   (ECL_BINARY overrides build/elasticache-local)
Needs boto3, python3-redis, redis-server and memcached. Bounded: every wait has a deadline.
"""

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

try:
    import redis
except ImportError:  # Debian's python3-redis, next to a Python that brought its own boto3
    sys.path.append("/usr/lib/python3/dist-packages")
    import redis
import boto3
from botocore.config import Config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("ECL_BINARY", os.path.join(ROOT, "build", "elasticache-local"))
GROUPS = int(os.environ.get("BENCH_GROUPS", "5"))
KEYS = int(os.environ.get("BENCH_KEYS", "20000"))


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def deadline_loop(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        yield
    raise SystemExit(f"bench: timed out after {seconds}s")


def main():
    for program in ("redis-server", "memcached"):
        if not shutil.which(program):
            raise SystemExit(f"bench: {program} is not installed (bash scripts/setup.sh)")
    work = tempfile.mkdtemp(prefix="ecl-bench-dp-")
    log = open(os.path.join(work, "server.log"), "w+")
    started = time.monotonic()
    server = subprocess.Popen([BINARY, "--host", "127.0.0.1", "--port", "0", "--data-dir",
                               os.path.join(work, "data"), "--data-plane", "--engine-ports",
                               "28000-28299"], stdout=log, stderr=subprocess.STDOUT)
    try:
        endpoint = None
        for _ in deadline_loop(10):
            log.seek(0)
            for line in log:
                if "listening on http://" in line:
                    endpoint = line.split("listening on ")[1].split()[0]
            if endpoint:
                try:
                    urllib.request.urlopen(endpoint + "/health", timeout=1)
                    break
                except OSError:
                    pass
            time.sleep(0.002)
        ready_ms = (time.monotonic() - started) * 1000
        ec = boto3.client("elasticache", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="bench", aws_secret_access_key="bench",
                          config=Config(retries={"max_attempts": 1}))
        usable = []
        for i in range(GROUPS):
            t0 = time.monotonic()
            ec.create_replication_group(
                ReplicationGroupId=f"bench-{i}", ReplicationGroupDescription="bench",
                Engine="redis", CacheNodeType="cache.t3.micro", NumCacheClusters=3,
                AutomaticFailoverEnabled=True)
            for _ in deadline_loop(30):
                group = ec.describe_replication_groups(
                    ReplicationGroupId=f"bench-{i}")["ReplicationGroups"][0]
                primary = group["NodeGroups"][0].get("PrimaryEndpoint")
                try:
                    if primary and redis.Redis(host=primary["Address"], port=primary["Port"],
                                               socket_timeout=1).ping():
                        break
                except (redis.exceptions.RedisError, OSError):
                    pass
                time.sleep(0.005)
            usable.append((time.monotonic() - t0) * 1000)
        from redis.cluster import RedisCluster
        t0 = time.monotonic()
        ec.create_replication_group(
            ReplicationGroupId="bench-cme", ReplicationGroupDescription="bench",
            Engine="redis", CacheNodeType="cache.m5.large", NumNodeGroups=3,
            ReplicasPerNodeGroup=1, AutomaticFailoverEnabled=True,
            CacheParameterGroupName="default.redis7.cluster.on")
        for _ in deadline_loop(30):
            group = ec.describe_replication_groups(
                ReplicationGroupId="bench-cme")["ReplicationGroups"][0]
            config = group.get("ConfigurationEndpoint")
            try:
                if group["Status"] == "available":
                    cluster = RedisCluster(host=config["Address"], port=config["Port"])
                    if cluster.set("bench", "1"):
                        break
            except (redis.exceptions.RedisError, OSError):
                pass
            time.sleep(0.005)
        cluster_ms = (time.monotonic() - t0) * 1000
        pipe = cluster.pipeline()
        for k in range(KEYS):
            pipe.set(f"key:{k}", k)
        pipe.execute()
        t0 = time.monotonic()
        ec.modify_replication_group_shard_configuration(
            ReplicationGroupId="bench-cme", NodeGroupCount=4, ApplyImmediately=True)
        for _ in deadline_loop(120):
            if ec.describe_replication_groups(
                    ReplicationGroupId="bench-cme")["ReplicationGroups"][0]["Status"] == "available":
                break
            time.sleep(0.01)
        reshard_ms = (time.monotonic() - t0) * 1000
        # Every key on the new shard was moved there.
        group = ec.describe_replication_groups(ReplicationGroupId="bench-cme")["ReplicationGroups"][0]
        new_group = next(ng for ng in group["NodeGroups"] if ng["NodeGroupId"] == "0004")
        first_slot = int(new_group["Slots"].split(",")[0].split("-")[0])
        after = RedisCluster(host=config["Address"], port=config["Port"])
        moved = after.get_redis_connection(
            after.nodes_manager.get_node_from_slot(first_slot)).dbsize()
        # Shrink back: the removed shard's keys move to the others, with no engine to start.
        before = after.get_redis_connection(
            after.nodes_manager.get_node_from_slot(first_slot)).dbsize()
        t0 = time.monotonic()
        ec.modify_replication_group_shard_configuration(
            ReplicationGroupId="bench-cme", NodeGroupCount=3, ApplyImmediately=True,
            NodeGroupsToRemove=["0004"])
        progress = []
        for _ in deadline_loop(120):
            g = ec.describe_replication_groups(
                ReplicationGroupId="bench-cme")["ReplicationGroups"][0]
            if g["Status"] == "available":
                break
            progress.append(g["PendingModifiedValues"]["Resharding"]["SlotMigration"]
                            ["ProgressPercentage"])
            time.sleep(0.01)
        shrink_ms = (time.monotonic() - t0) * 1000
        ec.create_cache_cluster(CacheClusterId="bench-mc", Engine="memcached",
                                CacheNodeType="cache.t3.micro", NumCacheNodes=2)
        ec.describe_cache_clusters(CacheClusterId="bench-mc")
        time.sleep(1.0)  # idle
        with urllib.request.urlopen(endpoint + "/_admin/engines", timeout=5) as answer:
            engines = json.load(answer)["engines"]
        by_engine = {}
        for e in engines:
            if e["pid"] > 0:
                by_engine.setdefault(e["engine"], []).append(rss_kib(e["pid"]))
        emulator_rss = rss_kib(server.pid)
        t0 = time.monotonic()
        server.terminate()
        server.wait(timeout=30)
        stop_ms = (time.monotonic() - t0) * 1000
        left = [e["pid"] for e in engines if e["pid"] > 0 and os.path.exists(f"/proc/{e['pid']}")]

        print(f"data plane: ready {ready_ms:.0f} ms")
        print(f"data plane: create -> primary answers PING, {GROUPS} groups of 3 nodes: "
              f"median {statistics.median(usable):.0f} ms, max {max(usable):.0f} ms")
        print(f"data plane: create -> RedisCluster answers, 3 shards x 1 replica: "
              f"{cluster_ms:.0f} ms")
        print(f"data plane: reshard 3 -> 4 shards with {KEYS} keys: {reshard_ms:.0f} ms "
              f"(about {moved} keys moved, {moved / (reshard_ms / 1000):.0f} keys/s)")
        print(f"data plane: reshard 4 -> 3 shards (keys only): {shrink_ms:.0f} ms "
              f"({before} keys moved, {before / (shrink_ms / 1000):.0f} keys/s; "
              f"ProgressPercentage seen up to {max([p for p in progress if p < 100], default=0):.0f} "
              f"over {len(progress)} describes)")
        for engine, values in sorted(by_engine.items()):
            print(f"data plane: idle {engine} engine RSS: median "
                  f"{statistics.median(values) / 1024:.1f} MiB over {len(values)} engines")
        print(f"data plane: emulator RSS with {len(engines)} engines: {emulator_rss / 1024:.1f} MiB")
        print(f"data plane: SIGTERM -> exit with every engine stopped: {stop_ms:.0f} ms "
              f"({len(left)} engines left running)")
    finally:
        if server.poll() is None:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Scale bench: elasticache-local on a database of a million stored resources.

1. A template: a few real resources of each kind made through the API (a replication group
   with two member clusters and a tag, a standalone cache cluster, a snapshot of it, a user),
   so every stored document is exactly what the server writes. Their ids share the token
   TOKEN ("q9z...").
2. The server is stopped and the template is multiplied directly in the SQLite file: copy i
   is every template row with TOKEN replaced by s%07d (in the key, inside the JSON document,
   in tag ARNs and event texts), inserted with INSERT ... SELECT in big transactions. Events
   are multiplied the same way, spread over the last 13 days (inside DescribeEvents' 14).
   Two files are built: a small one (SMALL_COPIES copies, taken far into the id order of the
   big one) and the big one (--resources in all).
3. The server is started on each file (state on disk, default log level) and measured: ready
   (spawn to /health 200), sequential request latencies on one kept-alive connection, RSS;
   after it stops, the file's size against the bytes it stores.

Stored bytes: for each resources row length(account)+length(region)+length(kind)+length(id)
+length(doc) (+8 when due_at is set); for each tag the five text columns (+8 for position);
for each event its seven text columns + 16 (at and seq). Bytes of the UTF-8 text, as SQLite's
length(CAST(x AS BLOB)).

Prints one line per target: "target: <name> <figure> (limit <limit>) PASS|MISS".
Only ever talks to 127.0.0.1; every server it starts is stopped at the end.
Usage: python3 bench/scale.py [--resources N] [--events N] [--quick] [--binary PATH]
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

from spawn_server import spawn

TOKEN = "q9z"
KINDS_PER_COPY = 6  # a replication group, its 2 member clusters, a cluster, a snapshot, a user
SMALL_COPIES = 200
AUTH = ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/elasticache/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date, Signature=" + "0" * 64)
DAY_MS = 24 * 3600 * 1000
DB_NAME = "elasticache-local.db"

results = []  # (name, figure, limit, unit, ok)


def target(name, figure, limit, unit=""):
    ok = figure <= limit
    results.append((name, figure, limit, unit, ok))
    print(f"target: {name} {figure:.2f}{unit} (limit {limit:g}{unit}) {'PASS' if ok else 'MISS'}",
          flush=True)


class Server:
    """One elasticache-local process on a data directory, on an ephemeral loopback port."""

    def __init__(self, binary, data_dir, log_path):
        self.proc, self.ready_ms, self.port, _ = spawn(
            [binary, "--host", "127.0.0.1", "--port", "0", "--data-dir", data_dir], log_path)
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def call(self, action, **params):
        body = urllib.parse.urlencode({"Action": action, "Version": "2015-02-02", **params})
        self.conn.request("POST", "/", body, {
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Authorization": AUTH, "X-Amz-Date": "20240101T000000Z"})
        response = self.conn.getresponse()
        text = response.read().decode()
        if response.status != 200:
            raise SystemExit(f"scale: {action} {params} answered {response.status}: {text}")
        return text

    def rss_kib(self, field="VmRSS"):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.conn.close()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def marker_of(xml):
    m = re.search(r"<Marker>([^<]+)</Marker>", xml)
    return m.group(1) if m else None


def make_template(binary, work):
    """The resources of one copy, made through the API; returns the data directory."""
    data = os.path.join(work, "template")
    s = Server(binary, data, os.path.join(work, "template.log"))
    try:
        s.call("CreateReplicationGroup", ReplicationGroupId=TOKEN + "rg",
               ReplicationGroupDescription="scale bench", Engine="redis",
               CacheNodeType="cache.t3.micro", NumCacheClusters="2",
               **{"Tags.Tag.1.Key": "team", "Tags.Tag.1.Value": "scale"})
        s.call("CreateCacheCluster", CacheClusterId=TOKEN + "cc", Engine="redis",
               CacheNodeType="cache.t3.micro", NumCacheNodes="1")
        s.call("DescribeCacheClusters", CacheClusterId=TOKEN + "cc")  # becomes available
        s.call("CreateSnapshot", CacheClusterId=TOKEN + "cc", SnapshotName=TOKEN + "snap")
        s.call("CreateUser", UserId=TOKEN + "user", UserName=TOKEN + "user", Engine="redis",
               AccessString="on ~* +@all", NoPasswordRequired="true")
        s.call("DescribeEvents", MaxRecords="100")  # applies every due transition
    finally:
        s.stop()
    return data


def open_for_fill(path):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")  # a scratch copy: the server turns WAL back on
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-131072")
    return db


def multiply(path, first_copy, copies, events, now_ms):
    """Adds copies [first_copy, first_copy+copies) of the template and `events` events."""
    db = open_for_fill(path)
    like = f"%{TOKEN}%"
    db.execute("CREATE TEMP TABLE tr AS SELECT * FROM resources WHERE id LIKE ?", (like,))
    db.execute("CREATE TEMP TABLE tt AS SELECT * FROM tags WHERE arn LIKE ?", (like,))
    db.execute("CREATE TEMP TABLE te AS SELECT * FROM events WHERE id LIKE ? ORDER BY seq",
               (like,))
    per_copy = db.execute("SELECT COUNT(*) FROM tr").fetchone()[0]
    if per_copy != KINDS_PER_COPY:
        raise SystemExit(f"scale: the template has {per_copy} resources, not {KINDS_PER_COPY}")
    template_events = db.execute("SELECT COUNT(*) FROM te").fetchone()[0]
    db.execute("CREATE TEMP TABLE tek AS SELECT row_number() OVER (ORDER BY seq) - 1 AS k, * "
               "FROM te")
    counter = ("WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n "
               "WHERE i + 1 < ?2) ")
    chunk = 20000
    for lo in range(first_copy, first_copy + copies, chunk):
        hi = min(lo + chunk, first_copy + copies)
        db.execute("BEGIN")
        db.execute(counter + "INSERT INTO resources(account, region, kind, id, due_at, doc) "
                   "SELECT r.account, r.region, r.kind, replace(r.id, ?3, printf('s%07d', n.i)), "
                   "r.due_at, replace(r.doc, ?3, printf('s%07d', n.i)) "
                   "FROM n CROSS JOIN tr r ORDER BY n.i, r.kind, r.id", (lo, hi, TOKEN))
        db.execute(counter + "INSERT INTO tags(account, region, arn, key, value, position) "
                   "SELECT t.account, t.region, replace(t.arn, ?3, printf('s%07d', n.i)), "
                   "t.key, t.value, t.position FROM n CROSS JOIN tt t", (lo, hi, TOKEN))
        db.execute("COMMIT")
    # Events: event j is template event j % T of copy first_copy + (j / T) % copies, at
    # t0 + j * step, so the newest are an hour old and the oldest 13 days.
    base_seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM events").fetchone()[0]
    t0 = now_ms - 13 * DAY_MS
    step = max(1, (13 * DAY_MS - 3600 * 1000) // max(1, events))
    chunk = 100000
    for lo in range(0, events, chunk):
        hi = min(lo + chunk, events)
        db.execute("BEGIN")
        db.execute(
            counter + "INSERT INTO events(account, region, at, seq, kind, id, what, source_type, "
            "source_id, message) "
            "SELECT e.account, e.region, ?4 + n.i * ?5, ?6 + n.i, e.kind, "
            "replace(e.id, ?3, printf('s%07d', ?7 + (n.i / ?8) % ?9)), e.what, e.source_type, "
            "replace(e.source_id, ?3, printf('s%07d', ?7 + (n.i / ?8) % ?9)), "
            "replace(e.message, ?3, printf('s%07d', ?7 + (n.i / ?8) % ?9)) "
            "FROM n JOIN tek e ON e.k = n.i % ?8",
            (lo, hi, TOKEN, t0, step, base_seq, first_copy, template_events, copies))
        db.execute("COMMIT")
    db.close()
    return t0, step


def stored_bytes(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    b = "length(CAST({} AS BLOB))"
    q = lambda *cols: " + ".join(b.format(c) for c in cols)
    resources = db.execute(
        f"SELECT COUNT(*), COALESCE(SUM({q('account', 'region', 'kind', 'id', 'doc')} + "
        "CASE WHEN due_at IS NULL THEN 0 ELSE 8 END), 0) FROM resources").fetchone()
    tags = db.execute(
        f"SELECT COUNT(*), COALESCE(SUM({q('account', 'region', 'arn', 'key', 'value')} + 8), 0) "
        "FROM tags").fetchone()
    events = db.execute(
        f"SELECT COUNT(*), COALESCE(SUM({q('account', 'region', 'kind', 'id', 'what', 'source_type', 'source_id', 'message')} "
        "+ 16), 0) FROM events").fetchone()
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    free = db.execute("PRAGMA freelist_count").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    breakdown = []
    try:
        for name, n, used in db.execute(
                "SELECT name, COUNT(*), SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 3 DESC"):
            breakdown.append(f"{name} {used / 1e6:.1f} MB")
    except sqlite3.OperationalError:
        pass  # an SQLite without the dbstat table
    db.close()
    return {"resources": resources, "tags": tags, "events": events, "page_size": page_size,
            "pages": pages, "free": free, "version": version, "breakdown": breakdown,
            "bytes": resources[1] + tags[1] + events[1]}


def summary(times):
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def latencies(servers, action, params, n, element, count):
    """Median and p99 (ms) of n sequential calls to each server, each on its kept-alive
    connection, the servers' calls interleaved so that the machine's noise falls on both.
    `params` maps a server's name to its parameters; each answer must hold `count` of
    `element` (checked on the first)."""
    times = {name: [] for name in servers}
    for name, s in servers.items():
        xml = s.call(action, **params[name])  # warms, and shows the answer is the one meant
        found = xml.count(f"<{element}>")
        if found != count:
            raise SystemExit(f"scale: {action} {params[name]} on {name} answered {found} "
                             f"<{element}>, not {count}")
    for i in range(n):
        for name in (list(servers) if i % 2 == 0 else list(reversed(servers))):
            t = time.perf_counter()
            servers[name].call(action, **params[name])
            times[name].append((time.perf_counter() - t) * 1000)
    return {name: summary(t) for name, t in times.items()}


def event_pages(server, params, pages):
    """Times (ms) of a first DescribeEvents page and pages-1 more by Marker; each full."""
    marker, times = None, []
    for _ in range(pages):
        p = dict(params, **({"Marker": marker} if marker else {}))
        t = time.perf_counter()
        xml = server.call("DescribeEvents", **p)
        times.append((time.perf_counter() - t) * 1000)
        if xml.count("<Event>") != 100:
            raise SystemExit(f"scale: a DescribeEvents page held {xml.count('<Event>')} "
                             "events, not 100")
        marker = marker_of(xml)
    return times


def events_paged(servers, windows, pages, rounds):
    """Median and p99 (ms) of DescribeEvents pages of 100 in a StartTime/Duration window."""
    params = {}
    for name, (start_ms, duration_min) in windows.items():
        start = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(start_ms / 1000)) + \
            ".%03dZ" % (start_ms % 1000)
        params[name] = {"StartTime": start, "Duration": str(duration_min), "MaxRecords": "100"}
    times = {name: [] for name in servers}
    for name, s in servers.items():
        event_pages(s, params[name], pages)  # warm
    for i in range(rounds):
        for name in (list(servers) if i % 2 == 0 else list(reversed(servers))):
            times[name].extend(event_pages(servers[name], params[name], pages))
    return {name: summary(t) for name, t in times.items()}


def measure(binary, dirs, work, far_copy, windows, requests, starts):
    """Ready (median of `starts` starts), latencies and RSS of servers on each data
    directory in `dirs` (name -> directory), running side by side."""
    readies = {name: [] for name in dirs}
    for _ in range(starts - 1):
        for name, data in dirs.items():
            s = Server(binary, data, os.path.join(work, name + ".log"))
            readies[name].append(s.ready_ms)
            s.stop()
    servers = {}
    try:
        for name, data in dirs.items():
            servers[name] = Server(binary, data, os.path.join(work, name + ".log"))
            readies[name].append(servers[name].ready_ms)
        both = lambda p: {name: p for name in servers}
        rg, cc = f"s{far_copy:07d}rg", f"s{far_copy:07d}cc"
        figures = {
            "describe_rg_id": latencies(servers, "DescribeReplicationGroups",
                                        both({"ReplicationGroupId": rg}), requests,
                                        "ReplicationGroup", 1),
            "describe_cc_id": latencies(servers, "DescribeCacheClusters",
                                        both({"CacheClusterId": cc}), requests,
                                        "CacheCluster", 1)}
        small = servers[next(iter(servers))]
        for op, key, element in (("DescribeReplicationGroups", "rg", "ReplicationGroup"),
                                 ("DescribeCacheClusters", "cc", "CacheCluster")):
            figures[f"page_{key}_first"] = latencies(servers, op, both({"MaxRecords": "100"}),
                                                     requests, element, 100)
            # The small database holds copies far into the big one's list: after its first
            # page, the marker points there in both.
            marker = marker_of(small.call(op, MaxRecords="100"))
            figures[f"page_{key}_marker"] = latencies(
                servers, op, both({"MaxRecords": "100", "Marker": marker}), requests, element,
                100)
        figures["events_paged"] = events_paged(servers, windows, pages=4,
                                               rounds=max(1, requests // 4))
        rss = {name: (s.rss_kib("VmRSS"), s.rss_kib("VmHWM")) for name, s in servers.items()}
    finally:
        for s in servers.values():
            s.stop()
    for name in dirs:
        print(f"{name}: ready {statistics.median(readies[name]):.1f} ms (median of {starts} "
              f"starts), RSS {rss[name][0] / 1024:.1f} MB (peak {rss[name][1] / 1024:.1f} MB)",
              flush=True)
    return {name: statistics.median(r) for name, r in readies.items()}, figures, rss


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--resources", type=int, default=1_000_000)
    ap.add_argument("--events", type=int, help="events stored (default: as many as resources)")
    ap.add_argument("--quick", action="store_true", help="a CI-size run: 20,000 resources")
    ap.add_argument("--requests", type=int, default=200, help="requests per latency figure")
    ap.add_argument("--binary", default=os.environ.get("ECL_BINARY", os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "build", "elasticache-local")))
    ap.add_argument("--keep", help="build the databases in this directory and keep them")
    args = ap.parse_args()
    if args.quick:
        args.resources = 20_000
    events = args.events if args.events is not None else args.resources
    copies = max(SMALL_COPIES * 2, args.resources // KINDS_PER_COPY)
    far = copies - SMALL_COPIES - copies // 10  # the small database's copies, far into the list
    began = time.monotonic()

    work = args.keep or tempfile.mkdtemp(prefix="ecl-scale-")
    os.makedirs(work, exist_ok=True)
    try:
        print(f"scale: {copies * KINDS_PER_COPY:,} resources ({copies:,} copies of "
              f"{KINDS_PER_COPY}), {events:,} events, in {work}", flush=True)
        template = make_template(args.binary, work)

        # An empty database: ready and idle RSS.
        empty = os.path.join(work, "empty")
        Server(args.binary, empty, os.path.join(work, "empty.log")).stop()  # creates it
        readies, rss = [], []
        for _ in range(5):
            s = Server(args.binary, empty, os.path.join(work, "empty.log"))
            readies.append(s.ready_ms)
            time.sleep(0.2)
            rss.append(s.rss_kib())
            s.stop()

        now_ms = int(time.time() * 1000)
        small, big = os.path.join(work, "small"), os.path.join(work, "big")
        for d in (small, big):
            shutil.rmtree(d, ignore_errors=True)
            shutil.copytree(template, d)
        t = time.monotonic()
        small_events = SMALL_COPIES * 10
        s_t0, s_step = multiply(os.path.join(small, DB_NAME), far, SMALL_COPIES, small_events,
                                now_ms)
        b_t0, b_step = multiply(os.path.join(big, DB_NAME), 0, copies, events, now_ms)
        print(f"scale: filled in {time.monotonic() - t:.1f} s", flush=True)

        # DescribeEvents windows: StartTime at the 600th newest event, a Duration that covers
        # 600 events, so 4 pages of 100 are full.
        def window(t0, step, count):
            start = t0 + max(0, count - 600) * step
            return start, max(1, (600 * step) // 60000 + 1)

        readies_by, figures, rss_by = measure(
            args.binary, {"small": small, "big": big}, work, far + 5,
            {"small": window(s_t0, s_step, small_events), "big": window(b_t0, b_step, events)},
            args.requests, 3)

        size = os.path.getsize(os.path.join(big, DB_NAME))
        st = stored_bytes(os.path.join(big, DB_NAME))
        print(f"big database: schema version {st['version']}, {st['resources'][0]:,} resources, "
              f"{st['tags'][0]:,} tags, {st['events'][0]:,} events; stored bytes "
              f"{st['bytes'] / 1e6:.1f} MB (resources {st['resources'][1] / 1e6:.1f}, tags "
              f"{st['tags'][1] / 1e6:.1f}, events {st['events'][1] / 1e6:.1f}); file "
              f"{size / 1e6:.1f} MB = {st['pages']:,} pages of {st['page_size']} "
              f"({st['free']:,} free)", flush=True)
        if st["breakdown"]:
            print("file by table/index: " + ", ".join(st["breakdown"]), flush=True)

        print("latency medians / p99 in ms, small -> big:")
        for name, f in figures.items():
            print(f"  {name}: {f['small'][0]:.3f} / {f['small'][1]:.3f} -> "
                  f"{f['big'][0]:.3f} / {f['big'][1]:.3f}")

        big_name = "million" if args.resources == 1_000_000 else f"big_{args.resources}"
        target(f"{big_name}_rss_peak_mb", rss_by["big"][1] / 1024, 100, " MB")
        target(f"{big_name}_ready_ms", readies_by["big"], 100, " ms")
        for name, f in figures.items():
            target(f"{name}_ratio", f["big"][0] / f["small"][0], 2.0, "x")
        target("file_size_ratio", size / st["bytes"], 1.5, "x")
        target("empty_idle_rss_mb", statistics.median(rss) / 1024, 15, " MB")
        target("empty_ready_ms", statistics.median(readies), 15, " ms")
        print(f"scale: done in {time.monotonic() - began:.0f} s; "
              f"{sum(1 for r in results if r[4])}/{len(results)} targets met", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if all(r[4] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())

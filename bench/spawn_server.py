#!/usr/bin/env python3
"""Starts elasticache-local for bench/run.sh and prints "<pid> <ready ms> <port> <rss kB>".

    python3 bench/spawn_server.py LOG BINARY ARGS...

Ready is the time from the spawn to the first /health 200, timed here rather than in the
shell, whose own process starts would be most of it; RSS is the server's VmRSS then. The
server keeps running (its output goes to LOG); the caller stops it.
"""
import http.client
import re
import subprocess
import sys
import time


def main():
    log, argv = sys.argv[1], sys.argv[2:]
    start = time.monotonic()
    server = subprocess.Popen(argv, stdout=open(log, "w"), stderr=subprocess.STDOUT)
    while True:
        if server.poll() is not None:
            sys.exit(open(log).read())
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", open(log).read())
        if m:
            try:
                c = http.client.HTTPConnection("127.0.0.1", int(m.group(1)), timeout=5)
                c.request("GET", "/health")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
        time.sleep(0.0002)
    ready_ms = (time.monotonic() - start) * 1000
    status = open(f"/proc/{server.pid}/status").read()
    rss_kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    print(server.pid, f"{ready_ms:.1f}", m.group(1), rss_kb)


if __name__ == "__main__":
    main()

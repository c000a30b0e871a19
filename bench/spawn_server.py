#!/usr/bin/env python3
"""Starts elasticache-local for bench/run.sh and prints "<pid> <ready ms> <port> <rss kB>".

    python3 bench/spawn_server.py LOG BINARY ARGS...

Ready is the time from the spawn to the first /health 200, timed here rather than in the
shell, whose own process starts would be most of it; RSS is the server's VmRSS then. The
server's output comes through a pipe, read here until the line that says it listens (a
blocking read: the wait takes no CPU from the server, whose start uses both cores), then
relayed to LOG by `cat` for the rest of its life. The server keeps running; the caller stops it.
"""
import http.client
import os
import re
import socket
import subprocess
import sys
import time


def main():
    log_path, argv = sys.argv[1], sys.argv[2:]
    log = open(log_path, "wb")
    read_end, write_end = os.pipe()
    # Python's first spawn, like its first name lookup, sets up what every later one reuses
    # (a millisecond or more each): not the server's time.
    subprocess.run(["true"], check=True)
    socket.getaddrinfo("127.0.0.1", 80)  # so does its first name lookup (NSS modules)
    start = time.monotonic()
    server = subprocess.Popen(argv, stdout=write_end, stderr=subprocess.STDOUT)
    os.close(write_end)
    seen = b""
    while True:
        m = re.search(rb"listening on http://127\.0\.0\.1:(\d+)", seen)
        if m and seen.endswith(b"\n"):
            break
        chunk = os.read(read_end, 65536)
        if not chunk:  # the server exited
            server.wait()
            log.write(seen)
            sys.exit(seen.decode(errors="replace"))
        seen += chunk
    port = int(m.group(1))
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    c.request("GET", "/health")
    if c.getresponse().status != 200:
        sys.exit("the server's /health did not answer 200")
    ready_ms = (time.monotonic() - start) * 1000
    status = open(f"/proc/{server.pid}/status").read()
    rss_kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    log.write(seen)
    log.flush()
    # The rest of the server's output, until it exits; `cat` outlives this script.
    subprocess.Popen(["cat"], stdin=read_end, stdout=log, start_new_session=True)
    os.close(read_end)
    print(server.pid, f"{ready_ms:.1f}", port, rss_kb)


if __name__ == "__main__":
    main()

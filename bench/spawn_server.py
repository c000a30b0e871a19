#!/usr/bin/env python3
"""Starts elasticache-local for bench/run.sh and prints "<pid> <ready ms> <port> <rss kB>".

    python3 bench/spawn_server.py LOG BINARY ARGS...

bench/scale.py starts its servers with spawn() the same way.

Ready is the time from the spawn to the first /health 200, timed here rather than in the
shell, whose own process starts would be most of it; RSS is the server's VmRSS then. The
server's output comes through a pipe, read here until the line that says it listens (a
blocking read: the wait takes no CPU from the server, whose start uses both cores), then
relayed to LOG by `cat` for the rest of its life. The server keeps running; the caller stops it.
"""
import http.client
import os
import re
import select
import socket
import subprocess
import sys
import time


def spawn(argv, log_path, timeout_s=120):
    """Starts the server; returns (its Popen, ready ms, port, RSS kB at ready)."""
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
        left = start + timeout_s - time.monotonic()
        if left <= 0 or not select.select([read_end], [], [], left)[0]:
            server.kill()
            server.wait()
            log.write(seen)
            sys.exit(f"the server did not listen within {timeout_s} s:\n"
                     + seen.decode(errors="replace"))
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
    log.close()
    # The rest of the server's output, until it exits; `cat` outlives this function.
    with open(log_path, "ab") as rest:
        subprocess.Popen(["cat"], stdin=read_end, stdout=rest, start_new_session=True)
    os.close(read_end)
    return server, ready_ms, port, rss_kb


def main():
    server, ready_ms, port, rss_kb = spawn(sys.argv[2:], sys.argv[1])
    print(server.pid, f"{ready_ms:.1f}", port, rss_kb)


if __name__ == "__main__":
    main()

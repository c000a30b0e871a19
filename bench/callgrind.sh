#!/usr/bin/env bash
# CPU instructions per request, counted by valgrind's callgrind: a figure that does not move
# with the machine's load, so a change to the request path can be judged by it alone.
#   bench/callgrind.sh [describe|write] [disk|memory]   (defaults: describe disk)
# Counts the server's user-space instructions (all threads) over BENCH_REQUESTS requests
# (default 2000) sent one at a time on one kept-alive connection, after a warm-up, and prints
#   callgrind <workload> <state>: <N> instructions/request
# Set BENCH_CALLGRIND_KEEP=1 to keep the profile (callgrind_annotate --inclusive=yes FILE).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary="${ECL_BINARY:-$repo_root/build/elasticache-local}"
workload="${1:-describe}"
state="${2:-disk}"
requests="${BENCH_REQUESTS:-2000}"

command -v valgrind >/dev/null || { echo "callgrind: valgrind not installed" >&2; exit 1; }
[[ -x "$binary" ]] || { echo "callgrind: no $binary (build first)" >&2; exit 1; }

work="$(mktemp -d)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [[ "${BENCH_CALLGRIND_KEEP:-}" == 1 ]] || rm -rf "$work"
}
trap cleanup EXIT

if [[ "$state" == disk ]]; then state_args=(--data-dir "$work/data"); else state_args=(--in-memory); fi
valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" \
  "$binary" --host 127.0.0.1 --port 0 "${state_args[@]}" >"$work/server.log" 2>&1 &
server_pid=$!
endpoint=""
for _ in $(seq 1 600); do
  endpoint="$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -1 |
              sed 's/^listening on //' || true)"
  [[ -n "$endpoint" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.05
done
[[ -n "$endpoint" ]] || { echo "callgrind: server never printed its address" >&2; exit 1; }

# One client, so the count is the server's alone; `zero` opens the counted window after the
# setup and the warm-up, `dump` closes it.
python3 - "$endpoint" "$workload" "$requests" "$server_pid" <<'EOF'
import http.client, subprocess, sys, urllib.parse
endpoint, workload, n, pid = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
host, port = urllib.parse.urlsplit(endpoint).hostname, urllib.parse.urlsplit(endpoint).port
conn = http.client.HTTPConnection(host, port, timeout=120)
headers = {
    "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
    "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/elasticache/"
                     "aws4_request, SignedHeaders=host, Signature=00",
}
def call(body, ok=(200,)):
    conn.request("POST", "/", body, headers)
    r = conn.getresponse()
    data = r.read()
    if r.status not in ok:
        sys.exit(f"callgrind: {body[:60]}... answered {r.status}: {data[:300]!r}")
base = "Version=2015-02-02&"
call(base + "Action=CreateReplicationGroup&ReplicationGroupId=bench-shards"
     "&ReplicationGroupDescription=bench&Engine=redis&CacheNodeType=cache.t3.micro"
     "&CacheParameterGroupName=default.redis7.cluster.on&NumNodeGroups=3"
     "&ReplicasPerNodeGroup=1&AutomaticFailoverEnabled=true")
describe = base + "Action=DescribeReplicationGroups&ReplicationGroupId=bench-shards"
def write(i):
    # A create and a delete of the group it made: the write mix of bench/write_mix.lua.
    rid = f"w-{i}"
    call(base + f"Action=CreateReplicationGroup&ReplicationGroupId={rid}"
         "&ReplicationGroupDescription=bench&Engine=redis&CacheNodeType=cache.t3.micro"
         "&NumCacheClusters=2&AutomaticFailoverEnabled=true")
    call(base + f"Action=DeleteReplicationGroup&ReplicationGroupId={rid}")
step = (lambda i: call(describe)) if workload == "describe" else write
per_step = 1 if workload == "describe" else 2
for i in range(50):
    step(10**6 + i)  # warm-up ids of their own
subprocess.run(["callgrind_control", "-z", pid], check=True, capture_output=True)
for i in range(n // per_step):
    step(i)
subprocess.run(["callgrind_control", "-d", pid], check=True, capture_output=True)
EOF

dump="$(ls "$work"/callgrind.out.* 2>/dev/null | sort | tail -1)"
[[ -n "$dump" ]] || { echo "callgrind: no dump was written" >&2; exit 1; }
total="$(awk '/^(summary|totals):/ {print $2; exit}' "$dump")"
echo "callgrind $workload $state: $(( total / requests )) instructions/request ($requests requests)"
[[ "${BENCH_CALLGRIND_KEEP:-}" == 1 ]] && echo "profile: $dump"
exit 0

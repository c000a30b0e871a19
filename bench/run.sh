#!/usr/bin/env bash
# Benchmarks elasticache-local on loopback with wrk:
#   1. ready time: ms from spawning the server to the first 200 from /health;
#   2. DescribeReplicationGroups for a 3-shard cluster-mode-enabled group (read path);
#   3. a write mix alternating CreateReplicationGroup and DeleteReplicationGroup;
#   4. the server's resident memory (VmRSS) after the runs.
# Runs twice: with state on disk and the default log level, as users run it, then in memory
# with warnings only (the floor the code itself sets). BENCH_STATE=disk or memory runs one.
# Settings: BENCH_DURATION (default 10s), BENCH_THREADS (2), BENCH_CONNECTIONS (32).
# Only ever targets 127.0.0.1; every run is bounded in time; the server is stopped at the end.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_dir="$repo_root/bench"
binary="${ECL_BINARY:-$repo_root/build/elasticache-local}"
duration="${BENCH_DURATION:-10s}"
threads="${BENCH_THREADS:-2}"
connections="${BENCH_CONNECTIONS:-32}"

command -v wrk >/dev/null || { echo "bench: wrk not installed (bash scripts/setup.sh)" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench: curl not installed (bash scripts/setup.sh)" >&2; exit 1; }
if [[ ! -x "$binary" ]]; then
  echo "bench: building $binary" >&2
  (cd "$repo_root" && cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null &&
    cmake --build build -j2 --target elasticache-local)
fi

work=""
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  [[ -n "$work" ]] && rm -rf "$work"
}
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

run_mode() {
mode="$1"
work="$(mktemp -d)"
if [[ "$mode" == disk ]]; then
  state_args=(--data-dir "$work/data")  # default log level: one line per request
else
  state_args=(--in-memory --log-level warn)
fi
start_ms=$(now_ms)
"$binary" --host 127.0.0.1 --port 0 "${state_args[@]}" >"$work/server.log" 2>&1 &
server_pid=$!

endpoint=""
for _ in $(seq 1 600); do
  endpoint="$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -1 |
              sed 's/^listening on //' || true)"
  [[ -n "$endpoint" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.01
done
[[ -n "$endpoint" ]] || { echo "bench: server never printed its address" >&2; exit 1; }
until curl -fsS -o /dev/null "$endpoint/health"; do sleep 0.005; done
ready_ms=$(( $(now_ms) - start_ms ))

auth="AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/elasticache/aws4_request, SignedHeaders=host, Signature=00"
create_status="$(curl -sS -o "$work/create.xml" -w '%{http_code}' -H "Authorization: $auth" "$endpoint/" \
  --data "Action=CreateReplicationGroup&Version=2015-02-02&ReplicationGroupId=bench-shards&ReplicationGroupDescription=bench&Engine=redis&CacheNodeType=cache.t3.micro&CacheParameterGroupName=default.redis7.cluster.on&NumNodeGroups=3&ReplicasPerNodeGroup=1&AutomaticFailoverEnabled=true")"
if [[ "$create_status" != 200 ]]; then
  echo "bench: CreateReplicationGroup answered $create_status:" >&2; cat "$work/create.xml" >&2; echo >&2
  exit 1
fi

export BENCH_DIR="$bench_dir" BENCH_GROUP_ID="bench-shards"
echo "=== state $mode (${state_args[*]}): wrk -t$threads -c$connections -d$duration on $endpoint"
echo "ready: ${ready_ms} ms from spawn to /health 200"
echo "--- DescribeReplicationGroups (3 shards x 2 nodes)"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$bench_dir/describe.lua" "$endpoint/"
echo "--- CreateReplicationGroup / DeleteReplicationGroup mix"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$bench_dir/write_mix.lua" "$endpoint/"
echo "rss after runs: $(awk '/^VmRSS/ {print $2, $3}' "/proc/$server_pid/status")"

kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=""
echo "server exit status after SIGTERM: $status"
if [[ -f "$work/data/elasticache-local.db" ]]; then
  echo "database file after runs: $(du -k "$work/data/elasticache-local.db" | cut -f1) kB"
fi
rm -rf "$work"
work=""
}

case "${BENCH_STATE:-both}" in
  disk|memory) run_mode "$BENCH_STATE" ;;
  both) run_mode disk; run_mode memory ;;
  *) echo "bench: BENCH_STATE must be disk, memory or both" >&2; exit 2 ;;
esac

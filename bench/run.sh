#!/usr/bin/env bash
# The performance targets of elasticache-local, measured on loopback in one run, each printed as
#   target: <name> <figure> (limit <limit>) PASS|MISS
# with the raw wrk lines above them. For each state (on disk with the default log level, as
# users run it; then --in-memory):
#   - ready (spawn to the first /health 200) and idle RSS on an empty state;
#   - DescribeReplicationGroups of a 3-shard x 2-node group with --threads 1 and 2, beside
#     nginx (Debian's, started here on loopback with as many workers) serving the same bytes;
#   - a describe's p99 alone and beside a concurrent create/delete write load (both thread
#     counts);
#   - the create/delete write mix.
# Then instructions per request (bench/callgrind.sh, when valgrind is there) and the scale
# bench (bench/scale.py: a million resources with BENCH_SCALE=full, a quick run by default).
# Settings: BENCH_DURATION (default 5s), BENCH_CONNECTIONS (32), BENCH_STATE (disk, memory,
# both; dataplane: ready and the describe with state on disk and --data-plane, the group's
# nodes real engines; all, the default: the three), BENCH_CALLGRIND=0 and BENCH_SCALE=0 to skip those parts.
# Only ever targets 127.0.0.1; every run is bounded in time; every process it starts is stopped.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_dir="$repo_root/bench"
binary="${ECL_BINARY:-$repo_root/build/elasticache-local}"
duration="${BENCH_DURATION:-5s}"
connections="${BENCH_CONNECTIONS:-32}"

for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool not installed (bash scripts/setup.sh)" >&2; exit 1; }
done
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
[[ -x "$nginx_bin" ]] || nginx_bin=""
if [[ ! -x "$binary" ]]; then
  echo "bench: building $binary" >&2
  (cd "$repo_root" && cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null &&
    cmake --build build -j2 --target elasticache-local)
fi

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.01; done; done
  [[ -n "$nginx_bin" && -f "$work/nginx/nginx.pid" ]] &&
    "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -s stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

auth="AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/elasticache/aws4_request, SignedHeaders=host, Signature=00"
misses=0

# target NAME FIGURE LIMIT UNIT le|ge
target() {
  local verdict
  verdict="$(awk -v f="$2" -v l="$3" -v op="$5" 'BEGIN { print ((op == "le" ? f <= l : f >= l) ? "PASS" : "MISS") }')"
  [[ "$verdict" == PASS ]] || misses=$((misses + 1))
  echo "target: $1 $2$4 (limit $([[ $5 == le ]] && echo '<=' || echo '>=') $3$4) $verdict"
}

# measure_ready ARGS... : prints the median over 5 starts (after one unmeasured) of the time
# from spawning the server to its first /health 200, and its idle RSS then (kB), on an empty
# state: with --data-dir, the first start creates the database and the measured ones open it.
measure_ready() {
  local args=("$@") readies=() rsses=() i pid ready port rss
  for i in 0 1 2 3 4 5; do
    for j in "${!args[@]}"; do
      [[ "${args[$j]}" == --data-dir ]] && args[$((j + 1))]="$work/ready-data"
    done
    read -r pid ready port rss < <(python3 "$bench_dir/spawn_server.py" "$work/ready.log" \
      "$binary" --host 127.0.0.1 --port 0 "${args[@]}")
    kill -TERM "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
    [[ $i -eq 0 ]] && continue  # the first start warms the page cache (and creates the file)
    readies+=("$ready")
    rsses+=("$rss")
  done
  echo "$(printf '%s\n' "${readies[@]}" | sort -n | sed -n 3p) $(printf '%s\n' "${rsses[@]}" | sort -n | sed -n 3p)"
}

# start_server NAME ARGS... : starts the server to measure, creates the 3-shard group; sets
# endpoint and server_pid.
start_server() {
  local name="$1"; shift
  local line
  line="$(python3 "$bench_dir/spawn_server.py" "$work/$name.log" "$binary" --host 127.0.0.1 --port 0 "$@")"
  read -r server_pid _ port _ <<<"$line"
  pids+=("$server_pid")
  endpoint="http://127.0.0.1:$port"
  local status
  status="$(curl -sS -o "$work/create.xml" -w '%{http_code}' -H "Authorization: $auth" "$endpoint/" \
    --data "Action=CreateReplicationGroup&Version=2015-02-02&ReplicationGroupId=bench-shards&ReplicationGroupDescription=bench&Engine=redis&CacheNodeType=cache.t3.micro&CacheParameterGroupName=default.redis7.cluster.on&NumNodeGroups=3&ReplicasPerNodeGroup=1&AutomaticFailoverEnabled=true")"
  [[ "$status" == 200 ]] || { echo "bench: CreateReplicationGroup answered $status" >&2; cat "$work/create.xml" >&2; exit 1; }
}

stop_server() {
  kill -TERM "$server_pid" 2>/dev/null || true
  while kill -0 "$server_pid" 2>/dev/null; do sleep 0.01; done
}

# wrk_run SCRIPT URL [CONNECTIONS]: prints the script's summary line; sets rps and p99_ms
wrk_run() {
  local out
  out="$(BENCH_DIR="$bench_dir" BENCH_GROUP_ID=bench-shards \
         wrk -t2 -c"${3:-$connections}" -d"$duration" --latency -s "$1" "$2" | grep -E '^[a-z/ ]+: ' || true)"
  echo "$out"
  rps="$(sed -n 's/.*, \([0-9]*\) req\/s.*/\1/p' <<<"$out")"
  p99_ms="$(sed -n 's/.* p99 \([0-9.]*\) ms.*/\1/p' <<<"$out")"
}

# nginx serving the describe answer's bytes, with `workers` worker processes and its access
# log on (elasticache-local logs every request at its default level).
start_nginx() {
  local workers="$1"
  mkdir -p "$work/nginx/logs"
  chmod o+x "$work" && chmod o+rx "$work/nginx"  # its workers may run as another user
  curl -sS -H "Authorization: $auth" "$endpoint/" \
    --data "Action=DescribeReplicationGroups&Version=2015-02-02&ReplicationGroupId=bench-shards" \
    >"$work/nginx/describe.xml"
  chmod o+r "$work/nginx/describe.xml"
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  cat >"$work/nginx/nginx.conf" <<EOF
worker_processes $workers;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log $work/nginx/logs/access.log;
  default_type text/xml;
  server {
    listen 127.0.0.1:$port;
    root $work/nginx;
    # wrk posts the API request; answer it with the file like a GET.
    error_page 405 =200 \$uri;
    location / { try_files /describe.xml =404; }
  }
}
EOF
  "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf"
  nginx_url="http://127.0.0.1:$port/"
  for _ in $(seq 1 200); do
    curl -fsS -o /dev/null -X POST "$nginx_url" 2>/dev/null && break
    sleep 0.01
  done
  curl -fsS -o /dev/null -X POST "$nginx_url" || { echo "bench: nginx does not answer" >&2; cat "$work/nginx/logs/error.log" >&2; exit 1; }
  echo "nginx: $(wc -c <"$work/nginx/describe.xml") bytes per answer, $workers worker(s)"
}

stop_nginx() {
  "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -s stop 2>/dev/null || true
  sleep 0.2
}

# describe_beside_writes TARGET: a describe's p99 alone, then beside a create/delete write load
# on as many connections (a quarter of BENCH_CONNECTIONS each), three times in turn for
# BENCH_PAIR_DURATION (3s) each; the target is the ratio of the medians. One run's p99 moves
# by 2-4x from one run to the next on the same server (0.35-1.65 ms alone, measured), so one
# pair alone mostly measured that.
describe_beside_writes() {
  local few=$((connections / 4)) pair_duration="${BENCH_PAIR_DURATION:-3s}" alone=() beside=() i
  for i in 1 2 3; do
    duration="$pair_duration" wrk_run "$bench_dir/describe.lua" "$endpoint/" "$few"
    alone+=("$p99_ms")
    BENCH_DIR="$bench_dir" wrk -t1 -c"$few" -d"$pair_duration" -s "$bench_dir/write_mix.lua" \
      "$endpoint/" >"$work/concurrent-writes.txt" &
    local writer=$!
    duration="$pair_duration" wrk_run "$bench_dir/describe.lua" "$endpoint/" "$few"
    beside+=("$p99_ms")
    wait "$writer" || true
    grep -E '^[a-z/ ]+: ' "$work/concurrent-writes.txt" | sed 's/^/  (beside it) /' || true
  done
  local idle_p99 busy_p99
  idle_p99="$(printf '%s\n' "${alone[@]}" | sort -g | sed -n 2p)"
  busy_p99="$(printf '%s\n' "${beside[@]}" | sort -g | sed -n 2p)"
  echo "describe p99 alone ${alone[*]} ms, beside writes ${beside[*]} ms: medians $idle_p99 / $busy_p99 ms"
  target "$1" "$(awk -v a="$busy_p99" -v b="$idle_p99" 'BEGIN { printf "%.2f", a / b }')" 2 x le
}

# empty_state_targets STATE ARGS...: ready and idle RSS on an empty state, and their targets.
empty_state_targets() {
  local state="$1"; shift
  read -r ready_ms idle_rss_kb < <(measure_ready "$@")
  echo "empty state: ready ${ready_ms} ms, idle RSS ${idle_rss_kb} kB (medians of 5 starts)"
  target "$state.ready_empty" "$ready_ms" 15 ms le
  target "$state.idle_rss_empty" "$(awk -v k="$idle_rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')" 15 MiB le
}

# describe_vs_nginx TARGET WORKERS DESCRIBES_PER_S: nginx with WORKERS workers serving the same
# bytes to the same wrk script; the target is the server's rate over nginx's.
describe_vs_nginx() {
  if [[ -z "$nginx_bin" ]]; then
    echo "nginx not installed (apt-get install nginx-light): no ratio against it"
    return
  fi
  start_nginx "$2"
  wrk_run "$bench_dir/describe.lua" "$nginx_url"
  stop_nginx
  target "$1" "$(awk -v a="$3" -v b="$rps" 'BEGIN { printf "%.2f", a / b }')" 0.5 x ge
}

# wait_available: until the bench group's Status is available (with the data plane, once its
# six engines run and form the cluster), for at most 60 s.
wait_available() {
  local i
  for i in $(seq 1 600); do
    curl -sS -H "Authorization: $auth" "$endpoint/" \
      --data "Action=DescribeReplicationGroups&Version=2015-02-02&ReplicationGroupId=bench-shards" |
      grep -q '<Status>available</Status>' && return 0
    sleep 0.1
  done
  echo "bench: the group was not available after 60 s" >&2
  exit 1
}

# run_dataplane: the read figures with state on disk and --data-plane, the group's six nodes
# real redis-server engines. The write mix is not run there: each of its thousands of
# creates would start two engines, which measures process starts, not the API.
run_dataplane() {
  if ! command -v redis-server >/dev/null; then
    echo "=== state dataplane: skipped, redis-server not installed (bash scripts/setup.sh)"
    return
  fi
  rm -rf "$work/data3"
  local state_args=(--data-dir "$work/data3" --data-plane)
  echo "=== state dataplane (${state_args[*]}), wrk -t2 -c$connections -d$duration"
  empty_state_targets dataplane "${state_args[@]}"
  start_server dataplane "${state_args[@]}"
  wait_available
  wrk_run "$bench_dir/describe.lua" "$endpoint/"
  local describe1="$rps"
  if [[ -n "${disk_describe1:-}" ]]; then
    echo "describe with the data plane on / off (disk, this run): $(awk -v a="$describe1" -v b="$disk_describe1" 'BEGIN { printf "%.2f", a / b }')"
  fi
  describe_vs_nginx dataplane.describe_vs_nginx_1_worker 1 "$describe1"
  echo "rss after the runs: $(awk '/^VmRSS/ {print $2, $3}' "/proc/$server_pid/status")"
  stop_server
}

run_state() {
  local state="$1" state_args
  if [[ "$state" == disk ]]; then
    rm -rf "$work/data1" "$work/data2"
    state_args=(--data-dir "$work/data1")
  else
    state_args=(--in-memory --log-level warn)
  fi
  echo "=== state $state (${state_args[*]}), wrk -t2 -c$connections -d$duration"

  empty_state_targets "$state" "${state_args[@]}"

  start_server threads1 "${state_args[@]}"

  wrk_run "$bench_dir/describe.lua" "$endpoint/"
  local describe1="$rps"
  if [[ "$state" == disk ]]; then disk_describe1="$describe1"; fi
  describe_vs_nginx "$state.describe_vs_nginx_1_worker" 1 "$describe1"

  describe_beside_writes "$state.describe_p99_beside_writes_threads1"

  wrk_run "$bench_dir/write_mix.lua" "$endpoint/"
  target "$state.write_mix" "$rps" 5000 " req/s" ge
  echo "rss after the runs: $(awk '/^VmRSS/ {print $2, $3}' "/proc/$server_pid/status")"
  stop_server

  if [[ "$state" == disk ]]; then state_args=(--data-dir "$work/data2"); fi
  start_server threads2 "${state_args[@]}" --threads 2
  wrk_run "$bench_dir/describe.lua" "$endpoint/"
  local describe2="$rps"
  target "$state.describe_threads2_vs_threads1" "$(awk -v a="$describe2" -v b="$describe1" 'BEGIN { printf "%.2f", a / b }')" 1 x ge
  describe_beside_writes "$state.describe_p99_beside_writes_threads2"
  describe_vs_nginx "$state.describe_vs_nginx_2_workers" 2 "$describe2"
  stop_server
}

case "${BENCH_STATE:-all}" in
  disk|memory) run_state "$BENCH_STATE" ;;
  dataplane) run_dataplane ;;
  both) run_state disk; run_state memory ;;
  all) run_state disk; run_state memory; run_dataplane ;;
  *) echo "bench: BENCH_STATE must be disk, memory, dataplane, both or all" >&2; exit 2 ;;
esac

if [[ "${BENCH_CALLGRIND:-1}" != 0 ]] && command -v valgrind >/dev/null; then
  echo "=== instructions per request (valgrind callgrind; independent of the machine's load)"
  ECL_BINARY="$binary" bash "$bench_dir/callgrind.sh" describe disk
  BENCH_REQUESTS=1000 ECL_BINARY="$binary" bash "$bench_dir/callgrind.sh" write disk
fi

if [[ "${BENCH_SCALE:-quick}" != 0 ]]; then
  echo "=== scale (bench/scale.py)"
  scale_args=(--quick)
  [[ "${BENCH_SCALE:-quick}" == full ]] && scale_args=()
  scale_out="$(python3 "$bench_dir/scale.py" --binary "$binary" "${scale_args[@]}" || true)"
  echo "$scale_out"
  misses=$((misses + $(grep -c ' MISS$' <<<"$scale_out" || true)))
fi

echo "=== $misses target(s) missed"

#!/usr/bin/env bash
# Sets up the machine (scripts/setup.sh), then runs every test: the integration tests that
# drive the real binary through boto3, the AWS CLI, the AWS SDK for JavaScript v3 and real
# Terraform (build/, GCC Release, the binary users run); the GoogleTest unit tests and the
# boto3 modules again under AddressSanitizer + UndefinedBehaviorSanitizer, and each libFuzzer
# target for ECL_FUZZ_SECONDS (build-asan/, Clang; `bash tests/fuzz/run_fuzzer.sh` reruns
# one). The unit tests and the boto3 modules run once, on the sanitizer build: they test the
# same code there, and running them twice was a fifth of CI's time; the release build runs the
# CLI, JS and Terraform suites. The boto3 modules start as soon as the sanitizer build's server
# exists, while its unit tests and fuzzers build. With ECL_SKIP_SANITIZERS=1 everything runs on
# build/.
#
# Arranged for a 2-core machine: the Terraform modules spend their minutes in the provider's
# waiters (a fixed 30 s before the first poll of a create), not on the CPU, so they start as
# soon as the binary exists, side by side, beside everything else; the sanitizer build runs
# while the main suite does. Each part's log (build/test-logs/) is printed when it ends.
#   ECL_TEST_JOBS (2)      parallel tests of the main suite
#   ECL_TF_JOBS (8)        Terraform modules at once
#   ECL_FUZZ_SECONDS (10)  how long each fuzz target runs
#   ECL_SKIP_SANITIZERS=1  only the main suite
# With arguments, only the main build's ctest runs, with them (e.g. -R test_raw_http).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
jobs="${ECL_TEST_JOBS:-2}"
build_jobs="${ECL_BUILD_JOBS:-2}"
started=$(date +%s)
stamp() { echo "test.sh: $(( $(date +%s) - started ))s: $*"; }

bash scripts/setup.sh --no-build
# New build trees use Ninja, as setup.sh's do: see there.
export CMAKE_GENERATOR="${CMAKE_GENERATOR:-Ninja}"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
if [[ $# -gt 0 ]]; then
  cmake --build build -j"$build_jobs"
  exec ctest --test-dir build --output-on-failure -j"$jobs" "$@"
fi

logs="$repo_root/build/test-logs"
rm -rf "$logs" && mkdir -p "$logs"
# Each background part in its own process group, so a failure here stops all of it.
set -m
background=()
trap 'for pid in "${background[@]}"; do kill -- -"$pid" 2>/dev/null || true; done' EXIT
stamp "building the server"
cmake --build build -j"$build_jobs" --target elasticache-local

# Terraform first: it mostly sleeps, and needs only the binary.
ctest --test-dir build -L terraform -j"${ECL_TF_JOBS:-8}" --output-on-failure >"$logs/terraform.log" 2>&1 &
terraform_pid=$!
background+=("$terraform_pid")
main_suite=(-L integration -LE "terraform|boto3")
if [[ "${ECL_SKIP_SANITIZERS:-0}" == 1 ]]; then
  stamp "terraform modules started; building the unit tests"
  cmake --build build -j"$build_jobs"
  main_suite=(-LE terraform)
else
  stamp "terraform modules started"
fi

sanitizer_pid=""
if [[ "${ECL_SKIP_SANITIZERS:-0}" != 1 ]]; then
  (
    set -e
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
    cmake --preset asan -DECL_FUZZ_SECONDS="${ECL_FUZZ_SECONDS:-10}" >/dev/null
    # The unit tests and the boto3 modules; the CLI, JS and Terraform suites drive the same
    # server code through slower clients and run on the normal build only. The boto3 modules
    # need only the server and mostly wait on it, so they run while the rest builds.
    nice -n 5 cmake --build build-asan -j2 --target elasticache-local
    echo "== sanitizer server built at $(( $(date +%s) - started ))s; boto3 modules started"
    ctest --test-dir build-asan -j2 -L boto3 --output-on-failure >"$logs/sanitizer-boto3.log" 2>&1 &
    boto3_pid=$!
    trap 'kill "$boto3_pid" 2>/dev/null || true' EXIT
    nice -n 5 cmake --build build-asan -j2
    echo "== sanitizer build done at $(( $(date +%s) - started ))s"
    ctest --test-dir build-asan -j2 -LE "integration|fuzz" --output-on-failure
    ctest --test-dir build-asan -j2 -L fuzz --output-on-failure
    boto3_status=0
    wait "$boto3_pid" || boto3_status=$?
    trap - EXIT
    echo "== sanitizer boto3 modules done at $(( $(date +%s) - started ))s (exit $boto3_status)"
    exit "$boto3_status"
  ) >"$logs/sanitizers.log" 2>&1 &
  sanitizer_pid=$!
  background+=("$sanitizer_pid")
  stamp "sanitizer build started"
fi

stamp "main suite"
status=0
if ! ctest --test-dir build --output-on-failure -j"$jobs" "${main_suite[@]}" 2>&1 |
     tee "$logs/main.log"; then
  status=1
fi
stamp "main suite done"

wait "$terraform_pid" || status=1
stamp "terraform modules done:"
cat "$logs/terraform.log"
if [[ -n "$sanitizer_pid" ]]; then
  wait "$sanitizer_pid" || status=1
  stamp "sanitizer build, suites and fuzzing done:"
  cat "$logs/sanitizers.log"
  if [[ -f "$logs/sanitizer-boto3.log" ]]; then
    echo "== the boto3 modules on the sanitizer build:"
    cat "$logs/sanitizer-boto3.log"
  fi
fi

# One closing line over every part.
read -r passed failed < <(cat "$logs"/*.log |
  sed -nE 's/^[0-9]+% tests passed, ([0-9]+) tests failed out of ([0-9]+)$/\1 \2/p' |
  awk '{failed += $1; passed += $2 - $1} END {print passed + 0, failed + 0}')
background=()
stamp "done"
[[ $status -eq 0 ]] || echo "test.sh: a part failed; its log is above"
echo "total: $passed passed, $failed failed"
exit $status

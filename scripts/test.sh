#!/usr/bin/env bash
# Sets up the machine (scripts/setup.sh), then runs every test: GoogleTest unit tests and
# the integration tests that drive the real binary through boto3, the AWS CLI, the AWS SDK
# for JavaScript v3 and real Terraform.
#
# The Terraform modules spend most of their time in the provider's waiters (a fixed 30 s
# before the first poll of a create), not on the CPU, so they run side by side
# (ECL_TF_JOBS, default 5) while the other tests take ECL_TEST_JOBS (default 2) jobs. Extra
# arguments go to both ctest runs; ECL_TF_JOBS=0 runs everything in one ctest instead.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
bash scripts/setup.sh
jobs="${ECL_TEST_JOBS:-2}"
tf_jobs="${ECL_TF_JOBS:-5}"
if [[ "$tf_jobs" == 0 ]]; then
  exec ctest --test-dir build --output-on-failure -j"$jobs" "$@"
fi

tf_log="build/terraform-tests.log"
ctest --test-dir build --output-on-failure -j"$tf_jobs" -L terraform "$@" >"$tf_log" 2>&1 &
tf_pid=$!
status=0
ctest --test-dir build --output-on-failure -j"$jobs" -LE terraform "$@" || status=$?
tf_status=0
wait "$tf_pid" || tf_status=$?
echo "---- Terraform modules (ctest -L terraform -j$tf_jobs, run alongside; $tf_log) ----"
cat "$tf_log"
if [[ $status -ne 0 || $tf_status -ne 0 ]]; then
  echo "test.sh: failed (other tests: exit $status, Terraform modules: exit $tf_status)" >&2
  exit 1
fi

#!/usr/bin/env bash
# Sets up the machine (scripts/setup.sh), then runs every test: GoogleTest unit tests and
# the integration tests that drive the real binary through boto3, the AWS CLI and the
# AWS SDK for JavaScript v3.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
bash scripts/setup.sh
ctest --test-dir build --output-on-failure -j"${ECL_TEST_JOBS:-2}" "$@"

#!/usr/bin/env bash
# Sets up the machine (scripts/setup.sh), then runs the server in the foreground.
# Arguments are passed to the server, e.g. `bash scripts/run.sh --port 4510 --in-memory`.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
# Setup's progress goes to stderr so stdout carries only the server's own output.
bash scripts/setup.sh >&2
exec "$repo_root/build/elasticache-local" "$@"

#!/usr/bin/env bash
# Builds the elasticache-local image from the repository root: bash docker/build.sh [TAG]
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DOCKER_BUILDKIT=1 docker build -f "$repo_root/docker/Dockerfile" -t "${1:-elasticache-local:latest}" "$repo_root"

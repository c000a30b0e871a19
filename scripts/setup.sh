#!/usr/bin/env bash
# Sets up a Debian 12 machine for elasticache-local and builds it.
#
#   bash scripts/setup.sh               build + test dependencies, then build everything
#   bash scripts/setup.sh --server-only only what building the server needs (the Docker
#                                       image's builder stage), unit tests not built
#   bash scripts/setup.sh --no-build    build + test dependencies only (scripts/test.sh
#                                       builds itself, in the order its tests need)
#
# Idempotent: apt is skipped when every package is already installed, and the build is
# incremental. Runs as root, or through sudo when not root.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

server_only=0
build=1
for arg in "$@"; do
  case "$arg" in
    --server-only) server_only=1 ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

# What compiling the server needs (Boost is used header-only: Beast, Asio, JSON; OpenSSL's
# libcrypto for SigV4 verification and the data plane's TLS certificates).
packages=(cmake g++ make ninja-build pkg-config libboost1.81-dev libpugixml-dev libspdlog-dev
          libsqlite3-dev libssl-dev)
if [[ $server_only -eq 0 ]]; then
  # Unit tests, integration tests through real clients (boto3, AWS CLI v2, JS SDK v3),
  # the benchmark (wrk), and the data plane's engines with their own clients (redis-server
  # and redis-cli, memcached, python3-redis).
  packages+=(libgtest-dev python3 python3-boto3 awscli wrk redis-server curl ca-certificates
             memcached python3-redis)
  # bench/run.sh measures beside nginx serving the same bytes, and counts instructions per
  # request with valgrind's callgrind.
  packages+=(nginx-light valgrind)
  # The dashboard's test runs in a real headless browser (driven by playwright-core from npm).
  packages+=(chromium)
  # The sanitizer build and the libFuzzer targets (build-asan/, see CMakePresets.json): Clang,
  # its sanitizer and libFuzzer runtimes, llvm-symbolizer for readable reports, and lld, which
  # links the sanitized binaries four times as fast as ld.bfd.
  packages+=(clang libclang-rt-14-dev llvm-14 lld)
  # Node.js may come from elsewhere (e.g. NodeSource); take Debian's only when there is none.
  if ! command -v node >/dev/null 2>&1; then
    packages+=(nodejs npm)
  fi
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -gt 0 ]]; then
  echo "setup.sh: installing ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup.sh: all ${#packages[@]} Debian packages already installed"
fi

if [[ $build -eq 0 ]]; then
  exit 0
fi

# Ninja for new build trees (an existing one keeps its generator): it compiles a library's
# sources while the libraries it depends on still build, which Make does not, and with unity
# batches (CMakeLists.txt) a library is only a few units.
export CMAKE_GENERATOR="${CMAKE_GENERATOR:-Ninja}"
cmake_args=(-S . -B build -DCMAKE_BUILD_TYPE=Release)
if [[ $server_only -eq 1 ]]; then
  cmake_args+=(-DBUILD_TESTING=OFF)
fi
cmake "${cmake_args[@]}" >/dev/null
cmake --build build -j"${ECL_BUILD_JOBS:-2}"
echo "setup.sh: built $repo_root/build/elasticache-local"

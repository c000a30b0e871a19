#!/usr/bin/env bash
# Prints, one per line, the Debian packages that provide the shared libraries BINARY loads.
# The image's builder stage runs it so the runtime stage installs exactly those (and no
# -dev packages). Usage: docker/runtime-packages.sh build/elasticache-local
set -euo pipefail
binary="$1"
ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | while read -r lib; do
  real="$(readlink -f "$lib")"
  # With merged /usr, ldd may report /lib/... while dpkg recorded /usr/lib/... (or back).
  for candidate in "$lib" "$real" "/usr$lib" "/usr$real" "${lib#/usr}" "${real#/usr}"; do
    if owner="$(dpkg-query -S "$candidate" 2>/dev/null)"; then
      echo "${owner%%:*}"
      break
    fi
  done
done | sort -u

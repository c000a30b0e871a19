#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time over its committed seed corpus.
#   run_fuzzer.sh BINARY NAME SECONDS WORK_DIR
# New inputs go to WORK_DIR/corpus/NAME (the committed corpus stays as it is); a crash, leak,
# sanitizer report or failed property exits non-zero and leaves the reproducer in
# WORK_DIR/artifacts/ (rerun it: BINARY FILE).
set -euo pipefail
binary="$1" name="$2" seconds="$3" work="$4"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$work/corpus/$name" "$work/artifacts"
dict=()
[[ -f "$here/dict/$name.dict" ]] && dict=(-dict="$here/dict/$name.dict")
status=0
"$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
  -print_final_stats=1 -artifact_prefix="$work/artifacts/$name-" "${dict[@]}" \
  "$work/corpus/$name" "$here/corpus/$name" || status=$?
if [[ $status -ne 0 ]]; then
  echo "fuzz target $name failed (exit $status); reproducer(s):" >&2
  ls -1 "$work/artifacts/$name-"* >&2 2>/dev/null || true
  echo "reproduce with: $binary <file>" >&2
fi
exit $status

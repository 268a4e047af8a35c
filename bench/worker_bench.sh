#!/bin/sh
# The worker pool's per-item CPU after parsing (build_article, extraction_input,
# extract), stage by stage on one core over replay-2022; best of N repeats.
# Usage: bench/worker_bench.sh [BUILD_DIR] [SHARED_DIR]   (REPEATS=5 by default)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$here/build"}
shared=${2:-${CHIPWIRE_SHARED:-"$here/../shared"}}
replay="$shared/corpora/replay-2022"
if [ ! -d "$replay" ]; then
  echo "worker_bench: $replay absent, nothing to measure" >&2
  exit 0
fi
ninja -C "$build" worker_bench >/dev/null
pin=""
command -v taskset >/dev/null 2>&1 && pin="taskset -c 0"
$pin "$build/bench/worker_bench" "$here/rules" "$replay" --repeats "${REPEATS:-5}"

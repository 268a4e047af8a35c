#!/bin/sh
# Extraction throughput on one core: the full default pack over the text of the
# replay-2022 corpus, then packs of growing size (how cost grows with rules).
# Usage: bench/extract_bench.sh [BUILD_DIR] [SHARED_DIR]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$here/build"}
shared=${2:-${CHIPWIRE_SHARED:-"$here/../shared"}}
replay="$shared/corpora/replay-2022"
if [ ! -d "$replay" ]; then
  echo "extract_bench: $replay absent, nothing to measure" >&2
  exit 0
fi
ninja -C "$build" extract_bench >/dev/null
# taskset pins the run to one core when available.
pin=""
command -v taskset >/dev/null 2>&1 && pin="taskset -c 0"
$pin "$build/bench/extract_bench" "$here/rules" "$replay" --min-seconds "${MIN_SECONDS:-3}" --scaling

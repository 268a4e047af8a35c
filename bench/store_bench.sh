#!/bin/sh
# Runs the store benchmark: 1 million synthetic events over 10 years, write
# throughput and company+type+date-range query latency at 10k, 100k and 1M.
# Usage: bench/store_bench.sh [BUILD_DIR] [EVENTS] [store_bench flags, e.g. --order random]
# (a few minutes on 2 cores)
set -eu
build=${1:-build}
events=${2:-1000000}
[ $# -ge 2 ] && shift 2 || shift $#
bin="$build/bench/store_bench"
if [ ! -x "$bin" ]; then
  echo "build it first: ninja -C $build store_bench" >&2
  exit 2
fi
db=$(mktemp -d "${TMPDIR:-/tmp}/chipwire-store-bench.XXXXXX")
trap 'rm -rf "$db" "$db"-*' EXIT INT TERM
rmdir "$db"  # the bench creates it
"$bin" --db "$db" --events "$events" --checkpoints 10000,100000,"$events" --queries 2000 "$@"

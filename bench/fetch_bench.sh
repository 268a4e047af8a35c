#!/bin/sh
# Runs the fetch benchmark: 1,000 small feeds from loopback servers with the
# fetcher's default caps (32 in flight, 2 per host), for 50 hosts (20 feeds
# each, connections reused), 1 host and 1,000 hosts (a new connection per feed).
# Target: 1,000 feeds in under 5 s. Usage: bench/fetch_bench.sh [BUILD_DIR]
set -eu
build_dir=${1:-${BUILD_DIR:-build}}
bin="$build_dir/bench/fetch_bench"
if [ ! -x "$bin" ]; then
  echo "fetch_bench.sh: $bin not built; run: ninja -C $build_dir fetch_bench" >&2
  exit 2
fi
for hosts in 50 1 1000; do
  "$bin" --feeds 1000 --hosts "$hosts" --rounds 3
done

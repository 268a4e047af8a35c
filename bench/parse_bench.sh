#!/usr/bin/env bash
# Feed parse throughput over shared/corpora/feeds-real: chipwire's parse_feed
# next to a pugixml-only load (the floor) and next to Python feedparser through
# shared/bench/reference_feedparser.py (one process, files in a loop).
#   bench/parse_bench.sh [BUILD_DIR] [CORPUS_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../build}"
corpus="${2:-$here/../../shared/corpora/feeds-real}"
shared_bench="$(cd "$corpus/../../bench" 2>/dev/null && pwd || true)"
if [[ ! -d "$corpus" ]]; then
  echo "parse_bench: corpus $corpus absent" >&2
  exit 1
fi
cmake --build "$build" --target parse_bench >/dev/null
"$build/bench/parse_bench" "$corpus" "${ROUNDS:-5}"

if [[ -n "$shared_bench" && -f "$shared_bench/reference_feedparser.py" ]] && /usr/bin/python3 -c 'import feedparser' 2>/dev/null; then
  /usr/bin/python3 - "$shared_bench" "$corpus" <<'PY'
import os, sys, time
sys.path.insert(0, sys.argv[1])
import reference_feedparser as ref
corpus = sys.argv[2]
files = sorted(f for f in os.listdir(corpus) if not f.endswith('.md'))
blobs = [open(os.path.join(corpus, f), 'rb').read() for f in files]
t0 = time.perf_counter()
items = sum(len(ref.to_contract(ref.parse_bytes(b))['entries']) for b in blobs)
dt = time.perf_counter() - t0
mb = sum(map(len, blobs)) / 1e6
print("%-22s %8.3f s %9.1f MB/s %11.0f items/s" % ("feedparser (reference)", dt, mb / dt, items / dt))
PY
else
  echo "reference_feedparser.py or feedparser absent: reference timing skipped"
fi

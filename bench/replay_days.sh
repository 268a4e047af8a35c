#!/usr/bin/env bash
# Ingests shared/corpora/replay-2022 day by day, as a cron job would have seen it
# (each day's documents polled once, in date order, into one store), then prints
# the multi-source events with their sources: the material for checking that
# dedup counts are explainable.
# usage: bench/replay_days.sh [BUILD_DIR] [DAYS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
days=${2:-0}
shared=${CHIPWIRE_SHARED:-$root/../shared}
replay=$shared/corpora/replay-2022/replay
chipwire=$build/cli/chipwire
work=$(mktemp -d "${TMPDIR:-/tmp}/chipwire-replay.XXXXXX")
trap 'rm -rf "$work"' EXIT
n=0
start=$(date +%s.%N)
for day in $(cd "$replay" && ls -d 2022-* | sort); do
  n=$((n + 1))
  [ "$days" -gt 0 ] && [ "$n" -gt "$days" ] && break
  { for f in "$replay/$day"/*.xml; do printf '[[feed]]\nurl = "%s"\n' "$f"; done; } > "$work/day.toml"
  "$chipwire" --config "$work/day.toml" --db "$work/db" ingest --all --no-progress | sed "s/^/$day: /"
done
end=$(date +%s.%N)
echo "== $((n)) days in $(echo "$end - $start" | bc) s"
"$chipwire" --db "$work/db" stats | head -20
echo "== events with the most independent sources"
"$chipwire" --db "$work/db" events --min-sources 2 --format jsonl |
  python3 -c '
import json, sys
evs = sorted((json.loads(l) for l in sys.stdin), key=lambda e: (-e["sources"], -e["articles"]))
for e in evs[:12]:
    print(e["id"][:12], e["type"], e["actor"], e["modality"], ",".join(e["companies"]), ",".join(e["chips"]),
          "sources=%d articles=%d mentions=%d" % (e["sources"], e["articles"], e["mentions"]), e["first_seen"][:10])
'
for id in $("$chipwire" --db "$work/db" events --min-sources 2 --format jsonl |
            python3 -c 'import json,sys; evs=sorted((json.loads(l) for l in sys.stdin), key=lambda e:(-e["sources"],-e["articles"])); print(" ".join(e["id"] for e in evs[:5]))'); do
  echo "== event $id"
  "$chipwire" --db "$work/db" event "$id" | head -40
done

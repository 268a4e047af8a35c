#!/usr/bin/env bash
# The demo: ingest the bundled sample feeds (demo/feeds) into a fresh data
# directory and print the events. Usage: scripts/demo.sh PATH/TO/chipwire
set -euo pipefail
chipwire=$(realpath "${1:-build/cli/chipwire}")
root=$(cd "$(dirname "$0")/.." && pwd)
data=$(mktemp -d "${TMPDIR:-/tmp}/chipwire-demo.XXXXXX")
trap 'rm -rf "$data"' EXIT
cd "$root/demo"
echo "== chipwire ingest (sample feeds in demo/feeds, data in $data)"
"$chipwire" --config chipwire.toml --db "$data" ingest --stats
echo
echo "== chipwire events"
"$chipwire" --config chipwire.toml --db "$data" events
echo
echo "== chipwire events --company nvidia --format jsonl"
"$chipwire" --config chipwire.toml --db "$data" events --company nvidia --format jsonl
echo
echo "== a second ingest stores nothing new"
"$chipwire" --config chipwire.toml --db "$data" ingest --all

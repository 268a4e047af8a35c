#!/usr/bin/env bash
# The installed layout works on its own: `cmake --install` into a fresh prefix,
# then the installed binary, run from an unrelated folder with the build tree
# hidden from it, finds the installed rule pack and man page and does a whole
# ingest of a local feed.
#   install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd) source=$(cd "$2" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/chipwire-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "install test: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/prefix" >/dev/null
bin=$work/prefix/bin/chipwire
[ -x "$bin" ] || fail "no binary at $bin"
[ -f "$work/prefix/share/man/man1/chipwire.1" ] || fail "no man page"
ls "$work/prefix/share/chipwire/rules/"*.rules >/dev/null || fail "no rule pack"

# A copy of the installed tree: the binary must find rules relative to itself,
# not through the source tree compiled into it.
cp -r "$work/prefix" "$work/moved"
bin=$work/moved/bin/chipwire
cd "$work"
out=$(env -u CHIPWIRE_RULES "$bin" rules check 2>&1) || fail "rules check failed: $out"
case $out in
  "$work/moved/share/chipwire/rules: ok"*) ;;
  *) fail "rules check did not use the installed pack: $out" ;;
esac

{
  echo "db = \"$work/data\""
  echo "allow_local_files = true"
  for feed in "$source"/demo/feeds/*; do echo "[[feed]]"; echo "url = \"$feed\""; done
} > "$work/chipwire.toml"
env -u CHIPWIRE_RULES "$bin" ingest >"$work/ingest.out" 2>&1 || fail "ingest failed: $(cat "$work/ingest.out")"
grep -q 'new articles' "$work/ingest.out" || fail "no summary line: $(cat "$work/ingest.out")"
n=$("$bin" events --format jsonl | wc -l)
[ "$n" -gt 0 ] || fail "the installed binary stored no events from the demo feeds"
echo "install test: ok ($n events from the demo feeds, rules from the installed prefix)"

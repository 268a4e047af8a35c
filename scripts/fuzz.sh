#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan + coverage) in build-fuzz
# and runs each for SECONDS (default 60), seeded from the project's fixtures,
# rules and fuzz/seeds/. Prints, per target, executions, coverage, corpus size
# and result. A crash, timeout or leak keeps its input in fuzz/crash-TARGET/ and
# makes the script exit 1 (after all targets ran); a build failure exits 2.
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   CHIPWIRE_FUZZ_ARGS: more libFuzzer flags, e.g. "-fork=1 -ignore_timeouts=1" to go on past a known hang.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(feed_parser date_parser html_text url_canonical rule_loader extractor)

# The build packages plus clang and its sanitizer/libFuzzer runtimes (only those missing).
"$root/scripts/install-deps.sh" clang libclang-rt-14-dev

build=${CHIPWIRE_FUZZ_BUILD:-$root/build-fuzz}
# -Wno-unknown-warning-option: the top-level -Wshadow=local is a GCC spelling.
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -g -O1 -Wno-unknown-warning-option"
if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCHIPWIRE_FUZZ=ON \
    -DCHIPWIRE_TESTS=OFF -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
fi
if ! cmake --build "$build" --target $(printf 'fuzz_%s ' "${targets[@]}") >"$build/build.log" 2>&1; then
  grep -E -A5 'error:|FAILED' "$build/build.log" | head -60 >&2
  echo "fuzz.sh: build failed (full log: $build/build.log)" >&2
  exit 2
fi

seed_dir() {  # TARGET -> a folder of seeds made from the fixtures, the rules and fuzz/seeds/TARGET
  local t=$1 d=$build/seeds/$1 f n=0
  rm -rf "$d"; mkdir -p "$d"
  [ -d "$root/fuzz/seeds/$t" ] && cp "$root/fuzz/seeds/$t"/* "$d/"
  case $t in
    feed_parser)  # the target reads the content type from the first byte: 0 none, 2 rss+xml, 3 feed+json
      while IFS= read -r -d '' f; do
        n=$((n + 1))
        { printf '\0'; cat "$f"; } > "$d/$n-none-$(basename "$f")"
        case $f in
          *.json) { printf '\3'; cat "$f"; } > "$d/$n-json-$(basename "$f")" ;;
          *) { printf '\2'; cat "$f"; } > "$d/$n-xml-$(basename "$f")" ;;
        esac
      done < <(find "$root/tests/fixtures" "$root/demo/feeds" -type f \( -name '*.xml' -o -name '*.atom' \
                 -o -name '*.rss' -o -name '*.json' -o -name '*.rdf' -o -name '*.html' \) -size -200k -print0) ;;
    date_parser) printf '%s\n' "Wed, 14 Jan 2026 08:00:00 GMT" "2026-01-14T08:00:00+01:00" "Sun, 1 Jan 06 1:2:3 EST" "2016/6/29" |
                   split -l 1 - "$d/date-" ;;
    url_canonical) printf 'HTTP://Example.COM:80/a/../b?utm_source=x&q=1#frag\n../c' > "$d/a.txt" ;;
    rule_loader)  # each rule file alone, and the whole pack as one file
      cp "$root"/rules/*.rules "$d/"
      cat "$root"/rules/*.rules > "$d/all.rules" ;;
    extractor)  # the example and counter sentences of the rule pack, one per seed
      grep -hE '^ *(example|counter):' "$root"/rules/*.rules | sed -E 's/^ *(example|counter): *//; s/ *=>.*$//' |
        split -l 1 - "$d/rule-example-" ;;
  esac
  echo "$d"
}

dict_option() {  # TARGET -> -dict=... when fuzz/TARGET.dict exists
  [ -f "$root/fuzz/$1.dict" ] && echo "-dict=$root/fuzz/$1.dict" || true
}

failed=0
printf '%-14s %8s %12s %6s %8s %s\n' target seconds execs cov corpus result
for t in "${targets[@]}"; do
  corpus=$build/corpus-$t
  mkdir -p "$corpus"
  crashes=$root/fuzz/crash-$t
  mkdir -p "$crashes"
  log=$build/fuzz-$t.log
  set +e
  # shellcheck disable=SC2046
  "$build/fuzz/fuzz_$t" "$corpus" "$(seed_dir "$t")" $(dict_option "$t") -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -max_len=1048576 -artifact_prefix="$crashes/" -print_final_stats=1 \
    ${CHIPWIRE_FUZZ_ARGS:-} >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' ||
          grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || echo '?')  # the last "#N" line in -fork mode
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo '?')
  corp=$(ls "$corpus" | wc -l)
  result=ok
  if [ $rc -ne 0 ]; then
    failed=1
    result="FAILED rc=$rc: $(grep -m1 -oE 'ERROR: (libFuzzer|AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer): [^ ]+( [^ ]+)?|runtime error: .*' "$log" || true) (log $log, input in $crashes)"
  fi
  rmdir "$crashes" 2>/dev/null || true
  printf '%-14s %8s %12s %6s %8s %s\n' "$t" "$seconds" "$execs" "$cov" "$corp" "$result"
done
exit $failed

#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan + coverage) and runs each
# for SECONDS (default 60), seeded from the project's fixtures. Prints, per
# target, executions and coverage reached. Crashes are kept in fuzz/crash-*/.
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(feed_parser date_parser html_text url_canonical rule_loader extractor)
command -v clang++ >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang >/dev/null; }
dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q "install ok installed" ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libclang-rt-14-dev >/dev/null
"$root/scripts/install-deps.sh"
build=$root/build-fuzz
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -g -O1"
if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCHIPWIRE_FUZZ=ON \
    -DCHIPWIRE_TESTS=OFF -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
fi
cmake --build "$build" --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null

seed_dir() {  # TARGET -> a folder of seeds made from the fixtures
  local t=$1 d=$build/seeds/$1
  rm -rf "$d"; mkdir -p "$d"
  case $t in
    feed_parser) find "$root/tests/fixtures" "$root/demo/feeds" -type f \( -name '*.xml' -o -name '*.atom' -o -name '*.rss' -o -name '*.json' -o -name '*.rdf' \) -size -200k -exec cp {} "$d/" \; ;;
    date_parser) printf '%s\n' "Wed, 14 Jan 2026 08:00:00 GMT" "2026-01-14T08:00:00+01:00" "Sun, 1 Jan 06 1:2:3 EST" "2016/6/29" |
                   split -l 1 - "$d/date-" ;;
    html_text) printf '<p>a&amp;b &nbsp;<script>x</script><b>bold</b></p>' > "$d/a.html" ;;
    url_canonical) printf 'HTTP://Example.COM:80/a/../b?utm_source=x&q=1#frag\n../c' > "$d/a.txt" ;;
    rule_loader|extractor) cp "$root"/rules/*.rules "$d/" 2>/dev/null || true
                           printf 'China has begun approving imports of Nvidia'"'"'s H200 chips\nfor Tencent.' > "$d/h200.txt" ;;
  esac
  echo "$d"
}

mkdir -p "$root/fuzz"
printf '%-14s %10s %10s %8s %s\n' target seconds execs cov result
for t in "${targets[@]}"; do
  corpus=$build/corpus-$t
  mkdir -p "$corpus"
  crashes=$root/fuzz/crash-$t
  mkdir -p "$crashes"
  log=$build/fuzz-$t.log
  set +e
  "$build/fuzz/fuzz_$t" "$corpus" "$(seed_dir "$t")" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=1048576 -artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo '?')
  result=ok; [ $rc -ne 0 ] && result="FAILED (see $log and $crashes)"
  rmdir "$crashes" 2>/dev/null || true
  printf '%-14s %10s %10s %8s %s\n' "$t" "$seconds" "$execs" "$cov" "$result"
done

#!/bin/sh
# Builds the libFuzzer targets with clang and runs each one.
#   scripts/fuzz.sh                 every target for 20 s, one per core
#   scripts/fuzz.sh 3600            every target for an hour
#   scripts/fuzz.sh 3600 deck       one target
#   KIOKU_FUZZ_RUNS=10000000 scripts/fuzz.sh 7200
#                                   stop each target after that many
#                                   executions (the time stays a cap)
#   KIOKU_FUZZ_MAXLEN=8192          the largest input (default 64 KiB)
# Corpora start from decks/ and tests/ and grow in build-fuzz/corpus/NAME;
# crashes are written to build-fuzz/crash/NAME-*.  Exit 1 if any target
# found a crash, leak or sanitizer report.
# KIOKU_FUZZ_BUILD=DIR uses the fuzz targets of an existing build made with
# -DKIOKU_FUZZ=ON -DKIOKU_SANITIZE=ON (scripts/test.sh passes its ASan build)
# instead of making build-fuzz.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-20}
only=${2:-}
bd=${KIOKU_FUZZ_BUILD:-}
if [ "${KK_FUZZ_ONE:-}" ]; then # internal: one target, run by the loop below
  name=$KK_FUZZ_ONE
  mkdir -p build-fuzz/crash
  echo 0 >"build-fuzz/$name.rc"
  corpus=build-fuzz/corpus/$name
  mkdir -p "$corpus"
  seeds=""
  [ -d "tests/fuzz/seeds/$name" ] && seeds="tests/fuzz/seeds/$name"
  case $name in
    deck|exam) for s in decks/*.yaml decks/*/*.yaml tests/decks/*/*.yaml; do [ -f "$s" ] && cp "$s" "$corpus/" ; done ;;
    # the screens target draws every card of an input: the small test decks
    # (each card type) rather than the shipped ones, whose 300 cards take
    # seconds an input
    screens) for s in tests/decks/*/*.yaml; do [ -f "$s" ] && cp "$s" "$corpus/" ; done ;;
    gift) cp tests/interop/gift/*.gift "$corpus/" ;;
    mxml) cp tests/interop/moodle/*.xml "$corpus/" ;;
    apkg) bash tests/interop/make-apkg.sh "$corpus" >/dev/null ;;
    csvimport) printf 'front,back,type,options,answer\nq,a,basic,,\nc,,choice,"x\ny",2\n' >"$corpus/seed.csv" ;;
  esac
  # Inputs up to 64 KiB (KIOKU_FUZZ_MAXLEN sets another bound), and at most
  # 8 KiB for the two targets whose every input runs the whole generator or
  # draws every card on every screen: there an input costs time in
  # proportion to its length, and 8 KiB (a document of a few pages, a deck
  # of a few dozen cards) reaches every path.
  maxlen=${KIOKU_FUZZ_MAXLEN:-65536}
  case $name in screens|gen) [ "$maxlen" -le 8192 ] || maxlen=8192 ;; esac
  echo "== fuzz $name for ${secs}s${KIOKU_FUZZ_RUNS:+ or $KIOKU_FUZZ_RUNS runs}"
  if ! "./$bd/tests/fuzz/fuzz_$name" "$corpus" $seeds -dict=tests/fuzz/yaml.dict \
      ${KIOKU_FUZZ_RUNS:+-runs=$KIOKU_FUZZ_RUNS} -max_total_time="$secs" -max_len="$maxlen" -rss_limit_mb=2048 -timeout=10 \
      -artifact_prefix="build-fuzz/crash/$name-" -print_final_stats=1 2>"build-fuzz/$name.log"; then
    echo "fuzz $name: FOUND A PROBLEM (see build-fuzz/$name.log and build-fuzz/crash/)"
    tail -30 "build-fuzz/$name.log"
    echo 1 >"build-fuzz/$name.rc"
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs" "build-fuzz/$name.log" | sed "s/^/  $name /"
  exit 0
fi
if [ -z "$bd" ]; then
  sh scripts/setup.sh
  bd=build-fuzz
  # Optimised, with debug info, AddressSanitizer + UBSan and assertions on
  # (no NDEBUG: the flags are set here rather than by a build type).
  CC=clang cmake -S . -B build-fuzz -DKIOKU_FUZZ=ON -DKIOKU_SANITIZE=ON \
    -DCMAKE_BUILD_TYPE=Fuzz -DCMAKE_C_FLAGS_FUZZ="-O1 -g" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
  cmake --build build-fuzz -j"$(nproc)" --target $(cd tests/fuzz && ls fuzz_*.c | sed 's/\.c$//' | tr '\n' ' ')
fi
# The fuzzers must really carry the sanitizers and the assertions.
n=$(ls "$bd"/tests/fuzz/fuzz_* 2>/dev/null | wc -l)
[ "$n" -eq "$(ls tests/fuzz/fuzz_*.c | wc -l)" ] || { echo "fuzz: $bd has $n of the fuzz targets"; exit 1; }
for bin in "$bd"/tests/fuzz/fuzz_*; do
  nm "$bin" | grep -q __asan_report_load || { echo "fuzz: $bin lacks AddressSanitizer"; exit 1; }
  nm "$bin" | grep -q __ubsan_handle_ || { echo "fuzz: $bin lacks UBSan"; exit 1; }
done
if ! [ -f "$bd/compile_commands.json" ] || grep -q -- -DNDEBUG "$bd/compile_commands.json"; then
  echo "fuzz: the fuzz build compiles assertions out (NDEBUG)"; exit 1
fi
mkdir -p build-fuzz/crash
# One target per core at a time.
for f in tests/fuzz/fuzz_*.c; do
  name=$(basename "$f" .c); name=${name#fuzz_}
  [ -z "$only" ] || [ "$only" = "$name" ] || continue
  echo "$name"
done | KIOKU_FUZZ_BUILD="$bd" xargs -P"$(nproc)" -I{} env KK_FUZZ_ONE={} sh "$0" "$secs"
status=0
for f in tests/fuzz/fuzz_*.c; do
  name=$(basename "$f" .c); name=${name#fuzz_}
  [ -z "$only" ] || [ "$only" = "$name" ] || continue
  [ "$(cat "build-fuzz/$name.rc" 2>/dev/null)" = 0 ] || status=1
done
exit $status

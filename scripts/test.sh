#!/bin/sh
# Set up, build and run every test, in this order:
#   1. cppcheck and clang-tidy on the committed configuration;
#   2. a -Werror build (gcc) under ctest;
#   3. the same build's tests under valgrind memcheck (scripts/valgrind.sh);
#   4. an AddressSanitizer + UndefinedBehaviorSanitizer build (clang, with
#      the libFuzzer targets) under ctest;
#   5. a short fuzzing run of every libFuzzer target of that build (any
#      crash, leak or sanitizer report fails).
# The stage times close the output, then the ASan ctest summary again.
# KIOKU_FUZZ_SECONDS sets the fuzzing time per target (default 3);
# KIOKU_SKIP_VALGRIND=1 leaves step 3 out.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
jobs="$(nproc)"
times=""
t0=$(date +%s)
stage_done() { # NAME: records the time since the previous stage ended
  t1=$(date +%s)
  times="$times$(printf '  %-24s %4d s' "$1" $((t1 - t0)))
"
  t0=$t1
}
echo "== static analysis"
sh scripts/lint-static.sh
stage_done "static analysis"
for cfg in release asan; do
  case $cfg in
    release) flags="-DCMAKE_BUILD_TYPE=RelWithDebInfo" ;;
    # clang, with the libFuzzer targets: the fuzz smoke run below uses them
    asan) flags="-DCMAKE_BUILD_TYPE=Debug -DKIOKU_SANITIZE=ON -DKIOKU_FUZZ=ON -DCMAKE_EXPORT_COMPILE_COMMANDS=ON" ;;
  esac
  echo "== $cfg build"
  if [ $cfg = asan ]; then export CC=clang; fi
  cmake -S . -B "build-test-$cfg" -DKIOKU_WERROR=ON $flags >/dev/null
  cmake --build "build-test-$cfg" -j"$jobs"
  stage_done "$cfg build"
  echo "== $cfg tests"
  # (sh has no pipefail: ctest's status travels through a file)
  { ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --test-dir "build-test-$cfg" --output-on-failure -j"$jobs"
    echo $? >"build-test-$cfg/ctest.rc"; } | tee "build-test-$cfg/ctest.log"
  [ "$(cat "build-test-$cfg/ctest.rc")" -eq 0 ] || exit 1
  stage_done "$cfg tests"
  if [ $cfg = release ] && [ -z "${KIOKU_SKIP_VALGRIND:-}" ]; then
    echo "== valgrind memcheck (release build)"
    sh scripts/valgrind.sh build-test-release
    stage_done "valgrind"
  fi
done
echo "== fuzz smoke (the ASan build's fuzz targets)"
KIOKU_FUZZ_BUILD=build-test-asan sh scripts/fuzz.sh "${KIOKU_FUZZ_SECONDS:-3}"
stage_done "fuzz smoke"
echo "== stage times"
printf '%s' "$times"
grep -E '^[0-9]+% tests passed' build-test-asan/ctest.log

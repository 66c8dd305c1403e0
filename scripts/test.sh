#!/bin/sh
# Set up, build and run every test:
#   1. static analysis (cppcheck; clang-tidy with the clang static analyzer
#      in its shallow mode), started first and run alongside the rest: its
#      report comes at the end;
#   2. a -Werror build (gcc) under ctest;
#   3. that build's C suites under valgrind memcheck, in parallel, with
#      fewer random rounds (scripts/valgrind.sh --suites);
#   4. an AddressSanitizer + UndefinedBehaviorSanitizer build (clang, -O1,
#      assertions on) with the libFuzzer targets, under ctest;
#   5. a short fuzzing run of every libFuzzer target of that build, one per
#      core (any crash, leak or sanitizer report fails).
# The stage times close the output, then the ASan ctest summary again.
# The deeper, slower checks (the analyzer's full mode, valgrind over the
# script tests too, a minute of fuzzing per target) are
# scripts/check-deep.sh.
# KIOKU_FUZZ_SECONDS sets the fuzzing time per target (default 2);
# KIOKU_SKIP_VALGRIND=1 leaves step 3 out.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
jobs="$(nproc)"
times=""
start=$(date +%s)
t0=$start
stage_done() { # NAME: records the time since the previous stage ended
  t1=$(date +%s)
  times="$times$(printf '  %-24s %4d s' "$1" $((t1 - t0)))
"
  t0=$t1
}
echo "== static analysis (in the background; its report comes at the end)"
mkdir -p build-static
sh scripts/lint-static.sh >build-static/lint.log 2>&1 &
static_pid=$!
trap 'kill $static_pid 2>/dev/null || true' EXIT
for cfg in release asan; do
  case $cfg in
    release) flags="-DCMAKE_BUILD_TYPE=RelWithDebInfo" ;;
    # clang, optimised a little (the tests run in half the time of -O0)
    # with assertions kept; the fuzz smoke run below uses its targets
    asan) flags="-DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG=-O1\ -g -DKIOKU_SANITIZE=ON -DKIOKU_FUZZ=ON -DCMAKE_EXPORT_COMPILE_COMMANDS=ON" ;;
  esac
  echo "== $cfg build"
  if [ $cfg = asan ]; then export CC=clang; fi
  # shellcheck disable=SC2086 # $flags holds several options
  eval cmake -S . -B "build-test-$cfg" -DKIOKU_WERROR=ON $flags >/dev/null
  cmake --build "build-test-$cfg" -j"$jobs"
  stage_done "$cfg build"
  echo "== $cfg tests"
  # (sh has no pipefail: ctest's status travels through a file; the `if`
  # keeps set -e from ending the group before the status is written)
  { if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --test-dir "build-test-$cfg" --output-on-failure -j"$jobs"; then
      echo 0 >"build-test-$cfg/ctest.rc"
    else
      echo $? >"build-test-$cfg/ctest.rc"
    fi; } | tee "build-test-$cfg/ctest.log"
  [ "$(cat "build-test-$cfg/ctest.rc")" = 0 ] || { echo "== $cfg tests FAILED"; exit 1; }
  stage_done "$cfg tests"
  if [ $cfg = release ] && [ -z "${KIOKU_SKIP_VALGRIND:-}" ]; then
    echo "== valgrind memcheck (the release build's C suites)"
    sh scripts/valgrind.sh --suites build-test-release
    stage_done "valgrind"
  fi
done
echo "== fuzz smoke (the ASan build's fuzz targets)"
KIOKU_FUZZ_BUILD=build-test-asan sh scripts/fuzz.sh "${KIOKU_FUZZ_SECONDS:-2}"
stage_done "fuzz smoke"
echo "== static analysis report"
static_rc=0
wait $static_pid || static_rc=$?
cat build-static/lint.log
stage_done "static analysis (rest)"
echo "== stage times"
printf '%s' "$times"
printf '  %-24s %4d s\n' "total" $(($(date +%s) - start))
grep -E '^[0-9]+% tests passed' build-test-asan/ctest.log
[ $static_rc -eq 0 ] || { echo "static analysis found problems (above)"; exit 1; }

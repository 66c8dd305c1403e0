#!/bin/sh
# Set up, build and run every test: a warnings-as-errors build and an
# AddressSanitizer + UndefinedBehaviorSanitizer build, each under ctest.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
jobs="$(nproc)"
for cfg in release asan; do
  case $cfg in
    release) flags="-DCMAKE_BUILD_TYPE=RelWithDebInfo" ;;
    asan) flags="-DCMAKE_BUILD_TYPE=Debug -DKIOKU_SANITIZE=ON" ;;
  esac
  echo "== $cfg build"
  cmake -S . -B "build-test-$cfg" -DKIOKU_WERROR=ON $flags >/dev/null
  cmake --build "build-test-$cfg" -j"$jobs"
  echo "== $cfg tests"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "build-test-$cfg" --output-on-failure -j"$jobs"
done

# A short fuzzing run of every libFuzzer target (clang); any crash, leak or
# sanitizer report fails the run.  Long runs: scripts/fuzz.sh SECONDS.
echo "== fuzz smoke"
sh scripts/fuzz.sh "${KIOKU_FUZZ_SECONDS:-10}"

#!/bin/sh
# Set up, build and run every test, in this order:
#   1. cppcheck and clang-tidy on the committed configuration;
#   2. a short fuzzing run of every libFuzzer target (clang; any crash,
#      leak or sanitizer report fails);
#   3. a -Werror build under ctest;
#   4. the same build's tests under valgrind memcheck (scripts/valgrind.sh);
#   5. an AddressSanitizer + UndefinedBehaviorSanitizer build under ctest
#      (its summary closes the output).
# KIOKU_FUZZ_SECONDS sets the fuzzing time per target (default 5);
# KIOKU_SKIP_VALGRIND=1 leaves step 4 out.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
jobs="$(nproc)"
echo "== static analysis"
sh scripts/lint-static.sh
echo "== fuzz smoke"
sh scripts/fuzz.sh "${KIOKU_FUZZ_SECONDS:-5}"
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
  if [ $cfg = release ] && [ -z "${KIOKU_SKIP_VALGRIND:-}" ]; then
    echo "== valgrind memcheck (release build)"
    sh scripts/valgrind.sh build-test-release
  fi
done

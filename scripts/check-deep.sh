#!/bin/sh
# The slow checks that scripts/test.sh leaves out to stay within a few
# minutes; run them before a release and after large changes:
#   1. the clang static analyzer in its full inter-procedural mode;
#   2. valgrind memcheck over every C suite and every script test's kioku
#      runs (a Debug build in build-valgrind);
#   3. every libFuzzer target for KIOKU_FUZZ_SECONDS (default 60) in
#      build-fuzz (optimised, ASan + UBSan, assertions on).
# Takes some 15-25 minutes on two cores.  Exit 1 on any finding.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
status=0
echo "== static analysis (deep)"
sh scripts/lint-static.sh --deep || status=1
echo "== valgrind (all suites and script tests)"
sh scripts/valgrind.sh || status=1
echo "== fuzzing"
sh scripts/fuzz.sh "${KIOKU_FUZZ_SECONDS:-60}" || status=1
[ $status -eq 0 ] && echo "deep checks: clean"
exit $status

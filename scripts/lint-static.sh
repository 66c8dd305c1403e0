#!/bin/sh
# Static analysis on the committed configuration: cppcheck and clang-tidy
# over src/ (core, cli, sdl).  Exit 1 on any finding.  Exceptions are
# documented in .clang-tidy and .cppcheck-suppressions, each with a reason.
#   scripts/lint-static.sh          the clang static analyzer in its shallow
#                                   mode (about a tenth of the time; what
#                                   scripts/test.sh runs)
#   scripts/lint-static.sh --deep   the analyzer's full inter-procedural
#                                   mode (scripts/check-deep.sh)
set -eu
cd "$(dirname "$0")/.."
mode=shallow
[ "${1:-}" = "--deep" ] && mode=deep
# clang-tidy needs only the compile commands, not a build
cmake -S . -B build-static -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
status=0
echo "== cppcheck $(cppcheck --version)"
cppcheck -j"$(nproc)" --enable=warning,style,performance,portability --std=c11 --quiet \
  --inline-suppr --suppressions-list=.cppcheck-suppressions --error-exitcode=1 \
  -I src src/core/base src/core/deck src/core/gen src/core/study src/core/interop src/core/exam src/core/ui src/cli src/sdl || status=1
echo "== clang-tidy (analyzer: $mode)"
ls src/core/*/*.c src/cli/*.c src/sdl/*.c | xargs -P"$(nproc)" -n4 \
  clang-tidy -p build-static --quiet --extra-arg=-Xclang --extra-arg=-analyzer-config \
    --extra-arg=-Xclang --extra-arg=mode=$mode >build-static/tidy.log 2>&1 || status=1
grep -E "(warning|error):" build-static/tidy.log | sort -u || true
[ $status -eq 0 ] && echo "static analysis: clean"
exit $status

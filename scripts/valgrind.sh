#!/bin/sh
# The test suite under valgrind memcheck: every tests/test_* executable and
# the kioku runs of the script tests under memcheck; any error or definite
# leak fails.  Suites run in parallel (one per core), slowest first.
# Usage: scripts/valgrind.sh [--suites] [BUILD_DIR]: an existing build
# without sanitizers (scripts/test.sh passes its release build); without
# one, a Debug build is made in build-valgrind.  --suites runs only the C
# suites, not the script tests (scripts/test.sh does this to stay quick; the
# script tests' kioku runs are covered by scripts/check-deep.sh).
set -eu
cd "$(dirname "$0")/.."
vg="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --track-fds=no"
if [ "${1:-}" = "--one" ]; then # internal: --one BUILD_DIR JOB
  bd=$2 job=$3
  name=$(basename "$job")
  log="$bd/vg/$name.log"
  set +e
  case $job in
    *.test.sh)
      KK_VALGRIND=1 KK_SOURCE_DIR="$(pwd)" KK_BINARY_DIR="$(cd "$bd" && pwd)" \
        sh "$job" "$(cd "$bd" && pwd)/kioku-vg" >"$log" 2>&1 ;; # absolute: tests may cd
    *) KK_VALGRIND=1 $vg "$job" >"$log" 2>&1 ;;
  esac
  echo $? >"$bd/vg/$name.rc"
  exit 0
fi
scripts=1
if [ "${1:-}" = "--suites" ]; then scripts=0; shift; fi
bd=${1:-}
if [ -z "$bd" ]; then
  sh scripts/setup.sh
  bd=build-valgrind
  cmake -S . -B "$bd" -DCMAKE_BUILD_TYPE=Debug -DKIOKU_WERROR=ON >/dev/null
  cmake --build "$bd" -j"$(nproc)"
fi
# a wrapper so script tests run kioku under memcheck too
wrap=$bd/kioku-vg
printf '#!/bin/sh\nexec %s %s/kioku "$@"\n' "$vg" "$(cd "$bd" && pwd)" > "$wrap"
chmod +x "$wrap"
rm -rf "$bd/vg" && mkdir -p "$bd/vg"
# The longest suites first, so the parallel run packs well.
slow="test_sync test_ui test_store_kill test_examdb test_pack test_store test_optimize"
{
  for n in $slow; do [ -x "$bd/tests/$n" ] && echo "$bd/tests/$n"; done
  for t in "$bd"/tests/test_*; do
    [ -x "$t" ] || continue
    case " $slow " in *" $(basename "$t") "*) continue ;; esac
    echo "$t"
  done
  if [ $scripts -eq 1 ]; then
    for s in tests/*.test.sh; do
      name=$(basename "$s" .test.sh)
      case " ${KK_VALGRIND_SKIP:-screens desktop package writers_kill} " in *" $name "*) continue ;; esac
      echo "$s"
    done
  fi
} | xargs -P"$(nproc)" -I{} sh "$0" --one "$bd" {}
pass=0 fail=0 skip=0
for rcf in "$bd"/vg/*.rc; do
  name=$(basename "$rcf" .rc)
  case $(cat "$rcf") in
    0) pass=$((pass+1)); echo "ok   $name" ;;
    77) skip=$((skip+1)); echo "skip $name" ;;
    *) fail=$((fail+1)); echo "FAIL $name (exit $(cat "$rcf"))"; tail -30 "$bd/vg/$name.log" ;;
  esac
done
echo "valgrind: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]

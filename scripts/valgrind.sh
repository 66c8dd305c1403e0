#!/bin/sh
# The test suite under valgrind memcheck: every tests/test_* executable and
# the kioku runs of the script tests under memcheck; any error or definite
# leak fails.  Usage: scripts/valgrind.sh [BUILD_DIR]: an existing build
# without sanitizers (scripts/test.sh passes its release build); without
# one, a Debug build is made in build-valgrind.
set -eu
cd "$(dirname "$0")/.."
bd=${1:-}
if [ -z "$bd" ]; then
  sh scripts/setup.sh
  bd=build-valgrind
  cmake -S . -B "$bd" -DCMAKE_BUILD_TYPE=Debug -DKIOKU_WERROR=ON >/dev/null
  cmake --build "$bd" -j"$(nproc)"
fi
vg="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --track-fds=no"
# a wrapper so script tests run kioku under memcheck too
wrap=$bd/kioku-vg
printf '#!/bin/sh\nexec %s %s/kioku "$@"\n' "$vg" "$(cd "$bd" && pwd)" > "$wrap"
chmod +x "$wrap"
pass=0 fail=0 skip=0
for t in $bd/tests/test_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  set +e
  KK_VALGRIND=1 $vg "$t" >"$bd/$name.vg.log" 2>&1
  rc=$?
  set -e
  case $rc in
    0) pass=$((pass+1)); echo "ok   $name" ;;
    77) skip=$((skip+1)); echo "skip $name" ;;
    *) fail=$((fail+1)); echo "FAIL $name (exit $rc)"; tail -30 "$bd/$name.vg.log" ;;
  esac
done
for s in tests/*.test.sh; do
  name=$(basename "$s" .test.sh)
  case " ${KK_VALGRIND_SKIP:-screens} " in *" $name "*) continue ;; esac
  set +e
  KK_VALGRIND=1 KK_SOURCE_DIR="$(pwd)" KK_BINARY_DIR="$(cd "$bd" && pwd)" \
    sh "$s" "$wrap" >"$bd/$name.vg.log" 2>&1
  rc=$?
  set -e
  case $rc in
    0) pass=$((pass+1)); echo "ok   $name.test.sh" ;;
    77) skip=$((skip+1)); echo "skip $name.test.sh" ;;
    *) fail=$((fail+1)); echo "FAIL $name.test.sh (exit $rc)"; tail -30 "$bd/$name.vg.log" ;;
  esac
done
echo "valgrind: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]

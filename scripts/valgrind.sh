#!/bin/sh
# The test suite under valgrind memcheck: a plain Debug build (no
# sanitizers), every tests/test_* executable and the kioku runs of the
# script tests under memcheck; any error or definite leak fails.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
cmake -S . -B build-valgrind -DCMAKE_BUILD_TYPE=Debug -DKIOKU_WERROR=ON >/dev/null
cmake --build build-valgrind -j"$(nproc)"
vg="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --track-fds=no"
# a wrapper so script tests run kioku under memcheck too
wrap=build-valgrind/kioku-vg
printf '#!/bin/sh\nexec %s %s/build-valgrind/kioku "$@"\n' "$vg" "$(pwd)" > "$wrap"
chmod +x "$wrap"
pass=0 fail=0 skip=0
for t in build-valgrind/tests/test_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  set +e
  KK_VALGRIND=1 $vg "$t" >"build-valgrind/$name.vg.log" 2>&1
  rc=$?
  set -e
  case $rc in
    0) pass=$((pass+1)); echo "ok   $name" ;;
    77) skip=$((skip+1)); echo "skip $name" ;;
    *) fail=$((fail+1)); echo "FAIL $name (exit $rc)"; tail -30 "build-valgrind/$name.vg.log" ;;
  esac
done
for s in tests/*.test.sh; do
  name=$(basename "$s" .test.sh)
  case " ${KK_VALGRIND_SKIP:-screens} " in *" $name "*) continue ;; esac
  set +e
  KK_VALGRIND=1 KK_SOURCE_DIR="$(pwd)" KK_BINARY_DIR="$(pwd)/build-valgrind" \
    sh "$s" "$wrap" >"build-valgrind/$name.vg.log" 2>&1
  rc=$?
  set -e
  case $rc in
    0) pass=$((pass+1)); echo "ok   $name.test.sh" ;;
    77) skip=$((skip+1)); echo "skip $name.test.sh" ;;
    *) fail=$((fail+1)); echo "FAIL $name.test.sh (exit $rc)"; tail -30 "build-valgrind/$name.vg.log" ;;
  esac
done
echo "valgrind: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]

#!/bin/sh
# The core's layers are used in one direction:
#     base <- deck <- study <- exam <- ui,    gen uses base and deck only,
#     interop uses base, deck and study.
# A file under src/core/LAYER may include headers of its own layer and of
# the layers it may use, nothing above; src/core includes nothing from
# src/sdl or src/cli.  The checker is first run on a planted violation,
# so it cannot pass vacuously.
cd "${KK_SOURCE_DIR:-.}" || exit 1
allowed() { # layer -> the layers it may include
  case $1 in
    base) echo "base" ;;
    deck) echo "base deck" ;;
    gen) echo "base deck gen" ;;
    study) echo "base deck study" ;;
    interop) echo "base deck study interop" ;;
    exam) echo "base deck study exam" ;;
    ui) echo "base deck study exam ui" ;;
    *) echo "" ;;
  esac
}
# check ROOT: prints every include that goes against the direction
check() {
  for dir in "$1"/src/core/*/; do
    layer=$(basename "$dir")
    ok=$(allowed "$layer")
    [ -n "$ok" ] || { echo "$dir: unknown layer '$layer'"; continue; }
    for f in "$dir"*.[ch]; do
      [ -f "$f" ] || continue
      grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
        sed -E 's/^([0-9]+):.*"([^"]*)".*/\1 \2/' |
        while read -r line inc; do
          case $inc in
            core/*/*) to=$(echo "$inc" | cut -d/ -f2) ;;
            *) echo "$f:$line: includes \"$inc\" (only core/<layer>/ headers)"; continue ;;
          esac
          case " $ok " in
            *" $to "*) ;;
            *) echo "$f:$line: layer '$layer' includes \"$inc\" from layer '$to' above it" ;;
          esac
        done
    done
  done
}
pass=0 fail=0
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
mkdir -p "$t/src/core/deck" "$t/src/core/ui"
printf '#include "core/ui/ui.h"\n' >"$t/src/core/deck/bad.c"
printf '#include "core/deck/deck.h"\n' >"$t/src/core/ui/good.c"
planted=$(check "$t")
if echo "$planted" | grep -q "bad.c:1: layer 'deck' includes"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: planted upward include not caught"; fi
if echo "$planted" | grep -q good.c; then fail=$((fail+1)); echo "FAIL: downward include reported"; else pass=$((pass+1)); fi
found=$(check .)
if [ -z "$found" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "$found"; echo "FAIL: includes against the layer direction"; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# Desktop integration on a real X server (Xvfb): the window's class is the
# one the .desktop file names (StartupWMClass), so docks group the window
# with its launcher, and the window carries an icon.  Skipped visibly (77)
# where xvfb-run or xprop is missing.
kioku="$1"
command -v xvfb-run >/dev/null 2>&1 && command -v xprop >/dev/null 2>&1 || {
  echo "SKIP: xvfb-run or xprop not installed"; exit 77; }
src=${KK_SOURCE_DIR:-.}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
want=$(sed -n 's/^StartupWMClass=//p' "$src/assets/kioku.desktop")
KIOKU_DATA_DIR="$t/data" xvfb-run -a -s "-screen 0 1024x768x24" sh -c '
  "$1" --size 640x480 >"$2/log" 2>&1 & p=$!
  i=0
  while [ $i -lt 100 ]; do
    xprop -name Kioku WM_CLASS >"$2/class" 2>/dev/null && break
    sleep 0.2; i=$((i+1))
  done
  xprop -name Kioku _NET_WM_ICON >"$2/icon" 2>/dev/null
  kill $p; wait $p 2>/dev/null; true' sh "$kioku" "$t"
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1"; fi; }
check "the .desktop file names a window class" "[ -n '$want' ]"
check "the window opened and has a class" "grep -q 'WM_CLASS' '$t/class' || cat '$t/log'"
check "WM_CLASS is \"$want\" (StartupWMClass)" "grep -q '= \"$want\", \"$want\"' '$t/class' || cat '$t/class'"
check "the window has an icon" "grep -q 'Icon (' '$t/icon' || grep -q '_NET_WM_ICON(CARDINAL)' '$t/icon'"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

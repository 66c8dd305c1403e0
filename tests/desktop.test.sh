#!/bin/sh
# Desktop integration on a real X server (Xvfb): the window's class is the
# one the .desktop file names (StartupWMClass), so docks group the window
# with its launcher, and the window carries an icon.  Skipped visibly (77)
# where Xvfb or xprop is missing.
# The window gets its class when it is created and its icon a moment later
# (after the font loads), so the test waits for both, with a deadline for a
# slow machine; Xvfb picks a free display itself (-displayfd), so two runs
# at once never race for one (as xvfb-run -a can).
kioku="$1"
command -v Xvfb >/dev/null 2>&1 && command -v xprop >/dev/null 2>&1 || {
  echo "SKIP: Xvfb or xprop not installed"; exit 77; }
src=${KK_SOURCE_DIR:-.}
t=$(mktemp -d)
xpid= kpid=
trap '[ -n "$kpid" ] && kill $kpid 2>/dev/null; [ -n "$xpid" ] && kill $xpid 2>/dev/null; rm -rf "$t"' EXIT
# wait_for SECONDS COMMAND...: polls COMMAND until it succeeds; 1 when
# SECONDS pass first
wait_for() {
  end=$(( $(date +%s) + $1 )); shift
  until "$@"; do [ "$(date +%s)" -ge "$end" ] && return 1; sleep 0.2; done
}
want=$(sed -n 's/^StartupWMClass=//p' "$src/assets/kioku.desktop")
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp 3>"$t/display" 2>"$t/xvfb.log" &
xpid=$!
wait_for 120 grep -q '[0-9]' "$t/display" || { echo "FAIL: Xvfb did not start"; cat "$t/xvfb.log"; exit 1; }
export DISPLAY=":$(head -1 "$t/display")"
KIOKU_DATA_DIR="$t/data" "$kioku" --size 640x480 >"$t/log" 2>&1 &
kpid=$!
has_class() { xprop -name Kioku WM_CLASS >"$t/class" 2>/dev/null && grep -q 'WM_CLASS' "$t/class"; }
has_icon() { xprop -name Kioku _NET_WM_ICON >"$t/icon" 2>/dev/null && grep -q '_NET_WM_ICON(CARDINAL)' "$t/icon"; }
wait_for 240 has_class
wait_for 240 has_icon
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1"; fi; }
check "the .desktop file names a window class" "[ -n '$want' ]"
check "the window opened and has a class" "grep -q 'WM_CLASS' '$t/class' || cat '$t/log'"
check "WM_CLASS is \"$want\" (StartupWMClass)" "grep -q '= \"$want\", \"$want\"' '$t/class' || cat '$t/class'"
check "the window has an icon" "grep -q '_NET_WM_ICON(CARDINAL)' '$t/icon' || cat '$t/icon'"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# The UI dispatcher (src/core/ui/ui.c) reaches its screens only through
# their handler tables (kk_UiScreenOps in ui_int.h): no other ui_*.c file
# calls a function ui.c defines, so screen files and dispatcher form no
# cycle.  The check is first shown to catch such a call.
src=${KK_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
ui=$src/src/core/ui
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1"; fi; }
# names of the external functions ui.c defines
names=$(grep -oE '^[a-z][a-zA-Z0-9_ *]*[ *](kk_ui_[a-z0-9_]+)\(' "$ui/ui.c" | grep -oE 'kk_ui_[a-z0-9_]+' | sort -u)
check "ui.c defines the public entry points" "printf '%s\n' \$names | grep -qx kk_ui_handle"
calls() { # file...: the lines calling one of $names
  for n in $names; do grep -nE "(^|[^_[:alnum:]])$n[[:space:]]*\(" "$@" /dev/null; done
}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kk-uidispatch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
printf 'static void f(kk_Ui *ui) { kk_ui_handle(ui, 0); }\n' > "$tmp/ui_fake.c"
check "the check catches a screen calling the dispatcher" "[ -n \"\$(calls \"$tmp/ui_fake.c\")\" ]"
hits=$(calls $(ls "$ui"/ui_*.c))
[ -n "$hits" ] && echo "$hits"
check "no screen file calls ui.c" "[ -z \"\$hits\" ]"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

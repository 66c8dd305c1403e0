#!/bin/sh
# `cmake --install` puts the binary, the decks, the .desktop file and the
# icon in place, and the installed binary finds and lints its decks.
kioku="$1"
build=${KK_BINARY_DIR:?}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1"; fi; }
cmake --install "$build" --prefix "$t/usr" >"$t/log" 2>&1
check "install succeeds" "[ $? -eq 0 ]"
check "binary installed" "[ -x '$t/usr/bin/kioku' ]"
check "decks installed" "ls '$t/usr/share/kioku/decks/'*.yaml >/dev/null 2>&1"
check "desktop file installed" "[ -f '$t/usr/share/applications/kioku.desktop' ]"
check "icon installed" "[ -f '$t/usr/share/icons/hicolor/scalable/apps/kioku.svg' ]"
check "Japanese catalog installed" "[ -f '$t/usr/share/locale/ja/LC_MESSAGES/kioku.mo' ]"
check "Japanese documents installed" "[ -f '$t/usr/share/doc/kioku/README.ja.md' ] && [ -f '$t/usr/share/doc/kioku/ja/deck-format.md' ] && [ -f '$t/usr/share/doc/kioku/ja/exam-format.md' ]"
# a relocated install (not the configured prefix) still finds its decks
KIOKU_BUNDLED_DECKS= "$t/usr/bin/kioku" lint "$t/usr/share/kioku/decks" 2>"$t/lint"
check "installed decks lint clean" "[ $? -eq 0 ]"
# the installed decks' modelines lead to the installed schemas, and the
# installed kioku's import writes one that does too
d=$t/usr/share/kioku/decks
ref=$(sed -n '1s/^# yaml-language-server: \$schema=//p' "$d/nato-article5.yaml")
check "installed deck's modeline leads to the schema" "[ -n '$ref' ] && cmp -s '$d/$ref' docs/schema/deck.schema.json"
ref=$(sed -n '1s/^# yaml-language-server: \$schema=//p' "$d/exams/security-midterm.yaml")
check "installed spec's modeline leads to the schema" "[ -n '$ref' ] && cmp -s '$d/exams/$ref' docs/schema/exam.schema.json"
printf 'front,back\na,b\n' >"$t/in.csv"
mkdir -p "$t/mine"
KIOKU_BUNDLED_DECKS= "$t/usr/bin/kioku" import csv --deck-id m --title M -o "$t/mine/m.yaml" "$t/in.csv" 2>/dev/null
ref=$(sed -n '1s/^# yaml-language-server: \$schema=//p' "$t/mine/m.yaml")
check "installed import's modeline leads to the installed schema" "[ '$ref' = ../usr/share/kioku/docs/schema/deck.schema.json ] && [ -f '$t/mine/$ref' ]"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

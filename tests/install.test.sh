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
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

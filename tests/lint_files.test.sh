#!/bin/sh
# kioku lint and the files it is given: special files (FIFOs named as a
# deck or as a card image), folder symlink loops, byte-order marks and
# UTF-16, and the order of errors and warnings in a long report.
kioku="$1"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1"; fi; }
card='{id: c1, type: basic, front: F, back: B, source: {doc: d}}'
# `timeout` catches a hang (a FIFO blocks for ever); its limit leaves room
# for a slow machine (valgrind makes kioku's start alone take seconds)

# a FIFO named as a card image is refused (it used to pass lint, then hang
# the window in the PNG reader); so is a FIFO named as the deck
mkdir "$t/fifo"
mkfifo "$t/fifo/pic.png"
printf 'deck: {id: f, title: F}\ncards:\n  - {id: c1, type: basic, front: F, back: B, image: pic.png, source: {doc: d}}\n' > "$t/fifo/d.yaml"
timeout 120 "$kioku" lint "$t/fifo/d.yaml" 2>"$t/out"
rc=$?
check "FIFO image: lint fails (not hangs)" "[ $rc -eq 1 ]"
check "FIFO image: named" "grep -q \"d.yaml:3:5: error: card 'c1': image 'pic.png' is a pipe (FIFO), not a regular file\" '$t/out'"
mkfifo "$t/fifo/deck.yaml"
timeout 120 "$kioku" lint "$t/fifo/deck.yaml" 2>"$t/out"
rc=$?
check "FIFO deck: lint fails (not hangs)" "[ $rc -eq 1 ]"
check "FIFO deck: named" "grep -q 'deck.yaml: error: is a pipe (FIFO), not a regular file' '$t/out'"

# a UTF-8 byte-order mark is allowed (YAML allows it); UTF-16 gets a plain
# message, with or without its mark
printf '\357\273\277deck: {id: bom, title: B}\ncards:\n  - %s\n' "$card" > "$t/bom.yaml"
"$kioku" lint "$t/bom.yaml" 2>"$t/out"
check "UTF-8 BOM: lints clean" "[ $? -eq 0 ] && grep -q 'no problems' '$t/out'"
printf 'deck: {id: u, title: U}\n' | iconv -f UTF-8 -t UTF-16 > "$t/u16.yaml"
"$kioku" lint "$t/u16.yaml" 2>"$t/out"
check "UTF-16 with BOM: refused" "[ $? -eq 1 ] && grep -q 'u16.yaml:1:1: error: UTF-16 is not supported, save as UTF-8' '$t/out'"
printf 'deck: {id: u, title: U}\n' | iconv -f UTF-8 -t UTF-16LE > "$t/u16le.yaml"
"$kioku" lint "$t/u16le.yaml" 2>"$t/out"
check "UTF-16 without BOM: refused" "[ $? -eq 1 ] && grep -q 'u16le.yaml:1:1: error: UTF-16 is not supported, save as UTF-8' '$t/out'"

# more than 200000 cards, each with a warning: the fatal error is still
# shown (errors first, the cap applies to warnings), then the count line
awk 'BEGIN { print "deck: {id: big, title: B}"; print "cards:";
  for (i = 0; i <= 200000; i++) printf "  - {id: c%d, type: basic, front: F, back: B}\n", i }' > "$t/big.yaml"
"$kioku" lint "$t/big.yaml" 2>"$t/out"
check "huge deck: lint fails" "[ $? -eq 1 ]"
check "huge deck: fatal error shown first" "head -n 1 '$t/out' | grep -q 'big.yaml:200003:5: error: more than 200000 cards in one deck; split it'"
check "huge deck: count line" "tail -n 1 '$t/out' | grep -qx '1 error, 1000+ warnings'"

# folder symlink loops: with `ln -s . loop` links lint used to walk the
# same folder again and again (one link: the deck 17 times, with bogus
# "id also used" errors; two: 16 s and 1.4 GB).  Each folder and file is
# visited once, by device and inode.
mkdir -p "$t/loop/sub"
printf 'deck: {id: l, title: L}\ncards:\n  - %s\n' "$card" > "$t/loop/sub/l.yaml"
ln -s . "$t/loop/sub/loop"
ln -s .. "$t/loop/sub/up"
ln -s sub "$t/loop/again"
timeout 120 "$kioku" lint "$t/loop" 2>"$t/out"
rc=$?
check "symlink loops: lint exits 0" "[ $rc -eq 0 ]"
check "symlink loops: one file read" "grep -q '1 file, no problems' '$t/out'"
timeout 120 "$kioku" lint "$t/loop/sub/l.yaml" "$t/loop/again/l.yaml" 2>"$t/out"
check "one deck named twice: read once" "[ $? -eq 0 ] && grep -q '1 file, no problems' '$t/out'"

# one deck-folder scanner: stats reads .yml decks too
mkdir "$t/yml"
printf 'deck: {id: y, title: Y}\ncards:\n  - %s\n' "$card" > "$t/yml/y.yml"
"$kioku" stats --data-dir "$t/data" "$t/yml" >"$t/out" 2>&1
check "stats reads .yml decks" "grep -q 'Items: 1 ' '$t/out'"

# every reader of user-named files refuses a FIFO: CSV import and review
# logs too (each used to block in open or read)
mkfifo "$t/fifo/in.csv" "$t/fifo/log.csv"
timeout 120 "$kioku" import csv "$t/fifo/in.csv" >/dev/null 2>"$t/out"
check "FIFO CSV: import refuses it" "[ $? -eq 1 ] && grep -q 'in.csv: error: is a pipe (FIFO), not a regular file' '$t/out'"
timeout 120 "$kioku" fsrs optimize "$t/fifo/log.csv" >/dev/null 2>"$t/out"
check "FIFO revlog: optimize refuses it" "[ $? -ne 124 ] && grep -q 'log.csv: error: is a pipe (FIFO), not a regular file' '$t/out'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

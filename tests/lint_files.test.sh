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

# a FIFO named as a card image is refused (it used to pass lint, then hang
# the window in the PNG reader); so is a FIFO named as the deck
mkdir "$t/fifo"
mkfifo "$t/fifo/pic.png"
printf 'deck: {id: f, title: F}\ncards:\n  - {id: c1, type: basic, front: F, back: B, image: pic.png, source: {doc: d}}\n' > "$t/fifo/d.yaml"
timeout 20 "$kioku" lint "$t/fifo/d.yaml" 2>"$t/out"
rc=$?
check "FIFO image: lint fails (not hangs)" "[ $rc -eq 1 ]"
check "FIFO image: named" "grep -q \"d.yaml:3:5: error: card 'c1': image 'pic.png' is a pipe (FIFO), not a regular file\" '$t/out'"
mkfifo "$t/fifo/deck.yaml"
timeout 20 "$kioku" lint "$t/fifo/deck.yaml" 2>"$t/out"
rc=$?
check "FIFO deck: lint fails (not hangs)" "[ $rc -eq 1 ]"
check "FIFO deck: named" "grep -q 'deck.yaml: error: is a pipe (FIFO), not a regular file' '$t/out'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

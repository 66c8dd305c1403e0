#!/bin/sh
# Escape sequences in deck text never reach the terminal: `kioku lint`
# quotes a hostile key, the terminal exam shows a hostile statement; bytes
# typed that are not UTF-8 are refused, so the result JSON stays readable.
# $1: the kioku binary.
kioku="$1"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1"; fi; }
esc=$(printf '\033')
bel=$(printf '\007')

mkdir -p "$t/decks"
cat >"$t/decks/esc.yaml" <<'EOF'
deck:
  id: esc
  title: Esc
cards:
  - id: e1
    source: {doc: q.txt}
    type: truefalse
    statement: "Red \e[31mtext\e]52;c;ZWNobw==\a and \e]0;title\a here"
    answer: true
  - id: e2
    source: {doc: q.txt}
    type: typed
    question: "Type \e[2J anything"
    answer: x
EOF
cp "$t/decks/esc.yaml" "$t/decks/bad.yaml"
printf '    "bad\\e[2Jkey": 1\n' >>"$t/decks/bad.yaml"

"$kioku" lint "$t/decks/bad.yaml" >"$t/lint" 2>&1
check "lint reports the bad key" "grep -q 'unknown key' '$t/lint'"
check "lint output has no ESC" "! grep -q '$esc' '$t/lint'"
check "lint shows it as ^[" "grep -q 'bad^\\[\\[2Jkey' '$t/lint'"

cat >"$t/decks/exam.yaml" <<'EOF'
exam: esc-1
title: Esc
decks: [esc.yaml]
shuffle: false
pools:
  - count: 2
EOF
# answer 1: true; answer 2: bytes that are not UTF-8 (refused)
printf 't\n:n\n\377\376bad\n:s\nyes\n' |
  "$kioku" exam --terminal --number 1 --student A --data-dir "$t/data" \
    --results "$t/res" "$t/decks/exam.yaml" >"$t/out" 2>&1
check "exam exits 0" "[ $? -eq 0 ]"
check "exam output has no ESC" "! grep -q '$esc' '$t/out'"
check "exam output has no BEL" "! grep -q '$bel' '$t/out'"
check "statement shown, made safe" "grep -q 'Red ^\\[\\[31mtext' '$t/out'"
check "invalid UTF-8 refused" "grep -q 'not valid UTF-8' '$t/out'"
json=$(ls "$t"/res/*.json 2>/dev/null | head -1)
check "result JSON written" "[ -f '$json' ]"
check "result JSON is valid UTF-8 JSON" "python3 -c 'import json,sys; d=json.load(open(sys.argv[1], encoding=\"utf-8\")); sys.exit(0 if d[\"questions\"][1][\"answer\"] == \"\" else 1)' '$json'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# kioku lint end to end: exit codes, text and JSON output, folders,
# duplicate ids across decks, and --fix-ids keeping comments and layout.
kioku="$1"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1"; fi; }

"$kioku" lint tests/decks/good/all-types.yaml 2>"$t/out"
check "clean deck exits 0" "[ $? -eq 0 ]"
check "clean deck says so" "grep -q 'no problems' '$t/out'"

"$kioku" lint tests/decks/bad/choice-no-answer.yaml 2>"$t/out"
check "bad deck exits 1" "[ $? -eq 1 ]"
check "GCC-style line" "grep -q \"^tests/decks/bad/choice-no-answer.yaml:3:5: error: card 'a5-003' is type 'choice' but has no 'answer'\$\" '$t/out'"

"$kioku" lint --format json tests/decks/bad/choice-out-of-range.yaml >"$t/json"
check "json exits 1" "[ $? -eq 1 ]"
check "json has line and column" "grep -q '\"line\": 3, \"column\": 72, \"severity\": \"error\"' '$t/json'"
python3 -c "import json,sys; d=json.load(open('$t/json')); sys.exit(0 if d[0]['message'].startswith(\"card 'c1'\") else 1)"
check "json parses" "[ $? -eq 0 ]"

"$kioku" lint --format xml x.yaml 2>/dev/null
check "bad option exits 2" "[ $? -eq 2 ]"
"$kioku" lint 2>/dev/null
check "no paths exits 2" "[ $? -eq 2 ]"
"$kioku" lint "$t/does-not-exist.yaml" 2>"$t/out"
check "missing file exits 1" "[ $? -eq 1 ] && grep -q 'cannot open' '$t/out'"

# duplicate ids across two decks in a folder
mkdir "$t/dir"
printf 'deck: {id: a, title: A}\ncards:\n  - {id: same, type: basic, front: F, back: B, source: {doc: d}}\n' > "$t/dir/a.yaml"
printf 'deck: {id: b, title: B}\ncards:\n  - {id: same, type: basic, front: G, back: C, source: {doc: d}}\n' > "$t/dir/b.yaml"
"$kioku" lint "$t/dir" 2>"$t/out"
check "cross-deck duplicate exits 1" "[ $? -eq 1 ]"
check "cross-deck duplicate named" "grep -q \"b.yaml:3:5: error: card id 'same' is also used in deck 'a'\" '$t/out'"

# --fix-ids: ids written, comments and formatting kept, result lints clean
cat > "$t/fix.yaml" <<'YAML'
# a comment that must survive
deck: {id: fx, title: Fix}
cards:
  - type: basic   # trailing comment
    front: 北大西洋条約
    back: NATO
    source: {doc: d}
  - {type: basic, front: 第5条, back: Article 5, source: {doc: d}}
  - id: keep
    type: basic
    front: x
    back: y
    source: {doc: d}
YAML
"$kioku" lint "$t/fix.yaml" 2>"$t/before"
check "missing ids warn" "[ \$(grep -c \"has no 'id'\" '$t/before') -eq 2 ]"
id1=$(sed -n "s/.*card 1 has no 'id'; using the derived id '\([^']*\)'.*/\1/p" "$t/before")
"$kioku" lint --fix-ids "$t/fix.yaml" 2>/dev/null
"$kioku" lint "$t/fix.yaml" 2>"$t/after"
check "fixed file lints clean" "[ $? -eq 0 ]"
check "comment kept" "grep -q '^# a comment that must survive' '$t/fix.yaml'"
check "trailing comment kept" "grep -q 'type: basic   # trailing comment' '$t/fix.yaml'"
check "block id written with the derived id" "grep -q \"^  - id: $id1\$\" '$t/fix.yaml'"
check "flow id written" "grep -q '^  - {id: fx-[0-9a-f]*, type: basic, front: 第5条' '$t/fix.yaml'"
check "existing id untouched" "grep -q '^  - id: keep' '$t/fix.yaml'"

# --fix-ids on cards with a tag or an anchor before their keys, a card
# indented far to the right, a deck id as long as ids may be: the file
# must still load afterwards, every card with its written id
cat > "$t/fix2.yaml" <<'YAML'
deck: {id: f2, title: F2}
cards:
  - !!map {type: basic, front: a, back: b, source: {doc: d}}
  - !!map
    type: basic
    front: c
    back: d
    source: {doc: d}
  - &c1
    type: basic
    front: e
    back: f
    source: {doc: d}
  -                                                                                                                                                                                                                                                                                                                                                                                                                             type: basic
                                                                                                                                                                                                                                                                                                                                                                                                                                front: g
                                                                                                                                                                                                                                                                                                                                                                                                                                back: h
                                                                                                                                                                                                                                                                                                                                                                                                                                source: {doc: d}
YAML
"$kioku" lint --fix-ids "$t/fix2.yaml" 2>"$t/out"
"$kioku" lint "$t/fix2.yaml" 2>"$t/out2"
check "tagged, anchored and far-indented cards fixed and clean" "[ $? -eq 0 ] && [ \$(grep -c 'id: f2-' '$t/fix2.yaml') -eq 4 ]"
long=$(printf 'x%.0s' $(seq 1 128))
printf 'deck: {id: %s, title: L}\ncards:\n  - {type: basic, front: a, back: b, source: {doc: d}}\n' "$long" > "$t/long.yaml"
"$kioku" lint --fix-ids "$t/long.yaml" 2>/dev/null
"$kioku" lint "$t/long.yaml" 2>/dev/null
check "derived id fits the id limit" "[ $? -eq 0 ]"
# an empty id is an error, not something --fix-ids writes twice
printf 'deck: {id: e, title: E}\ncards:\n  - id:\n    type: basic\n    front: a\n    back: b\n    source: {doc: d}\n' > "$t/empty.yaml"
cp "$t/empty.yaml" "$t/empty.orig"
"$kioku" lint --fix-ids "$t/empty.yaml" 2>"$t/out"
check "empty id reported" "grep -q \"card 1 has an empty 'id'\" '$t/out'"
check "file with an empty id left unchanged" "cmp -s '$t/empty.yaml' '$t/empty.orig'"
# a symlinked deck: the real file is updated, the link stays a link
mkdir -p "$t/real"
printf 'deck: {id: s, title: S}\ncards:\n  - {type: basic, front: a, back: b, source: {doc: d}}\n' > "$t/real/s.yaml"
ln -s "$t/real/s.yaml" "$t/link.yaml"
"$kioku" lint --fix-ids "$t/link.yaml" 2>/dev/null
check "symlink kept, target fixed" "[ -L '$t/link.yaml' ] && grep -q 'id: s-' '$t/real/s.yaml'"

"$kioku" --version | grep -q '^kioku '
check "--version" "[ $? -eq 0 ]"
"$kioku" help lint | grep -q 'fix-ids'
check "help lint" "[ $? -eq 0 ]"
"$kioku" nosuch 2>/dev/null
check "unknown command exits 2" "[ $? -eq 2 ]"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

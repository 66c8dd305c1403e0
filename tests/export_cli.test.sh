#!/bin/sh
# kioku export / import csv / gen from the command line: output places,
# refusal to overwrite, exit codes, error positions.  $1: the kioku binary.
set -u
k=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check DESCRIPTION COMMAND...
  d=$1; shift
  if ! "$@"; then echo "FAIL: $d" >&2; fail=1; fi
}
deck=tests/gen/ja_kaigi.yaml

# export to stdout starts with Anki's header lines
"$k" export --format anki "$deck" >"$tmp/a.txt" 2>"$tmp/err"
check "export anki exit 0" test $? -eq 0
check "anki header" sh -c "head -1 '$tmp/a.txt' | grep -qx '#separator:tab'"
check "anki cloze row" grep -q "	Cloze	" "$tmp/a.txt"

# -o writes the file; a second run refuses without --force, and keeps it
"$k" export --format csv -o "$tmp/d.csv" "$deck" 2>/dev/null
check "export csv -o" test -s "$tmp/d.csv"
echo keep >"$tmp/keep.csv"
"$k" export --format csv -o "$tmp/keep.csv" "$deck" 2>"$tmp/err"
check "refuse overwrite (exit 1)" test $? -eq 1
check "refuse overwrite (file kept)" grep -qx keep "$tmp/keep.csv"
check "refuse overwrite (message)" grep -q -- "--force" "$tmp/err"
"$k" export --format csv -o "$tmp/keep.csv" --force "$deck" 2>/dev/null
check "--force overwrites" grep -q "^id,type,front,back,tags,source" "$tmp/keep.csv"

# a symlink planted at the output name is never written through (v1 wrote
# the file it pointed to): refused without --force, replaced with it
echo precious >"$tmp/victim"
ln -s "$tmp/victim" "$tmp/link.csv"
"$k" export --format csv -o "$tmp/link.csv" "$deck" 2>/dev/null
check "symlink at output refused" test $? -eq 1
check "symlink target untouched" grep -qx precious "$tmp/victim"
"$k" export --format csv -o "$tmp/link.csv" --force "$deck" 2>/dev/null
check "symlink target untouched with --force" grep -qx precious "$tmp/victim"
check "symlink replaced by the file" sh -c "[ ! -L '$tmp/link.csv' ] && grep -q '^id,type' '$tmp/link.csv'"
check "no temporary left" sh -c "[ \$(ls -A '$tmp' | grep -c tmp) -eq 0 ]"
ln -s "$tmp/victim" "$tmp/gen.yaml"
"$k" gen -o "$tmp/gen.yaml" tests/gen/en_alliance.md >/dev/null 2>&1
check "gen: symlink at output refused" test $? -eq 1
"$k" gen --force -o "$tmp/gen.yaml" tests/gen/en_alliance.md >/dev/null 2>&1
check "gen --force: the link is replaced" sh -c "[ ! -L '$tmp/gen.yaml' ] && [ -s '$tmp/gen.yaml' ]"
check "gen: symlink target untouched" grep -qx precious "$tmp/victim"

# usage errors exit 2
"$k" export "$deck" >/dev/null 2>&1
check "export without --format exits 2" test $? -eq 2
"$k" export --format pdf "$deck" >/dev/null 2>&1
check "export --format pdf exits 2" test $? -eq 2

# a deck with errors is not exported
printf 'deck:\n  id: x\n  title: x\ncards:\n  - id: a\n    type: basic\n    front: f\n' >"$tmp/bad.yaml"
"$k" export --format anki "$tmp/bad.yaml" >/dev/null 2>"$tmp/err"
check "broken deck exits 1" test $? -eq 1
check "broken deck diagnostics" grep -q "bad.yaml:" "$tmp/err"

# import csv drafts a deck that lints clean
printf 'front,back\n"集団防衛とは","第5条, 集団防衛"\nyes,no\n' >"$tmp/v.csv"
"$k" import csv --deck-id vocab --title "Vocab: test" -o "$tmp/v.yaml" "$tmp/v.csv" 2>/dev/null
check "import exit 0" test $? -eq 0
"$k" lint "$tmp/v.yaml" >/dev/null 2>&1
check "imported deck lints clean" test $? -eq 0
printf 'a,b\nonly\n' >"$tmp/bad.csv"
"$k" import csv "$tmp/bad.csv" >/dev/null 2>"$tmp/err"
check "bad csv exits 1" test $? -eq 1
check "bad csv position" grep -q "bad.csv:2:1: error: expected two columns" "$tmp/err"
"$k" import xml "$tmp/v.csv" >/dev/null 2>&1
check "import xml exits 2" test $? -eq 2

# gen reports its counts and writes a deck that lints clean
"$k" gen tests/gen/en_alliance.md --max 5 -o "$tmp/g.yaml" 2>"$tmp/err"
check "gen exit 0" test $? -eq 0
check "gen counts on stderr" grep -q "found/kept: figure" "$tmp/err"
check "gen --max" test "$(grep -c '^  - id: ' "$tmp/g.yaml")" -eq 5
for m in 0 -3 ' 5' 5x 99999999999999999999; do
  "$k" gen tests/gen/en_alliance.md --max "$m" -o "$tmp/g2.yaml" >/dev/null 2>"$tmp/err"
  check "gen --max '$m' refused" test $? -eq 2
done
"$k" lint "$tmp/g.yaml" >/dev/null 2>&1
check "gen output lints clean" test $? -eq 0
"$k" gen "$tmp/nonexistent.txt" >/dev/null 2>&1
check "gen missing file exits 1" test $? -eq 1
: >"$tmp/empty.txt"
"$k" gen "$tmp/empty.txt" -o "$tmp/empty.yaml" >/dev/null 2>"$tmp/err"
check "gen with nothing to draft exits 1" test $? -eq 1
check "gen with nothing to draft writes nothing" test ! -e "$tmp/empty.yaml"
printf 'front,back\n' >"$tmp/hdr.csv"
"$k" import csv "$tmp/hdr.csv" >/dev/null 2>"$tmp/err"
check "import of a header-only csv exits 1" test $? -eq 1
# one --lang check for import and gen
"$k" import csv --lang fr "$tmp/hdr.csv" >/dev/null 2>"$tmp/err"
check "import --lang fr exits 2" test $? -eq 2
check "import --lang fr says why" grep -qx "kioku import: --lang must be ja or en" "$tmp/err"
"$k" gen --lang fr "$tmp/hdr.csv" >/dev/null 2>"$tmp/err"
check "gen --lang fr exits 2" test $? -eq 2
check "gen --lang fr says why" grep -qx "kioku gen: --lang must be ja or en" "$tmp/err"
exit $fail

#!/bin/sh
# The generated decks are reproducible: scripts/gen-decks.sh run now gives
# exactly the committed decks/generated/*.yaml.  $1: the kioku binary.
set -eu
kioku=$1
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The committed decks are drafted with MeCab; a build without it
# (-DKIOKU_MECAB=OFF) checks only the fallback below.
nomecab=0
if "$kioku" gen "$root/tests/gen/reading_ja.txt" 2>&1 >/dev/null | grep -q "has no MeCab"; then
  nomecab=1
fi
if [ $nomecab = 1 ]; then
  echo "note: this kioku has no MeCab; the generated decks are not compared"
elif ! KIOKU=$kioku sh "$root/scripts/gen-decks.sh" "$tmp" 2>"$tmp/log"; then
  if grep -q "no course documents" "$tmp/log"; then
    echo "SKIPPED: course documents not found"
    exit 77
  fi
  cat "$tmp/log" >&2
  exit 1
fi
status=0
[ $nomecab = 1 ] || for f in "$tmp"/*.yaml; do
  name=$(basename "$f")
  if ! cmp -s "$f" "$root/decks/generated/$name"; then
    echo "decks/generated/$name is stale: run scripts/gen-decks.sh and commit" >&2
    diff -u "$root/decks/generated/$name" "$f" | head -40 >&2 || true
    status=1
  fi
done
n=$(ls "$tmp" | grep -c '\.yaml$' || true)
m=$(ls "$root"/decks/generated/*.yaml | wc -l)
if [ $nomecab = 0 ] && [ "$n" != "$m" ]; then
  echo "decks/generated has $m decks, the script makes $n" >&2
  status=1
fi
# every generated card says so
if grep -L "origin: gen" "$root"/decks/generated/*.yaml | grep -q .; then
  echo "a generated deck lacks origin: gen" >&2
  status=1
fi
# MeCab missing: gen says so, names the reason, and still drafts a deck
doc=$root/tests/gen/reading_ja.txt
if ! "$kioku" gen "$doc" --mecab-dicdir "$tmp/no-dictionary" >"$tmp/fb.yaml" 2>"$tmp/fb.log"; then
  echo "kioku gen failed without a MeCab dictionary" >&2
  cat "$tmp/fb.log" >&2
  status=1
fi
want="no-dictionary; falling back to rule-based blanks"
[ $nomecab = 1 ] && want="has no MeCab.*falling back to rule-based blanks"
if ! grep -q "$want" "$tmp/fb.log"; then
  echo "kioku gen did not say that it fell back to its rules:" >&2
  cat "$tmp/fb.log" >&2
  status=1
fi
if grep -q "keyterm" "$tmp/fb.yaml"; then
  echo "key-term cards without MeCab" >&2
  status=1
fi
exit $status

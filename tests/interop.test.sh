#!/bin/sh
# Question banks in and out (GIFT, Moodle XML): the hand-written corpora
# under tests/interop/{gift,moodle}/ import to the decks and messages
# beside them (NAME.yaml, NAME.err; a bad-* case must fail and write
# nothing), and tests/interop/all-types.yaml exports to the files and
# reports beside it (all-types.export.*), and back.
#   sh tests/interop.test.sh path/to/kioku
kioku=${1:?usage: interop.test.sh KIOKU}
cd "${KK_SOURCE_DIR:-.}" || exit 1
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
same() { # same WHAT EXPECTED ACTUAL (the editor modeline, which names a
           # path relative to where the file was written, is left out)
  sed '/^# yaml-language-server: /d' "$3" >"$3.cmp"
  if cmp -s "$2" "$3.cmp"; then ok; else bad "$1"; diff -u "$2" "$3.cmp" | head -40; fi
}

# ---- imports: every corpus file
for f in tests/interop/gift/*.gift tests/interop/moodle/*.xml; do
  case $f in *.export.*) continue ;; esac
  name=$(basename "$f"); stem=${name%.*}; dir=$(dirname "$f")
  case $f in *.gift) fmt=gift ;; *) fmt=moodle-xml ;; esac
  mkdir -p "$t/$fmt-$stem"
  (cd "$dir" && "$kioku" import $fmt "$name" -o "$t/$fmt-$stem/$stem.yaml") \
    >/dev/null 2>"$t/$fmt-$stem.stderr"
  rc=$?
  grep -v '^kioku import: ' "$t/$fmt-$stem.stderr" >"$t/$fmt-$stem.err"
  same "$f: messages" "$dir/$stem.err" "$t/$fmt-$stem.err"
  case $stem in
    bad-*)
      [ "$rc" -eq 1 ] && ok || bad "$f: exit $rc, want 1"
      [ -z "$(ls -A "$t/$fmt-$stem")" ] && ok || bad "$f: wrote files although it failed"
      ;;
    *)
      [ "$rc" -eq 0 ] && ok || bad "$f: exit $rc, want 0"
      same "$f: deck" "$dir/$stem.yaml" "$t/$fmt-$stem/$stem.yaml"
      "$kioku" lint "$t/$fmt-$stem" >/dev/null 2>&1 && ok || bad "$f: the deck does not lint clean"
      ;;
  esac
done
# an image the XML embeds lands beside the deck, byte for byte
cmp -s tests/interop/img/chart.png "$t/moodle-xml-corpus/chart.png" && ok ||
  bad "moodle corpus: the embedded image was not written beside the deck"

# ---- a question longer than a card can show is skipped, the rest imported
# (made here: a 300,000-byte corpus file would bloat the repository)
long=$(head -c 300000 /dev/zero | tr '\0' x)
printf '::long:: %s {=yes}\n\n::short:: Capital of Japan? {=Tokyo}\n' "$long" >"$t/long.gift"
q() { printf '<question type="shortanswer"><name><text>%s</text></name><questiontext format="plain_text"><text>%s</text></questiontext><answer fraction="100"><text>%s</text></answer></question>\n' "$@"; }
{ echo '<?xml version="1.0"?>'; echo '<quiz>'; q long "$long" yes; q short 'Capital of Japan?' Tokyo; echo '</quiz>'; } >"$t/long.xml"
for f in long.gift long.xml; do
  case $f in *.gift) fmt=gift ;; *) fmt=moodle-xml ;; esac
  (cd "$t" && "$kioku" import $fmt "$f" -o "$f.yaml") >/dev/null 2>"$t/$f.err" &&
    ok || bad "$f: a question too long to show made the import fail"
  grep -q "question 'long' has a text of 300000 bytes, longer than a card can show (256 KiB); skipped" \
    "$t/$f.err" && ok || bad "$f: no message for the skipped question"
  [ "$(grep -c '^  - id:' "$t/$f.yaml" 2>/dev/null)" = 1 ] && grep -q Tokyo "$t/$f.yaml" && ok ||
    bad "$f: the short question was not imported alone"
  "$kioku" lint "$t/$f.yaml" >/dev/null 2>&1 && ok || bad "$f: the deck does not lint clean"
done

# ---- two questions named with the longest id: the second id is cut to fit
# (it was "NAME-2", 130 characters, and the whole bank failed to load)
n128=$(head -c 128 /dev/zero | tr '\0' a)
printf '::%s:: Q1? {=yes}\n\n::%s:: Q2? {=no}\n' "$n128" "$n128" >"$t/dup.gift"
(cd "$t" && "$kioku" import gift dup.gift -o dup.yaml) >/dev/null 2>&1 &&
  "$kioku" lint "$t/dup.yaml" >/dev/null 2>&1 &&
  [ "$(grep -c '^  - id:' "$t/dup.yaml")" = 2 ] && ok || bad "dup.gift: two questions of one 128-character name"

# ---- exports: all-types.yaml to each format, with the per-card report
for fmt in gift moodle-xml; do
  case $fmt in gift) dir=tests/interop/gift ext=gift ;; *) dir=tests/interop/moodle ext=xml ;; esac
  "$kioku" export --format $fmt -o "$t/all-types.export.$ext" tests/interop/all-types.yaml \
    2>"$t/export-$fmt.stderr" && ok || bad "export $fmt failed"
  grep -v '^kioku export: ' "$t/export-$fmt.stderr" >"$t/export-$fmt.err"
  same "export $fmt: file" "$dir/all-types.export.$ext" "$t/all-types.export.$ext"
  same "export $fmt: report" "$dir/all-types.export.err" "$t/export-$fmt.err"
  # and back: a deck that lints clean with the same ids
  mkdir -p "$t/back-$fmt"
  (cd "$t" && "$kioku" import $fmt "all-types.export.$ext" -o "back-$fmt/deck.yaml") \
    >/dev/null 2>&1 && ok || bad "import of the $fmt export failed"
  "$kioku" lint "$t/back-$fmt" >/dev/null 2>&1 && ok || bad "$fmt round trip does not lint clean"
  same "$fmt round trip" "$dir/all-types.roundtrip.yaml" "$t/back-$fmt/deck.yaml"
done
# an existing file is not replaced without --force
"$kioku" export --format gift -o "$t/all-types.export.gift" tests/interop/all-types.yaml \
  2>/dev/null && bad "export replaced a file without --force" || ok

# ---- an exam's pools become categories; a card goes to the first pool
# that takes it
"$kioku" export --format gift tests/interop/exam.yaml 2>/dev/null |
  grep -E '^(\$CATEGORY|::)' | sed 's/::\[html\].*//' >"$t/exam.got"
printf '%s\n' '$CATEGORY: Interop exam/Choices' '::ia-choice' '::ia-tf' \
  '$CATEGORY: Interop exam/Written' '::ia-typed' '::ia-num' >"$t/exam.want"
same "exam pools as categories" "$t/exam.want" "$t/exam.got"
"$kioku" export --format csv tests/interop/exam.yaml >/dev/null 2>&1
[ $? -eq 1 ] && ok || bad "an exam spec exported as csv is not refused"

# ---- Anki packages from the command line (the core is tested in test_apkg)
"$kioku" export --format apkg -o "$t/all.apkg" tests/interop/all-types.yaml 2>"$t/apkg.err" && ok ||
  bad "export apkg failed"
grep -q "8 notes (10 cards, 1 images, 0 reviews)" "$t/apkg.err" && ok || bad "export apkg counts"
"$kioku" export --format apkg tests/interop/all-types.yaml >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "export apkg without -o is not a usage error"
"$kioku" export --format csv --with-progress tests/interop/all-types.yaml >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "--with-progress without apkg is not a usage error"
"$kioku" import apkg -o "$t/apkg-out" "$t/all.apkg" 2>/dev/null && ok || bad "import apkg failed"
"$kioku" lint "$t/apkg-out" >/dev/null 2>&1 && ok || bad "imported apkg deck does not lint clean"
cmp -s tests/interop/img/chart.png "$t/apkg-out/chart.png" && ok || bad "apkg image not copied"
"$kioku" import apkg -o "$t/apkg-out" "$t/all.apkg" 2>"$t/apkg2.err"
[ $? -eq 1 ] && grep -q "exists; use --force" "$t/apkg2.err" && ok || bad "import apkg replaced files without --force"
"$kioku" import apkg --with-history --data-dir "$t/data" --force -o "$t/apkg-out" "$t/all.apkg" \
  2>/dev/null && ok || bad "import apkg --with-history failed"
"$kioku" import apkg "$t/all.apkg" >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "import apkg without -o is not a usage error"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# The JSON Schemas for editors (kioku schema deck|exam) agree with the
# loaders, checked with an independent validator (Debian's
# python3-jsonschema, through tests/schema/validate.py):
#  - docs/schema/*.json are exactly what `kioku schema` prints;
#  - every shipped deck and sample exam, and every tests/decks/good case,
#    validates; every tests/decks/bad case that is a structural error
#    (unknown key, wrong type, bad enum, missing key) fails validation;
#    the rest are listed below as lint only or not YAML, and the lint-only
#    ones are named in docs/editors.md;
#  - exam specs with structural errors fail both lint and the schema;
#  - shipped files carry the modeline, and gen, import and lint --fix-ids
#    write it; --lang ja gives Japanese descriptions.
kioku="$1"
py=/usr/bin/python3
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $1"; }
if ! $py -c 'import jsonschema, yaml' 2>/dev/null; then
  echo "SKIPPED: python3-jsonschema / python3-yaml not installed"
  exit 77
fi
val="$py tests/schema/validate.py"

# ---- the committed schemas are the generated ones, and are schemas ----------
for k in deck exam; do
  LANGUAGE=en "$kioku" schema $k >"$t/$k.json" || bad "kioku schema $k failed"
  cmp -s "$t/$k.json" docs/schema/$k.schema.json && ok ||
    bad "docs/schema/$k.schema.json is stale: run kioku schema $k > docs/schema/$k.schema.json"
  $py -c "import json,jsonschema; jsonschema.Draft202012Validator.check_schema(json.load(open('$t/$k.json')))" &&
    ok || bad "$k schema is not a valid draft 2020-12 schema"
done
"$kioku" schema 2>/dev/null; [ $? -eq 2 ] && ok || bad "schema without a kind is not a usage error"
"$kioku" schema essay 2>/dev/null; [ $? -eq 2 ] && ok || bad "schema essay is not a usage error"

# ---- shipped and good files validate ------------------------------------------
$val docs/schema/deck.schema.json decks/*.yaml decks/generated/*.yaml tests/decks/good/*.yaml >"$t/good"
$val docs/schema/exam.schema.json decks/exams/*.yaml >>"$t/good"
$val --draft7 docs/schema/deck.schema.json decks/*.yaml decks/generated/*.yaml tests/decks/good/*.yaml >>"$t/good"
$val --draft7 docs/schema/exam.schema.json decks/exams/*.yaml >>"$t/good"
n=$(grep -c '^ok ' "$t/good")
[ "$n" -ge 30 ] && ok || bad "only $n good files validated"
if grep -v '^ok ' "$t/good"; then bad "shipped or good files fail the schema"; else ok; fi
"$kioku" lint decks tests/decks/good 2>/dev/null && ok || bad "shipped or good files fail lint"

# ---- bad cases: structural ones fail the schema -------------------------------
structural="anchored-card bad-id bare-scalar card-is-text cards-alias cards-not-list
  choice-answer-text choice-fixed-not-bool choice-one-option choice-options-map
  deck-bad-settings deck-missing-title empty empty-front exam-spec front-is-list image-paths
  many-errors missing-back no-cards no-deck no-type numeric-negative-tolerance
  numeric-not-number order-one-item order-too-many-items source-bad-line
  tags-not-list truefalse-quoted typed-no-answer unknown-key-nosuggest
  unknown-key-suggest unknown-type-far unknown-type"
# only the loader sees these (docs/editors.md, "Lint only")
lintonly="anchored-card-reused choice-no-answer choice-out-of-range choice-repeat-option
  cloze-bad-head cloze-block cloze-empty cloze-gap cloze-none cloze-stray-close
  cloze-unbalanced duplicate-id duplicate-key missing-id no-source"
# not YAML a validator can read at all (the editor's YAML parser reports them)
notyaml="invalid-utf8 syntax-after-bad-card tab-indent tab-inside two-documents
  undefined-alias yaml-syntax"
$val docs/schema/deck.schema.json tests/decks/bad/*.yaml >"$t/bad"
$val --draft7 docs/schema/deck.schema.json tests/decks/bad/*.yaml >"$t/bad7"
for f in tests/decks/bad/*.yaml; do
  name=$(basename "$f" .yaml)
  k=0
  for s in $structural; do [ "$s" = "$name" ] && k=$((k+1)); done
  for s in $lintonly; do [ "$s" = "$name" ] && k=$((k+2)); done
  for s in $notyaml; do [ "$s" = "$name" ] && k=$((k+4)); done
  for d in bad bad7; do  # as 2020-12, and as editors (draft 7) read it
    r=$(grep -F " $f" "$t/$d" | head -1)
    case $k in
    1) case $r in fail*) ok ;; *) bad "$name is structural but the schema accepts it ($d): $r" ;; esac ;;
    2) case $r in ok*) ok ;; *) bad "$name is listed lint only but the schema rejects it ($d; move it): $r" ;; esac ;;
    4) case $r in yaml*) ok ;; *) bad "$name is listed as not YAML but parses: $r" ;; esac ;;
    *) bad "$name is in no list (or in several) of tests/schema.test.sh" ;;
    esac
  done
  [ $k = 2 ] && { grep -q "$name" docs/editors.md && ok || bad "$name is lint only but docs/editors.md does not name it"; }
done

# ---- exam specs with structural errors fail lint and the schema ---------------
spec() { # name, then the lines replacing one of the good spec's
  n=$1; shift
  { printf 'exam: s1\ntitle: T\ndecks: ["%s/decks/nato-article5.yaml"]\ntime_limit: 30m\n' "$(pwd)"
    printf '%s\n' "$@"
    printf 'pools:\n  - count: 1\n'; } >"$t/$n.yaml"
}
spec good 'feedback: after_each'
spec unknown 'feedbak: never'
spec duration 'question_time_limit: 45'
spec enum 'navigation: backwards'
spec shuffle 'shuffle: {questions: yes please}'
spec scoring 'scoring: {order: exact}'
spec extension 'extensions: {"2026-1": many}'
sed 's/^  - count: 1/  - count: 1\n    points: two/' "$t/good.yaml" >"$t/points.yaml"
sed 's/^  - count: 1/  - types: [basic]\n    count: 1/' "$t/good.yaml" >"$t/pooltype.yaml"
sed 's|^decks:.*|decks: []|' "$t/good.yaml" >"$t/nodecks.yaml"
"$kioku" lint "$t/good.yaml" >/dev/null 2>&1 && ok || bad "the good spec does not lint"
r=$($val docs/schema/exam.schema.json "$t/good.yaml")
case $r in ok*) ok ;; *) bad "the good spec fails the schema: $r" ;; esac
for n in unknown duration enum shuffle scoring extension points pooltype nodecks; do
  "$kioku" lint "$t/$n.yaml" >/dev/null 2>&1 && bad "spec $n lints clean"
  for d in "" --draft7; do
    r=$($val $d docs/schema/exam.schema.json "$t/$n.yaml")
    case $r in fail*) ok ;; *) bad "spec $n passes the schema $d: $r" ;; esac
  done
done

# ---- modelines ----------------------------------------------------------------
for f in decks/*.yaml decks/generated/*.yaml decks/exams/*.yaml; do
  line=$(head -1 "$f")
  ref=${line#'# yaml-language-server: $schema='}
  [ "$ref" != "$line" ] && [ -f "$(dirname "$f")/$ref" ] && ok ||
    bad "$f does not start with a modeline naming a schema that exists: $line"
done
printf 'front,back\nNATO,North Atlantic Treaty Organization\n' >"$t/in.csv"
mkdir -p "$t/sub"
"$kioku" import csv --deck-id imp --title Imp -o "$t/sub/imp.yaml" "$t/in.csv" 2>/dev/null
ref=$(head -1 "$t/sub/imp.yaml" | sed -n 's/^# yaml-language-server: \$schema=//p')
[ -n "$ref" ] && cmp -s "$t/sub/$ref" docs/schema/deck.schema.json && ok ||
  bad "import wrote no modeline leading to docs/schema/deck.schema.json: '$ref'"
# the question-bank importers (GIFT; Moodle XML shares the writer) too
"$kioku" import gift -o "$t/sub/gift.yaml" tests/interop/gift/all-types.export.gift 2>/dev/null
ref=$(head -1 "$t/sub/gift.yaml" | sed -n 's/^# yaml-language-server: \$schema=//p')
[ -n "$ref" ] && cmp -s "$t/sub/$ref" docs/schema/deck.schema.json && ok ||
  bad "import gift wrote no modeline leading to docs/schema/deck.schema.json: '$ref'"
"$kioku" import csv --deck-id imp --title Imp --schema none -o "$t/none.yaml" "$t/in.csv" 2>/dev/null
grep -q 'yaml-language-server' "$t/none.yaml" && bad "--schema none still wrote a modeline" || ok
printf 'deck: {id: fx, title: F}\ncards:\n  - type: basic\n    front: a\n    back: b\n' >"$t/fix.yaml"
"$kioku" lint --fix-ids "$t/fix.yaml" 2>/dev/null
ref=$(head -1 "$t/fix.yaml" | sed -n 's/^# yaml-language-server: \$schema=//p')
[ -n "$ref" ] && cmp -s "$t/$ref" docs/schema/deck.schema.json && ok ||
  bad "lint --fix-ids wrote no modeline: '$(head -1 "$t/fix.yaml")'"
"$kioku" lint --fix-ids "$t/fix.yaml" 2>/dev/null
[ "$(grep -c yaml-language-server "$t/fix.yaml")" = 1 ] && ok || bad "modeline written twice"
printf '# Title\n\nNATO was founded in 1949 by twelve countries.\n' >"$t/doc.md"
"$kioku" gen "$t/doc.md" --deck-id g --no-mecab -o "$t/sub/gen.yaml" 2>/dev/null
ref=$(head -1 "$t/sub/gen.yaml" | sed -n 's/^# yaml-language-server: \$schema=//p')
[ -n "$ref" ] && cmp -s "$t/sub/$ref" docs/schema/deck.schema.json && ok ||
  bad "gen wrote no modeline: '$(head -1 "$t/sub/gen.yaml")'"

# ---- Japanese descriptions ------------------------------------------------------
"$kioku" schema deck --lang ja >"$t/ja.json" 2>/dev/null
"$kioku" --lang ja schema exam >"$t/jaexam.json" 2>/dev/null
if [ -s "$t/ja.json" ] && ! cmp -s "$t/ja.json" "$t/deck.json" &&
   $py -c "import json,sys; d=json.load(open('$t/ja.json')); s=d['properties']['deck']['properties']['title']['description']; sys.exit(0 if any(ord(c) > 0x3000 for c in s) else 1)"; then ok
else bad "schema deck --lang ja has no Japanese descriptions"; fi
$py -c "import json,sys; d=json.load(open('$t/jaexam.json')); s=d['properties']['pools']['description']; sys.exit(0 if any(ord(c) > 0x3000 for c in s) else 1)" &&
  ok || bad "kioku --lang ja schema exam has no Japanese descriptions"

"$kioku" schema deck --lang xx 2>/dev/null | cmp -s - "$t/deck.json" && ok ||
  bad "schema --lang with no catalog does not fall back to English"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

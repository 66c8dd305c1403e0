#!/bin/sh
# Lint and load errors in Japanese on a machine without a ja locale
# (C.UTF-8), chosen by LANGUAGE or by --lang:
#  - every deck case of tests/decks/bad/ prints the same "path:line:col:
#    error:" / "warning:" / "note:" prefixes as in English (editors parse
#    them; they are never translated), and the message after each prefix
#    is Japanese;
#  - --format json keeps its English keys and values, only "message" and
#    "notes" are translated;
#  - the commands' own error paths (unreadable file, bad option, bad value)
#    print Japanese under `kioku --lang ja`;
#  - exam specs, exam packs, `kioku results` and the importers print
#    Japanese after the same untranslated prefixes.
kioku="$1"
src=${KK_SOURCE_DIR:-.}
cd "$src" || exit 1
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $1"; }
ja() { LC_ALL= LC_MESSAGES= LANG=C.UTF-8 LANGUAGE=ja "$kioku" "$@"; }
en() { LC_ALL= LC_MESSAGES= LANG=C.UTF-8 LANGUAGE=en "$kioku" "$@"; }
# the message after "error: " etc. has a non-ASCII (Japanese) character
jp_msg() { grep -aqP '^[^ ]*: (error|warning|note): .*[^\x00-\x7f]' "$1"; }
has_jp() { grep -aqP '[^\x00-\x7f]' "$1"; }

# 1. one case in detail: prefix, then Japanese
f=tests/decks/bad/anchored-card.yaml
ja lint "$f" 2>"$t/ja.txt"; rc=$?
[ "$rc" -eq 1 ] && ok || bad "lint exit $rc, not 1"
grep -aq "^$f:8:12: error: カード 'a2': 'front' はテキストにしてください" "$t/ja.txt" && ok \
  || { cat "$t/ja.txt"; bad "LANGUAGE=ja lint: no 'path:line:col: error: ' + Japanese line"; }
grep -aq '^エラー 1 件、警告 1 件$' "$t/ja.txt" && ok || bad "the count line is not Japanese"
en lint "$f" 2>"$t/en.txt"
grep -aq "^$f:8:12: error: card 'a2': 'front' must be a text, not a mapping" "$t/en.txt" && ok \
  || bad "LANGUAGE=en lint is not English"

# 2. every bad deck: same prefixes and line count as English, Japanese text
nd=0
for y in tests/decks/bad/*.yaml; do
  head -c 200 "$y" | grep -q '^exam:' && continue   # exam specs: the exam engine's messages
  nd=$((nd+1))
  ja lint "$y" 2>"$t/j" >/dev/null
  en lint "$y" 2>"$t/e" >/dev/null
  # the prefix: everything up to and including "error: ", "warning: ", "note: "
  LC_ALL=C sed -n 's/^\([^ ]*: \(error\|warning\|note\): \).*/\1/p' "$t/j" >"$t/jp"
  LC_ALL=C sed -n 's/^\([^ ]*: \(error\|warning\|note\): \).*/\1/p' "$t/e" >"$t/ep"
  if [ -s "$t/ep" ] && cmp -s "$t/jp" "$t/ep"; then ok; else bad "$y: prefixes differ between ja and en"; fi
  if grep -aE ': (error|warning|note): ' "$t/j" | grep -avP ': (error|warning|note): .*[^\x00-\x7f]' >"$t/left"; then
    cat "$t/left"; bad "$y: a message left in English"
  else ok; fi
done
[ "$nd" -ge 40 ] && ok || bad "only $nd bad decks checked"

# 3. JSON: English keys and severities, Japanese messages
ja lint --format json "$f" >"$t/j.json" 2>/dev/null
python3 - "$t/j.json" <<'PY' && ok || bad "--format json under LANGUAGE=ja"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d, "empty"
for o in d:
    assert set(o) == {"file", "line", "column", "severity", "message", "notes"}, sorted(o)
    assert o["severity"] in ("error", "warning"), o["severity"]
    assert any(ord(c) > 127 for c in o["message"]), o["message"]
PY

# 4. the commands' own error paths under --lang ja
ja_lang() { LC_ALL= LC_MESSAGES= LANG=C.UTF-8 LANGUAGE= "$kioku" --lang ja "$@"; }
ja_lang lint "$t/no-such-deck.yaml" 2>"$t/o"
grep -aq "^$t/no-such-deck.yaml: error: 開けません: " "$t/o" && ok || { cat "$t/o"; bad "--lang ja: a missing file"; }
printf 'deck:\n  id: x\n  title: t\n\tcards: []\n' >"$t/tab.yaml"
ja_lang lint "$t/tab.yaml" 2>"$t/o"
grep -aq "^$t/tab.yaml:4:1: error: YAML の構文エラー: " "$t/o" && grep -aq 'note: YAML ではタブで字下げできません' "$t/o" && ok \
  || { cat "$t/o"; bad "--lang ja: YAML syntax error"; }
ja_lang lint --bogus 2>"$t/o"; rc=$?
[ "$rc" -eq 2 ] && grep -aq "'--bogus' は不明なオプションです" "$t/o" && ok || { cat "$t/o"; bad "--lang ja lint --bogus"; }
ja_lang gen --max 0 x.md 2>"$t/o"; rc=$?
[ "$rc" -eq 2 ] && grep -aq '正の数を指定してください' "$t/o" && ok || { cat "$t/o"; bad "--lang ja gen --max 0"; }
printf 'not a csv\x00' | ja_lang fsrs replay --retention 2 2>"$t/o"; rc=$?
[ "$rc" -eq 2 ] && has_jp "$t/o" && ok || { cat "$t/o"; bad "--lang ja fsrs replay --retention 2"; }
ja_lang stats --bogus 2>"$t/o"; rc=$?
[ "$rc" -eq 2 ] && grep -aq "'--bogus' は不明なオプションです" "$t/o" && ok || { cat "$t/o"; bad "--lang ja stats --bogus"; }
printf 'deck:\n  id: ok\n  title: t\ncards:\n  - {id: a, type: basic, front: f, back: b, source: {doc: d}}\n' >"$t/good.yaml"
ja_lang lint "$t/good.yaml" 2>"$t/o"; rc=$?
[ "$rc" -eq 0 ] && grep -aq '1 ファイル、問題はありません' "$t/o" && ok || { cat "$t/o"; bad "--lang ja: a clean lint"; }
# and English stays English with --lang en under a Japanese environment
LC_ALL= LANG=C.UTF-8 LANGUAGE=ja "$kioku" --lang en lint "$t/no-such-deck.yaml" 2>"$t/o"
grep -aq ': error: cannot open: ' "$t/o" && ok || { cat "$t/o"; bad "--lang en under LANGUAGE=ja"; }
# 5. exam specs, exam packs, results and imports: prefix kept, message Japanese
mkdir -p "$t/ex"
printf 'deck:\n  id: tf\n  title: TF\ncards:\n  - {id: a, source: {doc: q}, type: truefalse, statement: A., answer: true}\n  - {id: b, source: {doc: q}, type: truefalse, statement: B., answer: false}\n' >"$t/ex/tf.yaml"
printf 'exam: q\ntitle: Q\ndecks: [tf.yaml]\nnavigation: sideways\ntime_limit: 5\npools:\n  - {count: 2, colour: red}\n' >"$t/ex/bad.yaml"
ja lint "$t/ex/bad.yaml" 2>"$t/o"; rc=$?
[ "$rc" -eq 1 ] && grep -aq "^$t/ex/bad.yaml:4:13: error: 'navigation' の値 'sideways' は不明です$" "$t/o" \
  && grep -aq "^$t/ex/bad.yaml:5:13: note: 分なら 5m、秒なら 5s と書いてください$" "$t/o" \
  && grep -aq "^$t/ex/bad.yaml:7:16: error: プールに不明なキー 'colour' があります$" "$t/o" \
  && ok || { cat "$t/o"; bad "exam spec lint under LANGUAGE=ja"; }
printf 'exam: q\ntitle: Q\ndecks: [tf.yaml]\npools:\n  - {count: 3}\n' >"$t/ex/short.yaml"
ja lint "$t/ex/short.yaml" 2>"$t/o"; rc=$?
[ "$rc" -eq 1 ] && grep -aq "^$t/ex/short.yaml:5:13: error: pool 1 は 3 問を出題しますが、合うカードは 2 枚しかありません$" "$t/o" \
  && ok || { cat "$t/o"; bad "exam spec shortfall under LANGUAGE=ja"; }
# no exam-spec message left in English (the same rule as the decks above)
for y in bad short; do
  ja lint "$t/ex/$y.yaml" 2>"$t/o"
  if grep -aE ': (error|warning|note): ' "$t/o" | grep -avP ': (error|warning|note): .*[^\x00-\x7f]' >"$t/left"; then
    cat "$t/left"; bad "$y.yaml: an exam-spec message left in English"
  else ok; fi
done
en lint "$t/ex/short.yaml" 2>"$t/o"
grep -aq "^$t/ex/short.yaml:5:13: error: pool 1 asks for 3 questions but only 2 cards match it$" "$t/o" && ok \
  || { cat "$t/o"; bad "exam spec lint under LANGUAGE=en"; }
# exam pack: a spec whose feedback a pack cannot give, and an empty password file
printf 'exam: q\ntitle: Q\ndecks: [tf.yaml]\nfeedback: after_each\npools:\n  - {count: 1}\n' >"$t/ex/each.yaml"
ja exam pack "$t/ex/each.yaml" -o "$t/ex/each.kexam" 2>"$t/o"; rc=$?
[ "$rc" -eq 1 ] && grep -aq "^$t/ex/each.yaml: error: feedback: after_each はパックにできません" "$t/o" && ok \
  || { cat "$t/o"; bad "exam pack error under LANGUAGE=ja"; }
: >"$t/ex/pw"
printf 'exam: q\ntitle: Q\ndecks: [tf.yaml]\npools:\n  - {count: 1}\n' >"$t/ex/ok.yaml"
ja exam pack "$t/ex/ok.yaml" -o "$t/ex/ok.kexam" --password-file "$t/ex/pw" 2>"$t/o"; rc=$?
[ "$rc" -eq 1 ] && grep -aq "^$t/ex/pw: error: パスワードを読み取れません$" "$t/o" && ok \
  || { cat "$t/o"; bad "exam pack --password-file under LANGUAGE=ja"; }
ja exam pack "$t/ex/ok.yaml" -o "$t/ex/ok.kexam" 2>"$t/o"; rc=$?
[ "$rc" -eq 0 ] && grep -aq "^kioku exam: $t/ex/ok.kexam を書き出しました（解答は含みません。" "$t/o" && ok \
  || { cat "$t/o"; bad "exam pack success line under LANGUAGE=ja"; }
# kioku results: a file that is no result, a broken .zip, and a class summary
printf '{"format": "something else"}\n' >"$t/ex/x.json"
ja results summarize "$t/ex/x.json" 2>"$t/o" >/dev/null; rc=$?
[ "$rc" -eq 1 ] && grep -aq "^$t/ex/x.json: error: Kioku の試験結果ではありません" "$t/o" && ok \
  || { cat "$t/o"; bad "results summarize: not a result, under LANGUAGE=ja"; }
printf 'PK not a zip' >"$t/ex/all.zip"
ja results summarize "$t/ex/all.zip" 2>"$t/o" >/dev/null; rc=$?
[ "$rc" -eq 1 ] && grep -aq "^$t/ex/all.zip: error: 読み取れる .zip ファイルではありません$" "$t/o" && ok \
  || { cat "$t/o"; bad "results summarize: a broken zip, under LANGUAGE=ja"; }
for n in 1 2; do
  printf 't\n:n\nf\n:s\nyes\n' | en exam --terminal --number "10$n" --student "S$n" \
    --data-dir "$t/ex/data" --results "$t/ex/res" "$t/ex/ok.yaml" >/dev/null 2>&1
done
ja results summarize "$t/ex/res" >"$t/o" 2>&1; rc=$?
[ "$rc" -eq 0 ] && grep -aq '^試験 q: 2 人$' "$t/o" && grep -aq '^得点分布（満点に対する百分率）$' "$t/o" && ok \
  || { cat "$t/o"; bad "results summarize report under LANGUAGE=ja"; }
ja results mark --spec "$t/ex/ok.yaml" "$t/ex/res" >/dev/null 2>"$t/o"; rc=$?
[ "$rc" -eq 0 ] && grep -aq '^kioku results: 2 件を採点、要確認 0 件$' "$t/o" && ok \
  || { cat "$t/o"; bad "results mark count under LANGUAGE=ja"; }
# imports: a Moodle file that is no question bank, an unknown option
printf '<?xml version="1.0"?>\n<bank></bank>\n' >"$t/ex/b.xml"
ja import moodle-xml "$t/ex/b.xml" -o "$t/ex/b.yaml" 2>"$t/o"; rc=$?
[ "$rc" -eq 1 ] && grep -aq "^$t/ex/b.xml:2:1: error: Moodle の問題バンクではありません: ルート要素が <quiz> ではなく <bank> です$" "$t/o" && ok \
  || { cat "$t/o"; bad "import moodle-xml error under LANGUAGE=ja"; }
printf 'not a zip' >"$t/ex/x.apkg"
ja import apkg -o "$t/ex/out" "$t/ex/x.apkg" 2>"$t/o"; rc=$?
[ "$rc" -ne 0 ] && grep -aqP "^$t/ex/x.apkg: error: .*[^\x00-\x7f]" "$t/o" && ok \
  || { cat "$t/o"; bad "import apkg error under LANGUAGE=ja"; }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

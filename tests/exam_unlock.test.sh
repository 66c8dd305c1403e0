#!/bin/sh
# A sealed exam pack in the real window (SDL's dummy driver): the window asks
# for the password (shown as dots, never as text); a wrong one is refused on
# screen and the field cleared; the right one opens the exam, the student
# answers and submits, and the attempt is in the store.
kioku="$1"
command -v sqlite3 >/dev/null || { echo "SKIPPED: sqlite3 command not installed"; exit 77; }
t=$(mktemp -d)
trap '[ -n "${KK_KEEP:-}" ] || rm -rf "$t"' EXIT
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1"; fi; }
export SDL_VIDEODRIVER=dummy KIOKU_RENDERER=software
mkdir -p "$t/exams"
cat > "$t/exams/tf.yaml" <<YAML
exam: unlock-e2e
title: "第5条 小テスト"
decks: [$(pwd)/decks/nato-article5.yaml]
time_limit: 20m
seed: 7
pools:
  - {name: TF, types: [truefalse], count: 2, points: 1}
YAML
printf 'kaede-7\n' >"$t/pw"
"$kioku" exam pack "$t/exams/tf.yaml" -o "$t/tf.kexam" --password-file "$t/pw" >"$t/pack.out" 2>&1
check "sealed pack written" "[ -s '$t/tf.kexam' ]"
check "the pack does not show its questions" "! grep -q 'truefalse' '$t/tf.kexam'"
cat > "$t/run.kks" <<KKS
screenshot $t/locked.png
text wrong-one
key Return
screenshot $t/refused.png
text kaede-7
key Return
screenshot $t/open.png
key t
key ctrl+Right
key f
key ctrl+s
key Return
screenshot $t/done.png
wait 200
quit
KKS
"$kioku" exam --data-dir "$t/data" --results "$t/res" --student Hana --number S7 \
  --size 900x600 --script "$t/run.kks" "$t/tf.kexam" >"$t/out" 2>&1
check "the window run ends cleanly" "[ $? -eq 0 ] || { cat '$t/out'; false; }"
check "screenshots of each step" "[ -s '$t/locked.png' ] && [ -s '$t/refused.png' ] && [ -s '$t/open.png' ] && [ -s '$t/done.png' ]"
check "the wrong password did not open it" "! cmp -s '$t/locked.png' '$t/refused.png'"
check "the right one did" "! cmp -s '$t/refused.png' '$t/open.png'"
db="$t/data/progress.sqlite3"
check "two answers stored" "[ \"\$(sqlite3 '$db' 'SELECT count(*) FROM exam_answer' 2>/dev/null)\" = 2 ]"
check "the attempt is submitted" "[ -n \"\$(sqlite3 '$db' 'SELECT submitted_ms FROM exam_attempt' 2>/dev/null)\" ]"
check "the password is not on stdout or stderr" "! grep -q 'kaede-7' '$t/out'"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# Exam packs end to end: `kioku exam pack` writes what students receive with
# no answer in it; 30 students sit it through the terminal runner (3 killed
# mid-exam and resumed); one edits their result file, one sits it again
# from a fresh data dir, one's file says it was submitted after the
# deadline.  `kioku results mark --spec` gives the honest 27 exactly the
# scores the spec itself gives and flags the other three.
# $1: the kioku binary.
kioku="$1"
t=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$t"' EXIT
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1"; fi; }
command -v python3 >/dev/null || { echo "SKIPPED: no python3"; exit 77; }
# wait_for SECONDS COMMAND...: polls COMMAND until it succeeds; 1 when
# SECONDS pass first
wait_for() {
  end=$(( $(date +%s) + $1 )); shift
  until "$@"; do [ "$(date +%s)" -ge "$end" ] && return 1; sleep 0.1; done
}
# stored DATA_DIR N: the store in DATA_DIR holds at least N exam answers
stored() {
  python3 - "$1/progress.sqlite3" "$2" 2>/dev/null <<'PY'
import os, sqlite3, sys
if not os.path.exists(sys.argv[1]): sys.exit(1)
n = sqlite3.connect(sys.argv[1], timeout=1).execute("SELECT count(*) FROM exam_answer").fetchone()[0]
sys.exit(0 if n >= int(sys.argv[2]) else 1)
PY
}

mkdir -p "$t/decks"
cat >"$t/decks/d.yaml" <<'EOF'
deck:
  id: d
  title: D
cards:
  - {id: t1, source: {doc: q.txt}, type: truefalse, statement: One is one., answer: true}
  - {id: t2, source: {doc: q.txt}, type: truefalse, statement: Two is three., answer: false}
  - {id: t3, source: {doc: q.txt}, type: truefalse, statement: Sky is blue., answer: true}
  - {id: t4, source: {doc: q.txt}, type: truefalse, statement: Fire is cold., answer: false}
  - {id: t5, source: {doc: q.txt}, type: truefalse, statement: Ice is cold., answer: true}
  - {id: t6, source: {doc: q.txt}, type: truefalse, statement: Sun is dark., answer: false}
  - id: o1
    source: {doc: q.txt}
    type: order
    question: Put in order.
    items: [zeta first, alpha second, mid third]
  - id: c1
    source: {doc: q.txt}
    type: choice
    question: Pick two.
    options: [{text: right one, correct: true}, wrong one, {text: right two, correct: true}]
  - id: c2
    source: {doc: q.txt}
    type: choice
    question: Pick one.
    options: [no, yes, no way]
    answer: 2
EOF
cat >"$t/decks/spec.yaml" <<'EOF'
exam: pk
title: Pack test
decks: [d.yaml]
time_limit: 30m
seed_mode: student
feedback: after_submit
pools:
  - {types: truefalse, count: 4}
  - {types: choice, count: 1, points: 3}
EOF
"$kioku" exam pack "$t/decks/spec.yaml" -o "$t/exam.kexam" 2>"$t/err"
check "pack exits 0" "[ $? -eq 0 ]"
check "pack holds no answers" "! grep -v '^#' '$t/exam.kexam' | grep -qiE 'answer|(^|[^n])correct|explanation|feedback|source|truth|value'"
printf 'exam: o\ntitle: O\ndecks: [d.yaml]\npools:\n  - {types: order, count: 1}\n' >"$t/decks/ord.yaml"
"$kioku" exam pack "$t/decks/ord.yaml" -o "$t/ord.kexam" 2>/dev/null
check "pack lists order items sorted" "grep -q 'items: \\[alpha second, mid third, zeta first\\]' '$t/ord.kexam'"
printf 'exam: x\ntitle: X\ndecks: [d.yaml]\nfeedback: after_each\npools:\n  - count: 1\n' >"$t/decks/each.yaml"
"$kioku" exam pack "$t/decks/each.yaml" -o "$t/each.kexam" 2>/dev/null
check "after_each feedback refused at pack time" "[ $? -eq 1 ] && [ ! -f '$t/each.kexam' ]"

# a sealed pack: nothing readable in it; the right password opens it
printf 'open sesame\n' >"$t/pw"
"$kioku" exam pack "$t/decks/spec.yaml" -o "$t/sealed.kexam" --password-file "$t/pw" 2>/dev/null
check "sealed pack written" "[ -s '$t/sealed.kexam' ]"
check "sealed pack shows nothing" "! grep -q 'Pack test' '$t/sealed.kexam' && ! grep -q 'One is one' '$t/sealed.kexam'"
printf 'wrong\n:s\nyes\n' | "$kioku" exam --terminal --number 77 --student W --data-dir "$t/dw" \
  --results "$t/rw" "$t/sealed.kexam" >"$t/wrong" 2>&1
check "wrong password refused" "[ $? -ne 0 ] && grep -q 'wrong password' '$t/wrong' && [ ! -d '$t/rw' ]"
printf 'open sesame\n:s\nyes\n' | "$kioku" exam --terminal --number 77 --student W --data-dir "$t/dw" \
  --results "$t/rs" "$t/sealed.kexam" >"$t/right" 2>&1
check "right password opens it" "grep -q 'submitted ====' '$t/right'"
check "sealed run's result marks" "'$kioku' results mark --spec '$t/decks/spec.yaml' '$t/rs' | grep -q '^77	0/7	.*ok'"

# `kioku lint` reads a pack as a pack, not as a deck with hundreds of
# bogus errors; a damaged one gets its line; a sealed one a warning
"$kioku" lint "$t/exam.kexam" >"$t/lint" 2>&1
check "lint passes a pack" "[ $? -eq 0 ] && grep -q 'no problems' '$t/lint'"
sed 's/^title: .*/title: [broken/' "$t/exam.kexam" >"$t/broken.kexam"
"$kioku" lint "$t/broken.kexam" >"$t/lint" 2>&1
check "lint reports a damaged pack" "[ $? -eq 1 ] && grep -q 'broken.kexam:[0-9]*:[0-9]*: error: YAML' '$t/lint' && [ \$(grep -c 'error:' '$t/lint') -eq 1 ]"
"$kioku" lint "$t/sealed.kexam" >"$t/lint" 2>&1
check "lint says a sealed pack needs its password" "[ $? -eq 1 ] && grep -q 'sealed.kexam: warning: a sealed exam pack' '$t/lint' && ! grep -q 'error:' '$t/lint'"

# one student's lines: for each question a truefalse answer, a choice
# answer (the one that does not fit is refused), then next; then submit.
# (Order questions show their items in another order from a pack -- the
# card's order is the answer -- so letters typed would not be the same
# answer; the order mapping has a unit test.)
answers() {
  i=$1 q=0 out=""
  while [ $q -lt 5 ]; do
    tf=t; [ $(( (i + q) % 2 )) -eq 0 ] && tf=f
    case $(( (i + q) % 3 )) in 0) o="A,C" ;; 1) o="B" ;; *) o="A" ;; esac
    out="$out$tf\n$o\n:n\n"
    q=$((q + 1))
  done
  printf ":g 1\n$out:s\nyes\n" # (a resumed attempt opens where it was left)
}
sit() { # number input-file exam data results
  "$kioku" exam --terminal --number "$1" --student "S$1" --data-dir "$4" --results "$5" "$3" \
    <"$2" >"$5.out.$1" 2>&1
}
i=1
while [ $i -le 30 ]; do
  answers $i >"$t/in.$i"
  if [ $i -le 3 ]; then
    # killed mid-exam, once two answers are stored (not after a fixed
    # time, which a slow machine may not have reached), then resumed with
    # the same command
    rm -f "$t/fifo" && mkfifo "$t/fifo"
    "$kioku" exam --terminal --number $i --student S$i --data-dir "$t/data.$i" \
      --results "$t/res" "$t/exam.kexam" <"$t/fifo" >/dev/null 2>&1 &
    pid=$!
    exec 3>"$t/fifo"
    head -c 24 "$t/in.$i" >&3
    wait_for 240 stored "$t/data.$i" 2
    check "S$i: two answers stored before the kill" "stored '$t/data.$i' 2"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    pid=
    exec 3>&-
  fi
  sit $i "$t/in.$i" "$t/exam.kexam" "$t/data.$i" "$t/res"
  sit $i "$t/in.$i" "$t/decks/spec.yaml" "$t/direct.$i" "$t/direct"
  i=$((i + 1))
done
check "30 pack results" "[ \$(ls '$t'/res/*.json | wc -l) -eq 30 ]"
# (the temporary folder's random name, which the "Results saved:" line
# shows, is taken out before looking for a score)
sed "s|$t|T|g" "$t/res.out.1" >"$t/res.out.1.shown"
check "students saw 'submitted', no marks" "grep -q 'submitted ====' '$t/res.out.1.shown' && ! grep -qi 'score' '$t/res.out.1.shown'"
check "pack results are unmarked" "grep -q '\"marked\": false' \$(ls '$t'/res/*.json | head -1)"
# 28 edits their file: full marks claimed and another card put on the paper
python3 - "$t" <<'EOF'
import json, glob, sys
t = sys.argv[1]
def f(no): return glob.glob(f"{t}/res/pk_{no}-*.json")[0]
d = json.load(open(f(28))); d["score"] = 999
d["questions"][0]["id"] = "t1" if d["questions"][0]["id"] != "t1" else "t2"
json.dump(d, open(f(28), "w"))
d = json.load(open(f(30))); d["submitted_ms"] = d["started_ms"] + 45 * 60000
json.dump(d, open(f(30), "w"))
EOF
# 29 sits it again from a fresh data dir
answers 7 >"$t/in.again"
sit 29 "$t/in.again" "$t/exam.kexam" "$t/fresh" "$t/res2"
"$kioku" results mark --spec "$t/decks/spec.yaml" -o "$t/marked" "$t/res" "$t/res2" >"$t/mark" 2>"$t/markerr"
check "mark exits 0" "[ $? -eq 0 ]"
check "28 flagged: paper" "grep -q '^28	.*FLAGGED: paper differs' '$t/mark'"
check "29 flagged: second submission" "grep -q '^29	.*FLAGGED:.*another submission' '$t/mark'"
check "30 flagged: late" "grep -q '^30	.*FLAGGED: late submission' '$t/mark'"
check "exactly three flagged" "[ \$(grep -c FLAGGED '$t/mark') -eq 3 ]"
python3 - "$t" >"$t/cmp" <<'EOF'
import json, glob, sys
t = sys.argv[1]
bad = 0
for no in range(1, 31):
    if no in (28, 29, 30): continue
    direct = json.load(open(glob.glob(f"{t}/direct/pk_{no}-*.json")[0]))
    marked = json.load(open(glob.glob(f"{t}/marked/pk_{no}-*.json")[0]))
    if direct["score"] != marked["score"] or [q["id"] for q in direct["questions"]] != [q["id"] for q in marked["questions"]]:
        bad += 1; print("differs", no, direct["score"], marked["score"])
scores = {json.load(open(p))["score"] for p in glob.glob(f"{t}/marked/*.json")}
print("ok" if bad == 0 and len(scores) > 2 else "bad")
EOF
check "mark reproduces the direct scores of the honest 27" "tail -1 '$t/cmp' | grep -qx ok"
# the score field itself, not any 999 in the file (a millisecond time can hold one)
check "the edited score is not trusted" "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d[\"score\"] != 999 and d[\"score\"] <= d[\"max_score\"] else 1)' \$(ls '$t'/marked/pk_28-*.json)"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

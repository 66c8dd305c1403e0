#!/bin/sh
# Every writer killed at random moments (SIGKILL): kioku export, import
# csv, gen, lint --fix-ids, results summarize -o and revlog export.  After
# each kill the output is the old file, the complete new file, or absent
# (where there was none) -- never a part -- and the inputs are untouched.
# KK_KILL_ROUNDS sets the rounds per writer (default 8; the long run, 50:
#   KK_KILL_ROUNDS=50 sh tests/writers_kill.test.sh build/kioku).
kioku="$1"
src=${KK_SOURCE_DIR:-.}
rounds=${KK_KILL_ROUNDS:-8}
command -v sqlite3 >/dev/null || { echo "SKIPPED: no sqlite3 command"; exit 77; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $1"; }
sum() { cksum <"$1" 2>/dev/null | cut -d' ' -f1; }
# a pseudo-random delay in microseconds, 0..$1, from a seeded LCG
seed=12345
delay_us() { seed=$(( (seed * 1103515245 + 12345) % 2147483648 )); echo $(( seed % ($1 + 1) )); }
now_us() { echo $(( $(date +%s%N) / 1000 )); }
# sleep_us US: sleeps US microseconds (a second or more too)
sleep_us() { sleep "$(( $1 / 1000000 )).$(printf '%06d' $(( $1 % 1000000 )))"; }
# wait_for SECONDS COMMAND...: polls COMMAND until it succeeds; 1 when
# SECONDS pass first
wait_for() {
  end=$(( $(date +%s) + $1 )); shift
  until "$@"; do [ "$(date +%s)" -ge "$end" ] && return 1; sleep 0.01; done
}

# ---- inputs
mkdir -p "$t/in"
cp "$src/decks/nato-article5.yaml" "$t/in/deck.yaml"
cp "$src/tests/gen/ja_kaigi.txt" "$t/in/doc.txt"
printf 'front,back\nNATO,北大西洋条約機構\nG7,主要7か国\n' >"$t/in/cards.csv"
sed 's/^\(  *\)- id: .*/\1-/; /^  *id: [a-z0-9-]*$/d' "$t/in/deck.yaml" >"$t/in/noids.yaml"
mkdir -p "$t/data"
"$kioku" stats --data-dir "$t/data" >/dev/null 2>&1
i=0; sql="BEGIN;"
while [ $i -lt 300 ]; do
  sql="$sql INSERT INTO review_log(item_key,card_id,deck_id,time_ms,rating,elapsed_days,duration_ms,phase_before,phase_after,stability,difficulty,interval_days,scheduler) VALUES('d:c$((i % 40))','c$((i % 40))','d',$((1700000000000 + i * 3600000)),$((i % 4 + 1)),1,5000,2,2,3,5,3,0);"
  i=$((i+1))
done
sqlite3 "$t/data/progress.sqlite3" "$sql COMMIT;"
# one exam result for the class summary
mkdir -p "$t/ex/exams"
cat >"$t/ex/tf.yaml" <<'Y'
deck: {id: tf, title: TF}
cards:
  - {id: tf-1, source: {doc: q.txt, section: Q}, type: truefalse, statement: One is true., answer: true}
  - {id: tf-2, source: {doc: q.txt, section: Q}, type: truefalse, statement: Two is false., answer: false}
Y
printf 'exam: q1\ntitle: Quiz\ndecks: [../tf.yaml]\ntime_limit: 30m\nshuffle: false\npools:\n  - types: truefalse\n    count: 2\n' >"$t/ex/exams/q.yaml"
printf 't\n:n\nf\n:s\nyes\n' | "$kioku" exam --terminal --number S1 --student Aki \
  --data-dir "$t/exdata" --results "$t/res" "$t/ex/exams/q.yaml" >/dev/null 2>&1
inputs="$t/in/deck.yaml $t/in/doc.txt $t/in/cards.csv $t/in/noids.yaml"
before=""
for f in $inputs; do before="$before $(sum "$f")"; done

# ---- the writers: NAME OUT COMMAND...; OUT is a file, or a folder (summarize)
# With $halfway set, each round kills when the writer has made that file
# (the selftest, whose writer then waits for OUT.go, which only the
# complete run has), not after a random delay.
halfway=
run_case() {
  name=$1 out=$2; shift 2
  # the complete new output, for comparison
  rm -rf "$t/ref" "$out"
  if [ "$name" = fixids ]; then cp "$t/in/noids.yaml" "$out"; fi
  [ -n "$halfway" ] && : >"$out.go"
  t0=$(now_us)
  "$@" >/dev/null 2>&1
  took=$(( $(now_us) - t0 ))
  if [ -d "$out" ]; then cp -r "$out" "$t/ref"; else cp "$out" "$t/ref" 2>/dev/null; fi
  [ -e "$t/ref" ] || { bad "$name: no complete output to compare with"; return; }
  rm -f "$out.go"
  r=0 torn=0 killed=0
  while [ $r -lt "$rounds" ]; do
    rm -rf "$out"
    # half the rounds start from an old file, half from none
    old=""
    if [ "$name" = fixids ]; then cp "$t/in/noids.yaml" "$out"; old=$(sum "$out")
    elif [ $((r % 2)) -eq 0 ]; then
      if [ -d "$t/ref" ]; then mkdir -p "$out"; for f in "$t"/ref/*; do echo OLD >"$out/$(basename "$f")"; done
      else echo "OLD CONTENT" >"$out"; old=$(sum "$out"); fi
    fi
    [ -n "$halfway" ] && rm -f "$halfway"
    "$@" >/dev/null 2>&1 &
    pid=$!
    if [ -n "$halfway" ]; then
      wait_for 240 test -e "$halfway" || bad "$name: the writer never got halfway"
    else
      sleep_us "$(delay_us $((took * 3 / 4)))" # kills land anywhere in the run
    fi
    kill -9 $pid 2>/dev/null && killed=$((killed+1))
    wait $pid 2>/dev/null
    if [ -d "$t/ref" ]; then
      for f in "$t"/ref/*; do
        b=$(basename "$f"); o="$out/$b"
        [ -e "$o" ] || continue
        if [ "$(cat "$o")" = OLD ] || cmp -s "$o" "$f"; then :; else torn=$((torn+1)); fi
      done
    elif [ -e "$out" ]; then
      now=$(sum "$out")
      if [ "$now" = "$old" ] || cmp -s "$out" "$t/ref"; then :; else torn=$((torn+1)); fi
    fi
    r=$((r+1))
  done
  echo "  $name: $rounds rounds (a run takes ${took} us), $killed killed before they finished, $torn torn"
  if [ "$name" = selftest ]; then
    [ $torn -eq "$rounds" ] && ok || bad "selftest: a writer that writes in place was caught in $torn of $rounds rounds"
  else
    [ $torn -eq 0 ] && ok || bad "$name: $torn of $rounds rounds left a partial file"
  fi
}
# The check first catches a writer that writes its output in place: killed
# halfway (where it waits unless it is the complete run), every round.
cat >"$t/inplace.sh" <<'SH'
i=0; : >"$1"
while [ $i -lt 20 ]; do
  echo "line $i" >>"$1"; i=$((i+1))
  if [ $i -eq 10 ]; then : >"$1.half"; while [ ! -e "$1.go" ]; do sleep 0.01; done; fi
done
SH
rounds_saved=$rounds; rounds=8; halfway=$t/self.txt.half
run_case selftest "$t/self.txt" sh "$t/inplace.sh" "$t/self.txt"
rounds=$rounds_saved; halfway=
run_case export "$t/out.csv" "$kioku" export --format csv --force -o "$t/out.csv" "$t/in/deck.yaml"
run_case import "$t/imp.yaml" "$kioku" import csv --force -o "$t/imp.yaml" "$t/in/cards.csv"
run_case gen "$t/gen.yaml" "$kioku" gen --force -o "$t/gen.yaml" "$t/in/doc.txt"
run_case fixids "$t/fix.yaml" "$kioku" lint --fix-ids "$t/fix.yaml"
run_case summarize "$t/sum" "$kioku" results summarize --force -o "$t/sum" "$t/res"
run_case revlog "$t/revlog.csv" "$kioku" revlog export --force --data-dir "$t/data" "$t/revlog.csv"

after=""
for f in $inputs; do after="$after $(sum "$f")"; done
[ "$before" = "$after" ] && ok || bad "an input file changed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

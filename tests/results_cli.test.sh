#!/bin/sh
# kioku results from the command line: results in a .zip (as an LMS's
# "download all submissions" gives them) for summarize and export; the
# Moodle grade file and the plain CSV; formula-looking names neutralised;
# two results for one student refused.  $1: the kioku binary.
kioku="$1"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1"; fi; }
command -v python3 >/dev/null || { echo "SKIPPED: no python3"; exit 77; }

mkdir -p "$t/decks"
cat >"$t/decks/tf.yaml" <<'EOF'
deck:
  id: tf
  title: TF
cards:
  - {id: a, source: {doc: q.txt}, type: truefalse, statement: A is true., answer: true}
  - {id: b, source: {doc: q.txt}, type: truefalse, statement: B is false., answer: false}
EOF
printf 'exam: q\ntitle: Q\ndecks: [tf.yaml]\ntime_limit: 10m\nshuffle: false\npools:\n  - count: 2\n' >"$t/decks/q.yaml"
run() { # number name answers
  printf "$3" | "$kioku" exam --terminal --number "$1" --student "$2" --data-dir "$t/data" \
    --results "$t/res" "$t/decks/q.yaml" >/dev/null 2>&1
}
run 101 Ann 't\n:n\nf\n:s\nyes\n'
run 102 '=HYPERLINK("http://x")' 't\n:n\nt\n:s\nyes\n'
check "two result files" "[ \$(ls '$t'/res/*.json | wc -l) -eq 2 ]"
mkdir -p "$t/lms/Ann_1_assignsubmission_file_" "$t/lms/Bo_2_assignsubmission_file_"
set -- "$t"/res/*.json
cp "$1" "$t/lms/Ann_1_assignsubmission_file_/"
cp "$2" "$t/lms/Bo_2_assignsubmission_file_/"
(cd "$t/lms" && python3 -c "
import zipfile, os
with zipfile.ZipFile('../all.zip', 'w') as z:
    for d, _, fs in os.walk('.'):
        for f in fs: z.write(os.path.join(d, f))
    z.writestr('__MACOSX/._x.json', 'junk')
")
"$kioku" results summarize "$t/all.zip" >"$t/sum" 2>&1
check "summarize a zip" "grep -q '2 students' '$t/sum'"
"$kioku" results export --format moodle -o "$t/grades.csv" "$t/all.zip" 2>"$t/err"
check "moodle export exits 0" "[ $? -eq 0 ]"
check "moodle header" "head -1 '$t/grades.csv' | grep -q '^ID number,Grade'"
check "moodle rows" "grep -q '^101,2' '$t/grades.csv' && grep -q '^102,1' '$t/grades.csv'"
"$kioku" results export --format csv "$t/res" >"$t/plain.csv" 2>&1
check "csv export neutralises a formula name" "grep -q \"^102,\\\"'=HYPERLINK\" '$t/plain.csv'"
check "no cell starts with =" "! grep -q ',=' '$t/plain.csv'"
"$kioku" results export --format moodle "$t/all.zip" "$t/res" >/dev/null 2>"$t/err"
check "duplicate student refused" "[ $? -eq 1 ] && grep -q 'also has' '$t/err'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

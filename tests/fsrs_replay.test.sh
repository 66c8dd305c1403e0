#!/bin/sh
# fsrs_replay.test.sh -- `kioku fsrs replay` end to end: the reference
# vectors (tests/data/fsrs_vectors.csv) replayed through the CLI with each
# case's options, then strict input validation and garbage input.
# $1 is the kioku executable.
set -u
kioku=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
data=${KK_FSRS_DATA:-tests/data}  # override to check other vector sets

# ---- reference vectors, one case at a time --------------------------------
ncases=$(awk -F, 'NR > 1 { n++ } END { print n }' "$data/fsrs_cases.csv")
c=0
while [ "$c" -lt "$ncases" ]; do
  line=$(awk -F, -v c="$c" 'NR > 1 && $1 == c' "$data/fsrs_cases.csv")
  ret=$(echo "$line" | cut -d, -f2)
  st=$(echo "$line" | cut -d, -f3)
  params=$(echo "$line" | cut -d, -f4 | tr ';' ',')
  opts="--retention $ret --params $params"
  [ "$st" = 0 ] && opts="$opts --no-short-term"
  awk -F, -v c="$c" 'BEGIN { print "card,elapsed_days,rating" }
    NR > 1 && $1 == c { print "c" $2 "," $3 "," $4 }' "$data/fsrs_vectors.csv" > "$tmp/in.csv"
  awk -F, -v c="$c" 'NR > 1 && $1 == c' "$data/fsrs_vectors.csv" > "$tmp/want.csv"
  # shellcheck disable=SC2086
  if ! "$kioku" fsrs replay $opts < "$tmp/in.csv" > "$tmp/got.csv" 2> "$tmp/err"; then
    echo "case $c: replay failed:"; cat "$tmp/err"; fail=1
  fi
  tail -n +2 "$tmp/got.csv" | paste -d, - "$tmp/want.csv" | awk -F, -v c="$c" '
    function rel(a, b, m) { m = b > 0.01 ? b : 0.01; return (a - b < 0 ? b - a : a - b) / m }
    # got: card,rating,S,D,R,ivl  want: case,card,t,rating,S,D,R,ivl
    { n++
      if ($1 != "c" $8 || $2 != $10) { print "case " c " row " n ": rows out of step"; bad++; next }
      if (rel($3, $11) > 1e-6 || rel($4, $12) > 1e-6 || rel($5, $13) > 1e-6 || $6 != $14) {
        if (bad < 5) print "case " c " row " n ": got " $3 "," $4 "," $5 "," $6 \
                           " want " $11 "," $12 "," $13 "," $14
        bad++ } }
    END { if (bad) { print "case " c ": " bad " of " n " rows differ"; exit 1 }
          if (n == 0) { print "case " c ": no rows"; exit 1 } }' || fail=1
  c=$((c + 1))
done

# ---- strict validation: exit 1, a line-numbered message, nothing on stdout -
expect_error() { # name, expected stderr substring, input (printf format)
  printf "$3" > "$tmp/bad.csv"
  "$kioku" fsrs replay < "$tmp/bad.csv" > "$tmp/out" 2> "$tmp/err"
  rc=$?
  if [ "$rc" != 1 ] || ! grep -qF -- "$2" "$tmp/err" || [ -s "$tmp/out" ]; then
    echo "bad input '$1': rc=$rc, stderr:"; cat "$tmp/err"; fail=1
  fi
}
H='card,elapsed_days,rating\n'
expect_error empty 'stdin:1: error: empty input' ''
expect_error header 'stdin:1: error: expected the header' 'id,days,rating\na,1,3\n'
expect_error rating 'stdin:3: error: rating must be 1, 2, 3 or 4' "${H}a,0,3\na,1,0\n"
expect_error rating5 'stdin:2: error: rating must be' "${H}a,0,5\n"
expect_error rating_real 'stdin:2: error: rating must be' "${H}a,0,3.0\n"
expect_error negative 'stdin:2: error: elapsed_days must not be negative' "${H}a,-1,3\n"
expect_error nan 'stdin:2: error: elapsed_days is not a number' "${H}a,nan,3\n"
expect_error inf 'stdin:2: error: elapsed_days is not a number' "${H}a,inf,3\n"
expect_error huge 'stdin:2: error: elapsed_days is out of range' "${H}a,1e999,3\n"
expect_error empty_days 'stdin:2: error: elapsed_days is empty' "${H}a,,3\n"
expect_error fields 'stdin:4: error: expected 3 fields' "${H}a,0,3\nb,0,3\nc,1\n"
expect_error extra 'stdin:2: error: expected 3 fields' "${H}a,0,3,9\n"
expect_error blank 'stdin:3: error: empty line' "${H}a,0,3\n\nb,0,3\n"
expect_error card 'stdin:2: error: empty card id' "${H},0,3\n"
expect_error quote 'stdin:2: error: unterminated quoted card id' "${H}\"a,0,3\n"

# usage errors exit 2
for args in "" "replay --retention 0" "replay --retention 1.5" "replay --params 1,2,3" \
            "replay --bogus" "replay --retention"; do
  # shellcheck disable=SC2086
  "$kioku" fsrs $args < /dev/null > /dev/null 2>&1
  rc=$?
  [ "$rc" = 2 ] || { echo "usage '$args': rc=$rc, want 2"; fail=1; }
done

# CRLF, a BOM and quoted ids are accepted; ids come back as given
printf '\357\273\277card,elapsed_days,rating\r\n"x,""y",0,3\r\n"x,""y",2,4\r\n' |
  "$kioku" fsrs replay > "$tmp/out" 2> "$tmp/err" || { cat "$tmp/err"; fail=1; }
[ "$(tail -n 1 "$tmp/out" | cut -c1-8)" = '"x,""y",' ] || { echo "quoted id:"; cat "$tmp/out"; fail=1; }
[ "$(wc -l < "$tmp/out")" = 3 ] || { echo "CRLF rows:"; cat "$tmp/out"; fail=1; }

# garbage never crashes: exit 0 or 1 only.  The bytes come from a seeded
# generator (a 32-bit LCG, seed = the case number), so a failing case is
# the same bytes every run and can be rerun by its number.
junk() { # junk SEED COUNT: COUNT pseudo-random bytes
  awk -v s="$1" -v n="$2" 'BEGIN {
    for (k = 0; k < n; k++) {
      s = (s * 1664525 + 1013904223) % 4294967296
      printf "\\0%03o", int(s / 16777216)
    } }' | xargs -0 printf '%b'
}
i=0
while [ $i -lt 40 ]; do
  { printf "$H"; junk $i $((i * 37 + 5)); } > "$tmp/junk"
  "$kioku" fsrs replay < "$tmp/junk" > /dev/null 2>&1
  rc=$?
  [ "$rc" -le 1 ] || { echo "garbage input $i (seed $i, $((i * 37 + 5)) bytes): rc=$rc"; fail=1; }
  i=$((i + 1))
done

[ $fail = 0 ] && echo "fsrs replay: all checks passed"
exit $fail

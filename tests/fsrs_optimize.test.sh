#!/bin/sh
# fsrs_optimize.test.sh -- `kioku fsrs optimize` end to end: bad logs get
# "path:line:col: error:" and exit 1, a short log keeps the defaults (one
# line of 21 numbers, the note on stderr), --json is one object, --apply
# of a log too short to fit stores nothing.  The fit itself is
# tests/test_optimize.c.
set -u
kioku=$1
tmp=$(mktemp -d /tmp/kk-optimize-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }
hdr=card_id,review_time,review_rating,review_state,review_duration

printf '%s\n1,1700000000000,3,0,1\n1,1700000000,3,2,1\n' "$hdr" > "$tmp/secs.csv"
"$kioku" fsrs optimize "$tmp/secs.csv" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "seconds: exit 1" '[ $rc -eq 1 ]'
check "seconds: message" 'grep -q "^$tmp/secs.csv:3:2: error: review_time 1700000000 looks like seconds" "$tmp/err"'
check "seconds: nothing on stdout" '[ ! -s "$tmp/out" ]'

printf 'card_id,review_time,review_rating\n' > "$tmp/cols.csv"
"$kioku" fsrs optimize "$tmp/cols.csv" 2> "$tmp/err"; rc=$?
check "missing column" '[ $rc -eq 1 ] && grep -q "cols.csv:1:1: error: missing column .review_state." "$tmp/err"'

printf '%s\n1,1700000000000,3,0,1\n1,1700000000000,2,2,1\n' "$hdr" > "$tmp/dup.csv"
"$kioku" fsrs optimize "$tmp/dup.csv" 2> "$tmp/err"; rc=$?
check "duplicate" '[ $rc -eq 1 ] && grep -q "dup.csv:3:2: error: duplicate row" "$tmp/err"'

printf '%s\n1,1700000000000,3,0,1\n1,1700090000000,1,2,1\n2,1700000000000,4,0,1\n' "$hdr" > "$tmp/short.csv"
"$kioku" fsrs optimize "$tmp/short.csv" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "short: exit 0" '[ $rc -eq 0 ]'
check "short: the defaults" 'grep -qx "0.2120,1.2931,2.3065,8.2956,6.4133,0.8334,3.0194,0.0010,1.8722,0.1666,0.7960,1.4835,0.0614,0.2629,1.6483,0.6014,1.8729,0.5425,0.0912,0.0658,0.1542" "$tmp/out"'
check "short: the note" 'grep -q "1 review to learn from; the fit needs at least 400: keeping the defaults" "$tmp/err"'

"$kioku" fsrs optimize "$tmp/short.csv" --json > "$tmp/out" 2> "$tmp/err"; rc=$?
check "json" '[ $rc -eq 0 ] && grep -q "\"fitted\": false, \"reviews\": 1," "$tmp/out" && [ ! -s "$tmp/err" ]'
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["parameters"])==21' "$tmp/out" 2>/dev/null
check "json parses" '[ $? -eq 0 ]'

"$kioku" fsrs optimize "$tmp/short.csv" --apply --data-dir "$tmp/data" > /dev/null 2> "$tmp/err"; rc=$?
check "apply without a fit" '[ $rc -eq 0 ] && grep -q "nothing applied" "$tmp/err"'

"$kioku" fsrs optimize --day-start 25 "$tmp/short.csv" 2> /dev/null; rc=$?
check "usage error" '[ $rc -eq 2 ]'
for h in 24 -1 ' 4' 4x ''; do
  "$kioku" fsrs optimize --day-start "$h" "$tmp/short.csv" 2> "$tmp/err"; rc=$?
  check "--day-start '$h' refused" '[ $rc -eq 2 ] && grep -q "hour 0-23" "$tmp/err"'
done
exit $fail

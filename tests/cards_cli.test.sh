#!/bin/sh
# kioku cards: listing with a search (text, CSV, JSON), actions on the
# items a query matches, their effect on the listing and on the review log
# export, and errors.  $1: the kioku binary.
set -u
k=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check DESCRIPTION COMMAND...
  d=$1; shift
  if ! "$@"; then echo "FAIL: $d" >&2; fail=1; fi
}
decks=tests/scripts/decks-browse
# The commands read the real clock, and set-due and the listing after it
# must see the same study day (which starts at 04:00 local time): a time
# zone that puts the local time near 16:00 keeps the day's start twelve
# hours away.  (Run at 03:59 local time, set-due and prop:due=2 fell on
# two days.)
h=$(( ($(date -u +%s) / 3600) % 24 ))  # the UTC hour
east=$(( (16 - h + 36) % 24 - 12 ))    # hours east of UTC for 16:xx, -12..11
if [ "$east" -ge 0 ]; then TZ="KKT-$east"; else TZ="KKT+$(( -east ))"; fi
export TZ
dd="$tmp/data"

# every item, CSV: a header and 40 rows
"$k" cards --data-dir "$dd" --format csv "$decks" >"$tmp/all.csv" 2>"$tmp/err"
check "list exit 0" test $? -eq 0
check "csv header" sh -c "head -1 '$tmp/all.csv' | tr -d '\\r' | grep -qx 'deck,item,type,state,due,interval_days,stability,retrievability,lapses,reps,question'"
check "csv 40 items" test "$(wc -l <"$tmp/all.csv")" -eq 41
# search: kana folded (katakana query finds hiragana text and back), case folded
"$k" cards --data-dir "$dd" --format csv --search 'たべる' "$decks" >"$tmp/s.csv"
check "kana-folded search" test "$(wc -l <"$tmp/s.csv")" -eq 2
"$k" cards --data-dir "$dd" --format csv --search 'tokyo' "$decks" >"$tmp/s.csv"
check "case-folded search" test "$(wc -l <"$tmp/s.csv")" -eq 2
"$k" cards --data-dir "$dd" --format csv --search 'deck:browse-en tag:year -sweden' "$decks" >"$tmp/s.csv"
check "deck, tag, negation" test "$(wc -l <"$tmp/s.csv")" -eq 3
"$k" cards --data-dir "$dd" --format csv --search '"collective defence" or ブリュッセル' "$decks" >"$tmp/s.csv"
check "phrase or" test "$(wc -l <"$tmp/s.csv")" -eq 3

# suspend the English year cards; the listing shows them suspended
"$k" cards suspend --data-dir "$dd" 'deck:browse-en tag:year' "$decks" >"$tmp/out"
check "suspend reports" grep -qx 'suspend: 3 items' "$tmp/out"
"$k" cards --data-dir "$dd" --format json --search is:suspended "$decks" >"$tmp/s.json"
check "json of suspended" python3 -c "
import json,sys
v=json.load(open('$tmp/s.json'))
assert len(v)==3 and all(x['state']=='suspended' and x['deck']=='browse-en' for x in v), v
assert v[0]['stability'] is None and v[0]['lapses']==0
"
"$k" cards unsuspend --data-dir "$dd" 'is:suspended sweden' "$decks" >/dev/null
"$k" cards --data-dir "$dd" --format csv --search is:suspended "$decks" >"$tmp/s.csv"
check "unsuspend one" test "$(wc -l <"$tmp/s.csv")" -eq 3
# set-due makes new items review items due that day; forget takes them back
"$k" cards set-due 2 --data-dir "$dd" 'deck:browse-ja tag:year' "$decks" >/dev/null
"$k" cards --data-dir "$dd" --format csv --search 'is:review prop:due=2 prop:ivl=2' "$decks" >"$tmp/s.csv"
check "set-due" test "$(wc -l <"$tmp/s.csv")" -gt 3
n=$(($(wc -l <"$tmp/s.csv") - 1))
"$k" cards forget --data-dir "$dd" 'deck:browse-ja is:review' "$decks" >"$tmp/out"
check "forget reports" grep -qx "forget: $n items" "$tmp/out"
"$k" cards --data-dir "$dd" --format csv --search 'is:review' "$decks" >"$tmp/s.csv"
check "forgotten items are new" test "$(wc -l <"$tmp/s.csv")" -eq 1
# actions are not reviews: the FSRS export has no rows
"$k" revlog export --data-dir "$dd" "$tmp/r.csv" 2>/dev/null
check "export has no actions" test "$(wc -l <"$tmp/r.csv")" -eq 1

# errors: a bad query names the column; an empty query for an action is refused
"$k" cards --data-dir "$dd" --search 'tag:nato prop:lapses~2' "$decks" >/dev/null 2>"$tmp/err"
check "bad query exit 1" test $? -eq 1
check "bad query column" grep -q '^search:1:10: error: expected one of' "$tmp/err"
"$k" cards forget --data-dir "$dd" '' "$decks" >/dev/null 2>"$tmp/err"
check "empty query refused (exit 2)" test $? -eq 2
check "empty query message" grep -q "deck:\*" "$tmp/err"
"$k" cards set-due soon --data-dir "$dd" x "$decks" >/dev/null 2>&1
check "set-due needs days" test $? -eq 2
# the one whole-number reader: nothing around the digits, within range
for days in ' 2' '+2' '2 ' '' '-1' 36501 99999999999999999999; do
  "$k" cards set-due "$days" --data-dir "$dd" x "$decks" >/dev/null 2>&1
  check "set-due refuses '$days'" test $? -eq 2
done
"$k" cards set-due 36500 --data-dir "$dd" 'deck:nothing-here' "$decks" >/dev/null 2>&1
check "set-due takes 36500" test $? -ne 2
"$k" cards --format xml "$decks" >/dev/null 2>&1
check "unknown format (exit 2)" test $? -eq 2
exit $fail

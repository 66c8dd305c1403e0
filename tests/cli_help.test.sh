#!/bin/sh
# Every command that `kioku --help` lists has usage text (`kioku help NAME`)
# and is dispatched (`kioku NAME --help` reaches the command table); an
# unknown name is a usage error.  The usage table (src/cli/usage.c) and the
# dispatch table (src/cli/main.c) cannot drift apart unseen.
kioku="$1"
pass=0 fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $1"; }
names=$("$kioku" --help | sed -n '/^commands:/,/^  help /p' | sed -n 's/^  \([a-z]*\) .*/\1/p' | grep -v '^help$')
n=$(echo "$names" | wc -w)
[ "$n" -ge 10 ] && ok || bad "--help lists only $n commands"
for c in $names; do
  "$kioku" help "$c" >/dev/null 2>&1 && ok || bad "kioku help $c"
  out=$("$kioku" "$c" --help 2>&1) && echo "$out" | grep -q "kioku $c" && ok || bad "kioku $c --help"
done
"$kioku" help no-such-command >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "unknown help name is not exit 2"
"$kioku" no-such-command >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "unknown command is not exit 2"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

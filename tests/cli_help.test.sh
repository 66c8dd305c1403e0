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
# Japanese on a machine without a ja locale (C.UTF-8), by LANGUAGE or --lang
out=$(LC_ALL= LANG=C.UTF-8 LANGUAGE=ja "$kioku" --help 2>&1)
echo "$out" | grep -q 'コマンド:' && echo "$out" | grep -q 'デッキと試験仕様の誤りを調べる' && ok || bad "--help under LANGUAGE=ja is not Japanese"
out=$(LC_ALL= LANG=C.UTF-8 LANGUAGE= "$kioku" --lang ja help lint 2>&1)
echo "$out" | grep -q '終了コード' && ok || bad "--lang ja help lint is not Japanese"
out=$(LC_ALL= LANG=ja_JP.UTF-8 LANGUAGE= "$kioku" --lang en --help 2>&1)
echo "$out" | grep -q '^commands:' && ok || bad "--lang en does not win over LANG=ja"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

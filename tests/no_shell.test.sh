#!/bin/sh
# Kioku never spawns a shell or another program: no system(), popen(),
# exec*() or posix_spawn() call anywhere in src/.  The pattern is first
# shown to catch such calls, so the check cannot pass vacuously.
pat='(^|[^_[:alnum:]])(system|popen|execl|execlp|execle|execv|execvp|execvpe|posix_spawnp?)[[:space:]]*\('
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1"; fi; }
check "pattern catches system()" "printf '  rc = system(cmd);\n' | grep -qE '$pat'"
check "pattern catches popen()" "printf 'FILE *p = popen(\"ls\", \"r\");\n' | grep -qE '$pat'"
check "pattern ignores my_system()" "! printf 'my_system(x);\n' | grep -qE '$pat'"
hits=$(grep -rnE "$pat" src | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/\*|\*\*|\*)' || true)
[ -n "$hits" ] && echo "$hits"
check "no process spawning in src/" "[ -z \"\$hits\" ]"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

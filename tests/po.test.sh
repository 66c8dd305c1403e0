#!/bin/sh
# The message catalogs are complete and current:
#  - every translatable string in src/ is in the committed template
#    po/kioku.pot (regenerated here with scripts/update-po.sh --pot);
#  - every template string is in each po/LANG.po, translated, not fuzzy,
#    and msgfmt --check accepts the catalog (format strings agree).
# When this fails: sh scripts/update-po.sh, then translate what it added.
src=${KK_SOURCE_DIR:-.}
cd "$src" || exit 1
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $1"; }
sh scripts/update-po.sh --pot "$t/fresh.pot" 2>"$t/xgettext.log" || { cat "$t/xgettext.log"; bad "xgettext"; }
n=$(grep -c '^msgid ' "$t/fresh.pot")
[ "$n" -gt 20 ] && ok || bad "only $n strings found in the sources"
if msgcmp --use-untranslated po/kioku.pot "$t/fresh.pot" >"$t/cmp" 2>&1; then ok; else cat "$t/cmp"; bad "po/kioku.pot lacks strings of the sources (run scripts/update-po.sh)"; fi
if msgcmp --use-untranslated "$t/fresh.pot" po/kioku.pot >"$t/cmp2" 2>&1; then ok; else cat "$t/cmp2"; bad "po/kioku.pot has strings the sources no longer use"; fi
for po in po/*.po; do
  lang=$(basename "$po" .po)
  if msgcmp "$po" po/kioku.pot >"$t/$lang.cmp" 2>&1; then ok; else head -20 "$t/$lang.cmp"; bad "$lang.po misses or leaves untranslated template strings"; fi
  u=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)
  [ "${u:-0}" -le 1 ] && ok || bad "$lang.po: $((u - 1)) untranslated"   # the header counts once
  f=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid ' || true)
  [ "${f:-0}" -eq 0 ] && ok || bad "$lang.po: fuzzy entries"
  if msgfmt --check -o /dev/null "$po" 2>"$t/$lang.fmt"; then ok; else cat "$t/$lang.fmt"; bad "msgfmt --check $lang.po"; fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

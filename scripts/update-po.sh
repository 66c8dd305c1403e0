#!/bin/sh
# Regenerates the message template po/kioku.pot from the sources and merges
# it into every po/LANG.po (new strings arrive untranslated; the test
# command then fails until they are translated).  Run after adding or
# changing a user-visible string.
#   sh scripts/update-po.sh           update po/kioku.pot and po/*.po
#   sh scripts/update-po.sh --pot F   write the template to F only (tests)
set -eu
cd "$(dirname "$0")/.."
out=po/kioku.pot
[ "${1:-}" = "--pot" ] && out=$2
# Markers: _() and N_() (core/base/i18n.h), kk_ngettext / kk_ui_ngettext
# (plural forms), kk_pgettext (a context, for short words such as grades).
find src -name '*.c' | LC_ALL=C sort | xargs xgettext --from-code=UTF-8 --language=C \
  --keyword=_ --keyword=N_ --keyword=kk_ngettext:1,2 --keyword=kk_ui_ngettext:1,2 \
  --keyword=kk_pgettext:1c,2 --add-comments=TRANSLATORS: --package-name=kioku \
  --msgid-bugs-address=kioku@example.org --sort-by-file --no-wrap -o "$out.tmp"
# no creation date: the template changes only when a string does
grep -v '^"POT-Creation-Date:' "$out.tmp" >"$out"
rm -f "$out.tmp"
[ "${1:-}" = "--pot" ] && exit 0
for po in po/*.po; do
  [ -f "$po" ] || continue
  msgmerge --quiet --update --backup=none --no-wrap --no-fuzzy-matching "$po" "$out"
done

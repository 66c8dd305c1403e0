#!/bin/sh
# The Debian package, as an administrator meets it: cpack builds it; its
# version agrees with the binary, the Debian changelog and the AppStream
# release; its dependencies come from the binary's libraries plus the
# Japanese font; lintian finds no error or warning (the few informational
# tags are listed in docs/deploying.md); desktop-file-validate and
# appstreamcli pass; the manual page renders.  Then it is installed into a
# throwaway root with dpkg (its own database, nothing on this system
# changes): the installed binary prints its version, finds its bundled
# decks beside it and lints them; dpkg -L lists exactly what cmake
# --install installs; removing it leaves no file behind.
build=${KK_BINARY_DIR:?}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $1"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

# ---- build it
if ! (cd "$t" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$t/out" >"$t/cpack.log" 2>&1); then
  cat "$t/cpack.log"; echo "FAIL: cpack"; echo "$pass passed, 1 failed"; exit 1
fi
deb=$(ls "$t"/out/kioku_*.deb 2>/dev/null | head -1)
check "cpack wrote a .deb" "[ -f '$deb' ]"
[ -f "$deb" ] || { echo "$pass passed, $((fail)) failed"; exit 1; }

# ---- one version everywhere
ver=$(dpkg-deb -f "$deb" Version)
binver=$("$build/kioku" --version | sed -n 's/^kioku //p')
clver=$(sed -n '1s/^kioku (\([^)]*\)).*/\1/p' assets/debian/changelog)
asver=$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' assets/kioku.metainfo.xml | head -1)
check "package version $ver = binary $binver" "[ -n '$ver' ] && [ '$ver' = '$binver' ]"
check "changelog version $clver = $ver" "[ '$clver' = '$ver' ]"
check "AppStream newest release $asver = $ver" "[ '$asver' = '$ver' ]"
deps=$(dpkg-deb -f "$deb" Depends)
check "depends on the Japanese font" "echo '$deps' | grep -q 'fonts-noto-cjk'"
check "depends computed from the binary (SDL2, SQLite)" "echo '$deps' | grep -q 'libsdl2-2.0-0' && echo '$deps' | grep -q 'libsqlite3-0'"

# ---- the checkers made for it
lintian --no-tag-display-limit "$deb" >"$t/lintian" 2>&1
if grep -E '^[EW]: ' "$t/lintian"; then bad "lintian errors or warnings"; else ok; fi
check "desktop-file-validate" "desktop-file-validate assets/kioku.desktop"
check "appstreamcli validate" "appstreamcli validate --no-net --pedantic assets/kioku.metainfo.xml >'$t/as' 2>&1 || { cat '$t/as'; false; }"
check "StartupWMClass is the binary's name" "grep -qx 'StartupWMClass=kioku' assets/kioku.desktop"

# ---- unpacked: what is in it works
root=$t/root
dpkg-deb -x "$deb" "$root"
check "binary at /usr/bin" "[ -x '$root/usr/bin/kioku' ]"
out=$(env -u KIOKU_BUNDLED_DECKS "$root/usr/bin/kioku" --version)
check "installed binary prints its version" "echo '$out' | grep -qx 'kioku $ver'"
check "installed binary finds the decks beside it" "echo '$out' | grep -qx 'bundled decks: $root/usr/share/kioku/decks'"
check "installed decks lint clean" "env -u KIOKU_BUNDLED_DECKS '$root/usr/bin/kioku' lint '$root/usr/share/kioku/decks' >'$t/lint' 2>&1 || { cat '$t/lint'; false; }"
check "manual page renders" "man -l '$root/usr/share/man/man1/kioku.1.gz' 2>/dev/null | grep -q 'kioku lint'"
check "every command is in the manual page" "for c in \$('$build/kioku' --help | sed -n '/^commands:/,/^  help /p' | sed -n 's/^  \\([a-z]*\\) .*/\\1/p' | grep -v '^help\$'); do man -l '$root/usr/share/man/man1/kioku.1.gz' 2>/dev/null | grep -q \"kioku \$c\" || exit 1; done"
check "icons in the usual sizes" "for s in 16 32 48 64 128 256; do [ -f '$root'/usr/share/icons/hicolor/\${s}x\${s}/apps/kioku.png ] || exit 1; done && [ -f '$root/usr/share/icons/hicolor/scalable/apps/kioku.svg' ]"
check "copyright and changelog in /usr/share/doc/kioku" "[ -f '$root/usr/share/doc/kioku/copyright' ] && [ -f '$root/usr/share/doc/kioku/changelog.gz' ]"

# ---- the package holds exactly what cmake --install installs
cmake --install "$build" --prefix "$t/inst/usr" >/dev/null 2>&1
(cd "$t/inst" && find . -type f | sed 's|^\./|/|' | sort) >"$t/installed"
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\./|/|' | sort >"$t/packaged"
check "package = cmake --install" "diff '$t/installed' '$t/packaged'"

# ---- dpkg in a throwaway root: install, list, remove
db=$t/dpkgroot
mkdir -p "$db/var/lib/dpkg/info" "$db/var/lib/dpkg/updates" "$db/usr/bin" "$db/usr/share"
: >"$db/var/lib/dpkg/status"
: >"$db/var/lib/dpkg/available"
dpkg --root="$db" --force-depends --force-not-root --log=/dev/null -i "$deb" >"$t/dpkg" 2>&1
check "dpkg -i into the throwaway root" "grep -q 'Setting up kioku' '$t/dpkg' || { cat '$t/dpkg'; false; }"
dpkg --root="$db" -L kioku 2>/dev/null | while read -r p; do [ -f "$db$p" ] && echo "$p"; done | sort >"$t/listed"
check "dpkg -L lists every installed file" "diff '$t/installed' '$t/listed'"
dpkg --root="$db" --force-depends --force-not-root --log=/dev/null -r kioku >"$t/dpkg-r" 2>&1
left=$(cd "$db" && find . -path ./var -prune -o -type f -print)
check "removal leaves no file behind" "[ -z '$left' ] || { echo '$left'; false; }"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

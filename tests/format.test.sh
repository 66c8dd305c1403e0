#!/bin/sh
# The C sources (src/, tests/, bench/) are formatted with the committed
# .clang-format; `sh scripts/format.sh` applies it.  The check is first run
# on a planted badly formatted file, so it cannot pass vacuously.
cd "${KK_SOURCE_DIR:-.}" || exit 1
command -v clang-format >/dev/null || {
  echo "SKIPPED: clang-format is not installed (scripts/setup.sh installs it)"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cp .clang-format "$tmp/"
printf 'int  f( int x ){return x+1;}\n' >"$tmp/bad.c"
if (cd "$tmp" && clang-format --style=file bad.c | cmp -s - bad.c); then
  echo "FAIL: the format check does not catch a badly formatted file"; exit 1
fi
sh scripts/format.sh --check || { echo "FAIL: run sh scripts/format.sh"; exit 1; }
echo "1 passed, 0 failed"

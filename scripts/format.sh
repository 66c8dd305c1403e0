#!/bin/sh
# Formats the C sources with the committed .clang-format (src/, tests/,
# bench/).  --check: change nothing, exit 1 and list the files that differ.
set -eu
cd "$(dirname "$0")/.."
files=$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' 'bench/*.c' 'bench/*.h')
if [ "${1:-}" = "--check" ]; then
  bad=0
  for f in $files; do
    if ! clang-format --style=file "$f" | cmp -s - "$f"; then echo "not formatted: $f"; bad=1; fi
  done
  exit $bad
fi
# shellcheck disable=SC2086
clang-format --style=file -i $files

#!/bin/sh
# Formats the C sources with the committed .clang-format (src/, tests/,
# bench/).  --check: change nothing, exit 1 and list the files that differ.
set -eu
cd "$(dirname "$0")/.."
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  files=$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' 'bench/*.c' 'bench/*.h')
else # a source tarball
  files=$(find src tests bench -name '*.[ch]' | sort)
fi
if [ "${1:-}" = "--check" ]; then
  # one process for every file; names each file that differs
  rc=0
  # shellcheck disable=SC2086
  out=$(clang-format --style=file --dry-run -Werror $files 2>&1) || rc=$?
  printf '%s\n' "$out" | grep -o '^[^:]*:[0-9]*:[0-9]*: error' | cut -d: -f1 | sort -u | sed 's/^/not formatted: /'
  exit $rc
fi
# shellcheck disable=SC2086
clang-format --style=file -i $files

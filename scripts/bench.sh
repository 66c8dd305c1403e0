#!/bin/sh
# Builds an optimised tree and prints every benchmark's figures.
# Usage: scripts/bench.sh [NAME...]   (NAME: fsrs, lint, queue, ...)
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
want="$*"
for b in build-bench/bench/bench_* bench/*.sh; do
  [ -e "$b" ] || continue
  n=$(basename "$b"); n=${n#bench_}; n=${n%.sh}
  if [ -n "$want" ] && ! echo " $want " | grep -q " $n "; then continue; fi
  echo "== $n"
  case $b in
    *.sh) sh "$b" build-bench ;;
    *) "$b" ;;
  esac
done

#!/bin/sh
# Set up, build and open the trainer on the bundled decks.
# Extra arguments go to kioku (e.g. scripts/run.sh --data-dir /tmp/k).
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
exec ./build/kioku "$@"

#!/bin/sh
# Makes the README screenshots with one command: builds kioku, replays
# tests/scripts/readme-*.kks on the bundled decks under SDL's dummy video
# driver (software renderer, fixed clock, fresh data dir) and writes
# docs/img/home.png, cloze.png, cloze-answer.png, typed-ime.png,
# choice-feedback.png and stats.png.  LOOK at them before committing.
#
#   scripts/screenshots.sh                 README screenshots into docs/img/
#   scripts/screenshots.sh --rebaseline    rewrite tests/baselines/*.png from
#                                          tests/scripts/*.kks (then look at
#                                          every changed PNG, e.g. git diff --stat)
#
# KIOKU_BUNDLED_DECKS overrides the decks folder (default: decks/).
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
cmake -S . -B build >/dev/null
cmake --build build -j2 >/dev/null
if [ "${1:-}" = --rebaseline ]; then
  exec sh tests/screens.test.sh --rebaseline build/kioku-testclock
fi
decks=${KIOKU_BUNDLED_DECKS:-$root/decks}
if [ ! -d "$decks" ]; then
  echo "screenshots: no decks folder at $decks (set KIOKU_BUNDLED_DECKS)" >&2
  exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kk-shots.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p docs/img
for script in tests/scripts/readme-*.kks; do
  name=$(basename "$script" .kks)
  args=$(sed -n 's/^# args: *//p' "$script" | head -n 1 | sed "s|@DECKS@|$decks|g")
  sed "s|^\(screenshot  *\)\([^/ ][^ ]*\)$|\1$root/docs/img/\2|" "$script" > "$tmp/$name.kks"
  mkdir -p "$tmp/$name"
  # an existing store: the window's "created a new progress store" notice
  # (with its temporary path) stays out of the pictures
  ./build/kioku stats --data-dir "$tmp/$name/data" >/dev/null 2>&1
  # 2026-03-02 09:00 UTC
  env HOME="$tmp/$name" XDG_DATA_HOME="$tmp/$name/share" XDG_CONFIG_HOME="$tmp/$name/config" \
    KIOKU_DATA_DIR="$tmp/$name/data" KIOKU_BUNDLED_DECKS="$decks" KIOKU_NOW_MS=1772442000000 TZ=UTC \
    SDL_VIDEODRIVER=dummy KIOKU_RENDERER=software \
    ./build/kioku-testclock $args --size 960x680 --script "$tmp/$name.kks"
  echo "$name: $(sed -n 's/^screenshot  *//p' "$script" | sed 's|^|docs/img/|' | tr '\n' ' ')"
done

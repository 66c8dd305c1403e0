#!/bin/sh
# gen-decks.sh -- regenerates decks/generated/*.yaml, one draft deck per
# course document, with `kioku gen`.  This is the one command that produces
# the generated decks; commit its output.  Every card it writes is
# `origin: gen`; the hand-written decks live in decks/*.yaml, and drafts
# that ask what one of their cards already asks (same answer term in the
# same section) are left out (--against).
#
# usage: scripts/gen-decks.sh [OUTDIR]
#   KK_SEEDS_DIR  folder of the course documents (default: ../shared/seeds
#             beside the repository, as in the project layout)
#   KIOKU     the kioku binary (default: build/kioku, built if missing)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/decks/generated}
seeds=${KK_SEEDS_DIR:-${KK_SEEDS:-}}
if [ -z "$seeds" ]; then
  for d in "$root/../shared/seeds" "$root/../../shared/seeds"; do
    if [ -d "$d" ]; then seeds=$d; break; fi
  done
fi
if [ -z "$seeds" ] || [ ! -d "$seeds" ]; then
  echo "gen-decks.sh: no course documents found; set KK_SEEDS_DIR" >&2
  exit 1
fi
kioku=${KIOKU:-$root/build/kioku}
if [ ! -x "$kioku" ]; then
  cmake -S "$root" -B "$root/build" >/dev/null
  cmake --build "$root/build" -j2 --target kioku >/dev/null
fi
mkdir -p "$out"
for doc in "$seeds"/*.txt; do
  name=$(basename "$doc" .txt)
  "$kioku" gen "$doc" --deck-id "gen-$(echo "$name" | tr _ -)" --id-prefix gen- --max 60 \
    --against "$root/decks" --schema ../../docs/schema/deck.schema.json \
    -o "$out/$name.yaml" --force
done

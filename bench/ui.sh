#!/bin/sh
# Trainer window figures (printed, not tests), run by scripts/bench.sh:
#   launch   process start to the first presented frame of a drill on the
#            bundled decks (median of 5, dummy video driver, software renderer)
#   frame    a full card screen redrawn after its first draw (`frames N`)
#   idle     CPU time used in 10 s with the window open and no input
#            (Xvfb, the real X11 event loop)
#   memory   peak RSS with the CJK font loaded and a 10 000-card deck
# Usage: sh bench/ui.sh [BUILD_DIR]    (default: build-bench)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build-bench}
kioku=$(pwd)/$build/kioku
[ -x "$kioku" ] || { echo "ui: $kioku not built"; exit 1; }
decks=${KIOKU_BUNDLED_DECKS:-$(pwd)/decks}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kk-bench-ui.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export SDL_VIDEODRIVER=dummy KIOKU_RENDERER=software KIOKU_DATA_DIR="$tmp/data"
export KIOKU_BUNDLED_DECKS="$decks" KIOKU_NOW_MS=1772442000000

ms_now() { date +%s%3N; }

# ---- launch to first card ---------------------------------------------------
printf 'quit\n' > "$tmp/quit.kks"
if ls "$decks"/*.yaml >/dev/null 2>&1; then
  runs=""
  for i in 1 2 3 4 5; do
    t0=$(ms_now)
    t1=$(KIOKU_TRACE=1 "$kioku" drill "$decks" --script "$tmp/quit.kks" 2>&1 |
         sed -n 's/^kioku: first frame presented at //p')
    runs="$runs $((t1 - t0))"
  done
  med=$(echo $runs | tr ' ' '\n' | sort -n | sed -n 3p)
  echo "launch to first drawn card ($(ls "$decks"/*.yaml | wc -l) bundled decks): median ${med} ms (runs:$runs; target < 150 ms)"
else
  echo "launch: SKIP (no decks at $decks)"
fi

# ---- frame time of a full card screen ------------------------------------------
cat > "$tmp/frames.kks" <<'KKS'
key Space
frames 1000
quit
KKS
if ls "$decks"/*.yaml >/dev/null 2>&1; then
  out=$("$kioku" drill "$decks" --size 1280x800 --script "$tmp/frames.kks")
  echo "frame, revealed card screen, software renderer: ${out#frames: } (target < 2 ms)"
fi

# ---- idle CPU ----------------------------------------------------------------
if command -v xvfb-run >/dev/null 2>&1; then
  cpu=$(SDL_VIDEODRIVER=x11 KIOKU_RENDERER= xvfb-run -a sh -c '
    "$0" >/dev/null 2>&1 &
    pid=$!
    sleep 2
    hz=$(getconf CLK_TCK)
    a=$(awk "{print \$14 + \$15}" /proc/$pid/stat)
    sleep 10
    b=$(awk "{print \$14 + \$15}" /proc/$pid/stat)
    kill $pid
    wait $pid 2>/dev/null || true
    echo "$(( (b - a) * 1000 / hz ))"' "$kioku")
  echo "idle 10 s with the home screen open (Xvfb): ${cpu} ms CPU (target 0)"
else
  echo "idle: SKIP (xvfb-run not installed)"
fi

# ---- memory with 10k cards ------------------------------------------------------
awk 'BEGIN {
  print "deck:\n  id: bench-10k\n  title: \"ベンチ 10000枚\"\n  language: ja\ncards:";
  for (i = 0; i < 10000; i++) {
    if (i % 2 == 0) {
      printf "  - id: b%05d\n    type: cloze\n    text: \"加盟国の一国に対する{{c1::武力攻撃}}は第%d条により全加盟国に対する攻撃とみなされる。\"\n", i, i;
    } else {
      printf "  - id: b%05d\n    type: basic\n    front: \"問%d: 北大西洋条約機構の略称は?\"\n    back: \"NATO (%d)\"\n", i, i, i;
    }
    printf "    source: {doc: bench.txt, section: bench}\n";
  }
}' > "$tmp/bench-10k.yaml"
cat > "$tmp/mem.kks" <<'KKS'
key Space
key 3
key Space
frames 20
quit
KKS
rss=$(KIOKU_TRACE=1 "$kioku" drill "$tmp/bench-10k.yaml" --script "$tmp/mem.kks" 2>&1 >/dev/null |
      sed -n 's/^kioku: peak RSS //p')
echo "peak RSS, CJK font + 10 000 cards, drilling: ${rss} (target < 60 MB)"

#!/bin/sh
# Lint speed on a generated 100k-card deck (about 24 MB), against the floor
# (a bare libyaml event scan of the same file) and PyYAML's C loader.
# Usage: bench/lint.sh [BUILD_DIR]   (run by scripts/bench.sh)
set -eu
build=${1:-build-bench}
dir=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$dir"' EXIT
echo "work dir: $dir"
deck="$dir/big.yaml"
python3 - "$deck" <<'PY'
import sys, random
random.seed(7)
w = open(sys.argv[1], "w", encoding="utf-8")
w.write("deck:\n  id: big\n  title: 大きなデッキ\n  language: ja\ncards:\n")
kinds = ["basic", "cloze", "choice", "typed", "truefalse"]
for i in range(100000):
    k = kinds[i % len(kinds)]
    src = "    source: {doc: 000_58e3e53a805f13db.txt, section: \"北大西洋条約 第5条(原文)\", line: %d}\n" % (i % 300 + 1)
    pad = "集団防衛の信頼性と同盟の負担共有をめぐる議論"
    w.write("  - id: c%06d\n    type: %s\n    tags: [bench, t%d]\n" % (i, k, i % 50))
    if k == "basic":
        w.write("    front: \"%s 問%d\"\n    back: \"NATO 第5条 answer %d\"\n" % (pad, i, i))
    elif k == "cloze":
        w.write("    text: \"%s {{c1::第5条}} と {{c2::集団防衛::hint}} %d\"\n" % (pad, i))
    elif k == "choice":
        w.write("    question: \"%s %d?\"\n    options: [\"GDP比2%%\", \"GDP比5%%\", {text: \"GDP比10%%\", feedback: \"違う\"}]\n    answer: 2\n" % (pad, i))
    elif k == "typed":
        w.write("    question: \"%s %d\"\n    answer: [\"5%%\", \"５％\"]\n" % (pad, i))
    else:
        w.write("    statement: \"%s %d\"\n    answer: false\n" % (pad, i))
    w.write("    explanation: \"説明 %d\"\n" % i)
    w.write(src)
PY
size=$(stat -c %s "$deck")
echo "deck: 100000 cards, $size bytes"
# the floor: a bare libyaml event scan, compiled here
cat > "$dir/scan.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>
int main(int argc, char **argv) {
  FILE *f = fopen(argv[1], "rb");
  fseek(f, 0, SEEK_END); long n = ftell(f); fseek(f, 0, SEEK_SET);
  unsigned char *buf = malloc(n); fread(buf, 1, n, f); fclose(f);
  yaml_parser_t p; yaml_event_t e; long events = 0; int done = 0;
  yaml_parser_initialize(&p);
  yaml_parser_set_input_string(&p, buf, n);
  while (!done) {
    if (!yaml_parser_parse(&p, &e)) return 1;
    done = e.type == YAML_STREAM_END_EVENT; events++;
    yaml_event_delete(&e);
  }
  yaml_parser_delete(&p); free(buf);
  printf("%ld events\n", events);
  return 0;
}
C
cc -O2 -o "$dir/scan" "$dir/scan.c" $(pkg-config --cflags --libs yaml-0.1)
best() { # best of 5: wall seconds, CPU seconds (user+sys), max RSS (KiB)
  b=""; cpu=""; rss=""
  for i in 1 2 3 4 5; do
    /usr/bin/time -f "%e %U %S %M" -o "$dir/t" "$@" >/dev/null 2>&1 || true
    read -r s u y m < "$dir/t"
    c=$(awk "BEGIN{print $u + $y}")
    if [ -z "$cpu" ] || awk "BEGIN{exit !($c < $cpu)}"; then b=$s; cpu=$c; rss=$m; fi
  done
  echo "$b $cpu $rss"
}
set -- $(best "$dir/scan" "$deck"); scan=$1; scan_cpu=$2; scan_rss=$3
set -- $(best "$build/kioku" lint "$deck"); lint=$1; lint_cpu=$2; lint_rss=$3
echo "libyaml event scan: ${scan} s wall, ${scan_cpu} s CPU, peak RSS ${scan_rss} KiB"
echo "kioku lint:         ${lint} s wall, ${lint_cpu} s CPU, peak RSS ${lint_rss} KiB"
awk "BEGIN{printf \"lint / scan ratio:  %.2fx wall, %.2fx CPU (target <= 1.5x)\n\", $lint/$scan, $lint_cpu/$scan_cpu}"
PY3=python3; [ -x /usr/bin/python3 ] && PY3=/usr/bin/python3
if $PY3 -c 'import yaml; yaml.CSafeLoader' 2>/dev/null; then
  /usr/bin/time -f "%e %M" -o "$dir/t" $PY3 -c "import yaml,sys; yaml.load(open(sys.argv[1],encoding='utf-8'), Loader=yaml.CSafeLoader)" "$deck"
  read -r py py_rss < "$dir/t"
  echo "PyYAML CSafeLoader: ${py} s, peak RSS ${py_rss} KiB"
  awk "BEGIN{printf \"PyYAML / lint ratio: %.1fx\n\", $py/$lint}"
else
  echo "PyYAML C loader not installed (python3-yaml); skipped"
fi

#!/bin/sh
# bench/optimize.sh -- our FSRS fit beside fsrs-rs on the same synthetic
# students (held-out log loss, fit time).  fsrs-rs comes from npm
# (@open-spaced-repetition/binding), installed under /tmp, never into the
# repository; the test suite never needs it.
#   sh bench/optimize.sh [BUILD_DIR]
set -eu
build=${1:-build}
oracle=${KK_FSRS_RS_DIR:-/tmp/kk-fsrs-rs}
work=$(mktemp -d /tmp/kk-optimize-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cmake --build "$build" --target bench_optimize >/dev/null
if [ ! -d "$oracle/node_modules/@open-spaced-repetition/binding" ]; then
  mkdir -p "$oracle"
  (cd "$oracle" && npm install --silent --no-save --no-audit --no-fund \
      @open-spaced-repetition/binding@0.5.0 >/dev/null)
fi
"$build/bench/bench_optimize" --write "$work" >/dev/null
cat > "$work/fit.cjs" <<'JS'
const fs = require('fs');
const { computeParameters, convertCsvToFsrsItems } = require(process.argv[2]);
(async () => {
  for (const f of process.argv.slice(3)) {
    const items = convertCsvToFsrsItems(fs.readFileSync(f), 4, 'UTC', () => 0);
    const t0 = process.hrtime.bigint();
    const w = await computeParameters(items, { enableShortTerm: true, numRelearningSteps: 1 });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    fs.writeFileSync(f.replace('-train.csv', '-fsrsrs.txt'), w.join(',') + '\n' + s + '\n');
  }
})();
JS
node "$work/fit.cjs" "$oracle/node_modules/@open-spaced-repetition/binding" \
  "$work"/student*-train.csv
"$build/bench/bench_optimize" --compare "$work"

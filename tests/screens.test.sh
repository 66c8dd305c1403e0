#!/bin/sh
# Screenshot end-to-end tests: every tests/scripts/NAME.kks is replayed by the
# real trainer (`kioku --script`) under SDL_VIDEODRIVER=dummy with the
# software renderer, a fixed clock (KIOKU_NOW_MS) and a fresh data dir, and
# each `screenshot FILE.png` it takes is compared with tests/baselines/FILE.png
# within a tolerance (tests/pngdiff.c).  A script's first `# args:` line gives
# the kioku arguments (default: none, i.e. the home screen), an `# env:` line
# extra environment (VAR=value ...), a `# sizes: WxH ...` line takes every
# shot at each size in the same launch (NAME-WxH.png), a `# cwd:` line
# the folder to run in (@TMP@: this run's scratch folder, @SRC@: the
# source tree; both also in `# args:`).  Japanese shots (ja_*) must match
# with no differing pixel.  Then one smoke
# run under xvfb-run when it is installed (skipped visibly otherwise).
#
#   sh tests/screens.test.sh KIOKU                  compare (ctest runs this)
#   sh tests/screens.test.sh --rebaseline KIOKU     rewrite tests/baselines
#   sh tests/screens.test.sh --out DIR KIOKU        only write the shots to DIR
#
# Rebaseline on purpose with `scripts/screenshots.sh --rebaseline`, then LOOK
# at the changed PNGs before committing them.
set -u
mode=compare
outdir=
while [ $# -gt 1 ]; do
  case $1 in
    --rebaseline) mode=rebaseline; shift ;;
    --out) mode=out; outdir=$2; shift 2 ;;
    *) break ;;
  esac
done
kioku=${1:?usage: screens.test.sh [--rebaseline | --out DIR] KIOKU}
case $kioku in /*) ;; *) kioku=$(pwd)/$kioku ;; esac
src=${KK_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
bin=${KK_BINARY_DIR:-$(dirname "$kioku")}
pngdiff=$bin/tests/kk_pngdiff
if [ "$mode" = compare ] && [ ! -x "$pngdiff" ]; then
  echo "screens: $pngdiff not built"; exit 1
fi
# The Japanese shots need the compiled catalog (the kk_assets target):
# without it they would show English and fail for the wrong reason.
if [ ! -f "$bin/locale/ja/LC_MESSAGES/kioku.mo" ]; then
  echo "screens: $bin/locale/ja/LC_MESSAGES/kioku.mo not built (cmake --build ... --target kk_assets)"
  exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kk-screens.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# 2026-03-02 09:00 UTC, a Monday: every run sees the same day.
now_ms=1772442000000
fail=0
total=0

run_script() { # script-file out-dir [extra env...]
  script=$1; out=$2; shift 2
  name=$(basename "$script" .kks)
  args=$(sed -n 's/^# args: *//p' "$script" | head -n 1)
  envs=$(sed -n 's/^# env: *//p' "$script" | head -n 1)
  mkdir -p "$out" "$tmp/data-$name" "$tmp/home-$name" "$tmp/no-bundled-decks"
  # An existing (empty) store: the "created a new progress store at <temp
  # path>" notice stays out of the screenshots (checked on its own below).
  "$kioku" stats --data-dir "$tmp/data-$name" >/dev/null 2>&1
  # `# sync: DIR`: the store syncs with ~/Sync (the window says "~/Sync"),
  # remembered while it is empty; then the files of tests/scripts/DIR are
  # put there, for the window's own sync as it opens.
  syncdir=$(sed -n 's/^# sync: *//p' "$script" | head -n 1)
  if [ -n "$syncdir" ]; then
    mkdir -p "$tmp/home-$name/Sync"
    "$kioku" sync --data-dir "$tmp/data-$name" --remember "$tmp/home-$name/Sync" >/dev/null 2>&1 ||
      { echo "FAIL $name: kioku sync --remember"; return 1; }
    cp "$src/tests/scripts/$syncdir"/*.kioku-sync "$tmp/home-$name/Sync/"
  fi
  # A `# sizes: WxH WxH ...` line takes every screenshot at each size, in one
  # launch: `screenshot X.png` becomes `resize W H`, `screenshot X-WxH.png`
  # per size, then a resize back to the first size (where the script's
  # keys act).  The shot names (bare) go to $tmp/$name.shots.
  sizes=$(sed -n 's/^# sizes: *//p' "$script" | head -n 1)
  awk -v sizes="$sizes" '
    NR == 1 && sizes != "" { split(sizes, sz0, " "); split(sz0[1], wh0, "x")
                             print "resize " wh0[1] " " wh0[2] }
    /^screenshot  *[^\/ ][^ ]*$/ && sizes != "" {
      n = split(sizes, sz, " "); base = $2; sub(/\.png$/, "", base)
      for (i = 1; i <= n; i++) {
        split(sz[i], wh, "x"); print "resize " wh[1] " " wh[2]
        print "screenshot " base "-" sz[i] ".png"
      }
      split(sz[1], wh, "x"); print "resize " wh[1] " " wh[2]; next
    }
    { print }' "$script" > "$tmp/$name.expanded"
  sed -n 's/^screenshot  *\([^/ ][^ ]*\)$/\1/p' "$tmp/$name.expanded" > "$tmp/$name.shots"
  # Screenshot paths in the script are bare names: put them in $out;
  # @TMP@ in the arguments is this run's scratch folder (generated inputs).
  sed "s|^\(screenshot  *\)\([^/ ][^ ]*\)$|\1$out/\2|" "$tmp/$name.expanded" > "$tmp/$name.kks"
  # `# cwd: DIR` runs kioku there (default: the source tree), so that a
  # path the window shows can be a short stable one; @TMP@ in the
  # arguments and the folder is this run's scratch folder, @SRC@ the
  # source tree.
  cwd=$(sed -n 's/^# cwd: *//p' "$script" | head -n 1)
  args=$(printf '%s' "$args" | sed "s|@TMP@|$tmp|g; s|@SRC@|$src|g")
  cwd=$(printf '%s' "${cwd:-@SRC@}" | sed "s|@TMP@|$tmp|g; s|@SRC@|$src|g")
  (
    cd "$cwd" &&
    env HOME="$tmp/home-$name" XDG_CONFIG_HOME="$tmp/home-$name/.config" \
      XDG_DATA_HOME="$tmp/home-$name/.local/share" KIOKU_NOW_MS=$now_ms \
      KIOKU_DATA_DIR="$tmp/data-$name" KIOKU_BUNDLED_DECKS="$tmp/no-bundled-decks" TZ=UTC $envs "$@" \
      "$kioku" $args --size 960x680 --script "$tmp/$name.kks"
  ) > "$tmp/$name.log" 2>&1
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "FAIL $name: kioku exited $rc"; sed 's/^/  /' "$tmp/$name.log"
    return 1
  fi
  return 0
}

# A sealed exam pack for the password screen (ja_unlock.kks).
mkdir -p "$tmp/sealed"
printf 'kaede-7\n' > "$tmp/sealed/pw"
"$kioku" exam pack "$src/tests/scripts/exams/ja.yaml" -o "$tmp/sealed/確認テスト.kexam" \
  --password-file "$tmp/sealed/pw" > "$tmp/sealed/log" 2>&1 || { cat "$tmp/sealed/log"; exit 1; }

for script in "$src"/tests/scripts/*.kks; do
  [ -e "$script" ] || continue
  name=$(basename "$script" .kks)
  case $name in smoke*|readme-*) continue ;; esac
  case $mode in
    compare) out=$tmp/shots ;;
    rebaseline) out=$src/tests/baselines ;;
    out) out=$outdir ;;
  esac
  total=$((total + 1))
  if ! run_script "$script" "$out" SDL_VIDEODRIVER=dummy KIOKU_RENDERER=software; then
    fail=$((fail + 1)); continue
  fi
  [ "$mode" = compare ] || { echo "wrote $name"; continue; }
  for shot in $(cat "$tmp/$name.shots"); do
    if [ ! -f "$out/$shot" ]; then
      echo "FAIL $name: no screenshot $shot"; fail=$((fail + 1)); continue
    fi
    if [ ! -f "$src/tests/baselines/$shot" ]; then
      echo "FAIL $name: no baseline tests/baselines/$shot (scripts/screenshots.sh --rebaseline)"
      fail=$((fail + 1)); continue
    fi
    # The Japanese shots allow no differing pixel (a channel off by more
    # than pngdiff's 24 levels): the software renderer draws them the same
    # on every run, and the default allowance (0.2% of the pixels, 614 at
    # 640x480) let a one-glyph change of a translation through (166
    # pixels).  The 24 levels still absorb rounding in a glyph's edges.
    strict=
    case $shot in ja_*) strict="--max-fraction 0" ;; esac
    if "$pngdiff" "$out/$shot" "$src/tests/baselines/$shot" $strict --diff "$bin/diff-$shot"; then
      echo "ok   $name: $shot"
    else
      echo "FAIL $name: $shot differs (red pixels in $bin/diff-$shot)"
      fail=$((fail + 1))
    fi
  done
done

# Command-line and start-up errors, and remembered deck folders.
if [ "$mode" = compare ]; then
  check() { # name expected-rc grep-pattern command...
    cname=$1; want=$2; pat=$3; shift 3
    total=$((total + 1))
    out=$(env SDL_VIDEODRIVER=dummy KIOKU_RENDERER=software KIOKU_DATA_DIR="$tmp/data-cli" \
          KIOKU_BUNDLED_DECKS="$tmp/no-bundled-decks" "$@" 2>&1)
    rc=$?
    if [ $rc -eq "$want" ] && printf '%s' "$out" | grep -q -- "$pat"; then
      echo "ok   $cname"
    else
      echo "FAIL $cname: exit $rc (want $want), output:"; printf '%s\n' "$out" | sed 's/^/  /'
      fail=$((fail + 1))
    fi
  }
  mkdir -p "$tmp/no-bundled-decks" "$tmp/fc"
  printf 'quit\n' > "$tmp/quit.kks"
  printf 'key Tab\nfrobnicate 3\n' > "$tmp/bad.kks"
  check "bad --size exits 2" 2 "WxH" "$kioku" --size 10x10
  # A new store is announced (a mistyped --data-dir must not pass silently);
  # an existing one is not.
  check "a new store is announced" 0 "created a new progress store at $tmp/new-store/progress.sqlite3" \
    "$kioku" --data-dir "$tmp/new-store" --script "$tmp/quit.kks"
  total=$((total + 1))
  if env SDL_VIDEODRIVER=dummy KIOKU_RENDERER=software KIOKU_BUNDLED_DECKS="$tmp/no-bundled-decks" \
       "$kioku" --data-dir "$tmp/new-store" --script "$tmp/quit.kks" 2>&1 | grep -q "created a new"; then
    echo "FAIL an existing store is not announced"; fail=$((fail + 1))
  else
    echo "ok   an existing store is not announced"
  fi
  # A store without SQLite's write-ahead log says why, on stderr and on
  # home (the note carries the store's temporary path: no baseline).
  mkdir -p "$tmp/journal"
  "$kioku" stats --data-dir "$tmp/journal" >/dev/null 2>&1
  python3 -c "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA journal_mode=DELETE')" \
    "$tmp/journal/progress.sqlite3"
  check "a store without WAL says why" 0 "warning: the progress store in $tmp/journal uses a rollback journal" \
    "$kioku" --data-dir "$tmp/journal" --script "$tmp/quit.kks"
  check "drill without paths exits 2" 2 "at least one deck" "$kioku" drill
  check "unknown option exits 2" 2 "unknown option" "$kioku" --frob
  check "missing --font file" 1 "cannot open the font" "$kioku" --font /nonexistent.ttc:0 --script "$tmp/quit.kks"
  check "bad script line is path:line:col" 1 "bad.kks:2:1: error: unknown command" "$kioku" --script "$tmp/bad.kks"
  # A fontconfig that knows no Japanese font: the error names the package.
  cat > "$tmp/fc/fonts.conf" <<FC
<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$tmp/fc/none</dir><cachedir>$tmp/fc/cache</cachedir></fontconfig>
FC
  check "no Japanese font names the package" 1 "fonts-noto-cjk" \
    env FONTCONFIG_FILE="$tmp/fc/fonts.conf" "$kioku" --script "$tmp/quit.kks"
  # --decks is remembered: a second start without it lists the same decks.
  if [ -f "$src/tests/baselines/home.png" ]; then
    total=$((total + 1))
    mkdir -p "$tmp/remember"
    printf 'screenshot %s\nquit\n' "$tmp/remember/home.png" > "$tmp/remember.kks"
    ( cd "$src" && env SDL_VIDEODRIVER=dummy KIOKU_RENDERER=software KIOKU_NOW_MS=$now_ms TZ=UTC \
        KIOKU_DATA_DIR="$tmp/remember/data" KIOKU_BUNDLED_DECKS="$tmp/no-bundled-decks" \
        HOME="$tmp/remember" "$kioku" --decks tests/scripts/decks --size 960x680 \
        --script "$tmp/quit.kks" &&
      env SDL_VIDEODRIVER=dummy KIOKU_RENDERER=software KIOKU_NOW_MS=$now_ms TZ=UTC \
        KIOKU_DATA_DIR="$tmp/remember/data" KIOKU_BUNDLED_DECKS="$tmp/no-bundled-decks" \
        HOME="$tmp/remember" "$kioku" --size 960x680 --script "$tmp/remember.kks" ) \
      > "$tmp/remember.log" 2>&1
    if "$pngdiff" "$tmp/remember/home.png" "$src/tests/baselines/home.png" >/dev/null 2>&1; then
      echo "ok   --decks remembered across runs"
    else
      echo "FAIL --decks remembered across runs"; sed 's/^/  /' "$tmp/remember.log"
      fail=$((fail + 1))
    fi
  fi
fi

# The theme is a saved setting: Ctrl+T in one run, dark in the next.
if [ "$mode" = compare ] && [ -f "$src/tests/baselines/dark_home.png" ]; then
  total=$((total + 1))
  mkdir -p "$tmp/theme"
  printf 'key ctrl+t\nquit\n' > "$tmp/theme1.kks"
  printf 'screenshot %s\nquit\n' "$tmp/theme/home.png" > "$tmp/theme2.kks"
  for k in 1 2; do
    ( cd "$src" && env SDL_VIDEODRIVER=dummy KIOKU_RENDERER=software KIOKU_NOW_MS=$now_ms \
        TZ=UTC KIOKU_DATA_DIR="$tmp/theme/data" KIOKU_BUNDLED_DECKS="$tmp/no-bundled-decks" \
        HOME="$tmp/theme" "$kioku" --decks tests/scripts/decks --size 960x680 \
        --script "$tmp/theme$k.kks" ) >> "$tmp/theme.log" 2>&1
  done
  if "$pngdiff" "$tmp/theme/home.png" "$src/tests/baselines/dark_home.png" >/dev/null 2>&1; then
    echo "ok   theme saved across runs"
  else
    echo "FAIL theme saved across runs"; sed 's/^/  /' "$tmp/theme.log"
    fail=$((fail + 1))
  fi
fi

# The window size is remembered: resized in one run, the next opens so.
if [ "$mode" = compare ]; then
  total=$((total + 1))
  mkdir -p "$tmp/size"
  printf 'resize 700 500\nquit\n' > "$tmp/size1.kks"
  printf 'screenshot %s\nquit\n' "$tmp/size/shot.png" > "$tmp/size2.kks"
  for k in 1 2; do
    env SDL_VIDEODRIVER=dummy KIOKU_RENDERER=software KIOKU_DATA_DIR="$tmp/size/data" \
      KIOKU_BUNDLED_DECKS="$tmp/no-bundled-decks" "$kioku" --script "$tmp/size$k.kks" \
      >> "$tmp/size.log" 2>&1
  done
  if [ -f "$tmp/size/shot.png" ] &&
     "$pngdiff" "$tmp/size/shot.png" "$tmp/size/shot.png" >/dev/null 2>&1 &&
     od -An -tu1 -j16 -N8 "$tmp/size/shot.png" | tr -s ' ' | grep -q '^ 0 0 2 188 0 0 1 244$'; then
    echo "ok   window size remembered"
  else
    echo "FAIL window size remembered"; sed 's/^/  /' "$tmp/size.log"
    fail=$((fail + 1))
  fi
fi

# Preview reloads the deck when the file changes on disk (real clock: the
# script waits while the test rewrites the file).
if [ "$mode" = compare ]; then
  total=$((total + 1))
  mkdir -p "$tmp/reload"
  cp "$src/tests/scripts/decks/screens-demo.yaml" "$tmp/reload/deck.yaml"
  printf 'screenshot %s\nwait 4000\nscreenshot %s\nquit\n' \
    "$tmp/reload/before.png" "$tmp/reload/after.png" > "$tmp/reload.kks"
  env SDL_VIDEODRIVER=dummy KIOKU_RENDERER=software KIOKU_DATA_DIR="$tmp/reload/data" \
    "$kioku" preview "$tmp/reload/deck.yaml" --size 960x680 --script "$tmp/reload.kks" \
    > "$tmp/reload.log" 2>&1 &
  pid=$!
  i=0
  while [ ! -s "$tmp/reload/before.png" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  sed 's/加盟国の一国に対する/いずれかの締約国に対する/' "$tmp/reload/deck.yaml" > "$tmp/reload/new.yaml"
  mv "$tmp/reload/new.yaml" "$tmp/reload/deck.yaml"
  wait $pid
  if [ -s "$tmp/reload/after.png" ] &&
     ! "$pngdiff" "$tmp/reload/after.png" "$tmp/reload/before.png" --tolerance 0 \
       --max-fraction 0 >/dev/null 2>&1; then
    echo "ok   preview reloads the changed deck"
  else
    echo "FAIL preview reloads the changed deck"; sed 's/^/  /' "$tmp/reload.log"
    fail=$((fail + 1))
  fi
fi

# Smoke test on a real X server (Xvfb): the window opens, takes input, and
# its screenshot matches the software one loosely (the renderer may differ).
# Leak checking is off for this run only: libdbus and the GL driver that SDL
# loads on X11 keep allocations to exit (our own code is leak-checked by the
# dummy-driver runs above).
if [ "$mode" = compare ]; then
  if command -v xvfb-run >/dev/null 2>&1 && [ -f "$src/tests/scripts/smoke.kks" ]; then
    total=$((total + 1))
    if run_script "$src/tests/scripts/smoke.kks" "$tmp/xvfb" \
         SDL_VIDEODRIVER=x11 ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
         xvfb-run -a -s "-screen 0 1280x800x24"; then
      run_script "$src/tests/scripts/smoke.kks" "$tmp/soft" SDL_VIDEODRIVER=dummy \
        KIOKU_RENDERER=software >/dev/null
      if "$pngdiff" "$tmp/xvfb/smoke.png" "$tmp/soft/smoke.png" --tolerance 96 \
           --max-fraction 0.02; then
        echo "ok   smoke (xvfb)"
      else
        echo "FAIL smoke (xvfb): screenshot differs from the software rendering"
        fail=$((fail + 1))
      fi
    else
      fail=$((fail + 1))
    fi
  else
    echo "SKIP smoke (xvfb): xvfb-run not installed"
  fi
fi

echo "screens: $((total - fail)) of $total passed"
[ $fail -eq 0 ]

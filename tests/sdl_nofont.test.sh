#!/bin/sh
# Without a Japanese font the SDL unit tests cannot test fonts or drawing:
# test_sdl must then exit 77 (skipped), never 0 (passed).  Fonts are hidden
# with an empty fontconfig configuration.
bin="${KK_BINARY_DIR:?}/tests/test_sdl"
[ -x "$bin" ] || { echo "test_sdl not built"; exit 77; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
printf '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n' > "$t/fonts.conf"
FONTCONFIG_FILE="$t/fonts.conf" SDL_VIDEODRIVER=offscreen "$bin" >"$t/out" 2>&1
rc=$?
if [ "$rc" -eq 77 ] && grep -q 'SKIPPED: no Japanese font' "$t/out"; then
  echo "1 passed, 0 failed"
  exit 0
fi
echo "FAIL: test_sdl without fonts exited $rc (want 77, skipped)"
cat "$t/out"
exit 1

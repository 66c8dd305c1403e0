#!/bin/sh
# Installs every Debian package Kioku needs to build, run and test.
# Idempotent and non-interactive; needs root (or sudo).
set -eu
PKGS="build-essential cmake pkg-config git
  libsdl2-dev libsdl2-ttf-dev libyaml-dev libsqlite3-dev libunibreak-dev
  libutf8proc-dev libfontconfig-dev libpng-dev fonts-noto-cjk
  xvfb xauth clang clang-tidy clang-format libclang-rt-14-dev python3-yaml sqlite3 valgrind cppcheck time
  gettext libzip-dev libsodium-dev libzstd-dev libmecab-dev mecab mecab-ipadic-utf8
  python3-jsonschema desktop-file-utils appstream lintian man-db file zip unzip
  librsvg2-bin x11-utils zstd xxd"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing

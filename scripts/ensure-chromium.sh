#!/bin/sh
# Browser tests drive Debian's chromium (never a downloaded browser), and the offline zip is also opened in
# Debian's firefox-esr over WebDriver BiDi (tests/test_firefox.py). Install them, and Japanese fonts so that
# pages render as learners see them, when they are missing.
set -eu
need=""
[ -x /usr/bin/chromium ] || need="chromium"
command -v firefox-esr >/dev/null 2>&1 || need="$need firefox-esr"
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list ':lang=ja' 2>/dev/null)" ]; then
  need="$need fonts-noto-cjk"
fi
[ -n "$need" ] || exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing Debian packages:$need"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q $need

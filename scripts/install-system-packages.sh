#!/usr/bin/env bash
# Installs what the test suite needs from Debian's packages: a PostgreSQL server, Chromium
# for the browser tests, and fonts for the PDFs. Safe to run again: it does nothing when all
# is there. Without root or sudo it stops at once and prints the one command to run.
set -euo pipefail

needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || needed+=(postgresql)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || needed+=(fonts-dejavu-core)
command -v npm >/dev/null 2>&1 || needed+=(npm)

[ ${#needed[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  SUDO=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=sudo
else
  echo "The test suite needs ${needed[*]} from the system's packages. Run this once, then make test again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${needed[*]}" >&2
  exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${needed[@]}"

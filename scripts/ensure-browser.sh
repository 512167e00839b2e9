#!/usr/bin/env bash
# Debian's Chromium for the storefront's browser tests (playwright-core drives it; nothing is
# downloaded by a test tool). Installs it only when it is missing, and only as root.
set -euo pipefail
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing at $CHROMIUM: install Debian's package (sudo apt-get install -y chromium) or set CHROMIUM_PATH" >&2
  exit 1
fi
echo "==> installing Debian's chromium (browser tests)"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends chromium >/dev/null || { apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium >/dev/null; }

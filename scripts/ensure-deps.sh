#!/usr/bin/env bash
# Installs npm dependencies from package-lock.json when they are missing or stale.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

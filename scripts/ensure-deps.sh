#!/usr/bin/env bash
# Installs npm dependencies from package-lock.json when they are missing or stale, and applies
# the dependency patches in patches/ (npm ci does through postinstall; a patch changed since
# the install is applied here).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
marker=node_modules/.patches-applied
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
  touch "$marker"
elif [ ! -f "$marker" ] || [ -n "$(find patches -newer "$marker" -name '*.patch' 2>/dev/null)" ]; then
  echo "==> applying dependency patches (patches/)"
  npx patch-package
  touch "$marker"
fi

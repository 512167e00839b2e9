#!/usr/bin/env bash
# `npm run bench`: provisions the infrastructure, then runs every benchmark in bench/src
# (or only those named: npm run bench -- router-overhead).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh
bash infra/infra.sh up >/dev/null
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for file in bench/src/*.ts; do
    name=$(basename "$file" .ts)
    [ "$name" = harness ] || names+=("$name")
  done
fi
for name in "${names[@]}"; do
  printf '\n==> bench %s\n' "$name"
  node_modules/.bin/tsx "bench/src/$name.ts"
done

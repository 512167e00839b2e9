#!/usr/bin/env bash
# `npm run bench`: provisions the infrastructure, then runs every benchmark in bench/src
# (or only those named: npm run bench -- router-overhead); helpers of the benches (harness, cpu,
# and the folders beside them) are not benches.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh
bash infra/infra.sh up >/dev/null
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for file in bench/src/*.ts; do
    name=$(basename "$file" .ts)
    case "$name" in harness|cpu) ;; *) names+=("$name") ;; esac
  done
fi
for name in "${names[@]}"; do
  printf '\n==> bench %s\n' "$name"
  node_modules/.bin/tsx "bench/src/$name.ts"
done

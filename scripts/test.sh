#!/usr/bin/env bash
# `npm test`: installs, provisions the local infrastructure, then runs every check:
# composition, trusted-document manifests, typecheck, lint, dependency rules, unit, integration and end-to-end tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1
step() { printf '\n==> %s\n' "$*"; }

bash scripts/ensure-deps.sh
bash scripts/ensure-browser.sh
step "infrastructure"
bash infra/infra.sh up
step "composition"
node_modules/.bin/tsx scripts/compose.ts --check
step "manifests (every client's trusted operations against the supergraph, generated types fresh)"
node_modules/.bin/tsx scripts/manifests.ts --check
node_modules/.bin/turbo run codegen:check --output-logs=errors-only
step "typecheck"
node_modules/.bin/turbo run typecheck --output-logs=errors-only
node_modules/.bin/tsc -p tsconfig.json --noEmit
step "lint"
# Type-aware lint holds every workspace's program at once; with the search engine client's
# types it needs more than node's default 4 GB heap (it ran out at 4 GB).
NODE_OPTIONS=--max-old-space-size=8192 node_modules/.bin/eslint --max-warnings=0 .
step "dependency rules"
npm run --silent deps

TEST_SUMMARY_FILE=$(mktemp)
TEST_FAILURES_FILE=$(mktemp)
export TEST_SUMMARY_FILE TEST_FAILURES_FILE
trap 'rm -f "$TEST_SUMMARY_FILE" "$TEST_FAILURES_FILE"' EXIT
status=0
step "unit tests"
node_modules/.bin/turbo run test:unit --concurrency=1 --continue || status=1
step "integration and end-to-end tests (real PostgreSQL, FerretDB, Kafka)"
node_modules/.bin/turbo run test:integration --concurrency=1 --continue || status=1

read -r passed failed < <(awk '{ p += $1; f += $2 } END { print p + 0, f + 0 }' "$TEST_SUMMARY_FILE")
if [ -s "$TEST_FAILURES_FILE" ]; then
  step "failed tests (repeated from above)"
  cat "$TEST_FAILURES_FILE"
fi
printf '\n'
echo "tests: $passed passed, $failed failed"
exit $status

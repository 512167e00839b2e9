#!/usr/bin/env bash
# `npm start`: installs, provisions the local infrastructure, starts every subgraph and
# the router (logs in .data/logs), loads demo data and prints where to go. Ctrl-C stops
# the services; `npm run infra:down` stops the infrastructure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
# The demo's first admin (created at start-up by the customers service); override for real use.
export ADMIN_EMAIL=${ADMIN_EMAIL:-admin@commerce.local}
export ADMIN_PASSWORD=${ADMIN_PASSWORD:-admin-password}
# The router signs the client address it forwards with this; customers believes only that.
# The fallback is for local use only (a production service refuses it).
export ROUTER_SIGNING_SECRET=${ROUTER_SIGNING_SECRET:-local-development-only-router-signing-secret}
LOGS=${COMMERCE_DATA_DIR:-$ROOT/.data}/logs
# Subscription cursors stay valid across router restarts (the supervisor restarts it): a
# random key made once per checkout, kept beside the customers' signing keys.
CURSOR_KEY_FILE=${COMMERCE_DATA_DIR:-$ROOT/.data}/keys/subscription-cursor-key
if [ -z "${SUBSCRIPTION_CURSOR_KEYS:-}" ]; then
  if [ ! -s "$CURSOR_KEY_FILE" ]; then
    mkdir -p "$(dirname "$CURSOR_KEY_FILE")"
    (umask 077 && node -e "process.stdout.write(require('node:crypto').randomBytes(48).toString('base64url'))" >"$CURSOR_KEY_FILE")
  fi
  SUBSCRIPTION_CURSOR_KEYS=$(cat "$CURSOR_KEY_FILE")
  export SUBSCRIPTION_CURSOR_KEYS
fi

bash scripts/ensure-deps.sh
bash infra/infra.sh up
node_modules/.bin/tsx scripts/compose.ts --check || node_modules/.bin/tsx scripts/compose.ts

# Every service in its own process, restarted with a backoff when it exits (scripts/supervise.ts).
node --import tsx scripts/supervise.ts &
supervisor=$!
stop() {
  trap - INT TERM EXIT
  kill "$supervisor" ${storefront:-} ${admin:-} 2>/dev/null || true
  wait "$supervisor" 2>/dev/null || true
}
trap stop INT TERM EXIT

healthy() { curl -fsS "http://127.0.0.1:$1/health" >/dev/null 2>&1; }
for _ in $(seq 1 1200); do
  healthy 4000 && break
  kill -0 "$supervisor" 2>/dev/null || { echo "the services did not start; see $LOGS"; exit 1; }
  sleep 0.5
done
healthy 4000 || { echo "the router did not become healthy; see $LOGS"; exit 1; }

node_modules/.bin/tsx scripts/seed.ts http://127.0.0.1:4000/graphql

# The storefront: built, then served on its own origin, calling the router cross-origin.
STOREFRONT_PORT=${STOREFRONT_PORT:-5173}
npm run build --silent -w clients/storefront >"$LOGS/storefront-build.log" 2>&1 || { echo "the storefront did not build; see $LOGS/storefront-build.log"; exit 1; }
STOREFRONT_PORT=$STOREFRONT_PORT node --import tsx clients/storefront/server/serve.ts >"$LOGS/storefront.log" 2>&1 &
storefront=$!
for _ in $(seq 1 50); do
  curl -fsS "http://127.0.0.1:$STOREFRONT_PORT/" >/dev/null 2>&1 && break
  sleep 0.2
done

# The admin portal: the same, on its own origin (the router's development CORS list allows it).
ADMIN_PORT=${ADMIN_PORT:-5174}
npm run build --silent -w clients/admin >"$LOGS/admin-build.log" 2>&1 || { echo "the admin portal did not build; see $LOGS/admin-build.log"; exit 1; }
ADMIN_PORT=$ADMIN_PORT node --import tsx clients/admin/server/serve.ts >"$LOGS/admin.log" 2>&1 &
admin=$!
for _ in $(seq 1 50); do
  curl -fsS "http://127.0.0.1:$ADMIN_PORT/" >/dev/null 2>&1 && break
  sleep 0.2
done

cat <<EOF

The commerce supergraph is running.
  Storefront (shop here):  http://127.0.0.1:$STOREFRONT_PORT   (sign up, then pay with 4242 4242 4242 4242)
  Admin portal:            http://127.0.0.1:$ADMIN_PORT   (sign in as $ADMIN_EMAIL / $ADMIN_PASSWORD)
  GraphQL (router):        http://127.0.0.1:4000/graphql   (also ws:// for subscriptions)
  customers subgraph:      http://127.0.0.1:4001/graphql
  catalog subgraph:        http://127.0.0.1:4002/graphql
  reviews subgraph:        http://127.0.0.1:4003/graphql
  inventory subgraph:      http://127.0.0.1:4004/graphql
  orders subgraph:         http://127.0.0.1:4005/graphql
  payments subgraph:       http://127.0.0.1:4006/graphql   (sandbox card tokens: POST /sandbox-gateway/tokens)
  shipping subgraph:       http://127.0.0.1:4007/graphql
  search subgraph:         http://127.0.0.1:4008/graphql   (OpenSearch on http://127.0.0.1:9200)
  health, metrics:         http://127.0.0.1:4000/health, http://127.0.0.1:4000/metrics
  JWKS (token keys):       http://127.0.0.1:4001/.well-known/jwks.json
  admin sign-in:           $ADMIN_EMAIL / $ADMIN_PASSWORD
  logs:                    $LOGS

Try a query that crosses both subgraphs:
  curl -s http://127.0.0.1:4000/graphql -H 'content-type: application/json' \\
    -d '{"query":"{ products(first: 3, sort: PRICE_ASC) { edges { node { name priceRange { min { amount currencyCode } } variants { title inStock stock { available } } rating { average count } createdBy { firstName } } } } }"}'

Watch your orders live (graphql-ws on ws://127.0.0.1:4000/graphql, connection_init
{"authorization": "Bearer <accessToken from login>"}):
  subscription { myOrderUpdates { number status payment { status } shipments { trackingNumber status } } }

A service that exits is restarted (see above). Ctrl-C stops the services; npm run infra:down stops PostgreSQL, Kafka and FerretDB.
EOF
wait "$supervisor"

#!/usr/bin/env bash
# Local infrastructure for the commerce supergraph: PostgreSQL (Debian packages),
# Apache Kafka in KRaft mode (Maven Central jars on the machine's JDK) and FerretDB v1
# (built from the Go module proxy) as the MongoDB-wire server.
#
#   infra.sh up [postgres]   provision what is missing, start what is stopped, health-check all
#                            (or PostgreSQL only)
#   infra.sh down    stop everything this script started
#   infra.sh status  print what runs where
#   infra.sh restart postgres|kafka [seconds]   stop one, wait, start it again (fault tests)
#
# Idempotent: a second `up` finds everything cached and running and changes nothing.
# Downloads and builds are cached outside the repository (COMMERCE_CACHE_DIR, default
# ~/.cache/commerce-supergraph); data lives in the git-ignored .data/ folder
# (COMMERCE_DATA_DIR). The ports can be moved (COMMERCE_PG_PORT, COMMERCE_KAFKA_PORT,
# COMMERCE_KAFKA_CONTROLLER_PORT, COMMERCE_MONGO_PORT, COMMERCE_FERRETDB_DEBUG_PORT) to run a
# second, private set beside the usual one.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${COMMERCE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/commerce-supergraph}
DATA=${COMMERCE_DATA_DIR:-$ROOT/.data}
LOGS=$DATA/logs
RUN=$DATA/run

KAFKA_VERSION=3.9.1
FERRETDB_VERSION=v1.24.0
FERRETDB_MIN_GO=1.22

PG_PORT=${COMMERCE_PG_PORT:-5432}
KAFKA_PORT=${COMMERCE_KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${COMMERCE_KAFKA_CONTROLLER_PORT:-9093}
MONGO_PORT=${COMMERCE_MONGO_PORT:-27017}
FERRETDB_DEBUG_PORT=${COMMERCE_FERRETDB_DEBUG_PORT:-8088}
PG_APP_USER=commerce
PG_APP_PASSWORD=commerce
# One database per PostgreSQL subgraph, plus FerretDB's backend database.
mapfile -t PG_DATABASES < <(grep -v '^#' "$ROOT/infra/postgres/databases.txt" | grep .)

STEP_START=$(date +%s)
say() { printf '[infra +%3ss] %s\n' "$(($(date +%s) - STEP_START))" "$*"; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # wait_for <what> <seconds> <command...>
  local what=$1 limit=$2; shift 2
  local i
  for ((i = 0; i < limit * 4; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  return 1
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

apt_install() { # apt_install <package...>: only as root, only when allowed
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    die "missing prerequisite: $*; install it with your package manager (Debian: apt-get install $*)"
  fi
  say "installing Debian packages: $* (once)"
  if [ ! -f "$CACHE/.apt-updated" ]; then
    apt-get update -qq || die "apt-get update failed; Debian's package mirror must be reachable"
    mkdir -p "$CACHE" && touch "$CACHE/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null ||
    die "apt-get install $* failed"
}

ensure_node_modules() {
  if [ ! -d "$ROOT/node_modules/kafkajs" ] || [ ! -d "$ROOT/node_modules/mongodb" ]; then
    say "installing npm dependencies (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund >/dev/null) || die "npm ci failed"
  fi
}

# ---------------------------------------------------------------- PostgreSQL

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

# PostgreSQL refuses to run as root, so root runs it as the `postgres` system user, from /:
# the checkout (the working directory) may be a folder that user cannot enter.
pg_as() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# Where the cluster and its server log live: in the data folder, unless root runs a checkout
# the postgres user cannot reach (root's home, a `mktemp -d` folder), in a per-checkout folder
# under /var/tmp that it can.
pg_home() {
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$DATA" 2>/dev/null; then
    echo "/var/tmp/commerce-supergraph/$(printf '%s' "$DATA" | md5sum | cut -c1-12)"
  else
    echo "$DATA"
  fi
}

pg_datadir() { echo "$(pg_home)/postgres"; }

pg_up() {
  local bin datadir sockdir db
  bin=$(pg_bindir || true)
  if [ -z "$bin" ]; then
    apt_install postgresql postgresql-contrib
    bin=$(pg_bindir || true)
    [ -n "$bin" ] || die "PostgreSQL binaries not found under /usr/lib/postgresql after install"
  fi
  datadir=$(pg_datadir)
  sockdir=$(pg_home)/pg-socket
  local server_log
  server_log=$(pg_home)/postgres.log
  local app_psql=("$bin/psql" -h 127.0.0.1 -p $PG_PORT -U $PG_APP_USER -v ON_ERROR_STOP=1 -qtA)
  app_sql() { PGPASSWORD=$PG_APP_PASSWORD "${app_psql[@]}" -d postgres -c "$1"; }

  if [ -f "$datadir/PG_VERSION" ] && pg_as "$bin/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
    say "postgres: already running on 127.0.0.1:$PG_PORT"
  elif port_open $PG_PORT; then
    # Another checkout's (or the system's) PostgreSQL: fine if our role can use it.
    app_sql 'select 1' >/dev/null 2>&1 ||
      die "port $PG_PORT is taken by a PostgreSQL where role $PG_APP_USER cannot log in; stop it and run again"
    say "postgres: reusing the server already on 127.0.0.1:$PG_PORT (not started by this checkout)"
  else
    if [ ! -f "$datadir/PG_VERSION" ]; then
      say "postgres: initialising a cluster in $datadir"
      mkdir -p "$datadir" "$sockdir"
      if [ "$(id -u)" = 0 ]; then chown postgres: "$datadir" "$sockdir"; fi
      chmod 700 "$datadir"
      pg_as "$bin/initdb" -D "$datadir" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$LOGS/initdb.log" 2>&1 ||
        die "initdb failed; see $LOGS/initdb.log"
      cat >>"$datadir/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$sockdir'
max_connections = 300
shared_buffers = 256MB
EOF
    fi
    say "postgres: starting"
    mkdir -p "$sockdir"
    touch "$server_log"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$server_log" "$sockdir"; fi
    pg_as "$bin/pg_ctl" -D "$datadir" -l "$server_log" -w -t 60 start >/dev/null ||
      die "PostgreSQL did not start; see $server_log"
    # The application role is created once, over the cluster's own socket, as its superuser.
    local su_psql=("$bin/psql" -h "$sockdir" -p $PG_PORT -U postgres -v ON_ERROR_STOP=1 -qtA -d postgres)
    if [ "$(pg_as "${su_psql[@]}" -c "select 1 from pg_roles where rolname = '$PG_APP_USER'")" != 1 ]; then
      say "postgres: creating role $PG_APP_USER"
      pg_as "${su_psql[@]}" -c "create role $PG_APP_USER login createdb password '$PG_APP_PASSWORD'" >/dev/null
    fi
  fi

  for db in "${PG_DATABASES[@]}"; do
    if [ "$(app_sql "select 1 from pg_database where datname = '$db'")" != 1 ]; then
      say "postgres: creating database $db"
      app_sql "create database $db" >/dev/null
    fi
  done
  PGPASSWORD=$PG_APP_PASSWORD "${app_psql[@]}" -d customers -c 'select 1' >/dev/null ||
    die "PostgreSQL is running but $PG_APP_USER cannot log in over 127.0.0.1:$PG_PORT"
  say "postgres: healthy on 127.0.0.1:$PG_PORT (databases: ${PG_DATABASES[*]})"
}

pg_down() {
  local bin datadir
  bin=$(pg_bindir || true)
  datadir=$(pg_datadir)
  if [ -n "$bin" ] && [ -f "$datadir/PG_VERSION" ] && pg_as "$bin/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
    pg_as "$bin/pg_ctl" -D "$datadir" -m fast -w stop >/dev/null && say "postgres: stopped"
  else
    say "postgres: not running"
  fi
}

pg_status() {
  local bin datadir
  bin=$(pg_bindir || true)
  datadir=$(pg_datadir)
  if [ -n "$bin" ] && [ -f "$datadir/PG_VERSION" ] && pg_as "$bin/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
    echo "postgres   up    127.0.0.1:$PG_PORT  data=$datadir"
  else
    echo "postgres   down"
  fi
}

# ---------------------------------------------------------------- Kafka

kafka_libs() { echo "$CACHE/kafka-$KAFKA_VERSION/libs"; }

kafka_provision() {
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  command -v mvn >/dev/null || apt_install maven
  local libs
  libs=$(kafka_libs)
  if [ ! -f "$libs/.complete" ]; then
    say "kafka: resolving Apache Kafka $KAFKA_VERSION jars from Maven Central (first run only)"
    rm -rf "$libs.tmp" && mkdir -p "$libs.tmp"
    (cd "$ROOT/infra/kafka" && mvn -B -q -Dkafka.version=$KAFKA_VERSION dependency:copy-dependencies \
      -DoutputDirectory="$libs.tmp" -DincludeScope=runtime) >"$LOGS/kafka-maven.log" 2>&1 ||
      die "Maven could not resolve Kafka $KAFKA_VERSION; see $LOGS/kafka-maven.log"
    rm -rf "$libs" && mv "$libs.tmp" "$libs" && touch "$libs/.complete"
    say "kafka: $(ls "$libs" | wc -l) jars cached in $libs"
  fi
}

kafka_java() {
  java -Xms256m -Xmx768m -Dlog4j.configuration="file:$ROOT/infra/kafka/log4j.properties" \
    -cp "$(kafka_libs)/*" "$@"
}

kafka_up() {
  kafka_provision
  local dir=$DATA/kafka props=$DATA/kafka/server.properties
  mkdir -p "$dir/logs"
  sed -e "s|@LOG_DIR@|$dir/logs|" -e "s|@PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    "$ROOT/infra/kafka/server.properties.template" >"$props"
  if [ ! -f "$dir/logs/meta.properties" ]; then
    say "kafka: formatting KRaft storage"
    local id
    id=$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    kafka_java kafka.tools.StorageTool format -t "$id" -c "$props" >"$LOGS/kafka-format.log" 2>&1 ||
      die "formatting Kafka storage failed; see $LOGS/kafka-format.log"
  fi
  if pid_alive "$RUN/kafka.pid"; then
    say "kafka: already running on 127.0.0.1:$KAFKA_PORT"
  elif port_open $KAFKA_PORT; then
    say "kafka: reusing the broker already on 127.0.0.1:$KAFKA_PORT (not started by this checkout)"
  else
    if port_open $KAFKA_CONTROLLER_PORT; then
      die "port $KAFKA_CONTROLLER_PORT is taken by another process; stop it and run again"
    fi
    say "kafka: starting the broker"
    setsid nohup java -Xms256m -Xmx768m -XX:+UseG1GC \
      -Dlog4j.configuration="file:$ROOT/infra/kafka/log4j.properties" \
      -cp "$(kafka_libs)/*" kafka.Kafka "$props" >>"$LOGS/kafka.log" 2>&1 </dev/null &
    echo $! >"$RUN/kafka.pid"
    wait_for kafka 90 port_open $KAFKA_PORT || die "Kafka did not open 127.0.0.1:$KAFKA_PORT; see $LOGS/kafka.log"
  fi
  ensure_node_modules
  (cd "$ROOT" && KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT node_modules/.bin/tsx infra/check.ts kafka) || die "Kafka health check failed; see $LOGS/kafka.log"
}

stop_pidfile() { # stop_pidfile <name> <pidfile>
  local pid
  if pid_alive "$2"; then
    pid=$(cat "$2")
    kill "$pid"
    wait_for "$1" 60 bash -c "! kill -0 $pid" || kill -9 "$pid" 2>/dev/null || true
    say "$1: stopped"
  else
    say "$1: not running"
  fi
  rm -f "$2"
}

# ---------------------------------------------------------------- FerretDB

ferretdb_bin() { echo "$CACHE/ferretdb-$FERRETDB_VERSION/bin/ferretdb"; }

ferretdb_provision() {
  local bin home
  bin=$(ferretdb_bin)
  [ -x "$bin" ] && return 0
  command -v go >/dev/null || die "Go $FERRETDB_MIN_GO+ is needed to build FerretDB; install it from go.dev or your package manager"
  local gov
  gov=$(go env GOVERSION | sed 's/^go//')
  [ "$(printf '%s\n%s\n' "$FERRETDB_MIN_GO" "$gov" | sort -V | head -n 1)" = "$FERRETDB_MIN_GO" ] ||
    die "Go $gov is too old to build FerretDB $FERRETDB_VERSION (needs $FERRETDB_MIN_GO+)"
  home=$CACHE/ferretdb-$FERRETDB_VERSION
  # `go install …@version` is refused here: the module proxy answers 403 to the version
  # list it reads for deprecation notices. Downloading the exact version and building it
  # gives the same binary. version.txt is normally generated by FerretDB's release task.
  say "ferretdb: downloading module github.com/FerretDB/FerretDB@$FERRETDB_VERSION (first run only)"
  local dir
  dir=$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" 2>"$LOGS/ferretdb-build.log" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] && [ -d "$dir" ] || die "could not download FerretDB $FERRETDB_VERSION; see $LOGS/ferretdb-build.log"
  rm -rf "$home/src" && mkdir -p "$home/bin" && cp -r "$dir" "$home/src" && chmod -R u+w "$home/src"
  echo "$FERRETDB_VERSION" >"$home/src/build/version/version.txt"
  say "ferretdb: building (about a minute on 2 cores)"
  (cd "$home/src" && go build -o "$bin.tmp" ./cmd/ferretdb) >>"$LOGS/ferretdb-build.log" 2>&1 ||
    die "building FerretDB failed; see $LOGS/ferretdb-build.log"
  mv "$bin.tmp" "$bin"
  rm -rf "$home/src"
}

ferretdb_up() {
  ferretdb_provision
  if pid_alive "$RUN/ferretdb.pid"; then
    say "ferretdb: already running on 127.0.0.1:$MONGO_PORT"
  elif port_open $MONGO_PORT; then
    say "ferretdb: reusing the MongoDB-wire server already on 127.0.0.1:$MONGO_PORT (not started by this checkout)"
  else
    say "ferretdb: starting (PostgreSQL backend, database ferretdb)"
    mkdir -p "$DATA/ferretdb"
    setsid nohup "$(ferretdb_bin)" --listen-addr=127.0.0.1:$MONGO_PORT --handler=postgresql \
      --postgresql-url="postgres://$PG_APP_USER:$PG_APP_PASSWORD@127.0.0.1:$PG_PORT/ferretdb" \
      --state-dir="$DATA/ferretdb" --debug-addr=127.0.0.1:$FERRETDB_DEBUG_PORT --telemetry=disable \
      --log-level=warn --log-format=text >>"$LOGS/ferretdb.log" 2>&1 </dev/null &
    echo $! >"$RUN/ferretdb.pid"
    wait_for ferretdb 30 port_open $MONGO_PORT || die "FerretDB did not open 127.0.0.1:$MONGO_PORT; see $LOGS/ferretdb.log"
  fi
  ensure_node_modules
  (cd "$ROOT" && MONGO_URL=mongodb://127.0.0.1:$MONGO_PORT/admin node_modules/.bin/tsx infra/check.ts mongo) || die "FerretDB health check failed; see $LOGS/ferretdb.log"
}

# ---------------------------------------------------------------- commands

cmd=${1:-}
mkdir -p "$LOGS" "$RUN" "$CACHE"
case "$cmd" in
  up)
    case "${2:-all}" in
      all) pg_up && kafka_up && ferretdb_up && say "all services healthy" ;;
      postgres) pg_up ;;
      *) echo "usage: $0 up [postgres]" >&2; exit 2 ;;
    esac
    ;;
  down)
    stop_pidfile ferretdb "$RUN/ferretdb.pid"
    stop_pidfile kafka "$RUN/kafka.pid"
    pg_down
    ;;
  restart)
    case "${2:-}" in
      postgres) pg_down && sleep "${3:-0}" && pg_up ;;
      kafka) stop_pidfile kafka "$RUN/kafka.pid" && sleep "${3:-0}" && kafka_up ;;
      *) echo "usage: $0 restart postgres|kafka [seconds down]" >&2; exit 2 ;;
    esac
    ;;
  status)
    pg_status
    if pid_alive "$RUN/kafka.pid"; then echo "kafka      up    127.0.0.1:$KAFKA_PORT  pid=$(cat "$RUN/kafka.pid")"; else echo "kafka      down"; fi
    if pid_alive "$RUN/ferretdb.pid"; then echo "ferretdb   up    127.0.0.1:$MONGO_PORT  pid=$(cat "$RUN/ferretdb.pid")"; else echo "ferretdb   down"; fi
    ;;
  *)
    echo "usage: $0 up|down|status|restart postgres|kafka" >&2
    exit 2
    ;;
esac

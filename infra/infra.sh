#!/usr/bin/env bash
# Local infrastructure for the commerce supergraph: PostgreSQL (Debian packages),
# Apache Kafka in KRaft mode (Maven Central jars on the machine's JDK), FerretDB v1
# (built from the Go module proxy) as the MongoDB-wire server, and OpenSearch 3 (Maven Central
# jars on a JDK 21+) for the search subgraph.
#
#   infra.sh up [postgres|opensearch]   provision what is missing, start what is stopped,
#                            health-check all (or PostgreSQL or OpenSearch only)
#   infra.sh down    stop everything this script started
#   infra.sh status  print what runs where
#   infra.sh restart postgres|kafka [seconds]   stop one, wait, start it again (fault tests)
#
# Idempotent: a second `up` finds everything cached and running and changes nothing.
# Downloads and builds are cached outside the repository (COMMERCE_CACHE_DIR, default
# ~/.cache/commerce-supergraph); data lives in the git-ignored .data/ folder
# (COMMERCE_DATA_DIR). The ports can be moved (COMMERCE_PG_PORT, COMMERCE_KAFKA_PORT,
# COMMERCE_KAFKA_CONTROLLER_PORT, COMMERCE_MONGO_PORT, COMMERCE_FERRETDB_DEBUG_PORT,
# COMMERCE_OPENSEARCH_PORT, COMMERCE_OPENSEARCH_TRANSPORT_PORT) to run a second, private set
# beside the usual one.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${COMMERCE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/commerce-supergraph}
DATA=${COMMERCE_DATA_DIR:-$ROOT/.data}
LOGS=$DATA/logs
RUN=$DATA/run

KAFKA_VERSION=3.9.1
FERRETDB_VERSION=v1.24.0
FERRETDB_MIN_GO=1.22
OPENSEARCH_VERSION=3.9.0
OPENSEARCH_MIN_JAVA=21
OPENSEARCH_HEAP=${COMMERCE_OPENSEARCH_HEAP:-512m}

PG_PORT=${COMMERCE_PG_PORT:-5432}
KAFKA_PORT=${COMMERCE_KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${COMMERCE_KAFKA_CONTROLLER_PORT:-9093}
MONGO_PORT=${COMMERCE_MONGO_PORT:-27017}
FERRETDB_DEBUG_PORT=${COMMERCE_FERRETDB_DEBUG_PORT:-8088}
OPENSEARCH_PORT=${COMMERCE_OPENSEARCH_PORT:-9200}
OPENSEARCH_TRANSPORT_PORT=${COMMERCE_OPENSEARCH_TRANSPORT_PORT:-9300}
OPENSEARCH_USER=opensearch
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
  # FerretDB's lookups by field use indexes only through GIN twins of its own (event trigger,
  # superuser only): see the file. A server this checkout did not start is left as it is.
  if [ -S "$sockdir/.s.PGSQL.$PG_PORT" ]; then
    pg_as "$bin/psql" -h "$sockdir" -p $PG_PORT -U postgres -v ON_ERROR_STOP=1 -qtA -d ferretdb \
      <"$ROOT/infra/postgres/ferretdb-indexes.sql" >/dev/null 2>>"$LOGS/postgres-setup.log" ||
      die "could not install FerretDB's GIN index twins; see $LOGS/postgres-setup.log"
  else
    say "postgres: not started by this checkout; FerretDB's lookups stay without GIN index twins"
  fi
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

# ---------------------------------------------------------------- OpenSearch

# OpenSearch 3 needs Java 21+; the machine's default JDK may be 17. The newest JDK under
# /usr/lib/jvm (or COMMERCE_OPENSEARCH_JAVA_HOME, or JAVA_HOME) that is new enough runs it.
opensearch_java() {
  local candidate v
  for candidate in ${COMMERCE_OPENSEARCH_JAVA_HOME:-} ${JAVA_HOME:-} $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [ -x "$candidate/bin/java" ] || continue
    v=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
    if [ -n "$v" ] && [ "${v%%.*}" -ge $OPENSEARCH_MIN_JAVA ] 2>/dev/null; then
      echo "$candidate/bin/java"
      return 0
    fi
  done
  return 1
}

opensearch_cached_home() { echo "$CACHE/opensearch-$OPENSEARCH_VERSION"; }

# The node's home: lib/ (the server's classpath), modules/<name>/ (each module's jars not in
# lib/, and the plugin descriptor a distribution would carry), an empty bin/ it insists on.
opensearch_provision() {
  command -v mvn >/dev/null || apt_install maven
  local home name artifact class jar
  home=$(opensearch_cached_home)
  [ -f "$home/.complete" ] && return 0
  say "opensearch: resolving OpenSearch $OPENSEARCH_VERSION jars from Maven Central (first run only)"
  rm -rf "$home.tmp" && mkdir -p "$home.tmp/lib" "$home.tmp/modules" "$home.tmp/bin" "$home.tmp/plugins"
  (cd "$ROOT/infra/opensearch" && mvn -B -q -Dopensearch.version=$OPENSEARCH_VERSION dependency:copy-dependencies \
    -DoutputDirectory="$home.tmp/lib" -DincludeScope=runtime) >"$LOGS/opensearch-maven.log" 2>&1 ||
    die "Maven could not resolve OpenSearch $OPENSEARCH_VERSION; see $LOGS/opensearch-maven.log"
  while read -r name artifact class; do
    mkdir -p "$home.tmp/modules/$name" "$home.tmp/module.tmp"
    (cd "$ROOT/infra/opensearch" && mvn -B -q -f module-pom.xml -Dopensearch.version=$OPENSEARCH_VERSION \
      -Dopensearch.module="$artifact" dependency:copy-dependencies -DoutputDirectory="$home.tmp/module.tmp" \
      -DincludeScope=runtime) >>"$LOGS/opensearch-maven.log" 2>&1 ||
      die "Maven could not resolve the OpenSearch module $artifact; see $LOGS/opensearch-maven.log"
    for jar in "$home.tmp/module.tmp"/*.jar; do
      case "$(basename "$jar")" in
        # netty's QUIC natives for other platforms: only this machine's is needed.
        *-osx-*|*-windows-*|*aarch_64*) continue ;;
      esac
      [ -f "$home.tmp/lib/$(basename "$jar")" ] || cp "$jar" "$home.tmp/modules/$name/"
    done
    rm -rf "$home.tmp/module.tmp"
    cat >"$home.tmp/modules/$name/plugin-descriptor.properties" <<EOF
description=$name module (assembled by infra.sh from org.opensearch.plugin:$artifact)
version=$OPENSEARCH_VERSION
name=$name
classname=$class
java.version=$OPENSEARCH_MIN_JAVA
opensearch.version=$OPENSEARCH_VERSION
extended.plugins=
has.native.controller=false
EOF
  done < <(grep -v '^#' "$ROOT/infra/opensearch/modules.txt" | grep .)
  chmod -R a+rX "$home.tmp"
  rm -rf "$home" && mv "$home.tmp" "$home" && touch "$home/.complete"
  say "opensearch: $(find "$home" -name '*.jar' | wc -l) jars cached in $home"
}

# OpenSearch refuses to run as root, so root runs it as the `opensearch` system user (made
# once), like PostgreSQL as `postgres`.
opensearch_as_user() { [ "$(id -u)" = 0 ]; }

os_can_enter() { # os_can_enter <dir>: can the user that runs the node enter it?
  if opensearch_as_user; then runuser -u $OPENSEARCH_USER -- test -x "$1" 2>/dev/null; else test -x "$1"; fi
}

# The home the node runs from: the cache, unless root's cache is out of the opensearch
# user's reach (~ is /root), then a copy made once under /var/tmp.
opensearch_home() {
  local cached
  cached=$(opensearch_cached_home)
  if os_can_enter "$cached/lib"; then echo "$cached"; else echo "/var/tmp/commerce-supergraph/opensearch-$OPENSEARCH_VERSION"; fi
}

# Config, data and the node's own logs: in the data folder, or (as for PostgreSQL) in a
# per-checkout folder under /var/tmp when the opensearch user cannot enter the data folder.
opensearch_dir() {
  if os_can_enter "$DATA"; then
    echo "$DATA/opensearch"
  else
    echo "/var/tmp/commerce-supergraph/$(printf '%s' "$DATA" | md5sum | cut -c1-12)/opensearch"
  fi
}

opensearch_check() {
  ensure_node_modules
  (cd "$ROOT" && OPENSEARCH_URL=http://127.0.0.1:$OPENSEARCH_PORT node_modules/.bin/tsx infra/check.ts opensearch)
}

opensearch_up() {
  if pid_alive "$RUN/opensearch.pid"; then
    say "opensearch: already running on 127.0.0.1:$OPENSEARCH_PORT"
  elif port_open $OPENSEARCH_PORT; then
    say "opensearch: reusing the node already on 127.0.0.1:$OPENSEARCH_PORT (not started by this checkout)"
  else
    local java home dir
    java=$(opensearch_java) ||
      die "OpenSearch $OPENSEARCH_VERSION needs Java $OPENSEARCH_MIN_JAVA+ (none under /usr/lib/jvm); install one, or point COMMERCE_OPENSEARCH_JAVA_HOME at it"
    opensearch_provision
    if opensearch_as_user && ! id -u $OPENSEARCH_USER >/dev/null 2>&1; then
      say "opensearch: creating the system user $OPENSEARCH_USER (it refuses to run as root)"
      useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin $OPENSEARCH_USER ||
        die "could not create the system user $OPENSEARCH_USER"
    fi
    home=$(opensearch_home)
    if [ "$home" != "$(opensearch_cached_home)" ] && [ ! -f "$home/.complete" ]; then
      say "opensearch: copying the node's jars to $home (the $OPENSEARCH_USER user cannot read $CACHE)"
      rm -rf "$home" && mkdir -p "$(dirname "$home")" && cp -r "$(opensearch_cached_home)" "$home" && chmod -R a+rX "$home"
    fi
    if port_open $OPENSEARCH_TRANSPORT_PORT; then
      die "port $OPENSEARCH_TRANSPORT_PORT (OpenSearch transport) is taken by another process; stop it or set COMMERCE_OPENSEARCH_TRANSPORT_PORT"
    fi
    dir=$(opensearch_dir)
    mkdir -p "$dir/config" "$dir/data" "$dir/logs" "$dir/tmp"
    sed -e "s|@HTTP_PORT@|$OPENSEARCH_PORT|" -e "s|@TRANSPORT_PORT@|$OPENSEARCH_TRANSPORT_PORT|" \
      -e "s|@DATA_DIR@|$dir/data|" -e "s|@LOG_DIR@|$dir/logs|" \
      "$ROOT/infra/opensearch/opensearch.yml.template" >"$dir/config/opensearch.yml"
    cp "$ROOT/infra/opensearch/log4j2.properties" "$dir/config/log4j2.properties"
    if opensearch_as_user; then chown -R $OPENSEARCH_USER: "$dir"; fi
    local as=()
    if opensearch_as_user; then as=(setpriv --reuid=$OPENSEARCH_USER --regid=$OPENSEARCH_USER --init-groups); fi
    say "opensearch: starting OpenSearch $OPENSEARCH_VERSION (heap $OPENSEARCH_HEAP)"
    # setpriv execs, so the pid file holds the JVM's pid; started from / since the opensearch
    # user may not be able to enter the working directory.
    (cd / && exec setsid nohup "${as[@]}" "$java" -Xms$OPENSEARCH_HEAP -Xmx$OPENSEARCH_HEAP -XX:+UseG1GC \
      -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector \
      -Dfile.encoding=UTF-8 -Djava.awt.headless=true -Dlog4j2.formatMsgNoLookups=true \
      -Djava.io.tmpdir="$dir/tmp" -Dopensearch.path.home="$home" -Dopensearch.path.conf="$dir/config" \
      -Dopensearch.distribution.type=tar -Dopensearch.bundled_jdk=false \
      -cp "$home/lib/*" org.opensearch.bootstrap.OpenSearch >>"$LOGS/opensearch.log" 2>&1 </dev/null) &
    echo $! >"$RUN/opensearch.pid"
    wait_for opensearch 120 port_open $OPENSEARCH_PORT ||
      die "OpenSearch did not open 127.0.0.1:$OPENSEARCH_PORT; see $LOGS/opensearch.log"
  fi
  opensearch_check || die "OpenSearch health check failed; see $LOGS/opensearch.log"
}

# ---------------------------------------------------------------- commands

cmd=${1:-}
mkdir -p "$LOGS" "$RUN" "$CACHE"
case "$cmd" in
  up)
    case "${2:-all}" in
      all) pg_up && kafka_up && ferretdb_up && opensearch_up && say "all services healthy" ;;
      postgres) pg_up ;;
      opensearch) opensearch_up ;;
      *) echo "usage: $0 up [postgres|opensearch]" >&2; exit 2 ;;
    esac
    ;;
  down)
    stop_pidfile opensearch "$RUN/opensearch.pid"
    stop_pidfile ferretdb "$RUN/ferretdb.pid"
    stop_pidfile kafka "$RUN/kafka.pid"
    pg_down
    ;;
  restart)
    case "${2:-}" in
      postgres) pg_down && sleep "${3:-0}" && pg_up ;;
      kafka) stop_pidfile kafka "$RUN/kafka.pid" && sleep "${3:-0}" && kafka_up ;;
      ferretdb) stop_pidfile ferretdb "$RUN/ferretdb.pid" && sleep "${3:-0}" && ferretdb_up ;;
      *) echo "usage: $0 restart postgres|kafka|ferretdb [seconds down]" >&2; exit 2 ;;
    esac
    ;;
  status)
    pg_status
    if pid_alive "$RUN/kafka.pid"; then echo "kafka      up    127.0.0.1:$KAFKA_PORT  pid=$(cat "$RUN/kafka.pid")"; else echo "kafka      down"; fi
    if pid_alive "$RUN/ferretdb.pid"; then echo "ferretdb   up    127.0.0.1:$MONGO_PORT  pid=$(cat "$RUN/ferretdb.pid")"; else echo "ferretdb   down"; fi
    if pid_alive "$RUN/opensearch.pid"; then echo "opensearch up    127.0.0.1:$OPENSEARCH_PORT  pid=$(cat "$RUN/opensearch.pid") data=$(opensearch_dir)"; else echo "opensearch down"; fi
    ;;
  *)
    echo "usage: $0 up|down|status|restart postgres|kafka|ferretdb" >&2
    exit 2
    ;;
esac

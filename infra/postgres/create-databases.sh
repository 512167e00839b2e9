#!/usr/bin/env bash
# docker-compose: run by the postgres image on first start (docker-entrypoint-initdb.d).
set -euo pipefail
grep -v '^#' /commerce/databases.txt | grep . | while read -r db; do
  psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres -c "create database $db owner $POSTGRES_USER"
done
# FerretDB's lookups by field use indexes only through GIN twins (see the file).
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d ferretdb -f /commerce/ferretdb-indexes.sql

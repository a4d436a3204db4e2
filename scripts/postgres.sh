#!/usr/bin/env bash
# Makes sure PostgreSQL answers on 127.0.0.1:5432 and the PostGIS extension is available in template1,
# so every database Django creates (the test database included) can spatially index.
set -euo pipefail
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
PGOPTIONS="--client-min-messages=warning"
export PGHOST PGPORT PGUSER PGOPTIONS

if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
  echo ">> starting PostgreSQL"
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
fi
pg_isready -q -h "$PGHOST" -p "$PGPORT" || { echo "PostgreSQL does not answer on $PGHOST:$PGPORT" >&2; exit 1; }

psql -q -v ON_ERROR_STOP=1 -d template1 -c "CREATE EXTENSION IF NOT EXISTS postgis;" >/dev/null
if ! psql -tAq -d postgres -c "SELECT 1 FROM pg_database WHERE datname='conflictmap'" | grep -q 1; then
  psql -q -d postgres -c "CREATE DATABASE conflictmap;" >/dev/null
fi
psql -q -v ON_ERROR_STOP=1 -d conflictmap -c "CREATE EXTENSION IF NOT EXISTS postgis;" >/dev/null

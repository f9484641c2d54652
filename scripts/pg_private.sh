#!/usr/bin/env bash
# A private PostgreSQL for the differential tests and benchmarks: its own data folder and
# port, trust authentication on a Unix socket and loopback, run as the `postgres` user when
# started by root (PostgreSQL refuses root).
#   scripts/pg_private.sh start   → prints the URL to use (postgres://arql@127.0.0.1:PORT/arql)
#   scripts/pg_private.sh stop
set -euo pipefail
PORT="${ARQL_PG_PORT:-55432}"
DATA="${ARQL_PG_DATA:-/tmp/arql-pg-$PORT}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$BIN/initdb" ] || { echo "PostgreSQL's server is not installed (apt-get install -y postgresql)" >&2; exit 1; }
as_owner() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}
case "${1:-start}" in
  start)
    if [ ! -f "$DATA/PG_VERSION" ]; then
      mkdir -p "$DATA"
      [ "$(id -u)" = 0 ] && chown postgres "$DATA"
      as_owner "'$BIN/initdb' -D '$DATA' -A trust -U arql --no-sync >/dev/null"
    fi
    if ! as_owner "'$BIN/pg_ctl' -D '$DATA' status >/dev/null 2>&1"; then
      as_owner "'$BIN/pg_ctl' -D '$DATA' -l '$DATA/log' -o \"-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off\" -w start >/dev/null"
    fi
    psql -X -q -h 127.0.0.1 -p "$PORT" -U arql -d postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'arql'" | grep -q 1 \
      || psql -X -q -h 127.0.0.1 -p "$PORT" -U arql -d postgres -c "CREATE DATABASE arql" >/dev/null
    echo "postgres://arql@127.0.0.1:$PORT/arql"
    ;;
  stop)
    as_owner "'$BIN/pg_ctl' -D '$DATA' -m fast stop >/dev/null 2>&1" || true
    ;;
esac

#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the engine conformance tests.
#   bash .ci/postgres.sh start   -> installs PostgreSQL from Debian's packages if missing (needs root and apt),
#                                   starts a cluster on 127.0.0.1:${SEMCTX_PG_PORT:-54329} (trust auth, data in
#                                   /tmp) and prints the URL to export as SEMCTX_TEST_POSTGRES_URL
#   bash .ci/postgres.sh stop
# A machine without apt or root gets a loud message; the tests then skip Postgres (and fail under CI=true).
set -euo pipefail
PORT="${SEMCTX_PG_PORT:-54329}"
DATA="${TMPDIR:-/tmp}/semctx-pg-${PORT}"
URL="postgresql://postgres@127.0.0.1:${PORT}/postgres"

bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  if [ -z "$(bin_dir)" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      echo "installing PostgreSQL from Debian's packages" >&2
      apt-get update -q >/dev/null || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
    else
      echo "!!! PostgreSQL is not installed and cannot be installed here (needs root and apt)" >&2
      exit 1
    fi
  fi
  local bin; bin="$(bin_dir)"
  if as_postgres "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    echo "$URL"; return
  fi
  rm -rf "$DATA"; mkdir -p "$DATA"
  if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$DATA"; fi
  as_postgres "$bin/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 >/dev/null
  as_postgres "$bin/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p ${PORT} -k ${DATA} -c fsync=off" start >/dev/null
  echo "$URL"
}

stop() {
  local bin; bin="$(bin_dir)"
  [ -n "$bin" ] && as_postgres "$bin/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
}

"${1:-start}"

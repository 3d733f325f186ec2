#!/usr/bin/env bash
# A throw-away PostgreSQL server on a unix socket in a temp dir (no TCP), for tests.
#   scripts/pg-server.sh start DIR   initdb + pg_ctl start; prints the connection URL
#   scripts/pg-server.sh stop DIR    stops it and removes DIR
# Uses the newest /usr/lib/postgresql/*/bin (PGBIN overrides). As root it runs the server as the
# postgres user (PostgreSQL refuses to run as root); apt-get installs postgresql-15 if none is found.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?data dir}

find_bin() {
  if [ -n "${PGBIN:-}" ]; then echo "$PGBIN"; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

bin=$(find_bin)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "pg-server: installing postgresql-15" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >&2
    bin=$(find_bin)
  else
    echo "pg-server: no PostgreSQL server binaries found (install postgresql-15)" >&2; exit 1
  fi
fi

case "$cmd" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; chmod 700 "$dir"; fi
    as_owner "'$bin/initdb' -D '$dir/data' -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8" >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-k '$dir' -c listen_addresses='' -c fsync=off -c full_page_writes=off\" start" >&2 || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://postgres@/postgres?host=$dir"
    ;;
  stop)
    as_owner "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop" >&2 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Runs a command with a private PostgreSQL server on 127.0.0.1, installing
# the server from Debian's packages when it is missing. The server's data
# lives in a temporary directory and is removed afterwards.
# Usage: scripts/with-postgres.sh COMMAND...   (FLOWZAP_TEST_POSTGRES is set for it)
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with-postgres: installing PostgreSQL from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
dir=$(mktemp -d)
chown postgres "$dir"
port=${FLOWZAP_PG_PORT:-55432}
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
run "$bindir/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
run "$bindir/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" -l "$dir/log" -w start >/dev/null
cleanup() { run "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
run "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres flowzap
export FLOWZAP_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/flowzap?sslmode=disable"
"$@"

#!/usr/bin/env bash
# The multi-instance test (make multi-instance, part of make test): three
# flowzap serve instances behind nginx on one PostgreSQL database, with a
# kill -9 under load, then the same durability check on SQLite (see
# test/multiinstance). nginx is installed from Debian's packages when it is
# missing; the test fails, never skips, if it cannot be.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
nginx=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)
if [ -z "$nginx" ]; then
  echo "multi-instance: installing nginx from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq nginx-light >/dev/null || apt-get install -y -qq nginx >/dev/null
  # The package starts the system service on port 80; this test runs its own.
  (service nginx stop || true) >/dev/null 2>&1
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
fi
if [ ! -x "$nginx" ]; then
  echo "multi-instance: nginx is missing and could not be installed" >&2
  exit 1
fi
$GO build -o bin/flowzap ./cmd/flowzap
exec scripts/with-postgres.sh $GO run ./test/multiinstance -bin bin/flowzap -nginx "$nginx"

#!/usr/bin/env bash
# Start a throwaway PostgreSQL server (Debian's package) on 127.0.0.1:55432 for the store tests
# and print its SQLAlchemy URL. Installs the package when missing (needs root, as CI has).
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
data=$(mktemp -d /tmp/salescockpit-pg.XXXXXX)
chown postgres "$data"
runuser -u postgres -- "$bin/initdb" -D "$data" -A trust -U postgres >/dev/null
# The first free port from 55432 on (another test server may hold one).
for port in $(seq "${SALESCOCKPIT_TEST_POSTGRES_PORT:-55432}" 55499); do
    if runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
        -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null 2>&1; then
        echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
        exit 0
    fi
done
echo "could not start PostgreSQL: see $data/server.log" >&2
exit 1

#!/usr/bin/env bash
# pg.sh — a throwaway PostgreSQL for the tests.
#
#   scripts/pg.sh run CMD [ARG...]
#
# initdb's a cluster in a new temporary directory (as the `postgres` user when
# run as root: PostgreSQL refuses to run as root), starts it listening only on
# a unix socket in that directory, runs CMD with
#   ADUANA_TEST_PG=postgresql://app@/postgres?host=DIR
# in its environment (tests create a database of their own per test through
# it), then stops the server and removes the directory, whatever CMD did.
# CMD's exit status is pg.sh's.  Durability is off (fsync, synchronous
# commit): the data lives only as long as the run.
set -euo pipefail

[ "${1:-}" = run ] && [ $# -ge 2 ] || { echo "usage: scripts/pg.sh run CMD [ARG...]" >&2; exit 2; }
shift

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] || {
  echo "pg.sh: PostgreSQL server programs not found (Debian package postgresql; run scripts/deps.sh check)" >&2
  exit 1
}

dir=$(mktemp -d /tmp/aduana-pg-XXXXXX)
as=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$dir"
  as=(runuser -u postgres --)
fi

stop() {
  "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as[@]}" "$bindir/initdb" -D "$dir/data" -A trust -U app -E UTF8 --locale=C.UTF-8 --no-sync \
  >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
"${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w -t 30 \
  -o "-c listen_addresses='' -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 -c shared_buffers=64MB" \
  start >/dev/null || { cat "$dir/pg.log" >&2; exit 1; }

export ADUANA_TEST_PG="postgresql://app@/postgres?host=$dir"
echo "pg.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on $dir"
set +e
"$@"
rc=$?
set -e
if [ $rc -ne 0 ] && [ -s "$dir/pg.log" ]; then
  echo "pg.sh: the command failed ($rc); end of the server's log:" >&2
  tail -n 20 "$dir/pg.log" >&2
fi
exit $rc

#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for `make test`, shared by every test package:
#   build/testpg.sh start DIR   initdb into DIR, start on a free loopback port, print its URL
#   build/testpg.sh stop DIR    stop it and remove DIR
# The tests (sync/hub/pgtest) make a database of their own on it for each test, named by
# MOTCUA_TEST_PG. Without PostgreSQL installed, start prints nothing and fails.
# As root the server runs as the postgres user (initdb refuses root).
set -euo pipefail
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "testpg: PostgreSQL is not installed (./build/setup.sh installs it)" >&2; exit 1; }
as=()
[ "$(id -u)" -ne 0 ] || as=(runuser -u postgres --)

case "$cmd" in
start)
  mkdir -p "$dir"
  [ ${#as[@]} -eq 0 ] || chown postgres: "$dir"
  "${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  # Tests need no durability: a crash of the machine ends the run anyway.
  opts="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  for _ in 1 2 3 4 5; do # a port free now may be taken before the server binds it
    port=$((20000 + RANDOM % 40000))
    if "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "-p $port $opts" start >/dev/null 2>&1; then
      echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
      exit 0
    fi
  done
  cat "$dir/server.log" >&2; exit 1 ;;
stop)
  [ ! -d "$dir/data" ] || "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir" ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac

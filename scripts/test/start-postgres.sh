#!/usr/bin/env bash
# Source this (".ci/run" does): a throwaway PostgreSQL for the real-server suite
# (packages/ohlcv-steps/test/postgres.test.ts). Installs Debian's `postgresql` when no server
# binaries are found, starts a cluster in a temp dir on a loopback port, exports
# MEDALLION_TEST_PG_URL, and stops and removes it when the calling shell exits. Without
# binaries it prints one line and the suite skips.
medallion_start_test_postgres() {
  local port="${MEDALLION_TEST_PG_PORT:-55433}" bin dir user
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$bin" ] && ! command -v initdb >/dev/null && command -v apt-get >/dev/null; then
    echo "installing PostgreSQL (apt-get install -y postgresql) for the real-server tests"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >/dev/null 2>&1 || true
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  fi
  [ -n "$bin" ] && PATH="$bin:$PATH"
  if ! command -v initdb >/dev/null || ! command -v pg_ctl >/dev/null; then
    echo "PostgreSQL server binaries not found: the real-server suite will skip"
    return 0
  fi
  dir=$(mktemp -d /tmp/medallion-pg.XXXXXX)
  local run=()
  # The server refuses to run as root: use the package's postgres user (or nobody).
  if [ "$(id -u)" = 0 ]; then
    user=postgres
    id "$user" >/dev/null 2>&1 || user=nobody
    chown "$user" "$dir"
    run=(runuser -u "$user" --)
  fi
  if ! "${run[@]}" initdb -D "$dir/data" -U postgres --auth=trust >"$dir/initdb.log" 2>&1 ||
    ! "${run[@]}" pg_ctl -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" -l "$dir/server.log" -w start >/dev/null 2>&1; then
    echo "PostgreSQL did not start (see $dir): the real-server suite will skip"
    return 0
  fi
  export MEDALLION_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("${run[@]}" postgres --version | awk '{print $3}') on 127.0.0.1:$port for the real-server tests"
  # shellcheck disable=SC2064 # expand now: the directory and command are fixed here
  trap "${run[*]} pg_ctl -D '$dir/data' -m fast stop >/dev/null 2>&1; rm -rf '$dir'" EXIT
}

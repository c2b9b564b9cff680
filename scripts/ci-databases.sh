#!/usr/bin/env bash
# Database part of CI: installs PostgreSQL and MariaDB with apt-get when missing, starts a throwaway server of each on
# 127.0.0.1 (spare ports, data in mktemp, fsync off), exports DATABASE_URL_PG / DATABASE_URL_MYSQL, runs
# `npm run test:servers` (or the command given as arguments), and stops both servers on exit. A server that fails to start fails the script: the
# database tests are never skipped. Run as root (CI containers are), from anywhere: `bash scripts/ci-databases.sh`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[ci-databases] %s\n' "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (installs packages and runs the servers as their system users)"

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  log "apt-get install $*"
  apt-get install -y --no-install-recommends "$@" >/dev/null 2>&1 \
    || { apt-get update >/dev/null && apt-get install -y --no-install-recommends "$@" >/dev/null; } \
    || die "apt-get install $* failed"
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || apt_install postgresql
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || apt_install mariadb-server
PG_BIN="$(pg_bin)"
[ -x "$PG_BIN/initdb" ] || die "PostgreSQL binaries not found after install"
PATH="$PATH:/usr/sbin"

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

WORK="$(mktemp -d -t dwd-ci-db-XXXXXX)"
chmod 755 "$WORK" # mktemp makes it 0700; the postgres and mysql users must reach their data dirs inside.
MY_PID=""
cleanup() {
  local status=$?
  if [ -f "$WORK/pg/data/postmaster.pid" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "$MY_PID" ] && kill -0 "$MY_PID" 2>/dev/null; then
    kill "$MY_PID" 2>/dev/null || true
    wait "$MY_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT

# --- PostgreSQL -------------------------------------------------------------------------------------------------
PG_PORT="$(free_port)"
mkdir -p "$WORK/pg" && chown postgres:postgres "$WORK/pg"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust -E UTF8 --no-locale >"$WORK/pg-initdb.log" 2>&1 \
  || { cat "$WORK/pg-initdb.log" >&2; die "PostgreSQL initdb"; }
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
  || { cat "$WORK/pg/server.log" >&2; die "PostgreSQL did not start"; }
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres dwd_test || die "CREATE DATABASE on PostgreSQL"
export DATABASE_URL_PG="postgresql://postgres@127.0.0.1:$PG_PORT/dwd_test"
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"

# --- MariaDB ----------------------------------------------------------------------------------------------------
MY_PORT="$(free_port)"
MY_SOCK="$WORK/mysql/mysqld.sock"
mkdir -p "$WORK/mysql" && chown mysql:mysql "$WORK/mysql"
mariadb-install-db --user=mysql --datadir="$WORK/mysql/data" --auth-root-authentication-method=normal \
  --skip-test-db >"$WORK/my-install.log" 2>&1 || { cat "$WORK/my-install.log" >&2; die "MariaDB install-db"; }
mariadbd --no-defaults --user=mysql --datadir="$WORK/mysql/data" --socket="$MY_SOCK" --pid-file="$WORK/mysql/mysqld.pid" \
  --bind-address=127.0.0.1 --port="$MY_PORT" --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
  --log-error="$WORK/mysql/error.log" &
MY_PID=$!
for _ in $(seq 1 120); do
  kill -0 "$MY_PID" 2>/dev/null || { cat "$WORK/mysql/error.log" >&2; die "MariaDB exited during start"; }
  mariadb-admin --no-defaults --socket="$MY_SOCK" -uroot ping >/dev/null 2>&1 && break
  sleep 0.5
done
mariadb-admin --no-defaults --socket="$MY_SOCK" -uroot ping >/dev/null 2>&1 || { cat "$WORK/mysql/error.log" >&2; die "MariaDB did not start"; }
mariadb --no-defaults --socket="$MY_SOCK" -uroot -e "
  CREATE DATABASE dwd_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
  CREATE USER 'dwd'@'127.0.0.1' IDENTIFIED BY 'dwd';
  GRANT ALL PRIVILEGES ON dwd_test.* TO 'dwd'@'127.0.0.1';" || die "creating the MariaDB database"
export DATABASE_URL_MYSQL="mysql://dwd:dwd@127.0.0.1:$MY_PORT/dwd_test"
log "MariaDB $(mariadbd --version | awk '{print $3}') on 127.0.0.1:$MY_PORT"

# --- The tests --------------------------------------------------------------------------------------------------
# With arguments, run those instead (one suite while developing):
#   bash scripts/ci-databases.sh npx vitest run --config vitest.servers.config.ts test/servers/postgres/x.test.ts
if [ "$#" -gt 0 ]; then "$@"; else npm run --silent test:servers; fi

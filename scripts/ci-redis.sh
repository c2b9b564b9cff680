#!/usr/bin/env bash
# Redis part of CI: installs Debian's redis-server with apt-get when missing, starts a throwaway server on
# 127.0.0.1 (a spare port, no persistence), exports REDIS_URL, runs the command given as arguments, and stops Redis
# on exit. A server that does not start fails the script: the Redis suites are never skipped.
#   bash scripts/ci-redis.sh bash scripts/ci-databases.sh
#   bash scripts/ci-redis.sh npx vitest run --config vitest.servers.config.ts test/servers/redis
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[ci-redis] %s\n' "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
[ "$#" -gt 0 ] || die "usage: bash scripts/ci-redis.sh COMMAND [ARGS...]"

PATH="$PATH:/usr/sbin:/usr/bin"
if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || die "redis-server is missing and installing it needs root"
  export DEBIAN_FRONTEND=noninteractive
  log "apt-get install redis-server"
  apt-get install -y --no-install-recommends redis-server >/dev/null 2>&1 \
    || { apt-get update >/dev/null && apt-get install -y --no-install-recommends redis-server >/dev/null; } \
    || die "apt-get install redis-server failed"
fi

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

WORK="$(mktemp -d -t dwd-ci-redis-XXXXXX)"
REDIS_PID=""
cleanup() {
  local status=$?
  if [ -n "$REDIS_PID" ] && kill -0 "$REDIS_PID" 2>/dev/null; then
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT

REDIS_PORT="$(free_port)"
# Foreground with & (not --daemonize yes, which leaves a defunct child); no RDB, no AOF: a throwaway server.
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 1 100); do
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break
  kill -0 "$REDIS_PID" 2>/dev/null || { cat "$WORK/redis.log" >&2; die "redis-server exited"; }
  sleep 0.1
done
redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG || { cat "$WORK/redis.log" >&2; die "redis-server did not answer ping"; }
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
log "Redis $(redis-server --version | awk '{print $3}' | sed 's/v=//') on 127.0.0.1:$REDIS_PORT"

# Not exec: the EXIT trap must stop Redis after the command.
"$@"

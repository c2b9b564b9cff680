#!/usr/bin/env bash
# Builds and drives the examples end to end (called by .ci/run; runnable alone from a clone with root deps installed):
#   1. Debian's chromium (apt) if missing   2. the package (npm run build; skip with EXAMPLES_SKIP_BUILD=1)
#   3. npm ci in examples/express, examples/next, examples/e2e (in parallel)   4. next build
#   4b. the Next example's routes built in a fresh create-next-app 16 app, as generated today (scripts/ci-fresh-next.sh)
#   5. vitest (examples/e2e): starts a Discord fake and each example, drives them over HTTP (and raw TCP request
#      lines against Express) and the Next settings page in headless Chromium: add, test, edit, a webhook disabled
#      by a 404 shown with its reason, a new URL pasted, events arriving again (screenshots in test-artifacts/);
#      the drop-in panel in-process as admin and customers (axe-core, screenshots to docs/panel-*.png); the
#      durable producer route and worker on Redis (needs REDIS_URL: run it under scripts/ci-redis.sh, as .ci/run does).
# Every process it starts is stopped on exit; any failing step fails the script.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export NEXT_TELEMETRY_DISABLED=1 npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

WORK="$(mktemp -d)"
export E2E_PID_FILE="$WORK/pids"
: > "$E2E_PID_FILE"
BG_PIDS=()

cleanup() {
  local status=$?
  for pid in "${BG_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Apps started by the e2e run live in their own process groups; their ids are in $E2E_PID_FILE.
  while read -r pgid; do [ -n "$pgid" ] && kill -TERM -- "-$pgid" 2>/dev/null || true; done < "$E2E_PID_FILE"
  sleep 1
  while read -r pgid; do [ -n "$pgid" ] && kill -KILL -- "-$pgid" 2>/dev/null || true; done < "$E2E_PID_FILE"
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

START=$SECONDS
step() { printf '\n--> [examples %3ss] %s\n' "$((SECONDS - START))" "$*"; }

step "Chromium"
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
chromium --version 2>/dev/null || true
# The embed titles carry emoji: without a colour emoji font the inbox screenshot shows empty boxes.
if [ ! -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-noto-color-emoji >/dev/null || echo "fonts-noto-color-emoji not installed: emoji render as boxes in screenshots"
fi

if [ ! -d node_modules ]; then
  step "Root dependencies (npm ci)"
  npm ci
fi

if [ "${EXAMPLES_SKIP_BUILD:-0}" != "1" ] || [ ! -f dist/index.js ]; then
  step "Build the package (npm run build)"
  timeout 600 npm run build >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
fi

step "npm ci in examples/express, examples/next, examples/e2e"
# The examples depend on "file:../.." with install-links: npm copies the built package in, so peers (drizzle-orm)
# resolve to the example's own copy. npm ci always starts from scratch, so the copy is the build above.
for dir in express next e2e; do
  (cd "examples/$dir" && timeout 600 npm ci >"$WORK/ci-$dir.log" 2>&1) &
  BG_PIDS+=("$!")
done
failed=0
for i in "${!BG_PIDS[@]}"; do
  if ! wait "${BG_PIDS[$i]}"; then failed=1; fi
done
BG_PIDS=()
if [ "$failed" != 0 ]; then
  for dir in express next e2e; do echo "--- npm ci examples/$dir"; tail -n 40 "$WORK/ci-$dir.log"; done
  exit 1
fi

step "Type-check examples/express"
(cd examples/express && timeout 300 npx tsc --noEmit -p .)

step "next build (examples/next)"
(cd examples/next && timeout 600 npx next build >"$WORK/next-build.log" 2>&1) || { cat "$WORK/next-build.log"; exit 1; }
tail -n 12 "$WORK/next-build.log"

step "next build of the example's routes in a fresh create-next-app 16 app (cacheComponents on)"
timeout 1200 bash scripts/ci-fresh-next.sh

step "End-to-end tests (vitest + playwright-core + /usr/bin/chromium)"
mkdir -p test-artifacts
timeout 600 npx vitest run --config examples/e2e/vitest.config.ts

step "Examples passed ($((SECONDS - START)) s; screenshots: test-artifacts/next-panel*.png, docs/panel-*.png)"

#!/usr/bin/env bash
# Builds the Next example's routes inside an app made by create-next-app 16 exactly as it generates one today
# (cacheComponents and partialPrefetching on, its tsconfig), with the package installed from its packed tarball:
# what a new user gets when they copy the example into their app. Called by scripts/ci-examples.sh after the package
# is built (dist/); runnable alone from a clone: `npm run build && bash scripts/ci-fresh-next.sh`.
#   1. npx create-next-app@$CNA_VERSION --yes --skip-install (fails if it no longer turns cacheComponents on)
#   2. copy examples/next's route handlers (the panel among them), headless page, demo login, lib/ and durable/ in (the generated page and config stay;
#      the layout is the example's, as the generated one fetches Google Fonts at build time)
#   3. pin next / react / typescript to the example's versions, add the example's dependencies and the tarball
#   4. npm install, next build
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export NEXT_TELEMETRY_DISABLED=1 npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# The newest create-next-app on the registry (its version trails next's: there is no create-next-app 16.4.6).
CNA_VERSION="${CNA_VERSION:-16.4.3}"

[ -f dist/index.js ] || { echo "dist/ is missing: run npm run build first" >&2; exit 1; }
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
APP="$DIR/fresh-app"
EXAMPLE="$ROOT/examples/next"

echo "create-next-app@$CNA_VERSION --yes --skip-install"
(cd "$DIR" && timeout 300 npx -y "create-next-app@$CNA_VERSION" fresh-app --yes --skip-install --disable-git >"$DIR/cna.log" 2>&1) || { cat "$DIR/cna.log"; exit 1; }
if ! grep -Eq '^\s*cacheComponents:\s*true' "$APP/next.config.ts"; then
  echo "create-next-app@$CNA_VERSION no longer writes cacheComponents: true; this check builds nothing new:" >&2
  cat "$APP/next.config.ts" >&2
  exit 1
fi
echo "--- its next.config.ts"; cat "$APP/next.config.ts"

mkdir -p "$APP/app"
cp -R "$EXAMPLE/app/api" "$EXAMPLE/app/headless" "$EXAMPLE/app/demo-login" "$APP/app/"
cp -R "$EXAMPLE/lib" "$EXAMPLE/durable" "$APP/"
rm -f "$APP/durable/README.md"
# The generated layout loads Geist from Google Fonts at build time, which an offline CI cannot reach: use the
# example's plain layout (it imports the generated app/globals.css, Tailwind and all).
cp "$EXAMPLE/app/layout.tsx" "$APP/app/layout.tsx"

TARBALL="$(npm pack --ignore-scripts --silent --pack-destination "$DIR" | tail -n 1)"
# Versions come from examples/next/package.json (one place); ESLint is left out: next build no longer runs it.
node - "$APP/package.json" "$EXAMPLE/package.json" "$DIR/$TARBALL" <<'EOF'
const fs = require("node:fs");
const [appFile, exampleFile, tarball] = process.argv.slice(2);
const app = JSON.parse(fs.readFileSync(appFile, "utf8"));
const example = JSON.parse(fs.readFileSync(exampleFile, "utf8"));
app.dependencies = { ...app.dependencies, ...example.dependencies, "discord-webhook-dispatcher": `file:${tarball}` };
for (const name of ["typescript", "@types/node", "@types/react"]) app.devDependencies[name] = example.devDependencies[name];
for (const name of ["eslint", "eslint-config-next"]) delete app.devDependencies[name];
delete app.scripts.lint;
app.allowScripts = example.allowScripts;
fs.writeFileSync(appFile, JSON.stringify(app, null, 2) + "\n");
EOF
echo "--- its package.json, pinned"; cat "$APP/package.json"

echo "npm install"
(cd "$APP" && timeout 600 npm install >"$DIR/install.log" 2>&1) || { tail -n 40 "$DIR/install.log"; exit 1; }
echo "next build"
(cd "$APP" && timeout 600 npx next build >"$DIR/build.log" 2>&1) || { cat "$DIR/build.log"; exit 1; }
tail -n 14 "$DIR/build.log"

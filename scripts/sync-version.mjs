#!/usr/bin/env node
// Writes package.json's version into src/version.ts (sent in the User-Agent). Runs after `changeset version`
// through `npm run version-packages`, so a release never ships a stale User-Agent; test/kit/version.test.ts checks it.
import { readFileSync, writeFileSync } from "node:fs";

const root = new URL("..", import.meta.url);
const { version } = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
const file = new URL("src/version.ts", root);
const source = readFileSync(file, "utf8");
const next = source.replace(/export const VERSION = "[^"]*";/, `export const VERSION = ${JSON.stringify(version)};`);
if (next === source && !source.includes(`"${version}"`)) throw new Error("src/version.ts: VERSION constant not found");
writeFileSync(file, next);
console.log(`src/version.ts: VERSION = ${version}`);

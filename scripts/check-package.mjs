#!/usr/bin/env node
// Checks the package exactly as npm would publish it: packs a tarball into a temporary directory, then runs
// publint (any error, warning or suggestion fails) and Are The Types Wrong (every entry point, every resolution mode)
// on that tarball, checks that every relative link of the README is in it, and installs it (offline) into a scratch
// project to run its `bin` as a user would: `npx discord-webhook-dispatcher --help`, then `fake`, sent to and
// stopped with Ctrl-C. Run `npm run build` first. Exits non-zero on any problem.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { smokeTestBin } from "./check-package-bin.mjs";

const root = resolve(import.meta.dirname, "..");
// Files the published package must carry, and paths that must never leak into it.
const REQUIRED = ["package.json", "README.md", "dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts", "dist/cli.js", "dist/postgres/index.js", "dist/postgres/index.cjs", "dist/postgres/index.d.ts", "dist/state.js", "dist/state.cjs", "dist/state.d.ts", "dist/state.d.cts", "migrations/postgresql/queue/0001_dwd_queue.sql"];
const FORBIDDEN = [/^src\//, /^test\//, /^\.ci\//, /^\.changeset\//, /^scripts\//, /(^|\/)\.env/, /\.tgz$/];

function fail(message) {
  console.error(`check:package: ${message}`);
  process.exitCode = 1;
}

async function packInto(dir) {
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dir], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [info] = JSON.parse(out);
  return { tarball: join(dir, info.filename), files: info.files.map((f) => f.path), size: info.size };
}

function checkContents(files) {
  for (const path of REQUIRED) if (!files.includes(path)) fail(`the tarball lacks ${path}`);
  for (const path of files) if (FORBIDDEN.some((re) => re.test(path))) fail(`the tarball must not contain ${path}`);
}

/** Every relative link or image of the README must be in the tarball (npm shows the README without the repository). */
async function checkReadmeLinks(files) {
  const readme = await readFile(join(root, "README.md"), "utf8");
  const targets = [...readme.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)|<img[^>]+src="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
  let relative = 0;
  for (const target of targets) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) continue;
    relative += 1;
    const path = target.replace(/^\.\//, "").replace(/[#?].*$/, "").replace(/\/$/, "");
    if (!files.some((f) => f === path || f.startsWith(`${path}/`))) fail(`README links to ${target}, which the tarball lacks (ship it or link absolutely)`);
  }
  console.log(`  README: ${targets.length} links checked, ${relative} relative`);
}

async function runPublint(tarball) {
  const buffer = await readFile(tarball);
  const arrayBuffer = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball: arrayBuffer }, level: "suggestion", strict: true });
  for (const m of messages) console.log(`  publint ${m.type}: ${formatMessage(m, pkg) ?? m.code}`);
  if (messages.length > 0) fail(`publint reported ${messages.length} problem(s)`);
  else console.log("  publint: no problems");
}

function runAttw(tarball) {
  const attw = join(root, "node_modules", ".bin", "attw");
  const result = spawnSync(attw, [tarball, "--no-emoji"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) fail(`attw reported problems (exit ${String(result.status)})`);
}

async function main() {
  if (!existsSync(join(root, "dist", "index.js"))) {
    fail("dist/ is missing: run `npm run build` first");
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), "dwd-pack-"));
  try {
    const { tarball, files, size } = await packInto(dir);
    console.log(`Packed ${files.length} files (${(size / 1024).toFixed(1)} KB) into ${tarball}`);
    checkContents(files);
    await checkReadmeLinks(files);
    await runPublint(tarball);
    runAttw(tarball);
    await smokeTestBin(tarball, dir, fail);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (process.exitCode) console.error("check:package: FAILED");
  else console.log("check:package: OK");
}

await main();

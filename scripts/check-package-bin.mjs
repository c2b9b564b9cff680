// The package's `bin` as a user meets it: the packed tarball installed offline into a scratch project (its runtime
// dependencies packed from this repository's node_modules, so no registry is asked), then
// `npx discord-webhook-dispatcher --help`, and `fake` started, sent to, read back and stopped with Ctrl-C (SIGINT).
// Used by check-package.mjs.
import { execFileSync, spawn } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { smokeCompat } from "./check-package-compat.mjs";

const BIN = "discord-webhook-dispatcher";
const root = resolve(import.meta.dirname, "..");

/** The package's runtime dependencies and theirs, by name, as installed in this repository. */
async function dependencyClosure() {
  const seen = new Set();
  const walk = async (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    const pkg = JSON.parse(await readFile(join(root, "node_modules", name, "package.json"), "utf8"));
    for (const dep of Object.keys(pkg.dependencies ?? {})) await walk(dep);
  };
  const own = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
  for (const dep of Object.keys(own.dependencies ?? {})) await walk(dep);
  return [...seen];
}

/** Packs each dependency from node_modules into `dir`; returns the tarballs' absolute paths. */
async function packDependencies(dir) {
  await mkdir(dir, { recursive: true });
  const tarballs = [];
  for (const name of await dependencyClosure()) {
    const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir, join(root, "node_modules", name)], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    tarballs.push(join(dir, JSON.parse(out)[0].filename));
  }
  return tarballs;
}

/** Installs `tarball` into `<dir>/scratch` and runs its bin; calls `fail(message)` for each problem. */
export async function smokeTestBin(tarball, dir, fail) {
  const project = join(dir, "scratch");
  await mkdir(project, { recursive: true });
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
  try {
    const deps = await packDependencies(join(dir, "deps"));
    execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball, ...deps], { cwd: project, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    fail(`npm install of the tarball into a scratch project failed (offline):\n${String(error.stderr ?? error)}`);
    return;
  }
  let help;
  try {
    help = execFileSync("npx", ["--no-install", BIN, "--help"], { cwd: project, encoding: "utf8" });
  } catch (error) {
    fail(`npx ${BIN} --help failed: ${String(error.stderr ?? error)}`);
    return;
  }
  if (!help.includes(`Usage: ${BIN} <command>`)) fail(`npx ${BIN} --help printed no usage:\n${help}`);
  else console.log(`  bin: npx ${BIN} --help OK`);
  await smokeFake(project, fail);
  await smokeCompat(project, fail);
}

async function smokeFake(project, fail) {
  // detached: its own process group, so Ctrl-C (SIGINT) reaches npx and the node process under it alike.
  const child = spawn("npx", ["--no-install", BIN, "fake", "--port", "0", "--webhooks", "1"], { cwd: project, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (c) => (out += c));
  child.stderr.on("data", (c) => (out += c));
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  try {
    const deadline = Date.now() + 30_000;
    while (!out.includes("Press Ctrl-C to stop.")) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`fake did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const base = /^DISCORD_API_BASE_URL=(\S+)$/m.exec(out)?.[1];
    const hook = /https:\/\/discord\.com\/api\/v10\/webhooks\/(\d+\/[\w-]+)/.exec(out)?.[1];
    const sent = await fetch(`${base}/webhooks/${hook}?wait=true`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"content":"smoke"}' });
    if (sent.status !== 200) throw new Error(`POST to the fake's webhook answered ${sent.status}`);
    const inbox = await fetch(new URL("/inbox/state", base));
    const state = await inbox.json();
    if (state.entries?.length !== 1) throw new Error(`the inbox shows ${state.entries?.length} entries, not 1`);
  } catch (error) {
    fail(`npx ${BIN} fake: ${error.message}`);
  } finally {
    try {
      process.kill(-child.pid, "SIGINT");
    } catch {
      // already gone
    }
  }
  const timer = setTimeout(() => process.kill(-child.pid, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
  if (!out.includes("Stopped.")) fail(`npx ${BIN} fake did not stop cleanly on Ctrl-C:\n${out}`);
  else console.log(`  bin: npx ${BIN} fake started, received a message, showed it in the inbox, stopped on Ctrl-C`);
}

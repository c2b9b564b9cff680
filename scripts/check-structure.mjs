#!/usr/bin/env node
/**
 * Structure rules `npm run lint` keeps (issue 16): no import cycles in src/ and adapters/, a size budget per
 * source file, and published entry points that list their exports by name (no `export *` / `export type *`). Each failure names the file and the rule. Exit code 1 when any rule fails.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const ROOTS = ["src", "adapters"];
const BUDGET = 8 * 1024;

/** Files allowed over the budget, each named with its reason (no folder-wide entries: each file answers for itself). */
const OVER_BUDGET = {
  "src/delivery/engine.ts": "createDeliveryEngine: intake (deliver, queue, outcome), settlement and close are one closure over the lanes, the open count and the counters they share; split, each piece would take that state as arguments",
  "src/delivery/lane.ts": "one lane as one class (WebhookLane): its turn, its send and what it does with each answer, read top to bottom (issue 16: a lane that owns its state)",
  "src/delivery/memory-limits.ts": "the in-memory rate-limit decision (take, learn, blocks, the per-IP window's turns) as one closure over the budgets they share, as the Lua and PL/pgSQL implementations are one script each",
  "src/delivery/request.ts": "one request to Discord: the slot's deadline, the transport call and what the answer means, the walk-through's step 4 in one file",
  "src/redis/limits-lua.ts": "the rate-limit rules as one Lua script (as src/postgres/limits-sql.ts is one PL/pgSQL script)",
  "src/errors.ts": "every public error class with its documented contract; splitting it would scatter one concept",
  "src/dispatcher/types.ts": "the documented public options and result types of createDispatcher, one place to read them",
  "src/webhooks/manager.ts": "createWebhookManager: the management API's methods (list, get, create, update, delete, test) as one object over the access rules, limits and store they share; its parts (access, limits, schemas, tester, deliveries) are files of their own",
  "src/embeds/format.ts": "the formatter presets, one table; to split by preset",
  "src/http/routes.ts": "the HTTP routes' handlers, one table of routes; to split by resource",
  "src/dispatcher/index.ts": "createDispatcher: one closure routes every call (event methods, dispatch, the outbox relay, reminders) over the engine, the store and the incident side it builds; its parts (message edits, probes, outbox, options, audience, delivery log) are files of their own",
  "src/postgres/limits-sql.ts": "the rate-limit rules as one PL/pgSQL script (as src/redis/limits-lua.ts is one Lua script)",
  "src/incidents/desk.ts": "one problem's coordination (coalesced edits, fallbacks, compare-and-set retries) read in one place",
};

/**
 * Published entry points (the package root and its subpaths): each lists its API by name, so nothing internal leaks
 * through a re-export of a whole module.
 */
const EXPLICIT_ENTRIES = ["src/index.ts", "src/state.ts", "src/testing/index.ts", "src/redis/index.ts", "src/postgres/index.ts", "src/compat/index.ts", "src/otel/index.ts"];

/** Every .ts/.tsx/.mts file under `dir`, skipping node_modules and build output. */
function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** The source file a relative specifier points at, or undefined when it leaves the scanned tree. */
function resolveImport(from, spec) {
  const base = resolve(dirname(from), spec);
  const stem = base.replace(/\.(m?js|tsx?)$/, "");
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, join(base, "index.ts")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;"'`]*?\bfrom\s*["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

const files = ROOTS.filter((r) => existsSync(join(root, r))).flatMap((r) => walk(join(root, r)));
const graph = new Map();
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const deps = new Set();
  for (const m of text.matchAll(IMPORT)) {
    const target = resolveImport(file, m[1] ?? m[2]);
    if (target) deps.add(target);
  }
  graph.set(file, [...deps]);
}

const failures = [];
const rel = (p) => relative(root, p);

// Rule: no import cycles (type-only imports included: a cycle of types still ties two modules into one).
const state = new Map(); // 1 = on the stack, 2 = done
const stack = [];
const seenCycles = new Set();
function visit(file) {
  state.set(file, 1);
  stack.push(file);
  for (const dep of graph.get(file) ?? []) {
    if (!graph.has(dep)) continue;
    if (state.get(dep) === 1) {
      const cycle = stack.slice(stack.indexOf(dep)).map(rel);
      const key = [...cycle].sort().join("|");
      if (!seenCycles.has(key)) {
        seenCycles.add(key);
        failures.push(`${cycle[0]}: [no-import-cycle] ${[...cycle, cycle[0]].join(" -> ")}`);
      }
    } else if (state.get(dep) === undefined) visit(dep);
  }
  stack.pop();
  state.set(file, 2);
}
for (const file of graph.keys()) if (state.get(file) === undefined) visit(file);

// Rule: a size budget per file, with named exceptions.
for (const file of files) {
  const size = statSync(file).size;
  if (size <= BUDGET) continue;
  const path = rel(file);
  if (!Object.hasOwn(OVER_BUDGET, path)) failures.push(`${path}: [file-size-budget] ${size} bytes, over the ${BUDGET}-byte budget; split it or name it in OVER_BUDGET with a reason`);
}
// An exception for a file that no longer exists or fits is stale.
for (const key of Object.keys(OVER_BUDGET)) {
  const path = join(root, key);
  if (!existsSync(path) || statSync(path).size <= BUDGET) failures.push(`${key}: [file-size-budget] listed in OVER_BUDGET but missing or within budget; remove the exception`);
}

// Rule: entry points export by name: no `export * from`, `export type * from` or `export * as ns from`.
const EXPORT_STAR = /^\s*export\s+(?:type\s+)?\*/gm;
for (const entry of EXPLICIT_ENTRIES) {
  const path = join(root, entry);
  if (!existsSync(path)) {
    failures.push(`${entry}: [explicit-entry-exports] listed in EXPLICIT_ENTRIES but missing; remove it`);
    continue;
  }
  const text = readFileSync(path, "utf8");
  for (const m of text.matchAll(EXPORT_STAR)) {
    const line = text.slice(0, m.index + m[0].indexOf("export")).split("\n").length;
    failures.push(`${entry}:${line}: [explicit-entry-exports] \`export *\` / \`export type *\` in a published entry point; list the public names instead`);
  }
}

if (failures.length > 0) {
  for (const f of failures) console.error(f);
  console.error(`check-structure: ${failures.length} problem(s)`);
  process.exit(1);
}
console.log(`check-structure: ${files.length} files, no import cycles, sizes within budget, entry points export by name`);

/**
 * (f) Durable delivery: three worker processes on Redis and three on PostgreSQL beside one in-memory process, same
 * load against the fake (10 events at once to each of 100 webhooks, none packable: 1,000 requests), time as a ratio
 * of the per-IP floor (Discord's limits alone); then the cost of one `dispatch(..., { wait: false })` call (enqueue)
 * on loopback Redis and PostgreSQL beside the in-memory one, the same inside a transaction (`{ tx }`, the outbox),
 * and the statements PostgreSQL runs per event.
 * Redis: REDIS_URL, or a throwaway redis-server on a free port. PostgreSQL: DATABASE_URL_PG (skipped without it;
 * `bash scripts/ci-databases.sh npm run bench` starts one).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import pg from "pg";
import { memoryStore, type MemoryWebhookSeed } from "../adapters/memory/index.js";
import { createDispatcher, embeds as builders, fetchTransport, type Dispatcher } from "../src/index.js";
import { postgresQueue } from "../src/postgres/index.js";
import { createDiscordFake } from "../src/testing/index.js";
import { floorRoundsMs } from "./floor.js";
import { benchQueue, scaledRateLimit, type BenchWorkerConfig } from "./durable-worker.js";
import { enginesScenario } from "./pg-engines.js";

const HOOKS = 100;
const ROUNDS = 10;
const ENQUEUE_CALLS = 2000;

type Backend = "redis" | "postgres";
type Mode = "memory" | Backend;
type Cost = { p50: number; p95: number };

/** What the section reports. */
export interface DurableBench {
  text: string;
  markdown: string;
  met: boolean;
}

interface RunResult {
  wallMs: number;
  lost: number;
  rateLimited: number;
}

/** One setup measured twice: with fresh processes (one warm-up event), then again once they ran a whole round. */
interface Rounds {
  fresh: RunResult;
  warmed: RunResult;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function durableScenario(scale: number): Promise<DurableBench> {
  const server = await redisServer();
  const pgUrl = process.env.DATABASE_URL_PG;
  try {
    const floor = floorRoundsMs(HOOKS, ROUNDS).ms * scale;
    // Best of two runs each: the machine is shared, and one slow scheduler tick is not the code's.
    const runs = async (mode: Mode, url: string): Promise<Rounds> => {
      const [a, b] = [await fanouts(scale, mode, url), await fanouts(scale, mode, url)];
      return { fresh: best(a.fresh, b.fresh), warmed: best(a.warmed, b.warmed) };
    };
    const memory = await runs("memory", "");
    const enqueueMemory = await enqueueCost("memory", "");
    const redis = server ? { run: await runs("redis", server.url), enqueue: await enqueueCost("redis", server.url) } : undefined;
    const postgres = pgUrl
      ? { run: await runs("postgres", pgUrl), enqueue: await enqueueCost("postgres", pgUrl), inTx: await enqueueCost("postgres-tx", pgUrl), statements: await statementsPerEvent(pgUrl) }
      : undefined;
    const out = render(floor, memory, enqueueMemory, redis, postgres);
    if (!pgUrl) return out;
    const engines = await enginesScenario(pgUrl);
    return { text: `${out.text}\n${engines.text}`, markdown: `${out.markdown}\n${engines.markdown}`, met: out.met };
  } finally {
    server?.stop();
  }
}

function best(a: RunResult, b: RunResult): RunResult {
  return { wallMs: Math.min(a.wallMs, b.wallMs), lost: Math.max(a.lost, b.lost), rateLimited: Math.max(a.rateLimited, b.rateLimited) };
}

async function fanouts(scale: number, mode: Mode, url: string): Promise<Rounds> {
  const fake = await createDiscordFake({ timeScale: scale });
  const hooks = Array.from({ length: HOOKS }, () => fake.addWebhook());
  const seeds: MemoryWebhookSeed[] = hooks.map((h, i) => ({ id: `b${i}`, name: `bench ${i}`, webhookUrl: h.url, type: "VPS", scope: "ADMIN" }));
  const prefix = `bench${Date.now().toString(36)}`;
  const workers = mode === "memory" ? [] : await startWorkers({ backend: mode, url, prefix, apiBaseUrl: fake.apiBaseUrl, scale, seeds });
  const transport = fetchTransport({ apiBaseUrl: fake.apiBaseUrl });
  const dispatcher =
    mode === "memory"
      ? createDispatcher({ store: memoryStore(seeds), transport, rateLimit: scaledRateLimit(scale) })
      : createDispatcher({ store: memoryStore(seeds), queue: benchQueue(mode, url, prefix), worker: false, transport });
  // Warm-up event (connections, buckets learned); each round starts with a clean fake and budgets that have recovered.
  await dispatcher.dispatch("VPS", builders.nodeAlert({ node: "warm", resource: "cpu", usage: 50 }));
  const embed = builders.nodeAlert({ node: "node-3", resource: "memory", usage: 93 });
  const round = async (): Promise<RunResult> => {
    await sleep(2500 * scale);
    fake.reset();
    const t0 = performance.now();
    // Every event at once; each with its own `content`, so none share a message: 1,000 requests under the per-IP limit.
    await Promise.all(Array.from({ length: ROUNDS }, (_, r) => dispatcher.dispatch("VPS", embed, { content: `event ${r}` })));
    const wallMs = performance.now() - t0;
    const delivered = hooks.reduce((n, h) => n + fake.messages(h.id).reduce((k, m) => k + ((m.body.embeds as unknown[] | undefined)?.length ?? 0), 0), 0);
    return { wallMs, lost: HOOKS * ROUNDS - delivered, rateLimited: fake.stats().rateLimited };
  };
  // Fresh: the workers' code has run one event so far (V8 has compiled little of it); warmed: the same processes
  // again after that whole round, as a long-running worker is.
  const fresh = await round();
  const warmed = await round();
  await dispatcher.close();
  await Promise.all(workers.map((w) => stopChild(w)));
  if (mode !== "memory") await drop(mode, url, prefix);
  await fake.close();
  return { fresh, warmed };
}

/**
 * Milliseconds per `dispatch(..., { wait: false })` to one webhook, nothing sending meanwhile. `postgres-tx`: the
 * call inside an open transaction of a `pg` client (`{ tx }`: one outbox row), each call its own transaction.
 */
async function enqueueCost(mode: Mode | "postgres-tx", url: string): Promise<Cost> {
  const seeds: MemoryWebhookSeed[] = [{ id: "e", name: "enqueue", webhookUrl: `https://discord.com/api/v10/webhooks/123456789012345678/${"t".repeat(68)}`, type: "CUSTOM", scope: "ADMIN" }];
  const prefix = `benchq${Date.now().toString(36)}`;
  const rateLimit = { maxQueuePerLane: 100_000 };
  const never = { send: () => new Promise<never>(() => undefined) };
  const backend: Backend | undefined = mode === "memory" ? undefined : mode === "redis" ? "redis" : "postgres";
  const dispatcher: Dispatcher = backend
    ? createDispatcher({ store: memoryStore(seeds), queue: benchQueue(backend, url, prefix), worker: false, rateLimit })
    : createDispatcher({ store: memoryStore(seeds), rateLimit, transport: never, retry: { attempts: 1 } });
  const client = mode === "postgres-tx" ? new pg.Client({ connectionString: url }) : undefined;
  await client?.connect();
  const embed = builders.nodeAlert({ node: "node-3", resource: "disk", usage: 91 });
  const times: number[] = [];
  for (let i = 0; i < ENQUEUE_CALLS + 200; i++) {
    await client?.query("BEGIN");
    const t0 = performance.now();
    await dispatcher.dispatch("CUSTOM", embed, client ? { tx: client, wait: false } : { wait: false });
    if (i >= 200) times.push(performance.now() - t0);
    await client?.query("COMMIT");
  }
  await client?.end();
  if (backend) {
    await dispatcher.close();
    await drop(backend, url, prefix);
  } else void dispatcher.close({ timeoutMs: 0 });
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)] ?? 0, p95: times[Math.floor(times.length * 0.95)] ?? 0 };
}

/**
 * Statements PostgreSQL runs per event: one process (producer and worker) sends 200 events (20 to each of 10
 * webhooks, none packable) through `postgresQueue()` on a Pool that counts every query its clients run.
 */
async function statementsPerEvent(url: string): Promise<number> {
  const fake = await createDiscordFake({ timeScale: 0.05 });
  const hooks = Array.from({ length: 10 }, () => fake.addWebhook());
  const seeds: MemoryWebhookSeed[] = hooks.map((h, i) => ({ id: `s${i}`, name: `s ${i}`, webhookUrl: h.url, type: "VPS", scope: "ADMIN" }));
  const prefix = `benchs${Date.now().toString(36)}`;
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  let statements = 0;
  pool.on("connect", (c) => {
    const query = c.query.bind(c) as (...args: unknown[]) => unknown;
    (c as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      statements += 1;
      return query(...args);
    };
  });
  const queue = postgresQueue({ connection: pool, schema: prefix, leaseMs: 10_000 });
  await queue.migrate();
  const dispatcher = createDispatcher({ store: memoryStore(seeds), queue, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl }), rateLimit: scaledRateLimit(0.05) });
  const embed = builders.nodeAlert({ node: "node-3", resource: "memory", usage: 93 });
  statements = 0;
  await Promise.all(Array.from({ length: 20 }, (_, r) => dispatcher.dispatch("VPS", embed, { content: `event ${r}` })));
  const counted = statements;
  await dispatcher.close();
  await pool.end();
  await drop("postgres", url, prefix);
  await fake.close();
  return counted / (20 * hooks.length);
}

function render(floorMs: number, memory: Rounds, qm: Cost, redis: { run: Rounds; enqueue: Cost } | undefined, postgres: { run: Rounds; enqueue: Cost; inTx: Cost; statements: number } | undefined): DurableBench {
  const ratio = (r: RunResult): number => r.wallMs / floorMs;
  // Throughput is judged on warmed processes (a worker's steady state); the fresh round is shown beside it.
  const ok = (r: Rounds): boolean => ratio(r.warmed) <= 1.25 && Math.max(r.fresh.lost, r.warmed.lost) === 0 && Math.max(r.fresh.rateLimited, r.warmed.rateLimited) <= 2;
  const redisMet = !redis || (ok(redis.run) && redis.enqueue.p95 < 1);
  const pgMet = !postgres || (ok(postgres.run) && postgres.inTx.p95 < 2);
  const row = (name: string, r: Rounds): string[] => [
    name,
    r.fresh.wallMs.toFixed(0),
    ratio(r.fresh).toFixed(2),
    r.warmed.wallMs.toFixed(0),
    ratio(r.warmed).toFixed(2),
    String(Math.max(r.fresh.lost, r.warmed.lost)),
    String(Math.max(r.fresh.rateLimited, r.warmed.rateLimited)),
  ];
  const rows = [row("1 process, in memory", memory), ...(redis ? [row("3 worker processes on Redis", redis.run)] : []), ...(postgres ? [row("3 worker processes on PostgreSQL", postgres.run)] : [])];
  const title = `(f) ${ROUNDS} events at once -> each of ${HOOKS} webhooks (${ROUNDS * HOOKS} messages), floor ${floorMs.toFixed(0)} ms real`;
  const cost = (name: string, c: Cost): string => `${name} p50 ${c.p50.toFixed(3)} ms, p95 ${c.p95.toFixed(3)} ms`;
  const enqueue = [
    cost("in memory", qm),
    ...(redis ? [cost("Redis", redis.enqueue)] : ["Redis skipped (set REDIS_URL or install redis-server)"]),
    ...(postgres ? [cost("PostgreSQL", postgres.enqueue), cost("PostgreSQL inside a transaction ({ tx }, the outbox)", postgres.inTx)] : ["PostgreSQL skipped (set DATABASE_URL_PG: `bash scripts/ci-databases.sh npm run bench`)"]),
  ].join("; ");
  const statements = postgres ? `PostgreSQL statements per event (one process, 200 unpacked events, producer and worker, every query counted): ${postgres.statements.toFixed(1)}` : "";
  const targets = [
    redis ? `Redis ≤ 1.25x floor warmed (${ratio(redis.run.warmed).toFixed(2)}x; fresh ${ratio(redis.run.fresh).toFixed(2)}x), 0 lost, ≤ 2 429s (${redis.run.warmed.lost} / ${redis.run.warmed.rateLimited}), enqueue p95 < 1 ms (${redis.enqueue.p95.toFixed(3)}): ${redisMet ? "met" : "NOT met"}` : "",
    postgres ? `PostgreSQL ≤ 1.25x floor warmed (${ratio(postgres.run.warmed).toFixed(2)}x; fresh ${ratio(postgres.run.fresh).toFixed(2)}x), 0 lost, ≤ 2 429s (${postgres.run.warmed.lost} / ${postgres.run.warmed.rateLimited}), enqueue in a transaction p95 < 2 ms (${postgres.inTx.p95.toFixed(3)}): ${pgMet ? "met" : "NOT met"}` : "",
  ].filter((t) => t !== "");
  const text = [
    title,
    ...rows.map(([name, ms, r, wms, wr, lost, limited]) => `  ${(name ?? "").padEnd(34)} fresh ${(ms ?? "").padStart(6)} ms ${r ?? ""}x, warmed ${(wms ?? "").padStart(6)} ms ${wr ?? ""}x floor  lost ${lost ?? ""}  429s ${limited ?? ""}`),
    `  enqueue with { wait: false }: ${enqueue}`,
    ...(statements ? [`  ${statements}`] : []),
    ...targets.map((t) => `  targets: ${t}`),
  ].join("\n");
  const markdown = [
    "",
    "## (f) Durable delivery on Redis and PostgreSQL",
    "",
    `${title}, best of two runs (lost and 429s: the worse round of all). Three worker processes share one Redis, or one PostgreSQL (queue, leases, Discord's budgets, outcomes); a producer with \`worker: false\` awaits every result. Each run measures the same processes twice: fresh (their code has handled one warm-up event) and warmed (again, after that first round): the target is judged on warmed processes, a worker's steady state.`,
    "",
    "| setup | fresh: wall ms | x floor | warmed: wall ms | x floor | lost | 429s |",
    "|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
    "",
    `Enqueue with \`{ wait: false }\`: ${enqueue}.`,
    "",
    ...(statements ? [`${statements}.`, ""] : []),
    ...targets.map((t) => `targets: ${t}`),
    "",
  ].join("\n");
  return { text, markdown, met: redisMet && pgMet };
}

async function startWorkers(cfg: BenchWorkerConfig): Promise<ChildProcess[]> {
  const script = fileURLToPath(new URL("./durable-worker.ts", import.meta.url));
  const procs = [0, 1, 2].map(() => spawn(process.execPath, ["--import", "tsx", script], { env: { ...process.env, DWD_BENCH_CONFIG: JSON.stringify(cfg) }, stdio: ["ignore", "pipe", "inherit"] }));
  await Promise.all(procs.map((p) => new Promise<void>((resolve) => p.stdout.once("data", () => resolve()))));
  return procs;
}

function stopChild(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.once("exit", () => resolve());
    proc.kill("SIGTERM");
  });
}

async function drop(backend: Backend, url: string, prefix: string): Promise<void> {
  if (backend === "postgres") {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${prefix}" CASCADE`);
    await c.end();
    return;
  }
  const client = new Redis(url);
  let cursor = "0";
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await client.del(...keys);
  } while (cursor !== "0");
  client.disconnect();
}

async function redisServer(): Promise<{ url: string; stop: () => void } | undefined> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: () => undefined };
  const port = await new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
  const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "pipe" });
  const ready = await new Promise<boolean>((resolve) => {
    proc.once("error", () => resolve(false));
    proc.stdout.on("data", (d: Buffer) => {
      if (d.toString().includes("Ready to accept connections")) resolve(true);
    });
    setTimeout(() => resolve(false), 10_000);
  });
  if (!ready) {
    proc.kill("SIGKILL");
    return undefined;
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => proc.kill("SIGTERM") };
}

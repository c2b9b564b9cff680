/**
 * (f) Durable delivery: three worker processes on Redis beside one in-memory process, same load against the fake
 * (10 events at once to each of 100 webhooks, none packable: 1,000 requests), time as a ratio of the per-IP floor
 * (Discord's limits alone); then the cost of
 * one `dispatch(..., { wait: false })` call (enqueue) on loopback Redis beside the in-memory one.
 * Uses REDIS_URL, or starts a throwaway redis-server on a free port when none is given.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { memoryStore, type MemoryWebhookSeed } from "../adapters/memory/index.js";
import { createDispatcher, embeds as builders, fetchTransport, type Dispatcher } from "../src/index.js";
import { redisQueue } from "../src/redis/index.js";
import { createDiscordFake } from "../src/testing/index.js";
import { floorRoundsMs } from "./floor.js";
import { scaledRateLimit, type BenchWorkerConfig } from "./redis-worker.js";

const HOOKS = 100;
const ROUNDS = 10;
const ENQUEUE_CALLS = 2000;

/** What the section reports. */
export interface RedisBench {
  text: string;
  markdown: string;
  met: boolean;
}

interface RunResult {
  wallMs: number;
  lost: number;
  rateLimited: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function redisScenario(scale: number): Promise<RedisBench> {
  const server = await redisServer();
  if (!server) return skipped("set REDIS_URL or install redis-server to run it (`bash scripts/ci-redis.sh npm run bench`)");
  try {
    const floor = floorRoundsMs(HOOKS, ROUNDS).ms * scale;
    // Best of two runs each: the machine is shared, and one slow scheduler tick is not the code's.
    const memory = best(await fanouts(scale, "memory", server.url), await fanouts(scale, "memory", server.url));
    const durable = best(await fanouts(scale, "redis", server.url), await fanouts(scale, "redis", server.url));
    const enqueueMemory = await enqueueCost("memory", server.url);
    const enqueueRedis = await enqueueCost("redis", server.url);
    return render(floor, memory, durable, enqueueMemory, enqueueRedis);
  } finally {
    server.stop();
  }
}

function best(a: RunResult, b: RunResult): RunResult {
  return { wallMs: Math.min(a.wallMs, b.wallMs), lost: Math.max(a.lost, b.lost), rateLimited: Math.max(a.rateLimited, b.rateLimited) };
}

async function fanouts(scale: number, mode: "memory" | "redis", redisUrl: string): Promise<RunResult> {
  const fake = await createDiscordFake({ timeScale: scale });
  const hooks = Array.from({ length: HOOKS }, () => fake.addWebhook());
  const seeds: MemoryWebhookSeed[] = hooks.map((h, i) => ({ id: `b${i}`, name: `bench ${i}`, webhookUrl: h.url, type: "VPS", scope: "ADMIN" }));
  const prefix = `bench${Date.now().toString(36)}`;
  const workers = mode === "redis" ? await startWorkers({ redisUrl, prefix, apiBaseUrl: fake.apiBaseUrl, scale, seeds }) : [];
  const transport = fetchTransport({ apiBaseUrl: fake.apiBaseUrl });
  const dispatcher =
    mode === "redis"
      ? createDispatcher({ store: memoryStore(seeds), queue: redisQueue({ connection: redisUrl, prefix }), worker: false, transport })
      : createDispatcher({ store: memoryStore(seeds), transport, rateLimit: scaledRateLimit(scale) });
  // Warm-up round (JIT, connections, buckets learned), then a clean fake and budgets that have recovered.
  await dispatcher.dispatch("VPS", builders.nodeAlert({ node: "warm", resource: "cpu", usage: 50 }));
  await sleep(2500 * scale);
  fake.reset();
  const t0 = performance.now();
  // Every event at once; each with its own `content`, so none share a message: 1,000 requests under the per-IP limit.
  const embed = builders.nodeAlert({ node: "node-3", resource: "memory", usage: 93 });
  await Promise.all(Array.from({ length: ROUNDS }, (_, r) => dispatcher.dispatch("VPS", embed, { content: `event ${r}` })));
  const wallMs = performance.now() - t0;
  const delivered = hooks.reduce((n, h) => n + fake.messages(h.id).reduce((k, m) => k + ((m.body.embeds as unknown[] | undefined)?.length ?? 0), 0), 0);
  const result = { wallMs, lost: HOOKS * ROUNDS - delivered, rateLimited: fake.stats().rateLimited };
  await dispatcher.close();
  await Promise.all(workers.map((w) => stopChild(w)));
  if (mode === "redis") await dropPrefix(redisUrl, prefix);
  await fake.close();
  return result;
}

/** Milliseconds per `dispatch(..., { wait: false })` to one webhook, nothing sending meanwhile. */
async function enqueueCost(mode: "memory" | "redis", redisUrl: string): Promise<{ p50: number; p95: number }> {
  const seeds: MemoryWebhookSeed[] = [{ id: "e", name: "enqueue", webhookUrl: `https://discord.com/api/v10/webhooks/123456789012345678/${"t".repeat(68)}`, type: "CUSTOM", scope: "ADMIN" }];
  const prefix = `benchq${Date.now().toString(36)}`;
  const rateLimit = { maxQueuePerLane: 100_000 };
  const never = { send: () => new Promise<never>(() => undefined) };
  const dispatcher: Dispatcher =
    mode === "redis"
      ? createDispatcher({ store: memoryStore(seeds), queue: redisQueue({ connection: redisUrl, prefix }), worker: false, rateLimit })
      : createDispatcher({ store: memoryStore(seeds), rateLimit, transport: never, retry: { attempts: 1 } });
  const embed = builders.nodeAlert({ node: "node-3", resource: "disk", usage: 91 });
  const times: number[] = [];
  for (let i = 0; i < ENQUEUE_CALLS + 200; i++) {
    const t0 = performance.now();
    await dispatcher.dispatch("CUSTOM", embed, { wait: false });
    if (i >= 200) times.push(performance.now() - t0);
  }
  if (mode === "redis") {
    await dispatcher.close();
    await dropPrefix(redisUrl, prefix);
  } else void dispatcher.close({ timeoutMs: 0 });
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)] ?? 0, p95: times[Math.floor(times.length * 0.95)] ?? 0 };
}

function render(floorMs: number, memory: RunResult, durable: RunResult, qm: { p50: number; p95: number }, qr: { p50: number; p95: number }): RedisBench {
  const mRatio = memory.wallMs / floorMs;
  const rRatio = durable.wallMs / floorMs;
  const met = rRatio <= 1.25 && durable.lost === 0 && durable.rateLimited <= 2 && qr.p95 < 1;
  const rows = [
    ["1 process, in memory", memory.wallMs.toFixed(0), mRatio.toFixed(2), String(memory.lost), String(memory.rateLimited)],
    ["3 worker processes on Redis", durable.wallMs.toFixed(0), rRatio.toFixed(2), String(durable.lost), String(durable.rateLimited)],
  ];
  const title = `(f) ${ROUNDS} events at once -> each of ${HOOKS} webhooks (${ROUNDS * HOOKS} messages), floor ${floorMs.toFixed(0)} ms real`;
  const enqueue = `enqueue with { wait: false }: Redis p50 ${qr.p50.toFixed(3)} ms, p95 ${qr.p95.toFixed(3)} ms; in memory p50 ${qm.p50.toFixed(3)} ms, p95 ${qm.p95.toFixed(3)} ms (Redis/memory p95 ${(qr.p95 / Math.max(qm.p95, 1e-6)).toFixed(1)}x)`;
  const targets = `targets: Redis ≤ 1.25x floor (${rRatio.toFixed(2)}x), 0 lost (${durable.lost}), ≤ 2 429s (${durable.rateLimited}), enqueue p95 < 1 ms (${qr.p95.toFixed(3)}): ${met ? "met" : "NOT met"}`;
  const text = [title, ...rows.map(([name, ms, ratio, lost, limited]) => `  ${(name ?? "").padEnd(30)} ${(ms ?? "").padStart(6)} ms  ${ratio ?? ""}x floor  lost ${lost ?? ""}  429s ${limited ?? ""}`), `  redis/memory time: ${(durable.wallMs / memory.wallMs).toFixed(2)}x`, `  ${enqueue}`, `  ${targets}`].join("\n");
  const markdown = [
    "",
    "## (f) Durable delivery on Redis",
    "",
    `${title}, best of two runs (lost and 429s: the worse run). Three worker processes share one Redis (queue, leases, budgets, outcomes, Discord's per-IP budget at 96 %); a producer with \`worker: false\` awaits every result.`,
    "",
    "| setup | wall ms | x floor | lost | 429s |",
    "|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
    "",
    `Redis / memory time: ${(durable.wallMs / memory.wallMs).toFixed(2)}x. ${enqueue}.`,
    "",
    targets,
    "",
  ].join("\n");
  return { text, markdown, met };
}

function skipped(why: string): RedisBench {
  const line = `(f) durable delivery on Redis: skipped, ${why}`;
  return { text: line, markdown: `\n## (f) Durable delivery on Redis\n\n${line}\n`, met: true };
}

async function startWorkers(cfg: BenchWorkerConfig): Promise<ChildProcess[]> {
  const script = fileURLToPath(new URL("./redis-worker.ts", import.meta.url));
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

async function dropPrefix(url: string, prefix: string): Promise<void> {
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

/**
 * (f) The queue under `postgresQueue()` beside BullMQ 6.7's PostgreSQL backend, the engine issue 21 named (pg-boss 12
 * and graphile-worker 0.18 need Node 22; neither is a dependency). What the queue alone costs, without Discord or its budgets:
 * 1,000 jobs, 10 for each of 100 keys (webhooks), enqueued one call at a time (ms per call), then drained by one
 * process working 10 keys (or jobs) at a time with a no-op "send" (wall ms, this process's CPU, statements).
 * - ours through the delivery state port: `push` per job; a lane runner reads the lane's head, removes the job and
 *   settles its delivery, one job after another, so order per key holds;
 * - BullMQ: `Queue.add` per job, a `Worker` with concurrency 10, jobs removed on completion. Open-source BullMQ has no
 *   per-key order (groups are BullMQ Pro), so its drain does less than ours: it may run one key's jobs out of order.
 * Both on one counting `pg` Pool, so "statements" is every query either sends. Needs DATABASE_URL_PG.
 */
import pg from "pg";
import { Queue, Worker } from "bullmq";
import { createPostgresBackend, runMigrations } from "bullmq/dist/esm/postgres/index.js";
import { postgresQueue } from "../src/postgres/index.js";
import type { QueuedEmbed } from "../src/delivery/state.js";
import { embeds as builders } from "../src/index.js";

const KEYS = 100;
const PER_KEY = 10;
const CONCURRENCY = 10;

/** What one engine measured. */
export interface EngineResult {
  engine: string;
  enqueueP50: number;
  enqueueP95: number;
  drainMs: number;
  cpuMsPerJob: number;
  statementsPerJob: number;
  /** Statements per job by what they are for (ours only). */
  split?: string;
  /** Whether the engine promises each key's jobs in order. */
  orderPromised: boolean;
  /** Whether this run saw each key's jobs in order. */
  orderSeen: boolean;
}

/** What a query of ours is for, by the table it names first. */
function kindOf(text: string): string {
  if (/_lanes/.test(text)) return "lease";
  if (/_deliveries/.test(text)) return "outcome";
  if (/^SELECT body FROM/.test(text)) return "head";
  if (/^DELETE FROM \S+_jobs/.test(text)) return "remove";
  return "other";
}

/** A pool whose clients count every query they send, in all and by {@link kindOf}. */
function countingPool(url: string, searchPath?: string): { pool: pg.Pool; count: () => number; kinds: Map<string, number> } {
  const pool = new pg.Pool({ connectionString: url, max: 10, ...(searchPath ? { options: `-c search_path=${searchPath}` } : {}) });
  let n = 0;
  const kinds = new Map<string, number>();
  pool.on("connect", (c) => {
    const query = c.query.bind(c) as (...args: unknown[]) => unknown;
    Object.assign(c, {
      query: (...args: unknown[]) => {
        n += 1;
        const first = args[0];
        const kind = kindOf(typeof first === "string" ? first.trim() : "");
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        return query(...args);
      },
    });
  });
  return { pool, count: () => n, kinds };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** What one engine's run measured, as its row: `times` are the enqueue calls, `order` each key's job numbers as run. */
function resultOf(
  engine: string,
  m: { times: number[]; drainMs: number; cpu: NodeJS.CpuUsage; statements: number; order: Map<string, number[]>; orderPromised: boolean; split?: string },
): EngineResult {
  const sorted = [...m.times].sort((a, b) => a - b);
  const jobs = KEYS * PER_KEY;
  return {
    engine,
    ...(m.split !== undefined && { split: m.split }),
    enqueueP50: percentile(sorted, 0.5),
    enqueueP95: percentile(sorted, 0.95),
    drainMs: m.drainMs,
    cpuMsPerJob: (m.cpu.user + m.cpu.system) / 1000 / jobs,
    statementsPerJob: m.statements / jobs,
    orderPromised: m.orderPromised,
    orderSeen: [...m.order.values()].every((ids) => ids.every((id, i) => i === 0 || id > (ids[i - 1] ?? 0))),
  };
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function ours(url: string): Promise<EngineResult> {
  const schema = `benche${Date.now().toString(36)}`;
  const { pool, count, kinds } = countingPool(url);
  const queue = postgresQueue({ connection: pool, schema, concurrency: CONCURRENCY });
  await queue.migrate();
  const embed = builders.nodeAlert({ node: "node-3", resource: "memory", usage: 93 });
  const times: number[] = [];
  const order = new Map<string, number[]>();
  try {
    for (let i = 0; i < KEYS * PER_KEY; i++) {
      const laneId = `k${i % KEYS}`;
      const job: QueuedEmbed = { id: `j${i}`, laneId, deliveryId: `d${i}`, embed, message: { content: `event ${i}`, allowed_mentions: { parse: [] } }, solo: false };
      const t0 = performance.now();
      await queue.push(laneId, [job], 100_000);
      times.push(performance.now() - t0);
    }
    const n0 = count();
    kinds.clear();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let done = 0;
    const { promise: all, resolve: finished } = deferred();
    queue.serve(async (lease) => {
      for (;;) {
        const [job] = await queue.head(lease.laneId, 1);
        if (!job) return { idle: true };
        const seen = order.get(job.laneId) ?? [];
        seen.push(Number(job.id.slice(1)));
        order.set(job.laneId, seen);
        await queue.remove(lease.laneId, [job.id]);
        await queue.settle([{ deliveryId: job.deliveryId, jobIds: [job.id], status: "delivered", attempts: 1 }]);
        done += 1;
        if (done === KEYS * PER_KEY) finished();
      }
    });
    await all;
    const drainMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const statements = count() - n0;
    const split = [...kinds].map(([kind, n]) => `${kind} ${(n / (KEYS * PER_KEY)).toFixed(2)}`).join(", ");
    await queue.close();
    await queue.release?.();
    return resultOf("discord-webhook-dispatcher postgresQueue()", { times, drainMs, cpu, statements, order, orderPromised: true, split });
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await pool.end();
  }
}

async function bullmq(url: string): Promise<EngineResult> {
  const schema = "bullmq";
  const { pool, count } = countingPool(url, schema);
  const setup = await pool.connect();
  try {
    await runMigrations(setup, schema);
  } finally {
    setup.release();
  }
  const name = `bench${Date.now().toString(36)}`;
  const queue = new Queue(name, { connection: pool }, createPostgresBackend);
  const embed = builders.nodeAlert({ node: "node-3", resource: "memory", usage: 93 });
  const times: number[] = [];
  const order = new Map<string, number[]>();
  try {
    await queue.waitUntilReady();
    for (let i = 0; i < KEYS * PER_KEY; i++) {
      const t0 = performance.now();
      await queue.add("send", { laneId: `k${i % KEYS}`, seq: i, embed, message: { content: `event ${i}` } }, { removeOnComplete: true });
      times.push(performance.now() - t0);
    }
    const n0 = count();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let done = 0;
    const { promise: all, resolve: finished } = deferred();
    const worker = new Worker(
      name,
      (job) => {
        const data = job.data as { laneId: string; seq: number };
        const seen = order.get(data.laneId) ?? [];
        seen.push(data.seq);
        order.set(data.laneId, seen);
        return Promise.resolve();
      },
      { connection: pool, concurrency: CONCURRENCY },
      createPostgresBackend,
    );
    worker.on("completed", () => {
      if (++done === KEYS * PER_KEY) finished();
    });
    await all;
    const drainMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const statements = count() - n0;
    await worker.close();
    return resultOf("BullMQ 6.7 PostgreSQL backend", { times, drainMs, cpu, statements, order, orderPromised: false });
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await pool.end();
  }
}

/** Runs both engines (ours first) and renders them side by side with ratios to ours. */
export async function enginesScenario(url: string): Promise<{ text: string; markdown: string; results: EngineResult[] }> {
  const results = [await ours(url), await bullmq(url)];
  const base = results[0];
  const ratio = (v: number, b: number | undefined): string => (b ? `${(v / b).toFixed(2)}x` : "-");
  const head = `(f) PostgreSQL queue engines: ${KEYS * PER_KEY} jobs (${PER_KEY} for each of ${KEYS} keys), enqueued one call at a time, then drained by one process ${CONCURRENCY} at a time with a no-op send`;
  const rows = results.map(
    (r) =>
      `| ${r.engine} | ${r.enqueueP50.toFixed(2)} / ${r.enqueueP95.toFixed(2)} | ${r.drainMs.toFixed(0)} (${ratio(r.drainMs, base?.drainMs)}) | ${r.cpuMsPerJob.toFixed(3)} (${ratio(r.cpuMsPerJob, base?.cpuMsPerJob)}) | ${r.statementsPerJob.toFixed(1)}${r.split ? ` (${r.split})` : ""} | ${r.orderPromised ? "promised" : "not promised"}, ${r.orderSeen ? "in order" : "out of order"} here |`,
  );
  const markdown = [
    `### ${head.slice(4)}`,
    "",
    "| engine | enqueue ms p50 / p95 | drain ms (vs ours) | CPU ms per job, this process (vs ours) | statements per job (drain) | order per key |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    "The database server's CPU is not in the CPU column (it is in the drain time). One process fetching oldest first happens to start one key's jobs in order; BullMQ does not promise it (no groups in open-source BullMQ: with several workers, retries or delays a key's jobs overtake each other), while a webhook's lane needs it (and one sender per webhook, to pack a burst into one message).",
    "",
  ].join("\n");
  const text = [head, ...results.map((r) => `  ${r.engine}: enqueue p50 ${r.enqueueP50.toFixed(2)} ms, p95 ${r.enqueueP95.toFixed(2)} ms; drain ${r.drainMs.toFixed(0)} ms (${ratio(r.drainMs, base?.drainMs)}), ${r.cpuMsPerJob.toFixed(3)} ms CPU per job (${ratio(r.cpuMsPerJob, base?.cpuMsPerJob)}), ${r.statementsPerJob.toFixed(1)} statements per job${r.split ? ` (${r.split})` : ""}, order per key ${r.orderPromised ? "promised" : "not promised"} (${r.orderSeen ? "in order" : "out of order"} here)`)].join("\n");
  return { text, markdown, results };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop() ?? "")) {
  const url = process.env.DATABASE_URL_PG;
  if (!url) throw new Error("DATABASE_URL_PG is not set: run it under scripts/ci-databases.sh");
  console.log((await enginesScenario(url)).text);
}

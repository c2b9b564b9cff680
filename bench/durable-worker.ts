/**
 * A worker process of the durable bench: takes lanes from Redis or PostgreSQL and sends to the fake until SIGTERM.
 * Config in DWD_BENCH_CONFIG.
 */
import { memoryStore, type MemoryWebhookSeed } from "../adapters/memory/index.js";
import { createDispatcher, fetchTransport } from "../src/index.js";
import { postgresQueue } from "../src/postgres/index.js";
import { redisQueue } from "../src/redis/index.js";

export interface BenchWorkerConfig {
  backend: "redis" | "postgres";
  url: string;
  prefix: string;
  apiBaseUrl: string;
  scale: number;
  seeds: MemoryWebhookSeed[];
}

/** Budgets scaled like the fake (the same as the in-memory client of the bench). */
export function scaledRateLimit(scale: number) {
  return { globalWindowMs: 1000 * scale, channelWindowMs: 60_000 * scale, marginMs: 50 * scale, maxQueuePerLane: 100_000 };
}

/** The shared queue of a bench process. */
export function benchQueue(backend: "redis" | "postgres", url: string, prefix: string) {
  return backend === "redis" ? redisQueue({ connection: url, prefix, leaseMs: 10_000 }) : postgresQueue({ connection: url, schema: prefix, leaseMs: 10_000 });
}

if (process.env.DWD_BENCH_CONFIG) {
  const cfg = JSON.parse(process.env.DWD_BENCH_CONFIG) as BenchWorkerConfig;
  const dispatcher = createDispatcher({
    store: memoryStore(cfg.seeds),
    queue: benchQueue(cfg.backend, cfg.url, cfg.prefix),
    transport: fetchTransport({ apiBaseUrl: cfg.apiBaseUrl }),
    rateLimit: scaledRateLimit(cfg.scale),
  });
  process.on("SIGTERM", () => {
    void dispatcher.close().then(() => process.exit(0));
  });
  process.stdout.write("ready\n");
}

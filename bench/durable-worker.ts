/** A worker process of the Redis bench: takes lanes and sends to the fake until SIGTERM. Config in DWD_BENCH_CONFIG. */
import { memoryStore, type MemoryWebhookSeed } from "../adapters/memory/index.js";
import { createDispatcher, fetchTransport } from "../src/index.js";
import { redisQueue } from "../src/redis/index.js";

export interface BenchWorkerConfig {
  redisUrl: string;
  prefix: string;
  apiBaseUrl: string;
  scale: number;
  seeds: MemoryWebhookSeed[];
}

/** Budgets scaled like the fake (the same as the in-memory client of the bench). */
export function scaledRateLimit(scale: number) {
  return { globalWindowMs: 1000 * scale, channelWindowMs: 60_000 * scale, marginMs: 50 * scale, maxQueuePerLane: 100_000 };
}

if (process.env.DWD_BENCH_CONFIG) {
  const cfg = JSON.parse(process.env.DWD_BENCH_CONFIG) as BenchWorkerConfig;
  const dispatcher = createDispatcher({
    store: memoryStore(cfg.seeds),
    queue: redisQueue({ connection: cfg.redisUrl, prefix: cfg.prefix, leaseMs: 10_000 }),
    transport: fetchTransport({ apiBaseUrl: cfg.apiBaseUrl }),
    rateLimit: scaledRateLimit(cfg.scale),
  });
  process.on("SIGTERM", () => {
    void dispatcher.close().then(() => process.exit(0));
  });
  process.stdout.write("ready\n");
}

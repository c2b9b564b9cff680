/** Shared setup of the multi-process test's child processes: config from a JSON file named by DWD_MP_CONFIG. */
import { readFileSync } from "node:fs";
import { memoryStore } from "../../../../adapters/memory/index.js";
import type { MemoryWebhookSeed } from "../../../../adapters/memory/index.js";
import { fetchTransport, type DispatcherOptions } from "../../../../src/index.js";
import { postgresQueue } from "../../../../src/postgres/index.js";
import { redisQueue } from "../../../../src/redis/index.js";

export interface MpConfig {
  /** The shared state: Redis (default) or PostgreSQL at `postgresUrl`. */
  backend?: "redis" | "postgres";
  redisUrl: string;
  postgresUrl?: string;
  prefix: string;
  apiBaseUrl: string;
  leaseMs: number;
  seeds: MemoryWebhookSeed[];
  /** Producer only: how long to stream, events per second, bursts (at ms, events). */
  durationMs: number;
  perSecond: number;
  bursts: { atMs: number; events: number }[];
}

export function readConfig(): MpConfig {
  const path = process.env.DWD_MP_CONFIG;
  if (!path) throw new Error("DWD_MP_CONFIG is not set");
  return JSON.parse(readFileSync(path, "utf8")) as MpConfig;
}

/** Options every process of the test uses: its own memory store with the same rows, the fake, the shared state. */
export function processOptions(cfg: MpConfig): DispatcherOptions {
  const queue =
    cfg.backend === "postgres"
      ? postgresQueue({ connection: cfg.postgresUrl ?? "", prefix: cfg.prefix, leaseMs: cfg.leaseMs, concurrency: 16 })
      : redisQueue({ connection: cfg.redisUrl, prefix: cfg.prefix, leaseMs: cfg.leaseMs, concurrency: 16 });
  return {
    store: memoryStore(cfg.seeds),
    queue,
    transport: fetchTransport({ apiBaseUrl: cfg.apiBaseUrl, timeoutMs: 4000 }),
    timeoutMs: 4000,
    // The hidden channel limit is known up front, so no first shared 429 has to teach it.
    rateLimit: { channelLimit: 30 },
    retry: { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 },
  };
}

/** One JSON line on stdout for the parent. */
export function emit(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

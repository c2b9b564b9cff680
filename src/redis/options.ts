/**
 * `redisQueue()`'s options: their documented type and the one schema that checks them, over the shared duration
 * and count rules.
 */
import * as z from "zod";
import { count, durationMs, parseOptions } from "../options.js";
import type { RedisConnection } from "./connection.js";

/** Options of `redisQueue()` (src/redis/state.ts). */
export interface RedisQueueOptions {
  /** A Redis URL (`redis://host:6379`), ioredis options, or an ioredis instance (duplicated; never closed by us). */
  connection: RedisConnection;
  /** Namespace of every key. Processes that share a prefix share queues and budgets. Default `dwd`. */
  prefix?: string;
  /**
   * How long a crashed process's lanes wait before another process adopts them (BullMQ lock + stalled check).
   * Keep it well above the HTTP timeout (`timeoutMs`, default 15 s). Default 30 000.
   */
  leaseMs?: number;
  /**
   * The IP address (or any name) this process sends from. Discord's global limit is per IP: processes with the same
   * egress share one budget. Default: one budget for every process of the prefix.
   */
  egress?: string;
  /**
   * The most bytes of files one message may carry (`files` on an event call travel in the queue, base64). A call
   * over it is refused with a `ValidationError`. Default 8 MiB.
   */
  maxFileBytes?: number;
  /** How long a settled delivery's outcome stays in Redis. Default 24 h. */
  outcomeTtlMs?: number;
  /** Lanes this process works at once. Default 64. */
  concurrency?: number;
}

const connection = z.custom<RedisConnection>((v) => (typeof v === "string" && v !== "") || (typeof v === "object" && v !== null), {
  error: "is required: a Redis URL, ioredis options or an ioredis instance",
});

const redisQueueOptions = z.looseObject({
  connection,
  prefix: z.string().refine((s) => /^[A-Za-z0-9_.-]+$/.test(s), "must match [A-Za-z0-9_.-]+").optional(),
  leaseMs: durationMs({ min: 1000 }).optional(),
  egress: z.string().min(1).optional(),
  outcomeTtlMs: durationMs().optional(),
  maxFileBytes: count({ min: 1, max: 100 * 1024 * 1024 }).optional(),
  concurrency: count({ min: 1, max: 10_000 }).optional(),
});

/** Checks every option of `redisQueue()`; throws a `ConfigError` naming each bad one. */
export function parseRedisQueueOptions(options: RedisQueueOptions): RedisQueueOptions {
  return { ...options, ...parseOptions(redisQueueOptions, options, "redisQueue") };
}

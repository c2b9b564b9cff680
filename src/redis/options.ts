/**
 * The one schema of `redisQueue()`'s options, over the shared duration and count rules.
 */
import * as z from "zod";
import { count, durationMs, parseOptions } from "../options.js";
import type { RedisConnection } from "./connection.js";
import type { RedisQueueOptions } from "./state.js";

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

/**
 * The one schema of `postgresQueue()`'s options, over the shared duration and count rules.
 */
import * as z from "zod";
import { count, durationMs, parseOptions } from "../options.js";
import type { PostgresConnection, PostgresQueueOptions } from "./types.js";

const connection = z.custom<PostgresConnection>((v) => (typeof v === "string" && v !== "") || (typeof v === "object" && v !== null && typeof (v as { query?: unknown }).query === "function"), {
  error: "is required: a PostgreSQL connection string or a pg Pool",
});
const identifier = z.string().refine((s) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s), "must match [A-Za-z_][A-Za-z0-9_]*");

const postgresQueueOptions = z.looseObject({
  connection,
  schema: identifier.optional(),
  prefix: identifier.optional(),
  leaseMs: durationMs({ min: 1000 }).optional(),
  egress: z.string().min(1).optional(),
  outcomeTtlMs: durationMs().optional(),
  maxFileBytes: count({ min: 1, max: 100 * 1024 * 1024 }).optional(),
  concurrency: count({ min: 1, max: 10_000 }).optional(),
});

/** Checks every option of `postgresQueue()`; throws a `ConfigError` naming each bad one. */
export function parsePostgresQueueOptions(options: PostgresQueueOptions): PostgresQueueOptions {
  return { ...options, ...parseOptions(postgresQueueOptions, options, "postgresQueue") };
}

/**
 * Entry ids and the query bounds every implementation reads the same way.
 */
import { ValidationError } from "../errors.js";
import { DEFAULT_LOG_PER_WEBHOOK, DELIVERY_STATUSES, type DeliveryLogEntry, type DeliveryLogQuery, type DeliveryLogRetention, type DeliveryStatus } from "./types.js";

let last = 0;
let counter = 0;

/**
 * A new entry id: 9 base-36 digits of epoch milliseconds, 4 of a counter, 6 random. Ids sort by time (and by call
 * order within this process), so `id < before` pages through a log.
 */
export function newEntryId(at: Date): string {
  const ms = Math.max(at.getTime(), 0);
  if (ms === last) counter += 1;
  else {
    last = ms;
    counter = 0;
  }
  const random = Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, "0");
  return `${ms.toString(36).padStart(9, "0")}${(counter % 36 ** 4).toString(36).padStart(4, "0")}${random}`;
}

/** The smallest id of entries written at `at`: entries before it are older. */
export function idAt(at: Date): string {
  return `${Math.max(at.getTime(), 0).toString(36).padStart(9, "0")}0000000000`;
}

/** A query with defaults applied and every field checked. */
export interface NormalQuery {
  status: DeliveryStatus | undefined;
  /** Exclusive upper bound on ids. */
  before: string | undefined;
  /** Inclusive lower bound on ids. */
  since: string | undefined;
  limit: number;
}

/** Checks and normalises a {@link DeliveryLogQuery}; bad input is a `ValidationError`. */
export function normalQuery(query: DeliveryLogQuery = {}): NormalQuery {
  const issues: { path: string; message: string }[] = [];
  const { status, before, since, limit = 50 } = query;
  if (status !== undefined && !(DELIVERY_STATUSES as readonly string[]).includes(status)) issues.push({ path: "status", message: `must be one of ${DELIVERY_STATUSES.join(", ")}` });
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) issues.push({ path: "limit", message: "must be an integer from 1 to 500" });
  const beforeId = before instanceof Date ? dateId(before, "before", issues) : before;
  if (typeof beforeId === "string" && !/^[0-9a-z]{1,40}$/.test(beforeId)) issues.push({ path: "before", message: "must be an entry id or a date" });
  const sinceId = since === undefined ? undefined : dateId(since, "since", issues);
  if (issues.length > 0) throw new ValidationError("delivery log query", issues);
  return { status, before: beforeId, since: sinceId, limit };
}

function dateId(value: unknown, path: string, issues: { path: string; message: string }[]): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return idAt(value);
  issues.push({ path, message: "must be a valid date" });
  return undefined;
}

/** Retention with defaults applied. */
export function normalRetention(options: DeliveryLogRetention = {}): { maxPerWebhook: number; maxAgeMs: number | undefined } {
  const maxPerWebhook = options.maxPerWebhook ?? DEFAULT_LOG_PER_WEBHOOK;
  if (!Number.isInteger(maxPerWebhook) || maxPerWebhook < 1) throw new ValidationError("delivery log options", [{ path: "maxPerWebhook", message: "must be a positive integer" }]);
  const { maxAgeMs } = options;
  if (maxAgeMs !== undefined && (!Number.isFinite(maxAgeMs) || maxAgeMs <= 0)) throw new ValidationError("delivery log options", [{ path: "maxAgeMs", message: "must be a positive number" }]);
  return { maxPerWebhook, maxAgeMs };
}

/** Whether `entry` passes `q` (for logs that filter in process: memory, Redis). */
export function matches(entry: DeliveryLogEntry, q: NormalQuery): boolean {
  return (q.status === undefined || entry.status === q.status) && (q.before === undefined || entry.id < q.before) && (q.since === undefined || entry.id >= q.since);
}

/** Entries a retention keeps from a newest-first list. */
export function retained<T extends { createdAt: Date }>(newestFirst: readonly T[], r: { maxPerWebhook: number; maxAgeMs: number | undefined }, now: number): T[] {
  const kept = newestFirst.slice(0, r.maxPerWebhook);
  return r.maxAgeMs === undefined ? kept : kept.filter((e) => now - e.createdAt.getTime() <= (r.maxAgeMs ?? 0));
}

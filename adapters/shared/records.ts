import type { UpdateWebhookInput, WebhookRecord, WebhookScope, WebhookType } from "../../src/types.js";
import { WEBHOOK_SCOPES, WEBHOOK_TYPES } from "../../src/types.js";

/** Column values to write for an update, after the port's rules (`enabled: true` clears the disable reason). */
export type WebhookChanges = Partial<Omit<WebhookRecord, "id" | "createdAt">>;

/**
 * Longest disable reason every store keeps, in characters: the optional MySQL column (like Prisma's default String
 * on MySQL) is VARCHAR(191), where a longer value would fail the write and leave the webhook enabled. The memory
 * store keeps the same length, so every store returns the same record.
 */
export const MAX_REASON_LENGTH = 191;

/** A disable reason cut to {@link MAX_REASON_LENGTH} characters (code points), ending in "…" when cut. */
export function storedReason<T extends string | null>(reason: T): T {
  if (reason === null) return reason;
  const chars = Array.from(reason);
  return (chars.length <= MAX_REASON_LENGTH ? reason : `${chars.slice(0, MAX_REASON_LENGTH - 1).join("")}…`) as T;
}

/** The columns an update writes; `undefined` fields are left out. */
export function changesOf(patch: UpdateWebhookInput): WebhookChanges {
  const out: WebhookChanges = {};
  if (patch.name !== undefined) out.name = patch.name;
  if (patch.webhookUrl !== undefined) out.webhookUrl = patch.webhookUrl;
  if (patch.type !== undefined) out.type = patch.type;
  if (patch.scope !== undefined) out.scope = patch.scope;
  if (patch.userId !== undefined) out.userId = patch.userId;
  if (patch.avatarUrl !== undefined) out.avatarUrl = patch.avatarUrl;
  if (patch.enabled !== undefined) out.enabled = patch.enabled;
  if (patch.enabled === true) out.disabledReason = null;
  if (patch.disabledReason !== undefined) out.disabledReason = storedReason(patch.disabledReason);
  return out;
}

/**
 * Normalises a row a driver returned into a {@link WebhookRecord}: booleans stored as 0/1, timestamps as `Date`,
 * ISO text or epoch milliseconds (SQLite), and `undefined` as `null`. Throws on a row that cannot be one.
 */
export function toRecord(row: unknown): WebhookRecord {
  if (typeof row !== "object" || row === null) throw new TypeError("the database returned a row that is not an object");
  const r = row as Record<string, unknown>;
  return {
    id: str(r, "id"),
    name: str(r, "name"),
    webhookUrl: str(r, "webhookUrl"),
    type: oneOf<WebhookType>(r, "type", WEBHOOK_TYPES),
    scope: oneOf<WebhookScope>(r, "scope", WEBHOOK_SCOPES),
    enabled: r.enabled === true || r.enabled === 1 || r.enabled === 1n || r.enabled === "1" || r.enabled === "t",
    testSuccessAt: r.testSuccessAt == null ? null : toDate(r.testSuccessAt, "testSuccessAt"),
    avatarUrl: optStr(r, "avatarUrl"),
    createdAt: toDate(r.createdAt, "createdAt"),
    userId: optStr(r, "userId"),
    disabledReason: optStr(r, "disabledReason"),
  };
}

/** Converts a driver's timestamp (Date, ISO text, epoch ms) into a `Date`. */
export function toDate(value: unknown, what: string): Date {
  if (value instanceof Date) return new Date(value.getTime());
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
  if (typeof value === "string") {
    const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(" ", "T")}Z`);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new TypeError(`the database returned an invalid ${what}`);
}

function str(r: Record<string, unknown>, key: string): string {
  const value = r[key];
  if (typeof value !== "string") throw new TypeError(`the database returned a row without a text ${key}`);
  return value;
}

function optStr(r: Record<string, unknown>, key: string): string | null {
  const value = r[key];
  if (value == null) return null;
  if (typeof value === "string") return value;
  throw new TypeError(`the database returned a row with a non-text ${key}`);
}

function oneOf<T extends string>(r: Record<string, unknown>, key: string, allowed: readonly T[]): T {
  const value = r[key];
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new TypeError(`the database returned an unknown ${key}`);
}

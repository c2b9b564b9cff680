/** Reading the shipped migrations and normalising raw rows, for the adapter tests. */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { RawWebhookRow } from "../../../src/testing/index.js";

const ROOT = resolve(import.meta.dirname, "../../..");

/** The shipped migration files of a dialect, in order, as one SQL text each. */
export function migrations(dialect: "sqlite" | "postgresql" | "mysql"): string[] {
  const dir = join(ROOT, "migrations", dialect);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((f) => readFileSync(join(dir, f), "utf8"));
}

/** Splits a migration into statements (for drivers that run one at a time); drops comment-only chunks. */
export function statements(sql: string): string[] {
  return sql
    .split("\n")
    .filter((line) => !line.trim().startsWith("--"))
    .join("\n")
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The test's own normalisation of a row read straight from the database (independent of the adapters' code). */
export function rawRow(row: Record<string, unknown> | undefined | null): RawWebhookRow | null {
  if (!row) return null;
  return {
    id: row.id as string,
    name: row.name as string,
    webhookUrl: row.webhookUrl as string,
    type: row.type as string,
    scope: row.scope as string,
    enabled: row.enabled === true || row.enabled === 1,
    testSuccessAt: row.testSuccessAt == null ? null : date(row.testSuccessAt),
    avatarUrl: (row.avatarUrl as string | null | undefined) ?? null,
    createdAt: date(row.createdAt),
    userId: (row.userId as string | null | undefined) ?? null,
    disabledReason: (row.disabledReason as string | null | undefined) ?? null,
  };
}

function date(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === "number") return new Date(value);
  const text = String(value);
  // MySQL and PostgreSQL without a time zone give "YYYY-MM-DD HH:MM:SS.mmm" in UTC.
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(" ", "T")}Z`);
}

const PG_ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
/** Reads one row on PostgreSQL with the timestamps as exact UTC text, whatever the driver's date parsing. */
export const PG_RAW_SELECT = `SELECT "id", "name", "webhookUrl", "type"::text AS "type", "scope"::text AS "scope", "enabled",
  to_char("testSuccessAt", ${PG_ISO}) AS "testSuccessAt", "avatarUrl", to_char("createdAt", ${PG_ISO}) AS "createdAt",
  "userId", "disabledReason" FROM "DiscordWebhook" WHERE "id" = $1`;

/** Reading the shipped migrations and normalising raw rows, for the adapter tests. */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CONFORMANCE_USER_IDS, type RawWebhookRow } from "../../../src/testing/index.js";

const ROOT = resolve(import.meta.dirname, "../../..");

/** A SQL dialect of the shipped migrations. */
export type Dialect = "sqlite" | "postgresql" | "mysql";

/** The shipped migration files of a dialect, in order, as one SQL text each; with the optional column unless `optional: false`. */
export function migrations(dialect: Dialect, optional = true): string[] {
  const read = (dir: string) =>
    readdirSync(dir)
      .filter((f) => f.endsWith(".sql"))
      .sort()
      .map((f) => readFileSync(join(dir, f), "utf8"));
  const dir = join(ROOT, "migrations", dialect);
  return [...read(dir), ...(optional ? read(join(dir, "optional")) : [])];
}

const q = (dialect: Dialect, name: string) => (dialect === "mysql" ? `\`${name}\`` : `"${name}"`);

/**
 * The platform's table exactly as the issue gives it, as `prisma migrate` creates it from its model: a host `User`
 * table, the shipped 0001 migration (on MySQL with the default collation on `webhookUrl`, as Prisma leaves it), and
 * the foreign key on `userId` (inside CREATE TABLE on SQLite, as Prisma writes it there). Then the users the conformance suite and the tests own webhooks for. Statements, in order.
 */
export function platformTable(dialect: Dialect): string[] {
  const [shipped = ""] = migrations(dialect, false);
  // On MySQL `prisma migrate` gives the URL the database's default collation; the shipped file chooses binary.
  const create = shipped.replace(" CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", "");
  const fk = `CONSTRAINT ${q(dialect, "DiscordWebhook_userId_fkey")} FOREIGN KEY (${q(dialect, "userId")}) REFERENCES ${q(dialect, "User")} (${q(dialect, "id")}) ON DELETE SET NULL ON UPDATE CASCADE`;
  const user = dialect === "mysql" ? "CREATE TABLE `User` (`id` VARCHAR(191) NOT NULL, PRIMARY KEY (`id`)) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" : 'CREATE TABLE "User" ("id" TEXT NOT NULL PRIMARY KEY)';
  const table = dialect === "sqlite" ? [create.replace('"userId" TEXT\n);', `"userId" TEXT,\n    ${fk}\n);`)] : [...statements(create), `ALTER TABLE ${q(dialect, "DiscordWebhook")} ADD ${fk}`];
  const users = `INSERT INTO ${q(dialect, "User")} (${q(dialect, "id")}) VALUES ${TEST_USER_IDS.map((id) => `('${id}')`).join(", ")}`;
  return [user, ...table, users];
}

/** Every owner the tests use: the conformance suite's, and the routing probe's `user-0` … `user-499`. */
export const TEST_USER_IDS = [...new Set([...CONFORMANCE_USER_IDS, "u", "u1", ...Array.from({ length: 500 }, (_, i) => `user-${i}`)])];

/** Adds (`present`) or drops the optional `disabledReason` column, as its optional migration does. */
export function reasonColumn(dialect: Dialect, present: boolean): string {
  // The optional file that adds the column (optional/ also holds the delivery log table).
  if (present) return statements(migrations(dialect).find((sql) => /ALTER TABLE[^;]*disabledReason/.test(sql)) ?? "")[0] ?? "";
  return `ALTER TABLE ${q(dialect, "DiscordWebhook")} DROP COLUMN ${q(dialect, "disabledReason")}`;
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
/**
 * Reads one row on PostgreSQL with the timestamps as exact UTC text, whatever the driver's date parsing; the row as
 * JSON, so a table without the optional column reads too.
 */
export const PG_RAW_SELECT = `SELECT to_jsonb(w) || jsonb_build_object('testSuccessAt', to_char("testSuccessAt", ${PG_ISO}),
  'createdAt', to_char("createdAt", ${PG_ISO})) AS "row" FROM "DiscordWebhook" w WHERE "id" = $1`;

/** The row {@link PG_RAW_SELECT} read, or `undefined`. */
export function pgRaw(rows: { row?: unknown }[]): Record<string, unknown> | undefined {
  return rows[0]?.row as Record<string, unknown> | undefined;
}

import { and, asc, eq, getTableColumns, inArray, isNull, ne, or, type Column, type SQL, type Table } from "drizzle-orm";
import type { MySqlDatabase, MySqlQueryResultHKT, MySqlTable, PreparedQueryHKTBase } from "drizzle-orm/mysql-core";
import type { PgDatabase, PgQueryResultHKT, PgTable } from "drizzle-orm/pg-core";
import type { BaseSQLiteDatabase, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { StoreBackend } from "../shared/core.js";
import { errorCodes } from "../shared/errors.js";
import type { Where } from "../shared/where.js";
import type { WebhookColumnKey } from "./names.js";

type Builders = "select" | "insert" | "update" | "delete";
// Only the query builders are used, and their types do not depend on the database's schema generics.
/** The query builders of any Drizzle PostgreSQL database (node-postgres, postgres.js, PGlite, Neon, ...). */
export type PgQueryable = Pick<PgDatabase<PgQueryResultHKT>, Builders>;
/** The query builders of any Drizzle SQLite database (better-sqlite3, libsql, D1, Bun, ...). */
export type SQLiteQueryable = Pick<BaseSQLiteDatabase<"sync" | "async", unknown>, Builders>;
/** The query builders of any Drizzle MySQL database (mysql2, PlanetScale, TiDB, ...). */
export type MySqlQueryable = Pick<MySqlDatabase<MySqlQueryResultHKT, PreparedQueryHKTBase>, Builders>;

/** A webhook table of any dialect: the platform's columns, and maybe `disabledReason`. */
export type WebhookTable = Table & WebhookColumns;
/** The columns the store reads and writes on every table. */
type WebhookColumns = Record<Exclude<WebhookColumnKey, "disabledReason">, Column>;

/** A select ordered and ready to run, with or without a limit. */
type OrderedSelect = PromiseLike<unknown[]> & { limit(limit: number): PromiseLike<unknown[]> };

/**
 * The part of the builders the backend calls, as one structural type that each dialect's queryable satisfies.
 * `D` is what `delete(t).where(...)` gives, which is where the dialects differ. Method syntax on purpose: Drizzle's
 * parameters are narrower per table (e.g. `PgInsertValue<T>`) than declared here, and methods compare bivariantly.
 */
interface TableBuilders<T, D> {
  select(fields: Record<string, Column>): { from(table: T): { where(where: SQL | undefined): { orderBy(...order: SQL[]): OrderedSelect } } };
  insert(table: T): { values(row: Record<string, unknown>): PromiseLike<unknown> };
  update(table: T): { set(values: Record<string, unknown>): { where(where: SQL | undefined): PromiseLike<unknown> } };
  delete(table: T): { where(where: SQL): D };
}

/** How a dialect turns the `delete(t).where(...)` it built into the number of rows deleted. */
type CountDeleted<D> = (deleted: D, t: WebhookTable) => Promise<number>;

// SQLite's extended code, PostgreSQL's SQLSTATE and MySQL's name and number for a unique violation.
const DUPLICATE_CODES = new Set<string | number>(["SQLITE_CONSTRAINT_UNIQUE", "23505", "ER_DUP_ENTRY", 1062]);

/** The backend on one dialect's builders; the table's own columns say whether `disabledReason` is there. */
function backendOf<T extends WebhookTable, D>(db: TableBuilders<NoInfer<T>, D>, t: T, countDeleted: CountDeleted<D>): StoreBackend {
  const columns = getTableColumns(t) as Partial<Record<WebhookColumnKey, Column>>;
  // Only the port's columns are read, so a table with more columns of its own works too.
  const fields = Object.fromEntries(Object.entries(columns).filter(([key]) => Object.hasOwn(COLUMN_KEYS, key))) as Record<string, Column>;
  return {
    adapter: "drizzle",
    disabledReason: columns.disabledReason !== undefined,
    isDuplicate: (error) => errorCodes(error).some((code) => DUPLICATE_CODES.has(code)),
    select: async (where, limit) => {
      const q = db.select(fields).from(t).where(toSql(t, where)).orderBy(asc(t.createdAt), asc(t.id));
      return limit === undefined ? await q : await q.limit(limit);
    },
    insert: async (row) => {
      await db.insert(t).values(row);
    },
    update: async (where, changes) => {
      await db.update(t).set(changes).where(toSql(t, where));
    },
    remove: (id) => countDeleted(db.delete(t).where(eq(t.id, id)), t),
  };
}

const COLUMN_KEYS: Record<WebhookColumnKey, true> = {
  id: true, name: true, webhookUrl: true, type: true, scope: true, enabled: true, testSuccessAt: true, avatarUrl: true,
  createdAt: true, userId: true, disabledReason: true,
};

/** A {@link Where} as one SQL condition. */
function toSql(t: WebhookTable, w: Where): SQL | undefined {
  return and(
    w.id === undefined ? undefined : eq(t.id, w.id),
    w.ids === undefined ? undefined : inArray(t.id, [...w.ids]),
    w.notId === undefined ? undefined : ne(t.id, w.notId),
    w.webhookUrl === undefined ? undefined : eq(t.webhookUrl, w.webhookUrl),
    w.userId === undefined ? undefined : w.userId === null ? isNull(t.userId) : eq(t.userId, w.userId),
    w.type === undefined ? undefined : eq(t.type, w.type),
    w.scopes === undefined ? undefined : w.scopes.length === 1 ? eq(t.scope, w.scopes[0]) : inArray(t.scope, [...w.scopes]),
    w.enabled === undefined ? undefined : eq(t.enabled, w.enabled),
    w.anyOf === undefined ? undefined : or(...w.anyOf.map((branch) => toSql(t, branch))),
  );
}

/** `RETURNING` gives the deleted rows, so their count (PostgreSQL, SQLite). */
const countReturned = async (deleted: { returning(fields: { id: Column }): PromiseLike<unknown[]> }, t: WebhookTable): Promise<number> =>
  (await deleted.returning({ id: t.id })).length;

/** PostgreSQL. */
export function pgBackend(db: PgQueryable, t: PgTable & WebhookColumns): StoreBackend {
  return backendOf(db, t, countReturned);
}

/** SQLite: the same builders, awaited whether the driver is sync (better-sqlite3) or async (libsql). */
export function sqliteBackend(db: SQLiteQueryable, t: SQLiteTable & WebhookColumns): StoreBackend {
  return backendOf(db, t, countReturned);
}

/** MySQL has no `RETURNING`: the deleted count comes from the driver's result header. */
export function mysqlBackend(db: MySqlQueryable, t: MySqlTable & WebhookColumns): StoreBackend {
  return backendOf(db, t, async (deleted: PromiseLike<unknown>) => affectedRows(await deleted));
}

function affectedRows(result: unknown): number {
  const header: unknown = Array.isArray(result) ? result[0] : result;
  if (typeof header !== "object" || header === null) return 0;
  const { affectedRows: a, rowsAffected: b } = header as { affectedRows?: unknown; rowsAffected?: unknown };
  return typeof a === "number" ? a : typeof b === "number" ? b : 0;
}

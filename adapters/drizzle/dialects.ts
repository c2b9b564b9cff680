import { asc, eq, type Column, type SQL } from "drizzle-orm";
import type { MySqlDatabase, MySqlQueryResultHKT, PreparedQueryHKTBase } from "drizzle-orm/mysql-core";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type { WebhookRecord } from "../../src/types.js";
import type { MySqlDiscordWebhookTable } from "./mysql.js";
import type { PgDiscordWebhookTable } from "./pg.js";
import type { SQLiteDiscordWebhookTable } from "./sqlite.js";
import type { DialectOps } from "./store.js";

type Builders = "select" | "insert" | "update" | "delete";
// Only the query builders are used, and their types do not depend on the database's schema generics.
/** The query builders of any Drizzle PostgreSQL database (node-postgres, postgres.js, PGlite, Neon, ...). */
export type PgQueryable = Pick<PgDatabase<PgQueryResultHKT>, Builders>;
/** The query builders of any Drizzle SQLite database (better-sqlite3, libsql, D1, Bun, ...). */
export type SQLiteQueryable = Pick<BaseSQLiteDatabase<"sync" | "async", unknown>, Builders>;
/** The query builders of any Drizzle MySQL database (mysql2, PlanetScale, TiDB, ...). */
export type MySqlQueryable = Pick<MySqlDatabase<MySqlQueryResultHKT, PreparedQueryHKTBase>, Builders>;

type AnyTable = PgDiscordWebhookTable | SQLiteDiscordWebhookTable | MySqlDiscordWebhookTable;

/** A select ordered and ready to run, with or without a limit. */
type OrderedSelect = PromiseLike<unknown[]> & { limit(limit: number): PromiseLike<unknown[]> };

/**
 * The part of the builders the shared operations call, as one structural type that each dialect's queryable
 * satisfies for its own table `T`. `D` is what `delete(t).where(...)` gives, which is where the dialects differ.
 * Method syntax on purpose: Drizzle's parameters are narrower per table (e.g. `PgInsertValue<T>`) than what is
 * declared here, and methods are compared bivariantly, as the callers below pass values of the table's shape.
 */
interface TableBuilders<T, D> {
  select(): { from(table: T): { where(where: SQL | undefined): { orderBy(...order: SQL[]): OrderedSelect } } };
  insert(table: T): { values(row: WebhookRecord): PromiseLike<unknown> };
  update(table: T): { set(values: Record<string, unknown>): { where(where: SQL): PromiseLike<unknown> } };
  delete(table: T): { where(where: SQL): D };
}

/** A delete that can return the deleted rows (PostgreSQL and SQLite `RETURNING`). */
interface ReturningDelete {
  returning(fields: { id: Column }): PromiseLike<unknown[]>;
}

/** How a dialect turns the `delete(t).where(...)` it built into the number of rows deleted. */
type CountDeleted<T, D> = (deleted: D, t: T) => Promise<number>;

/** `RETURNING` gives the deleted rows, so their count. */
const countReturned = async (deleted: ReturningDelete, t: PgDiscordWebhookTable | SQLiteDiscordWebhookTable): Promise<number> =>
  (await deleted.returning({ id: t.id })).length;

/** No `RETURNING` (MySQL): the count comes from the driver's result header. */
const countAffected = async (deleted: PromiseLike<unknown>): Promise<number> => affectedRows(await deleted);

function columnsOf(t: AnyTable): DialectOps["columns"] {
  return {
    id: t.id, name: t.name, webhookUrl: t.webhookUrl, type: t.type, scope: t.scope, enabled: t.enabled,
    testSuccessAt: t.testSuccessAt, avatarUrl: t.avatarUrl, createdAt: t.createdAt, userId: t.userId, disabledReason: t.disabledReason,
  };
}

/** The operations every dialect shares; only counting the deleted rows differs. */
function tableOps<T extends AnyTable, D>(db: TableBuilders<NoInfer<T>, D>, t: T, countDeleted: CountDeleted<NoInfer<T>, D>): DialectOps {
  return {
    columns: columnsOf(t),
    select: async (where, limit) => {
      const q = db.select().from(t).where(where).orderBy(asc(t.createdAt), asc(t.id));
      return limit === undefined ? await q : await q.limit(limit);
    },
    insert: async (row: WebhookRecord) => {
      await db.insert(t).values(row);
    },
    update: async (id, set) => {
      await db.update(t).set(set).where(eq(t.id, id));
    },
    remove: (id) => countDeleted(db.delete(t).where(eq(t.id, id)), t),
  };
}

/** PostgreSQL: `RETURNING` gives the deleted count. */
export function pgOps(db: PgQueryable, t: PgDiscordWebhookTable): DialectOps {
  return tableOps(db, t, countReturned);
}

/** SQLite: the same builders, awaited whether the driver is sync (better-sqlite3) or async (libsql). */
export function sqliteOps(db: SQLiteQueryable, t: SQLiteDiscordWebhookTable): DialectOps {
  return tableOps(db, t, countReturned);
}

/** MySQL has no `RETURNING`: the deleted count comes from the driver's result header. */
export function mysqlOps(db: MySqlQueryable, t: MySqlDiscordWebhookTable): DialectOps {
  return tableOps(db, t, countAffected);
}

function affectedRows(result: unknown): number {
  const header: unknown = Array.isArray(result) ? result[0] : result;
  if (typeof header !== "object" || header === null) return 0;
  const { affectedRows: a, rowsAffected: b } = header as { affectedRows?: unknown; rowsAffected?: unknown };
  return typeof a === "number" ? a : typeof b === "number" ? b : 0;
}

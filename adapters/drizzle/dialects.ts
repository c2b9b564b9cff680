import { asc, eq } from "drizzle-orm";
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

function columnsOf(t: AnyTable): DialectOps["columns"] {
  return {
    id: t.id, name: t.name, webhookUrl: t.webhookUrl, type: t.type, scope: t.scope, enabled: t.enabled,
    testSuccessAt: t.testSuccessAt, avatarUrl: t.avatarUrl, createdAt: t.createdAt, userId: t.userId, disabledReason: t.disabledReason,
  };
}

/** PostgreSQL: `RETURNING` gives the deleted count. */
export function pgOps(db: PgQueryable, t: PgDiscordWebhookTable): DialectOps {
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
    remove: async (id) => (await db.delete(t).where(eq(t.id, id)).returning({ id: t.id })).length,
  };
}

/** SQLite: the same builders, awaited whether the driver is sync (better-sqlite3) or async (libsql). */
export function sqliteOps(db: SQLiteQueryable, t: SQLiteDiscordWebhookTable): DialectOps {
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
    remove: async (id) => (await db.delete(t).where(eq(t.id, id)).returning({ id: t.id })).length,
  };
}

/** MySQL has no `RETURNING`: the deleted count comes from the driver's result header. */
export function mysqlOps(db: MySqlQueryable, t: MySqlDiscordWebhookTable): DialectOps {
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
    remove: async (id) => affectedRows(await db.delete(t).where(eq(t.id, id))),
  };
}

function affectedRows(result: unknown): number {
  const header: unknown = Array.isArray(result) ? result[0] : result;
  if (typeof header !== "object" || header === null) return 0;
  const { affectedRows: a, rowsAffected: b } = header as { affectedRows?: unknown; rowsAffected?: unknown };
  return typeof a === "number" ? a : typeof b === "number" ? b : 0;
}

/**
 * `drizzleDeliveryLog(db)`: the delivery log on the optional `DiscordWebhookDelivery` table, for Drizzle on
 * PostgreSQL, SQLite and MySQL / MariaDB.
 */
import { and, desc, eq, gte, inArray, lt, lte, type Column, type SQL, type Table } from "drizzle-orm";
import { is } from "drizzle-orm";
import { MySqlDatabase } from "drizzle-orm/mysql-core";
import { PgDatabase } from "drizzle-orm/pg-core";
import { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { normalQuery, normalRetention } from "../../src/delivery-log/ids.js";
import type { DeliveryLog, DeliveryLogEntry, DeliveryLogRetention } from "../../src/delivery-log/types.js";
import { ConfigError, StoreError, ValidationError } from "../../src/errors.js";
import { fromDeliveryRow, toDeliveryRow } from "../shared/delivery-rows.js";
import { discordWebhookDelivery as mysqlTable } from "./mysql.js";
import { discordWebhookDelivery as pgTable } from "./pg.js";
import { discordWebhookDelivery as sqliteTable } from "./sqlite.js";

/** The columns the log reads and writes. */
type DeliveryColumns = Record<"id" | "webhookId" | "status" | "createdAt", Column>;
type DeliveryTable = Table & DeliveryColumns;
type Rows = PromiseLike<Record<string, unknown>[]>;

/** The part of Drizzle's builders the log calls; each dialect's database fits it (methods compare bivariantly). */
interface Builders {
  select(): { from(table: DeliveryTable): { where(where: SQL | undefined): { orderBy(order: SQL): { limit(n: number): Rows & { offset(n: number): Rows } } } } };
  insert(table: DeliveryTable): { values(rows: Record<string, unknown>[]): PromiseLike<unknown> };
  delete(table: DeliveryTable): { where(where: SQL | undefined): PromiseLike<unknown> };
}

/** Options of {@link drizzleDeliveryLog}. */
export type DrizzleDeliveryLogOptions = DeliveryLogRetention;

/**
 * A {@link DeliveryLog} on the optional `DiscordWebhookDelivery` table (apply
 * `migrations/<dialect>/optional/0003_create_discord_webhook_delivery.sql` first). Detects the dialect of `db`.
 * Keeps the newest `maxPerWebhook` rows per webhook (default 100) and, with `maxAgeMs`, none older.
 *
 * @example
 * ```ts
 * const db = drizzle(process.env.DATABASE_URL!);
 * const dispatcher = createDispatcher({ store: drizzleStore(db), deliveryLog: drizzleDeliveryLog(db) });
 * ```
 */
export function drizzleDeliveryLog(db: unknown, options: DrizzleDeliveryLogOptions = {}): DeliveryLog {
  const retention = normalRetention(options);
  const [builders, t] = pick(db);
  const run = async <T>(method: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      throw new StoreError("drizzle", `deliveryLog.${method} failed`, { cause: error });
    }
  };
  const prune = async (webhookId: string): Promise<void> => {
    // The newest row past the count bound; everything from it down goes (two statements: MySQL cannot delete from
    // a table it selects from in the same statement).
    const [cut] = await builders.select().from(t).where(eq(t.webhookId, webhookId)).orderBy(desc(t.id)).limit(1).offset(retention.maxPerWebhook);
    if (cut) await builders.delete(t).where(and(eq(t.webhookId, webhookId), lte(t.id, String(cut.id))));
  };

  return {
    append: (entries) =>
      run("append", async () => {
        if (entries.length === 0) return;
        await builders.insert(t).values(entries.map((e) => ({ ...toDeliveryRow(e) })));
        const ids = [...new Set(entries.map((e) => e.webhookId))];
        for (const id of ids) await prune(id);
        if (retention.maxAgeMs !== undefined) await builders.delete(t).where(and(inArray(t.webhookId, ids), lt(t.createdAt, new Date(Date.now() - retention.maxAgeMs))));
      }),
    list: (webhookId, query) =>
      run("list", async () => {
        const q = normalQuery(query);
        const oldest = retention.maxAgeMs === undefined ? undefined : gte(t.createdAt, new Date(Date.now() - retention.maxAgeMs));
        const where = and(
          eq(t.webhookId, webhookId),
          q.status === undefined ? undefined : eq(t.status, q.status),
          q.before === undefined ? undefined : lt(t.id, q.before),
          q.since === undefined ? undefined : gte(t.id, q.since),
          oldest,
        );
        const rows = await builders.select().from(t).where(where).orderBy(desc(t.id)).limit(q.limit);
        return rows.map(fromDeliveryRow);
      }),
    get: (id) =>
      run("get", async (): Promise<DeliveryLogEntry | null> => {
        const [row] = await builders.select().from(t).where(eq(t.id, id)).orderBy(desc(t.id)).limit(1);
        return row ? fromDeliveryRow(row) : null;
      }),
  };
}

function pick(db: unknown): [Builders, DeliveryTable] {
  // Each dialect's database and table fit the one structural shape the log calls.
  if (is(db, PgDatabase)) return [db, pgTable];
  if (is(db, BaseSQLiteDatabase)) return [db, sqliteTable];
  // MySQL's `from()` asks for its own table type: the same columns, joined into the shape by a cast.
  if (is(db, MySqlDatabase)) return [db as unknown as Builders, mysqlTable];
  throw new ConfigError("[drizzle] drizzleDeliveryLog(db) needs a Drizzle PostgreSQL, SQLite or MySQL database (the object `drizzle(...)` returns).");
}

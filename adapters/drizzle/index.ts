import { is, type TablesRelationalConfig } from "drizzle-orm";
import { MySqlDatabase, type MySqlQueryResultHKT, MySqlTable, type PreparedQueryHKTBase } from "drizzle-orm/mysql-core";
import { PgDatabase, type PgQueryResultHKT, PgTable } from "drizzle-orm/pg-core";
import { BaseSQLiteDatabase, SQLiteTable } from "drizzle-orm/sqlite-core";
import { ConfigError } from "../../src/errors.js";
import type { WebhookStore } from "../../src/types.js";
import { mysqlOps, pgOps, sqliteOps } from "./dialects.js";
import { discordWebhook as mysqlTableDefault, type MySqlDiscordWebhookTable } from "./mysql.js";
import { discordWebhook as pgTableDefault, type PgDiscordWebhookTable } from "./pg.js";
import { discordWebhook as sqliteTableDefault, type SQLiteDiscordWebhookTable } from "./sqlite.js";
import { createDrizzleStore, type DrizzleStoreCommonOptions } from "./store.js";

export type { MySqlQueryable, PgQueryable, SQLiteQueryable } from "./dialects.js";
export type { DiscordWebhookTableNames, WebhookColumnKey } from "./names.js";
export type { DrizzleStoreCommonOptions } from "./store.js";
export type { MySqlDiscordWebhookTable, PgDiscordWebhookTable, SQLiteDiscordWebhookTable };

/** Options of {@link drizzleStore}; `table` is your table when its names differ from the defaults. */
export interface DrizzleStoreOptions<TTable> extends DrizzleStoreCommonOptions {
  /** The webhook table, from `defineDiscordWebhookTable()` of the dialect's subpath. Default: `discordWebhook`. */
  table?: TTable;
}

/**
 * A {@link WebhookStore} on Drizzle ORM. Detects the dialect of `db` (PostgreSQL, SQLite or MySQL) and uses the
 * matching table from `discord-webhook-dispatcher/adapters/drizzle/{pg,sqlite,mysql}`.
 *
 * @example
 * ```ts
 * import { drizzle } from "drizzle-orm/node-postgres";
 * import { drizzleStore } from "discord-webhook-dispatcher/adapters/drizzle";
 *
 * const store = drizzleStore(drizzle(process.env.DATABASE_URL!));
 * ```
 */
export function drizzleStore<Q extends PgQueryResultHKT, S extends Record<string, unknown>, R extends TablesRelationalConfig>(
  db: PgDatabase<Q, S, R>,
  options?: DrizzleStoreOptions<PgDiscordWebhookTable>,
): WebhookStore;
export function drizzleStore<K extends "sync" | "async", T, S extends Record<string, unknown>, R extends TablesRelationalConfig>(
  db: BaseSQLiteDatabase<K, T, S, R>,
  options?: DrizzleStoreOptions<SQLiteDiscordWebhookTable>,
): WebhookStore;
export function drizzleStore<Q extends MySqlQueryResultHKT, P extends PreparedQueryHKTBase, S extends Record<string, unknown>, R extends TablesRelationalConfig>(
  db: MySqlDatabase<Q, P, S, R>,
  options?: DrizzleStoreOptions<MySqlDiscordWebhookTable>,
): WebhookStore;
export function drizzleStore(
  db: unknown,
  options: DrizzleStoreOptions<PgDiscordWebhookTable | SQLiteDiscordWebhookTable | MySqlDiscordWebhookTable> = {},
): WebhookStore {
  const { table } = options;
  if (is(db, PgDatabase)) {
    if (table !== undefined && !is(table, PgTable)) throw wrongTable("PostgreSQL", "pg");
    return createDrizzleStore(pgOps(db, table ?? pgTableDefault), options);
  }
  if (is(db, BaseSQLiteDatabase)) {
    if (table !== undefined && !is(table, SQLiteTable)) throw wrongTable("SQLite", "sqlite");
    // `is` narrows to any SQLite table; the overloads already tie the table's columns to this dialect.
    return createDrizzleStore(sqliteOps(db, (table as SQLiteDiscordWebhookTable | undefined) ?? sqliteTableDefault), options);
  }
  if (is(db, MySqlDatabase)) {
    if (table !== undefined && !is(table, MySqlTable)) throw wrongTable("MySQL", "mysql");
    return createDrizzleStore(mysqlOps(db, table ?? mysqlTableDefault), options);
  }
  throw new ConfigError("[drizzle] drizzleStore(db) needs a Drizzle PostgreSQL, SQLite or MySQL database (the object `drizzle(...)` returns).");
}

function wrongTable(dialect: string, subpath: string): ConfigError {
  return new ConfigError(
    `[drizzle] options.table is not a ${dialect} table: build it with defineDiscordWebhookTable() from "discord-webhook-dispatcher/adapters/drizzle/${subpath}".`,
  );
}

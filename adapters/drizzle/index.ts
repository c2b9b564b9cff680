import { is, type TablesRelationalConfig } from "drizzle-orm";
import { MySqlDatabase, type MySqlQueryResultHKT, MySqlTable, type PreparedQueryHKTBase } from "drizzle-orm/mysql-core";
import { PgDatabase, type PgQueryResultHKT, PgTable } from "drizzle-orm/pg-core";
import { BaseSQLiteDatabase, SQLiteTable } from "drizzle-orm/sqlite-core";
import { ConfigError } from "../../src/errors.js";
import type { WebhookStore } from "../../src/types.js";
import { createStore } from "../shared/core.js";
import { mysqlBackend, pgBackend, sqliteBackend } from "./dialects.js";
import { discordWebhook as mysqlTableDefault, type MySqlDiscordWebhookTable, type MySqlDiscordWebhookTableWithReason } from "./mysql.js";
import type { DrizzleStoreCommonOptions } from "./names.js";
import { discordWebhook as pgTableDefault, type PgDiscordWebhookTable, type PgDiscordWebhookTableWithReason } from "./pg.js";
import { discordWebhook as sqliteTableDefault, type SQLiteDiscordWebhookTable, type SQLiteDiscordWebhookTableWithReason } from "./sqlite.js";

export type { MySqlQueryable, PgQueryable, SQLiteQueryable } from "./dialects.js";
export type { DiscordWebhookTableNames, DiscordWebhookTableOptions, DrizzleStoreCommonOptions, WebhookColumnKey } from "./names.js";
export type { MySqlDiscordWebhookTable, PgDiscordWebhookTable, SQLiteDiscordWebhookTable };
export type { MySqlDiscordWebhookTableWithReason, PgDiscordWebhookTableWithReason, SQLiteDiscordWebhookTableWithReason };

/**
 * Options of {@link drizzleStore}. `table` is your table when it differs from the platform's: other names, or the
 * optional `disabledReason` column (`defineDiscordWebhookTable({ disabledReason: true })`). The table decides
 * whether the store keeps the disable reason: Drizzle reads and writes exactly the columns the table declares.
 */
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
  options?: DrizzleStoreOptions<PgDiscordWebhookTable | PgDiscordWebhookTableWithReason>,
): WebhookStore;
export function drizzleStore<K extends "sync" | "async", T, S extends Record<string, unknown>, R extends TablesRelationalConfig>(
  db: BaseSQLiteDatabase<K, T, S, R>,
  options?: DrizzleStoreOptions<SQLiteDiscordWebhookTable | SQLiteDiscordWebhookTableWithReason>,
): WebhookStore;
export function drizzleStore<Q extends MySqlQueryResultHKT, P extends PreparedQueryHKTBase, S extends Record<string, unknown>, R extends TablesRelationalConfig>(
  db: MySqlDatabase<Q, P, S, R>,
  options?: DrizzleStoreOptions<MySqlDiscordWebhookTable | MySqlDiscordWebhookTableWithReason>,
): WebhookStore;
export function drizzleStore(
  db: unknown,
  options: DrizzleStoreOptions<PgDiscordWebhookTable | SQLiteDiscordWebhookTable | MySqlDiscordWebhookTable | PgDiscordWebhookTableWithReason> = {},
): WebhookStore {
  const { table } = options;
  if (is(db, PgDatabase)) {
    if (table !== undefined && !is(table, PgTable)) throw wrongTable("PostgreSQL", "pg");
    return createStore(pgBackend(db, table ?? pgTableDefault), options);
  }
  if (is(db, BaseSQLiteDatabase)) {
    if (table !== undefined && !is(table, SQLiteTable)) throw wrongTable("SQLite", "sqlite");
    // `is` narrows to any SQLite table; the overloads already tie the table's columns to this dialect.
    return createStore(sqliteBackend(db, (table as SQLiteDiscordWebhookTable | undefined) ?? sqliteTableDefault), options);
  }
  if (is(db, MySqlDatabase)) {
    if (table !== undefined && !is(table, MySqlTable)) throw wrongTable("MySQL", "mysql");
    return createStore(mysqlBackend(db, table ?? mysqlTableDefault), options);
  }
  throw new ConfigError("[drizzle] drizzleStore(db) needs a Drizzle PostgreSQL, SQLite or MySQL database (the object `drizzle(...)` returns).");
}

function wrongTable(dialect: string, subpath: string): ConfigError {
  return new ConfigError(
    `[drizzle] options.table is not a ${dialect} table: build it with defineDiscordWebhookTable() from "discord-webhook-dispatcher/adapters/drizzle/${subpath}".`,
  );
}

export { drizzleDeliveryLog } from "./delivery-log.js";
export type { DrizzleDeliveryLogOptions } from "./delivery-log.js";

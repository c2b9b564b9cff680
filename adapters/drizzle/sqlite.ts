import { sql } from "drizzle-orm";
import { customType, index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { WEBHOOK_SCOPES, WEBHOOK_TYPES } from "../../src/types.js";
import { toDate } from "../shared/records.js";
import { type DiscordWebhookTableNames, resolveNames } from "./names.js";

export type { DiscordWebhookTableNames } from "./names.js";

// Prisma declares these columns DATETIME and BOOLEAN and its SQLite driver maps by declared type, so the Drizzle
// columns declare the same types and store values as Prisma does: ISO-8601 text in UTC and 0/1.
const datetime = customType<{ data: Date; driverData: string | number }>({
  dataType: () => "DATETIME",
  toDriver: (value) => value.toISOString().replace("Z", "+00:00"),
  fromDriver: (value) => toDate(value, "timestamp"),
});
const bool = customType<{ data: boolean; driverData: number | bigint | boolean }>({
  dataType: () => "BOOLEAN",
  toDriver: (value) => (value ? 1 : 0),
  fromDriver: (value) => value === 1 || value === 1n || value === true,
});

/**
 * Defines the SQLite webhook table, with other names when yours differ. The default {@link discordWebhook}
 * matches `migrations/sqlite` and the Prisma model.
 *
 * @example
 * ```ts
 * export const webhooks = defineDiscordWebhookTable({ table: "discord_webhooks" });
 * const store = drizzleStore(db, { table: webhooks });
 * ```
 */
export function defineDiscordWebhookTable(names: DiscordWebhookTableNames = {}) {
  const n = resolveNames(names);
  return sqliteTable(
    n.table,
    {
      id: text(n.column("id")).primaryKey(),
      name: text(n.column("name")).notNull(),
      webhookUrl: text(n.column("webhookUrl")).notNull(),
      type: text(n.column("type"), { enum: WEBHOOK_TYPES }).notNull(),
      scope: text(n.column("scope"), { enum: WEBHOOK_SCOPES }).notNull(),
      enabled: bool(n.column("enabled")).notNull().default(true),
      testSuccessAt: datetime(n.column("testSuccessAt")),
      avatarUrl: text(n.column("avatarUrl")),
      createdAt: datetime(n.column("createdAt")).notNull().default(sql`CURRENT_TIMESTAMP`),
      userId: text(n.column("userId")),
      disabledReason: text(n.column("disabledReason")),
    },
    (t) => [
      uniqueIndex(n.index("webhookUrl_userId_key")).on(t.webhookUrl, t.userId),
      index(n.index("userId_idx")).on(t.userId),
      index(n.index("type_idx")).on(t.type),
      index(n.index("scope_idx")).on(t.scope),
    ],
  );
}

/** A SQLite webhook table made by {@link defineDiscordWebhookTable}. */
export type SQLiteDiscordWebhookTable = ReturnType<typeof defineDiscordWebhookTable>;

/** The default SQLite table `"DiscordWebhook"`, shared with the Prisma model. */
export const discordWebhook: SQLiteDiscordWebhookTable = defineDiscordWebhookTable();

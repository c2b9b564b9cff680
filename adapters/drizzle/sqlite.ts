import { sql } from "drizzle-orm";
import { customType, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { WEBHOOK_SCOPES, WEBHOOK_TYPES } from "../../src/types.js";
import { toDate } from "../shared/records.js";
import { type DiscordWebhookTableOptions, platformIndexes, resolveNames } from "./names.js";

export type { DiscordWebhookTableNames, DiscordWebhookTableOptions } from "./names.js";

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

function build(options: DiscordWebhookTableOptions) {
  const n = resolveNames(options);
  const columns = {
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
  };
  return { n, columns, reason: text(n.column("disabledReason")) };
}

const indexes = (n: ReturnType<typeof resolveNames>) => platformIndexes(n, index, uniqueIndex);

const platformTable = (options: DiscordWebhookTableOptions) => {
  const { n, columns } = build(options);
  return sqliteTable(n.table, columns, indexes(n));
};
const tableWithReason = (options: DiscordWebhookTableOptions) => {
  const { n, columns, reason } = build(options);
  return sqliteTable(n.table, { ...columns, disabledReason: reason }, indexes(n));
};

/** The platform's SQLite webhook table (no `disabledReason`). */
export type SQLiteDiscordWebhookTable = ReturnType<typeof platformTable>;
/** The SQLite webhook table with the optional `disabledReason` column. */
export type SQLiteDiscordWebhookTableWithReason = ReturnType<typeof tableWithReason>;

/**
 * Defines the SQLite webhook table: by default exactly the platform's (`migrations/sqlite/0001_…`, the Prisma model);
 * other names when yours differ; `disabledReason: true` when you applied the optional column.
 *
 * @example
 * ```ts
 * export const webhooks = defineDiscordWebhookTable({ table: "discord_webhooks", disabledReason: true });
 * const store = drizzleStore(db, { table: webhooks });
 * ```
 */
export function defineDiscordWebhookTable(options: DiscordWebhookTableOptions & { disabledReason: true }): SQLiteDiscordWebhookTableWithReason;
export function defineDiscordWebhookTable(options?: DiscordWebhookTableOptions & { disabledReason?: false }): SQLiteDiscordWebhookTable;
export function defineDiscordWebhookTable(options: DiscordWebhookTableOptions = {}): SQLiteDiscordWebhookTable | SQLiteDiscordWebhookTableWithReason {
  return options.disabledReason ? tableWithReason(options) : platformTable(options);
}

/** The platform's SQLite table `"DiscordWebhook"`, the same as its Prisma model creates. */
export const discordWebhook: SQLiteDiscordWebhookTable = defineDiscordWebhookTable();

/**
 * The optional SQLite delivery log table `DiscordWebhookDelivery` (migrations/sqlite/optional/0003_…), for
 * `drizzleDeliveryLog(db)`; DATETIME and BOOLEAN as Prisma stores them. The `DiscordWebhook` table is never altered.
 */
export const discordWebhookDelivery = sqliteTable(
  "DiscordWebhookDelivery",
  {
    id: text("id").primaryKey(),
    webhookId: text("webhookId").notNull(),
    family: text("family").notNull(),
    type: text("type").notNull(),
    incidentKey: text("incidentKey"),
    incidentAction: text("incidentAction"),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull(),
    httpStatus: integer("httpStatus"),
    discordCode: integer("discordCode"),
    errorCode: text("errorCode"),
    errorMessage: text("errorMessage"),
    latencyMs: integer("latencyMs"),
    messageIds: text("messageIds").notNull(),
    body: text("body").notNull(),
    bodyTruncated: bool("bodyTruncated").notNull(),
    resendOf: text("resendOf"),
    createdAt: datetime("createdAt").notNull(),
  },
  (t) => [index("DiscordWebhookDelivery_webhookId_id_idx").on(t.webhookId, t.id)],
);
/** The SQLite delivery log table's type. */
export type SQLiteDiscordWebhookDeliveryTable = typeof discordWebhookDelivery;

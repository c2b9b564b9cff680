import { sql } from "drizzle-orm";
import { boolean, customType, datetime, index, int, mysqlEnum, mysqlTable, text, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { WEBHOOK_SCOPES, WEBHOOK_TYPES } from "../../src/types.js";
import { type DiscordWebhookTableOptions, platformIndexes, resolveNames } from "./names.js";

export type { DiscordWebhookTableNames, DiscordWebhookTableOptions } from "./names.js";

// Webhook tokens are case-sensitive: a *_ci collation would make two different URLs collide in the unique index.
const binaryText = customType<{ data: string; driverData: string }>({
  dataType: () => "text CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
});
/** How much of the URL the unique index covers: MySQL indexes TEXT by prefix; canonical webhook URLs are ~130. */
export const URL_INDEX_PREFIX = 191;

function build(options: DiscordWebhookTableOptions) {
  const n = resolveNames(options);
  const str = (key: "id" | "name" | "avatarUrl" | "userId" | "disabledReason") => varchar(n.column(key), { length: 191 });
  const stamp = (key: "createdAt" | "testSuccessAt") => datetime(n.column(key), { mode: "date", fsp: 3 });
  const columns = {
    id: str("id").primaryKey(),
    name: str("name").notNull(),
    webhookUrl: binaryText(n.column("webhookUrl")).notNull(),
    type: mysqlEnum(n.column("type"), WEBHOOK_TYPES).notNull(),
    scope: mysqlEnum(n.column("scope"), WEBHOOK_SCOPES).notNull(),
    enabled: boolean(n.column("enabled")).notNull().default(true),
    testSuccessAt: stamp("testSuccessAt"),
    avatarUrl: str("avatarUrl"),
    createdAt: stamp("createdAt").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    userId: str("userId"),
  };
  return { n, columns, reason: str("disabledReason") };
}

const indexes = (n: ReturnType<typeof resolveNames>) =>
  platformIndexes(n, index, uniqueIndex, (url) => sql`${url}(${sql.raw(String(URL_INDEX_PREFIX))})`);

const platformTable = (options: DiscordWebhookTableOptions) => {
  const { n, columns } = build(options);
  return mysqlTable(n.table, columns, indexes(n));
};
const tableWithReason = (options: DiscordWebhookTableOptions) => {
  const { n, columns, reason } = build(options);
  return mysqlTable(n.table, { ...columns, disabledReason: reason }, indexes(n));
};

/** The platform's MySQL webhook table (no `disabledReason`). */
export type MySqlDiscordWebhookTable = ReturnType<typeof platformTable>;
/** The MySQL webhook table with the optional `disabledReason` column. */
export type MySqlDiscordWebhookTableWithReason = ReturnType<typeof tableWithReason>;

/**
 * Defines the MySQL / MariaDB webhook table: by default the platform's (`migrations/mysql/0001_…`: TEXT URL with a
 * binary collation, DATETIME(3), inline ENUMs); other names when yours differ; `disabledReason: true` when you
 * applied the optional column.
 *
 * @example
 * ```ts
 * export const webhooks = defineDiscordWebhookTable({ table: "discord_webhooks" });
 * const store = drizzleStore(db, { table: webhooks });
 * ```
 */
export function defineDiscordWebhookTable(options: DiscordWebhookTableOptions & { disabledReason: true }): MySqlDiscordWebhookTableWithReason;
export function defineDiscordWebhookTable(options?: DiscordWebhookTableOptions & { disabledReason?: false }): MySqlDiscordWebhookTable;
export function defineDiscordWebhookTable(options: DiscordWebhookTableOptions = {}): MySqlDiscordWebhookTable | MySqlDiscordWebhookTableWithReason {
  return options.disabledReason ? tableWithReason(options) : platformTable(options);
}

/** The platform's MySQL table `DiscordWebhook`. */
export const discordWebhook: MySqlDiscordWebhookTable = defineDiscordWebhookTable();

/**
 * The optional MySQL / MariaDB delivery log table `DiscordWebhookDelivery` (migrations/mysql/optional/0003_…), for
 * `drizzleDeliveryLog(db)`. A table of its own: the platform's `DiscordWebhook` table is never altered.
 */
export const discordWebhookDelivery = mysqlTable(
  "DiscordWebhookDelivery",
  {
    id: varchar("id", { length: 191 }).primaryKey(),
    webhookId: varchar("webhookId", { length: 191 }).notNull(),
    family: varchar("family", { length: 191 }).notNull(),
    type: varchar("type", { length: 191 }).notNull(),
    incidentKey: varchar("incidentKey", { length: 191 }),
    incidentAction: varchar("incidentAction", { length: 191 }),
    status: varchar("status", { length: 191 }).notNull(),
    attempts: int("attempts").notNull(),
    httpStatus: int("httpStatus"),
    discordCode: int("discordCode"),
    errorCode: varchar("errorCode", { length: 191 }),
    errorMessage: text("errorMessage"),
    latencyMs: int("latencyMs"),
    messageIds: text("messageIds").notNull(),
    body: text("body").notNull(),
    bodyTruncated: boolean("bodyTruncated").notNull(),
    resendOf: varchar("resendOf", { length: 191 }),
    createdAt: datetime("createdAt", { mode: "date", fsp: 3 }).notNull(),
  },
  (t) => [index("DiscordWebhookDelivery_webhookId_id_idx").on(t.webhookId, t.id)],
);
/** The MySQL delivery log table's type. */
export type MySqlDiscordWebhookDeliveryTable = typeof discordWebhookDelivery;

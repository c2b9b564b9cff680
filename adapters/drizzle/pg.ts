import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { WEBHOOK_SCOPES, WEBHOOK_TYPES } from "../../src/types.js";
import { type DiscordWebhookTableOptions, platformIndexes, resolveNames } from "./names.js";

export type { DiscordWebhookTableNames, DiscordWebhookTableOptions } from "./names.js";

/** The `DiscordWebhookType` enum type (the platform's, as Prisma creates it). Export it from your schema for drizzle-kit. */
export const discordWebhookType = pgEnum("DiscordWebhookType", WEBHOOK_TYPES);
/** The `DiscordWebhookScope` enum type (the platform's, as Prisma creates it). */
export const discordWebhookScope = pgEnum("DiscordWebhookScope", WEBHOOK_SCOPES);

function build(options: DiscordWebhookTableOptions) {
  const n = resolveNames(options);
  const typeEnum = options.enums?.type ? pgEnum(options.enums.type, WEBHOOK_TYPES) : discordWebhookType;
  const scopeEnum = options.enums?.scope ? pgEnum(options.enums.scope, WEBHOOK_SCOPES) : discordWebhookScope;
  // Prisma's DateTime is timestamp(3) without time zone, holding UTC.
  const stamp = (key: "createdAt" | "testSuccessAt") => timestamp(n.column(key), { precision: 3, mode: "date" });
  const columns = {
    id: text(n.column("id")).primaryKey(),
    name: text(n.column("name")).notNull(),
    webhookUrl: text(n.column("webhookUrl")).notNull(),
    type: typeEnum(n.column("type")).notNull(),
    scope: scopeEnum(n.column("scope")).notNull(),
    enabled: boolean(n.column("enabled")).notNull().default(true),
    testSuccessAt: stamp("testSuccessAt"),
    avatarUrl: text(n.column("avatarUrl")),
    createdAt: stamp("createdAt").notNull().defaultNow(),
    userId: text(n.column("userId")),
  };
  return { n, columns, reason: text(n.column("disabledReason")) };
}

const indexes = (n: ReturnType<typeof resolveNames>) => platformIndexes(n, index, uniqueIndex);

const platformTable = (options: DiscordWebhookTableOptions) => {
  const { n, columns } = build(options);
  return pgTable(n.table, columns, indexes(n));
};
const tableWithReason = (options: DiscordWebhookTableOptions) => {
  const { n, columns, reason } = build(options);
  return pgTable(n.table, { ...columns, disabledReason: reason }, indexes(n));
};

/** The platform's PostgreSQL webhook table (no `disabledReason`). */
export type PgDiscordWebhookTable = ReturnType<typeof platformTable>;
/** The PostgreSQL webhook table with the optional `disabledReason` column. */
export type PgDiscordWebhookTableWithReason = ReturnType<typeof tableWithReason>;

/**
 * Defines the PostgreSQL webhook table: by default exactly the platform's (`migrations/postgresql/0001_…`, the Prisma
 * model); other names when yours differ; `disabledReason: true` when you applied the optional column.
 *
 * @example
 * ```ts
 * export const webhooks = defineDiscordWebhookTable({ table: "discord_webhooks", columns: { webhookUrl: "webhook_url" } });
 * export const withReason = defineDiscordWebhookTable({ disabledReason: true });
 * const store = drizzleStore(db, { table: webhooks });
 * ```
 */
export function defineDiscordWebhookTable(options: DiscordWebhookTableOptions & { disabledReason: true }): PgDiscordWebhookTableWithReason;
export function defineDiscordWebhookTable(options?: DiscordWebhookTableOptions & { disabledReason?: false }): PgDiscordWebhookTable;
export function defineDiscordWebhookTable(options: DiscordWebhookTableOptions = {}): PgDiscordWebhookTable | PgDiscordWebhookTableWithReason {
  return options.disabledReason ? tableWithReason(options) : platformTable(options);
}

/** The platform's PostgreSQL table `"DiscordWebhook"`, the same as its Prisma model creates. */
export const discordWebhook: PgDiscordWebhookTable = defineDiscordWebhookTable();

/**
 * The optional PostgreSQL delivery log table `"DiscordWebhookDelivery"` (migrations/postgresql/optional/0003_…), for
 * `drizzleDeliveryLog(db)`. A table of its own: the platform's `DiscordWebhook` table is never altered.
 */
export const discordWebhookDelivery = pgTable(
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
    bodyTruncated: boolean("bodyTruncated").notNull(),
    resendOf: text("resendOf"),
    createdAt: timestamp("createdAt", { precision: 3, mode: "date" }).notNull(),
  },
  (t) => [index("DiscordWebhookDelivery_webhookId_id_idx").on(t.webhookId, t.id)],
);
/** The PostgreSQL delivery log table's type. */
export type PgDiscordWebhookDeliveryTable = typeof discordWebhookDelivery;

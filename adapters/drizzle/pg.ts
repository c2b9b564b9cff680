import { boolean, index, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { WEBHOOK_SCOPES, WEBHOOK_TYPES } from "../../src/types.js";
import { type DiscordWebhookTableNames, resolveNames } from "./names.js";

export type { DiscordWebhookTableNames } from "./names.js";

/** The `WebhookType` enum type (the same as Prisma's). Export it from your schema so drizzle-kit creates it. */
export const webhookType = pgEnum("WebhookType", WEBHOOK_TYPES);
/** The `WebhookScope` enum type (the same as Prisma's). */
export const webhookScope = pgEnum("WebhookScope", WEBHOOK_SCOPES);

/**
 * Defines the PostgreSQL webhook table, with other names when yours differ. The default {@link discordWebhook}
 * matches `migrations/postgresql` and the Prisma model.
 *
 * @example
 * ```ts
 * export const webhooks = defineDiscordWebhookTable({ table: "discord_webhooks", columns: { webhookUrl: "webhook_url" } });
 * const store = drizzleStore(db, { table: webhooks });
 * ```
 */
export function defineDiscordWebhookTable(names: DiscordWebhookTableNames = {}) {
  const n = resolveNames(names);
  const typeEnum = names.enums?.type ? pgEnum(names.enums.type, WEBHOOK_TYPES) : webhookType;
  const scopeEnum = names.enums?.scope ? pgEnum(names.enums.scope, WEBHOOK_SCOPES) : webhookScope;
  // Prisma's DateTime is timestamp(3) without time zone, holding UTC.
  const stamp = (key: "createdAt" | "testSuccessAt") => timestamp(n.column(key), { precision: 3, mode: "date" });
  return pgTable(
    n.table,
    {
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

/** A PostgreSQL webhook table made by {@link defineDiscordWebhookTable}. */
export type PgDiscordWebhookTable = ReturnType<typeof defineDiscordWebhookTable>;

/** The default PostgreSQL table `"DiscordWebhook"`, shared with the Prisma model. */
export const discordWebhook: PgDiscordWebhookTable = defineDiscordWebhookTable();

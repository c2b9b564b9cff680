import { sql } from "drizzle-orm";
import { boolean, customType, datetime, index, mysqlEnum, mysqlTable, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { WEBHOOK_SCOPES, WEBHOOK_TYPES } from "../../src/types.js";
import { type DiscordWebhookTableNames, resolveNames } from "./names.js";

export type { DiscordWebhookTableNames } from "./names.js";

// Webhook tokens are case-sensitive: a *_ci collation would make two different URLs collide in the unique index.
const binaryUrl = customType<{ data: string; driverData: string }>({
  dataType: () => "varchar(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
});

/**
 * Defines the MySQL / MariaDB webhook table, with other names when yours differ. The default {@link discordWebhook}
 * matches `migrations/mysql` and the Prisma model (VARCHAR(191), DATETIME(3), inline ENUMs).
 *
 * @example
 * ```ts
 * export const webhooks = defineDiscordWebhookTable({ table: "discord_webhooks" });
 * const store = drizzleStore(db, { table: webhooks });
 * ```
 */
export function defineDiscordWebhookTable(names: DiscordWebhookTableNames = {}) {
  const n = resolveNames(names);
  const str = (key: "id" | "name" | "avatarUrl" | "userId" | "disabledReason") => varchar(n.column(key), { length: 191 });
  const stamp = (key: "createdAt" | "testSuccessAt") => datetime(n.column(key), { mode: "date", fsp: 3 });
  return mysqlTable(
    n.table,
    {
      id: str("id").primaryKey(),
      name: str("name").notNull(),
      webhookUrl: binaryUrl(n.column("webhookUrl")).notNull(),
      type: mysqlEnum(n.column("type"), WEBHOOK_TYPES).notNull(),
      scope: mysqlEnum(n.column("scope"), WEBHOOK_SCOPES).notNull(),
      enabled: boolean(n.column("enabled")).notNull().default(true),
      testSuccessAt: stamp("testSuccessAt"),
      avatarUrl: str("avatarUrl"),
      createdAt: stamp("createdAt").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
      userId: str("userId"),
      disabledReason: str("disabledReason"),
    },
    (t) => [
      uniqueIndex(n.index("webhookUrl_userId_key")).on(t.webhookUrl, t.userId),
      index(n.index("userId_idx")).on(t.userId),
      index(n.index("type_idx")).on(t.type),
      index(n.index("scope_idx")).on(t.scope),
    ],
  );
}

/** A MySQL webhook table made by {@link defineDiscordWebhookTable}. */
export type MySqlDiscordWebhookTable = ReturnType<typeof defineDiscordWebhookTable>;

/** The default MySQL table `DiscordWebhook`, shared with the Prisma model. */
export const discordWebhook: MySqlDiscordWebhookTable = defineDiscordWebhookTable();

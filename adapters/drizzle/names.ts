import type { StoreCoreOptions } from "../shared/core.js";
import type { WebhookRecord } from "../../src/types.js";

/** A field of the webhook table. */
export type WebhookColumnKey = keyof WebhookRecord;

/**
 * How your webhook table differs from the platform's `DiscordWebhook` (Prisma's default names). Index names follow
 * Prisma's pattern from the table name: `{table}_webhookUrl_userId_key`, `{table}_userId_idx`, ...
 */
export interface DiscordWebhookTableNames {
  /** The table name. Default `"DiscordWebhook"`. */
  table?: string;
  /** Column names by field, for fields whose column is not named like the field (e.g. `{ webhookUrl: "webhook_url" }`). */
  columns?: Partial<Record<WebhookColumnKey, string>>;
  /** PostgreSQL only: the enum type names. Default `"DiscordWebhookType"` and `"DiscordWebhookScope"`. */
  enums?: { type?: string; scope?: string };
}

/** Options of `defineDiscordWebhookTable` (each dialect's subpath): other names, and the optional column. */
export interface DiscordWebhookTableOptions extends DiscordWebhookTableNames {
  /**
   * The table has the optional `disabledReason` column (added by `migrations/<dialect>/optional/`). Default `false`:
   * the platform's table as its Prisma model creates it. With it, the store keeps why it disabled a webhook.
   */
  disabledReason?: boolean;
}

/** Options shared by every dialect of `drizzleStore`. */
export type DrizzleStoreCommonOptions = StoreCoreOptions;

/** The default table name, shared with the Prisma model. */
export const DEFAULT_TABLE = "DiscordWebhook";

/** Resolved table, column and index names. */
export interface ResolvedNames {
  table: string;
  column: (key: WebhookColumnKey) => string;
  index: (suffix: "webhookUrl_userId_key" | "userId_idx" | "type_idx" | "scope_idx") => string;
}

/** Fills in the defaults of {@link DiscordWebhookTableNames}. */
export function resolveNames(names: DiscordWebhookTableNames = {}): ResolvedNames {
  const table = names.table ?? DEFAULT_TABLE;
  return {
    table,
    column: (key) => names.columns?.[key] ?? key,
    index: (suffix) => `${table}_${suffix}`,
  };
}

/** A dialect's `index(name)` / `uniqueIndex(name)`: a builder that takes the indexed columns. */
type IndexFactory<C, I> = (name: string) => { on(...columns: [C, ...C[]]): I };

/**
 * The platform's indexes (Prisma's names): unique (webhookUrl, userId), and userId, type, scope. `url` wraps the URL
 * column where the dialect indexes a prefix of it (MySQL TEXT).
 */
export function platformIndexes<C, I>(n: ResolvedNames, index: IndexFactory<C, I>, uniqueIndex: IndexFactory<C, I>, url: (column: C) => C = (c) => c) {
  return (t: Record<"webhookUrl" | "userId" | "type" | "scope", C>): I[] => [
    uniqueIndex(n.index("webhookUrl_userId_key")).on(url(t.webhookUrl), t.userId),
    index(n.index("userId_idx")).on(t.userId),
    index(n.index("type_idx")).on(t.type),
    index(n.index("scope_idx")).on(t.scope),
  ];
}

import { readdirSync, readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createClient, type Client } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { drizzleStore } from "discord-webhook-dispatcher/adapters/drizzle";
import { defineDiscordWebhookTable } from "discord-webhook-dispatcher/adapters/drizzle/sqlite";
import type { WebhookStore } from "discord-webhook-dispatcher";

// The platform's table plus the optional `disabledReason` column, so the management API can say why Discord
// disabled a webhook (migrations/sqlite/optional/0002_add_disabled_reason.sql adds it).
const webhooks = defineDiscordWebhookTable({ disabledReason: true });

/**
 * Opens the SQLite database (libsql: prebuilt binaries, nothing to compile), applies the package's shipped
 * SQLite migration (with the optional disabledReason column) once, and returns the Drizzle store.
 */
export async function openStore(url: string): Promise<{ store: WebhookStore; client: Client }> {
  if (url.startsWith("file:") && !url.startsWith("file::memory:")) mkdirSync(dirname(url.slice(5)), { recursive: true });
  const client = createClient({ url });
  await migrate(client);
  return { store: drizzleStore(drizzle(client), { table: webhooks }), client };
}

async function migrate(client: Client): Promise<void> {
  const exists = await client.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'DiscordWebhook'");
  if (exists.rows.length > 0) return;
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve("discord-webhook-dispatcher/package.json")), "migrations", "sqlite");
  for (const file of [...sqlFiles(dir), ...sqlFiles(join(dir, "optional"))]) {
    await client.executeMultiple(readFileSync(file, "utf8"));
  }
}

/** The `.sql` files of one migrations folder, in order. */
function sqlFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(".sql")).sort().map((f) => join(dir, f));
}

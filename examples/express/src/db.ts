import { readdirSync, readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createClient, type Client } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { drizzleStore } from "discord-webhook-dispatcher/adapters/drizzle";
import type { WebhookStore } from "discord-webhook-dispatcher";

/**
 * Opens the SQLite database (libsql: prebuilt binaries, nothing to compile), applies the package's shipped
 * SQLite migration once, and returns the Drizzle store.
 */
export async function openStore(url: string): Promise<{ store: WebhookStore; client: Client }> {
  if (url.startsWith("file:") && !url.startsWith("file::memory:")) mkdirSync(dirname(url.slice(5)), { recursive: true });
  const client = createClient({ url });
  await migrate(client);
  return { store: drizzleStore(drizzle(client)), client };
}

async function migrate(client: Client): Promise<void> {
  const exists = await client.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'DiscordWebhook'");
  if (exists.rows.length > 0) return;
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve("discord-webhook-dispatcher/package.json")), "migrations", "sqlite");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) {
    await client.executeMultiple(readFileSync(join(dir, file), "utf8"));
  }
}

import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createClient, type Client } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import {
  createDispatcher,
  createWebhookManager,
  createWebhookRoutes,
  fetchTransport,
  type Dispatcher,
  type FetchHandler,
  type WebhookStore,
} from "discord-webhook-dispatcher";
import { drizzleStore } from "discord-webhook-dispatcher/adapters/drizzle";
import { defineDiscordWebhookTable } from "discord-webhook-dispatcher/adapters/drizzle/sqlite";
import { demoAuthorize } from "./demo-auth";

// The platform's table plus the optional `disabledReason` column, so the settings panel can say why Discord
// disabled a webhook (migrations/sqlite/optional/0002_add_disabled_reason.sql adds it).
const webhooks = defineDiscordWebhookTable({ disabledReason: true });

interface Services {
  dispatcher: Dispatcher;
  routes: FetchHandler;
}

// One dispatcher per server process (its rate-limit state and queue live in memory); dev reloads keep it.
const globalCache = globalThis as typeof globalThis & { __discordServices?: Promise<Services> };

/** The dispatcher and the management routes, created on first use (never at build time). */
export function services(): Promise<Services> {
  globalCache.__discordServices ??= create();
  return globalCache.__discordServices;
}

async function create(): Promise<Services> {
  const store = await openStore();
  // Set DISCORD_API_BASE_URL to a Discord fake (http://127.0.0.1:PORT/api/v10) to run without Discord.
  const apiBaseUrl = process.env.DISCORD_API_BASE_URL;
  const dispatcher = createDispatcher({
    store,
    transport: fetchTransport(apiBaseUrl ? { apiBaseUrl } : {}),
    branding: { footer: "Acme Hosting (Next.js example)", username: "Acme Notifications" },
    logger: { warn: (m) => console.warn(m), error: (m) => console.error(m) },
  });
  const manager = createWebhookManager({ dispatcher });
  // panel: browsers opening /api/webhooks/ get the settings page (the customer portal for customers).
  const routes = createWebhookRoutes({
    manager,
    authorize: demoAuthorize,
    basePath: "/api/webhooks",
    panel: { branding: { footer: "Acme Hosting (Next.js example)", username: "Acme Notifications" } },
    labels: { title: "Acme Hosting: Discord notifications" },
  });
  return { dispatcher, routes };
}

/** The example's SQLite database (DATABASE_URL), migrated on first use, as a store; the durable worker opens it too. */
export async function openStore(): Promise<WebhookStore> {
  const url = process.env.DATABASE_URL ?? "file:./data/next-example.db";
  if (url.startsWith("file:") && !url.startsWith("file::memory:")) mkdirSync(dirname(url.slice(5)), { recursive: true });
  const client = createClient({ url });
  await migrate(client);
  return drizzleStore(drizzle(client), { table: webhooks });
}

// Applies the package's shipped SQLite migration and its optional disabledReason column, once.
async function migrate(client: Client): Promise<void> {
  const exists = await client.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'DiscordWebhook'");
  if (exists.rows.length > 0) return;
  const dir = join(process.cwd(), "node_modules", "discord-webhook-dispatcher", "migrations", "sqlite");
  for (const file of [...sqlFiles(dir), ...sqlFiles(join(dir, "optional"))]) {
    await client.executeMultiple(readFileSync(file, "utf8"));
  }
}

/** The `.sql` files of one migrations folder, in order. */
function sqlFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(".sql")).sort().map((f) => join(dir, f));
}

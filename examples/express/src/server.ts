import { createDispatcher, fetchTransport } from "discord-webhook-dispatcher";
import { createApp } from "./app.js";
import { openStore } from "./db.js";

const port = Number(process.env.PORT ?? 3000);
const databaseUrl = process.env.DATABASE_URL ?? "file:./data/example.db";
// Set DISCORD_API_BASE_URL to a Discord fake (e.g. http://127.0.0.1:PORT/api/v10) to run without Discord.
const apiBaseUrl = process.env.DISCORD_API_BASE_URL;

const { store, client } = await openStore(databaseUrl);
const dispatcher = createDispatcher({
  store,
  transport: fetchTransport(apiBaseUrl ? { apiBaseUrl } : {}),
  branding: { footer: "Acme Hosting (Express example)", username: "Acme Notifications" },
  logger: { warn: (m) => console.warn(m), error: (m) => console.error(m) },
});

const server = createApp(dispatcher).listen(port, "127.0.0.1", () => {
  console.log(`Express example listening on http://127.0.0.1:${port}${apiBaseUrl ? ` (Discord API: ${apiBaseUrl})` : ""}`);
});

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.close();
  await dispatcher.close({ timeoutMs: 5000 });
  client.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());

/**
 * A process of the outbox crash tests: writes events to the outbox inside one `pg` transaction, commits, and then,
 * as told, SIGKILLs itself at once (a crash between the commit and the send) or keeps working until the parent kills
 * it (a crash mid-send). Config (JSON) in DWD_OUTBOX_CONFIG.
 */
import pg from "pg";
import { memoryStore } from "../../../../adapters/memory/index.js";
import type { MemoryWebhookSeed } from "../../../../adapters/memory/index.js";
import { createDispatcher, fetchTransport } from "../../../../src/index.js";
import { postgresQueue } from "../../../../src/postgres/index.js";

interface Config {
  url: string;
  prefix: string;
  apiBaseUrl: string;
  seeds: MemoryWebhookSeed[];
  titles: string[];
  killAfterCommit: boolean;
}
const cfg = JSON.parse(process.env.DWD_OUTBOX_CONFIG ?? "{}") as Config;
const dispatcher = createDispatcher({
  store: memoryStore(cfg.seeds),
  queue: postgresQueue({ connection: cfg.url, prefix: cfg.prefix, leaseMs: 2000 }),
  transport: fetchTransport({ apiBaseUrl: cfg.apiBaseUrl, timeoutMs: 5000 }),
});
const client = new pg.Client({ connectionString: cfg.url });
await client.connect();
await client.query("BEGIN");
for (const title of cfg.titles) await dispatcher.dispatch("CUSTOM", { title }, { tx: client, wait: false });
await client.query("COMMIT");
if (cfg.killAfterCommit) process.kill(process.pid, "SIGKILL");
process.stdout.write(`${JSON.stringify({ committed: cfg.titles.length })}\n`);

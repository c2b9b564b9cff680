/**
 * The queue in a PostgreSQL schema of its own (what docs/postgres.md advises for Prisma Migrate and drizzle-kit
 * projects): the DDL `postgresQueueDdl()` gives, run as a migration would, creates everything there and nothing in
 * `public`; a dispatcher on that schema delivers, and running the DDL again changes nothing.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { memoryStore } from "../../../adapters/memory/index.js";
import { createDispatcher, fetchTransport } from "../../../src/index.js";
import { postgresQueue, postgresQueueDdl } from "../../../src/postgres/index.js";
import { createDiscordFake } from "../../../src/testing/index.js";
import { requireEnv } from "../env.js";

const url = requireEnv("DATABASE_URL_PG");
const fake = await createDiscordFake();
const client = new pg.Client({ connectionString: url });
await client.connect();
afterAll(async () => {
  await client.end();
  await fake.close();
});

describe("the queue in its own schema", () => {
  it("migrated from postgresQueueDdl(schema, prefix): all tables there, none in public, and it delivers", async () => {
    const schema = `dwd_${randomUUID().slice(0, 8)}`;
    const tables = async (s: string): Promise<string[]> =>
      (await client.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'dwd\\_%' ORDER BY 1`, [s])).rows.map((r) => r.t);
    const publicBefore = await tables("public");
    await client.query(postgresQueueDdl(schema, "dwd_"));
    await client.query(postgresQueueDdl(schema, "dwd_"));
    expect(await tables(schema)).toEqual(["dwd_deliveries", "dwd_incidents", "dwd_jobs", "dwd_lanes", "dwd_outbox", "dwd_rl_buckets", "dwd_rl_kv", "dwd_rl_queue", "dwd_rl_tickets", "dwd_rl_window", "dwd_silences"]);

    const hook = fake.addWebhook();
    const dispatcher = createDispatcher({
      store: memoryStore([{ id: "w1", name: "ops", webhookUrl: hook.url, type: "CUSTOM", scope: "ADMIN" }]),
      queue: postgresQueue({ connection: url, schema }),
      transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl }),
    });
    const result = await dispatcher.dispatch("CUSTOM", { title: "from its own schema" });
    await dispatcher.close();
    expect(result.deliveries[0]?.status).toBe("delivered");
    expect(fake.messages(hook.id)).toHaveLength(1);
    expect(await tables("public")).toEqual(publicBefore);
  });
});

/**
 * `editMessage` / `deleteMessage` with a PostgreSQL queue: a producer process (worker: false) edits and deletes a
 * message a worker posted; a gone message never disables the webhook; no token reaches the queue's tables.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../../adapters/memory/index.js";
import { createDispatcher, fetchTransport, type Dispatcher, type WebhookStore } from "../../../src/index.js";
import { postgresQueue } from "../../../src/postgres/index.js";
import { createDiscordFake, type DiscordFake } from "../../../src/testing/index.js";
import { requireEnv } from "../env.js";

const url = requireEnv("DATABASE_URL_PG");
const fake: DiscordFake = await createDiscordFake({ globalRateLimit: false, channelRateLimit: false });
const open: Dispatcher[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close({ timeoutMs: 2000 })));
});
afterAll(() => fake.close());

function dispatcher(store: WebhookStore, queue: ReturnType<typeof postgresQueue>, worker: boolean): Dispatcher {
  const d = createDispatcher({ store, queue, worker, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000 }) });
  open.push(d);
  return d;
}

/** Every row of every table whose name starts with `prefix`, as JSON text. */
async function dumpTables(prefix: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_name LIKE $1`, [`${prefix}%`]);
    expect(tables.length).toBeGreaterThan(0);
    // One query at a time: a pg client queues overlapping queries, a use pg 9 will refuse.
    const dumps: unknown[] = [];
    for (const t of tables) dumps.push((await client.query<Record<string, unknown>>(`SELECT * FROM "${t.table_name}"`)).rows);
    return JSON.stringify(dumps);
  } finally {
    await client.end();
  }
}

describe("editMessage / deleteMessage with postgresQueue()", () => {
  it("a producer edits and deletes a worker's message; a gone message never disables; no token in the tables", async () => {
    const hook = fake.addWebhook();
    const store = memoryStore([{ id: "w1", name: "alerts", webhookUrl: hook.url, type: "CUSTOM", scope: "ADMIN" }]);
    const prefix = `t${randomUUID().slice(0, 8)}_`;
    const queue = postgresQueue({ connection: url, prefix, leaseMs: 2000 });
    dispatcher(store, queue, true);
    const producer = dispatcher(store, queue, false);
    const sent = await producer.dispatch("CUSTOM", { title: "Backup running" });
    const id = sent.deliveries[0]?.messageIds[0] ?? "";
    expect(id).toMatch(/^\d{17,20}$/);

    expect(await producer.editMessage("w1", id, { embeds: [{ title: "Backup done" }] })).toMatchObject({ ok: true, attempts: 1, status: 200 });
    expect(fake.messages(hook.id)[0]?.body).toMatchObject({ embeds: [{ title: "Backup done" }] });
    expect(fake.messages(hook.id)[0]?.edits).toHaveLength(1);

    expect(await producer.deleteMessage("w1", id)).toMatchObject({ ok: true, status: 204 });
    const gone = await producer.editMessage("w1", id, { content: "too late" });
    expect(gone).toMatchObject({ ok: false, status: 404, disabled: false });
    expect(gone.ok ? undefined : gone.error.code).toBe("MESSAGE_GONE");
    expect((await store.getWebhook("w1"))?.enabled).toBe(true);
    expect((await producer.dispatch("CUSTOM", { title: "still here" })).sent).toBe(1);
    expect(await dumpTables(prefix)).not.toContain(hook.token);
  });
});

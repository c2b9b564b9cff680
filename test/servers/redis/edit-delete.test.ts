/**
 * `editMessage` / `deleteMessage` with a Redis queue: a producer process (worker: false) edits and deletes a message a
 * worker posted, through the budgets kept in Redis (the edit route's own bucket per webhook and method).
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../../adapters/memory/index.js";
import { createDispatcher, fetchTransport, type Dispatcher, type WebhookStore } from "../../../src/index.js";
import { redisQueue } from "../../../src/redis/index.js";
import { createDiscordFake, type DiscordFake } from "../../../src/testing/index.js";
import { dumpPrefix, freshPrefix, rawClient, requireRedisUrl } from "./support/env.js";

const url = requireRedisUrl();
const fake: DiscordFake = await createDiscordFake({ globalRateLimit: false, channelRateLimit: false });
const open: Dispatcher[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close({ timeoutMs: 2000 })));
});
afterAll(() => fake.close());

function dispatcher(store: WebhookStore, queue: ReturnType<typeof redisQueue>, worker: boolean): Dispatcher {
  const d = createDispatcher({ store, queue, worker, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000 }) });
  open.push(d);
  return d;
}

describe("editMessage / deleteMessage with redisQueue()", () => {
  it("a producer edits and deletes a worker's message through the budgets in Redis; a gone message never disables", async () => {
    const hook = fake.addWebhook();
    const store = memoryStore([{ id: "w1", name: "alerts", webhookUrl: hook.url, type: "CUSTOM", scope: "ADMIN" }]);
    const prefix = freshPrefix();
    const queue = redisQueue({ connection: url, prefix, leaseMs: 2000 });
    dispatcher(store, queue, true);
    const producer = dispatcher(store, queue, false);
    const sent = await producer.dispatch("CUSTOM", { title: "Backup running" });
    const id = sent.deliveries[0]?.messageIds[0] ?? "";
    expect(id).toMatch(/^\d{17,20}$/);

    expect(await producer.editMessage("w1", id, { embeds: [{ title: "Backup done" }] })).toMatchObject({ ok: true, attempts: 1, status: 200 });
    expect(fake.messages(hook.id)[0]?.body).toMatchObject({ embeds: [{ title: "Backup done" }] });
    expect(fake.messages(hook.id)[0]?.edits).toHaveLength(1);
    // The edit route's bucket hash was learned into Redis, beside the execute route's, and no token is kept there.
    const client = rawClient();
    try {
      const dump = await dumpPrefix(client, prefix);
      expect(dump.some((k) => k.key.includes(`h:PATCH:${hook.id}`))).toBe(true);
      expect(dump.some((k) => k.key.includes(`h:POST:${hook.id}`))).toBe(true);
      expect(JSON.stringify(dump)).not.toContain(hook.token);
    } finally {
      client.disconnect();
    }

    expect(await producer.deleteMessage("w1", id)).toMatchObject({ ok: true, status: 204 });
    const gone = await producer.editMessage("w1", id, { content: "too late" });
    expect(gone).toMatchObject({ ok: false, status: 404, disabled: false });
    expect(gone.ok ? undefined : gone.error.code).toBe("MESSAGE_GONE");
    expect((await store.getWebhook("w1"))?.enabled).toBe(true);
    expect((await producer.dispatch("CUSTOM", { title: "still here" })).sent).toBe(1);
  });
});

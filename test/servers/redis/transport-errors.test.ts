/** Issue 15 item 3 on Redis: a custom transport's error (URL and message with the token) never reaches Redis. */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../../adapters/memory/index.js";
import { createDispatcher, fetchTransport, TransportError, type Dispatcher } from "../../../src/index.js";
import { redisQueue } from "../../../src/redis/index.js";
import { createDiscordFake, type DiscordFake } from "../../../src/testing/index.js";
import { leakyTransport } from "../../delivery/leaky-transport.js";
import { dumpPrefix, freshPrefix, rawClient, requireRedisUrl } from "./support/env.js";

const url = requireRedisUrl();
const fake: DiscordFake = await createDiscordFake();
const open: Dispatcher[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close({ timeoutMs: 2000 })));
});
afterAll(() => fake.close());

describe("redisQueue() and a transport that throws with the token", () => {
  it("writes only the masked URL and message into the outcome", async () => {
    const hook = fake.addWebhook();
    const store = memoryStore([{ id: "w0", name: "hook", webhookUrl: hook.url, type: "CUSTOM", scope: "ADMIN" }]);
    const prefix = freshPrefix();
    const transport = leakyTransport(fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000 }), new Set([hook.id]));
    const d = createDispatcher({ store, queue: redisQueue({ connection: url, prefix, leaseMs: 2000 }), transport, retry: { attempts: 1 } });
    open.push(d);
    const result = await d.dispatch("CUSTOM", { title: "hello" });
    expect(result.failed).toBe(1);
    const error = result.errors[0]?.error as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.url).toBe(`https://discord.com/api/v10/webhooks/${hook.id}/***?wait=true`);
    const client = rawClient();
    try {
      const dump = await dumpPrefix(client, prefix);
      expect(dump.some((entry) => entry.value.includes("connection reset for token ***"))).toBe(true);
      for (const entry of dump) expect(entry.value).not.toContain(hook.token);
    } finally {
      client.disconnect();
    }
  });
});

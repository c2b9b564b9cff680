/**
 * Incidents and silences in durable mode: two dispatchers with their own `redisQueue()` on one prefix (as two
 * processes would have) share silences and the problems' records, on a real Redis and the Discord fake; nothing
 * in Redis holds a token.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../../adapters/memory/index.js";
import { createDispatcher, fetchTransport, type Dispatcher, type WebhookStore } from "../../../src/index.js";
import { redisQueue, type RedisDeliveryState } from "../../../src/redis/index.js";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../../src/testing/index.js";
import { dumpPrefix, freshPrefix, rawClient, requireRedisUrl } from "./support/env.js";

const url = requireRedisUrl();
const fake: DiscordFake = await createDiscordFake();
const open: Dispatcher[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close({ timeoutMs: 2000 })));
});
afterAll(() => fake.close());

function twoProcesses(): { hook: FakeWebhook; store: WebhookStore; prefix: string; a: Dispatcher; b: Dispatcher; queueB: RedisDeliveryState } {
  const hook = fake.addWebhook();
  const store = memoryStore([{ id: "w-inc", name: "ops", webhookUrl: hook.url, type: "GAME_SERVER", scope: "ADMIN" }]);
  const prefix = freshPrefix();
  const make = (queue: RedisDeliveryState) => {
    const d = createDispatcher({ store, queue, incidents: {}, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000 }) });
    open.push(d);
    return d;
  };
  const queueB = redisQueue({ connection: url, prefix, leaseMs: 2000 });
  return { hook, store, prefix, a: make(redisQueue({ connection: url, prefix, leaseMs: 2000 })), b: make(queueB), queueB };
}

describe("incidents and silences on redisQueue()", () => {
  it("a silence made in one process holds in the other, and unsilence there ends it for both", async () => {
    const { hook, a, b } = twoProcesses();
    const silence = await a.silence({ key: "server:mc-1", forMs: 60_000 });
    expect((await b.listSilences()).map((s) => s.id)).toEqual([silence.id]);
    const r = await b.serverStateChange({ serverName: "mc-1", state: "crashed" });
    expect(r.deliveries[0]).toMatchObject({ status: "skipped", action: "silenced" });
    expect(fake.messages(hook.id)).toHaveLength(0);
    expect(await b.unsilence(silence.id)).toBe(true);
    expect(await a.listSilences()).toEqual([]);
    expect((await a.serverStateChange({ serverName: "mc-1", state: "crashed" })).deliveries[0]?.action).toBe("posted");
  });

  it("the first event of one problem in two processes at once is one message: one posts, the other edits it", async () => {
    const { hook, a, b } = twoProcesses();
    const crash = { serverName: "mc-7", state: "crashed" as const };
    const reports = await Promise.all([a.serverStateChange(crash), b.serverStateChange(crash), a.serverStateChange(crash), b.serverStateChange(crash)]);
    expect(reports.every((r) => r.success)).toBe(true);
    const messages = fake.messages(hook.id);
    expect(messages).toHaveLength(1);
    expect(reports.filter((r) => r.deliveries[0]?.action === "posted")).toHaveLength(1);
    expect(JSON.stringify(messages[0]?.body.embeds)).toMatch(/crashed 4 times/);
  });

  it("a problem posted by one process is the other's: its record (message id, count) lives in Redis, without a token", async () => {
    const { hook, a, b, queueB, prefix } = twoProcesses();
    const first = await a.serverStateChange({ serverName: "mc-1", state: "crashed" });
    const messageId = fake.messages(hook.id)[0]?.id;
    expect(first.deliveries[0]?.messageIds).toEqual([messageId]);
    // Version 1 was the claim written before the post (src/incidents/claim.ts).
    expect(await queueB.incidents.get("w-inc", "server:mc-1")).toMatchObject({ status: "firing", count: 1, messageId, version: 2 });
    // The other process resolves the same problem: it finds the record and moves it on (never a plain post).
    const resolved = await b.serverStateChange({ serverName: "mc-1", state: "online" });
    expect(resolved.deliveries[0]?.action).not.toBe("posted");
    expect(await queueB.incidents.get("w-inc", "server:mc-1")).toMatchObject({ status: "resolved", count: 1, version: 3 });
    expect((await a.serverStateChange({ serverName: "mc-1", state: "online" })).deliveries[0]).toMatchObject({ status: "skipped", action: "suppressed" });

    const raw = rawClient();
    try {
      const dump = await dumpPrefix(raw, prefix);
      // The problem, and the lock its first edit took on the message (packed.ts), both expiring.
      const incidentKeys = dump.filter((k) => k.key.startsWith(`${prefix}:inc:`));
      expect(incidentKeys.map((k) => decodeURIComponent(k.key.split(":").pop() ?? "").replace(/\d{17,}$/, "")).sort()).toEqual(["#message-lock:", "server:mc-1"]);
      for (const k of incidentKeys) expect(k.ttl).toBeGreaterThan(0);
      for (const entry of dump) expect(entry.value).not.toContain(hook.token);
    } finally {
      raw.disconnect();
    }
  });
});

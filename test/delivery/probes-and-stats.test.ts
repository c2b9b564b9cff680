import { afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher } from "../../src/index.js";
import { captureTransport } from "../../src/testing/index.js";
import { SCALE, createHarness, embed, type Harness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("verify() goes through the rate limits (against the Discord fake)", () => {
  it("25 parallel verifications stay within a 10 per second budget", async () => {
    h = await createHarness({
      fake: { globalRateLimit: { limit: 10, windowMs: 1000 } },
      dispatcher: { rateLimit: { globalLimit: 10, globalWindowMs: 1000 * SCALE, marginMs: 5 } },
    });
    const hooks = await Promise.all(Array.from({ length: 25 }, () => h!.addWebhook({ type: "CUSTOM", scope: "ADMIN" })));
    const results = await Promise.all(hooks.map((x) => h!.dispatcher.verify(x.id)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(h.fake.stats().byScope.global).toBe(0);
    expect(h.fake.requests().filter((r) => r.method === "GET")).toHaveLength(25);
  });

  it("repeated verifications and posts to one webhook stay inside its per-route buckets (the fake charges GETs)", async () => {
    h = await createHarness();
    const a = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const verifies = Array.from({ length: 12 }, () => h!.dispatcher.verify(a.id));
    const posts = Array.from({ length: 8 }, (_, i) => h!.dispatcher.dispatch("CUSTOM", embed(`p${i}`), { username: `u ${i}` }));
    const [checked, sent] = await Promise.all([Promise.all(verifies), Promise.all(posts)]);
    expect(checked.every((r) => r.ok)).toBe(true);
    expect(sent.every((r) => r.success)).toBe(true);
    expect(h.fake.requests().filter((r) => r.method === "GET")).toHaveLength(12);
    expect(h.fake.stats().byScope.user).toBe(0);
  });

  it("a 429 on a GET is learned from: the global block holds the next POST, and verify() retries", async () => {
    h = await createHarness();
    const a = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const b = await h.addWebhook({ type: "GAME_SERVER", scope: "ADMIN" });
    h.fake.inject(a.hook.id, { status: 429, body: { message: "global", retry_after: 0.3, global: true }, headers: { "x-ratelimit-global": "true", "x-ratelimit-scope": "global" } }, { times: 1 });
    const verifying = h.dispatcher.verify(a.id);
    while (h.fake.requests()[0]?.status !== 429) await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => setTimeout(r, 20));
    const sent = await h.dispatcher.dispatch("GAME_SERVER", embed("b"));
    expect(sent.success).toBe(true);
    expect((await verifying).ok).toBe(true);
    const limitedAt = h.fake.requests()[0]!.receivedAt.getTime();
    const bArrived = h.fake.requests().find((r) => r.webhookId === b.hook.id)!.receivedAt.getTime();
    expect(bArrived - limitedAt).toBeGreaterThanOrEqual(290);
    expect((await h.dispatcher.stats()).invalidRequests).toBe(1);
  });
});

describe("invalid answers (captureTransport)", () => {
  it("counts 401/403/429 (not shared) and warns once at half of Discord's 10,000 per 10 minutes", async () => {
    const warnings: string[] = [];
    const transport = captureTransport({ respondWith: 403 });
    const store = memoryStore([{ name: "a", webhookUrl: `https://discord.com/api/v10/webhooks/123456789012345678/${"t".repeat(68)}`, type: "CUSTOM", scope: "ADMIN" }]);
    // The brake (which would slow these down from 5,000) is turned off: this counts and warns only.
    const rateLimit = { globalLimit: 0, invalidRequestSlowAt: Infinity, invalidRequestRefuseAt: Infinity };
    const dispatcher = createDispatcher({ store, transport, rateLimit, logger: { warn: (m) => warnings.push(m) } });
    while ((await dispatcher.stats()).invalidRequests < 5100) {
      await Promise.all(Array.from({ length: 200 }, (_, i) => dispatcher.custom({ title: `x${i}` }, { username: `u ${i}` })));
    }
    const stats = await dispatcher.stats();
    expect(stats.requests).toBe(stats.invalidRequests);
    expect(stats.deliveriesFailed).toBeGreaterThanOrEqual(5100);
    const banWarnings = warnings.filter((w) => w.includes("invalid answers"));
    expect(banWarnings).toHaveLength(1);
    expect(banWarnings[0]).toMatch(/10000/);
    await dispatcher.close();
  });

  it("stats() counts requests, messages and 429s; a shared 429 is not an invalid answer", async () => {
    const transport = captureTransport();
    transport.enqueue({ status: 429, headers: { "x-ratelimit-scope": "shared" }, body: { message: "shared", retry_after: 0.01, global: false } });
    const store = memoryStore([{ name: "a", webhookUrl: `https://discord.com/api/v10/webhooks/123456789012345678/${"t".repeat(68)}`, type: "CUSTOM", scope: "ADMIN" }]);
    const dispatcher = createDispatcher({ store, transport, rateLimit: { marginMs: 1 } });
    expect((await dispatcher.custom({ title: "x" })).success).toBe(true);
    expect(await dispatcher.stats()).toMatchObject({ invalidRequests: 0, requests: 2, rateLimited: 1, messagesDelivered: 1, deliveriesFailed: 0, openDeliveries: 0 });
    await dispatcher.close();
  });
});

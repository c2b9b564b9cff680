import { afterEach, describe, expect, it } from "vitest";
import { createHarness, embed, receivedTitles, type Harness } from "./harness.js";

let h: Harness;
afterEach(async () => {
  await h.close();
});

/** Arrival times (ms) of the fake's requests for these Discord webhook ids. */
const arrivals = (hh: Harness, ids: readonly string[]) => hh.fake.requests().filter((r) => r.webhookId !== null && ids.includes(r.webhookId)).map((r) => r.receivedAt.getTime());

describe("buckets keyed by hash plus webhook id (against the Discord fake, one hash for every webhook)", () => {
  it("a second fan-out to webhooks that all reported one bucket hash is not squeezed into one webhook's budget", async () => {
    // 5 requests per 60 s per webhook (3 s real): one shared budget would need 4 windows (9 s) for 20 webhooks.
    h = await createHarness({ fake: { webhookRateLimit: { limit: 5, windowMs: 60_000 }, channelRateLimit: false } });
    const hooks = await Promise.all(Array.from({ length: 20 }, () => h.addWebhook({ type: "VPS", scope: "ADMIN" })));
    const first = await h.dispatcher.nodeAlert({ node: "n1", resource: "cpu", usage: 91 });
    expect(first).toMatchObject({ success: true, matched: 20, sent: 20 });
    expect(h.fake.stats().rateLimited).toBe(0);
    h.fake.reset();
    const second = await h.dispatcher.nodeAlert({ node: "n1", resource: "cpu", usage: 99 });
    expect(second).toMatchObject({ success: true, sent: 20 });
    const times = arrivals(h, hooks.map((x) => x.hook.id));
    expect(times).toHaveLength(20);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(3000);
    expect(h.fake.stats().rateLimited).toBe(0);
  });

  it("one webhook's 429 does not hold the other webhooks that report the same hash", async () => {
    h = await createHarness();
    const a = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const b = await h.addWebhook({ type: "GAME_SERVER", scope: "ADMIN" });
    // Both learn the (one) bucket hash first.
    await Promise.all([h.dispatcher.dispatch("CUSTOM", embed("warm-a")), h.dispatcher.dispatch("GAME_SERVER", embed("warm-b"))]);
    h.fake.inject(a.hook.id, { status: 429, body: { message: "slow down", retry_after: 1.5, global: false }, headers: { "x-ratelimit-scope": "user" } }, { times: 1 });
    const toA = h.dispatcher.dispatch("CUSTOM", embed("a"));
    while (!h.hookEvents.some((e) => e.name === "onRateLimited")) await new Promise((r) => setTimeout(r, 2));
    const limitedAt = Date.now();
    expect((await h.dispatcher.dispatch("GAME_SERVER", embed("b"))).success).toBe(true);
    expect(Math.max(...arrivals(h, [b.hook.id])) - limitedAt).toBeLessThan(1000);
    expect((await toA).success).toBe(true);
    const limitedRequest = h.fake.requests().find((r) => r.status === 429)!.receivedAt.getTime();
    expect(Math.max(...arrivals(h, [a.hook.id])) - limitedRequest).toBeGreaterThanOrEqual(1450);
  });
});

describe("several store records of one Discord webhook (against the Discord fake)", () => {
  it("an admin and a user record of one URL both send, and test() answers for each", async () => {
    h = await createHarness();
    const a = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const user = await h.store.createWebhook({ name: "mine", webhookUrl: a.hook.url, type: "CUSTOM", scope: "USER", userId: "u1" });
    const first = await h.dispatcher.dispatch("CUSTOM", embed("one"), { userId: "u1" });
    const second = await h.dispatcher.dispatch("CUSTOM", embed("two"), { userId: "u1" });
    expect([first.sent, second.sent]).toEqual([2, 2]);
    expect((await h.dispatcher.test(user.id)).ok).toBe(true);
    expect((await h.dispatcher.test(a.id)).ok).toBe(true);
    await h.dispatcher.flush();
    expect(receivedTitles(h.fake, a.hook.id).filter((t) => t !== "Test message")).toEqual(["one", "one", "two", "two"]);
  });

  it("a record deleted and added again with the same URL sends, and flush() resolves", async () => {
    h = await createHarness();
    const a = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    expect((await h.dispatcher.dispatch("CUSTOM", embed("before"))).sent).toBe(1);
    await h.store.deleteWebhook(a.id);
    const again = await h.store.createWebhook({ name: "again", webhookUrl: a.hook.url, type: "CUSTOM", scope: "ADMIN" });
    const result = await h.dispatcher.dispatch("CUSTOM", embed("after"));
    expect(result.deliveries.map((d) => [d.webhook.id, d.status])).toEqual([[again.id, "delivered"]]);
    await h.dispatcher.flush();
    expect(receivedTitles(h.fake, a.hook.id)).toEqual(["before", "after"]);
  });

  it("a thread variant of one URL sends beside the plain record", async () => {
    h = await createHarness();
    const thread = "523456789012345678";
    const a = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN", fake: { threads: [thread] } });
    await h.dispatcher.dispatch("CUSTOM", embed("plain only"));
    await h.store.createWebhook({ name: "thread", webhookUrl: `${a.hook.url}?thread_id=${thread}`, type: "CUSTOM", scope: "PUBLIC" });
    const result = await h.dispatcher.dispatch("CUSTOM", embed("both"));
    expect(result).toMatchObject({ success: true, matched: 2, sent: 2 });
    const threads = h.fake.messages(a.hook.id).map((m) => m.threadId);
    expect(threads.filter((t) => t === null)).toHaveLength(2);
    expect(threads.filter((t) => t === thread)).toHaveLength(1);
    await h.dispatcher.flush();
  });
});

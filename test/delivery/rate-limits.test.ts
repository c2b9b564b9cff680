import { afterEach, describe, expect, it } from "vitest";
import { CHANNEL_LEARN_HOLD_WINDOWS } from "../../src/delivery/state.js";
import { RateLimitError } from "../../src/index.js";
import { SCALE, createHarness, embed, receivedTitles, type Harness } from "./harness.js";

let h: Harness;
afterEach(async () => {
  await h.close();
});

/** Resolves once `done()` holds (checked every 2 ms). */
const until = (done: () => boolean): Promise<void> =>
  new Promise((resolve) => {
    const timer = setInterval(() => {
      if (done()) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });

/** Distinct usernames keep events out of one message, so each is its own request. */
const unpacked = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `e${i}`, username: `user ${i}` }));

describe("rate limits (against the Discord fake)", () => {
  it("reads x-ratelimit headers: with nothing remaining it waits for the reset instead of getting a 429", async () => {
    h = await createHarness({ fake: { webhookRateLimit: { limit: 2, windowMs: 2000 } } });
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const results = await Promise.all(unpacked(9).map((e) => h.dispatcher.dispatch("CUSTOM", embed(e.title), { username: e.username })));
    expect(results.every((r) => r.success)).toBe(true);
    expect(h.fake.messages(hook.id)).toHaveLength(9);
    expect(h.fake.stats().rateLimited).toBe(0);
    expect(receivedTitles(h.fake, hook.id)).toEqual(unpacked(9).map((e) => e.title));
  });

  it("a 429 with scope user makes the lane wait retry_after, then delivers", async () => {
    h = await createHarness();
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    h.fake.inject(hook.id, { status: 429, body: { message: "You are being rate limited.", retry_after: 0.15, global: false }, headers: { "x-ratelimit-scope": "user" } }, { times: 1 });
    const result = await h.dispatcher.dispatch("CUSTOM", embed("after-429"));
    expect(result.success).toBe(true);
    expect(result.deliveries[0]?.attempts).toBe(2);
    const [first, second] = h.fake.requests();
    expect(first?.status).toBe(429);
    expect(second!.receivedAt.getTime() - first!.receivedAt.getTime()).toBeGreaterThanOrEqual(140);
    expect(h.hookEvents.find((e) => e.name === "onRateLimited")?.event).toMatchObject({ scope: "user", retryAfterMs: 150 });
  });

  it("a 429 with scope shared holds every lane of that channel", async () => {
    const channelId = "223456789012345678";
    h = await createHarness({
      fake: { channelRateLimit: { limit: 3, windowMs: 10_000 } },
      dispatcher: { rateLimit: { channelWindowMs: 10_000 * SCALE, globalWindowMs: 1000 * SCALE, marginMs: 5 } },
    });
    const a = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN", fake: { channelId } });
    const b = await h.addWebhook({ type: "CUSTOM", scope: "PUBLIC", fake: { channelId } });
    const results = await Promise.all(unpacked(4).map((e) => h.dispatcher.dispatch("CUSTOM", embed(e.title), { username: e.username })));
    expect(results.every((r) => r.success)).toBe(true);
    expect(h.fake.messages(a.hook.id)).toHaveLength(4);
    expect(h.fake.messages(b.hook.id)).toHaveLength(4);
    // Both lanes learn the channel from their first answers; after the first shared 429 both wait it out, and the
    // hidden limit learned from it keeps later windows free of 429s.
    expect(h.fake.stats().byScope.shared).toBeGreaterThanOrEqual(1);
    expect(h.fake.stats().byScope.shared).toBeLessThanOrEqual(2);
    expect(h.hookEvents.some((e) => e.name === "onRateLimited" && (e.event as { scope: string }).scope === "shared")).toBe(true);
  });

  it("a webhook that posted into a thread still has its shared 429 hold its own channel, not the thread", async () => {
    const channelId = "223456789012345678";
    const thread = "523456789012345678";
    h = await createHarness({
      fake: { channelRateLimit: { limit: 30, windowMs: 10_000 } },
      dispatcher: { rateLimit: { channelWindowMs: 10_000 * SCALE, globalWindowMs: 1000 * SCALE, marginMs: 5 } },
    });
    const a = await h.addWebhook({ type: "CUSTOM", scope: "USER", userId: "user-a", fake: { channelId, threads: [thread] } });
    const b = await h.addWebhook({ type: "CUSTOM", scope: "USER", userId: "user-b", fake: { channelId } });
    for (const options of [{ userId: "user-b" }, { userId: "user-a" }, { userId: "user-a", threadId: thread }]) {
      expect((await h.dispatcher.dispatch("CUSTOM", embed("warm-up"), options)).success).toBe(true);
    }
    // Discord answered the thread post with the thread as `channel_id`; the channel is still the webhook's own.
    h.fake.inject(a.hook.id, { status: 429, body: { message: "shared", retry_after: 0.3, global: false }, headers: { "x-ratelimit-scope": "shared" } }, { times: 1 });
    const first = h.dispatcher.dispatch("CUSTOM", embed("a"), { userId: "user-a" });
    await until(() => h.hookEvents.some((e) => e.name === "onRateLimited"));
    const limitedAt = Date.now();
    expect((await h.dispatcher.dispatch("CUSTOM", embed("b"), { userId: "user-b" })).success).toBe(true);
    expect((await first).success).toBe(true);
    const bArrived = h.fake.requests().filter((r) => r.webhookId === b.hook.id).at(-1)!.receivedAt.getTime();
    expect(bArrived - limitedAt).toBeGreaterThanOrEqual(250);
  });

  it("a 429 with scope global holds every lane", async () => {
    h = await createHarness();
    const a = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const b = await h.addWebhook({ type: "GAME_SERVER", scope: "ADMIN" });
    h.fake.inject(a.hook.id, { status: 429, body: { message: "global", retry_after: 0.2, global: true }, headers: { "x-ratelimit-global": "true", "x-ratelimit-scope": "global" } }, { times: 1 });
    const first = h.dispatcher.dispatch("CUSTOM", embed("a"));
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (h.hookEvents.some((e) => e.name === "onRateLimited")) {
          clearInterval(timer);
          resolve();
        }
      }, 2);
    });
    const limitedAt = Date.now();
    const second = await h.dispatcher.dispatch("GAME_SERVER", embed("b"));
    expect((await first).success).toBe(true);
    expect(second.success).toBe(true);
    const bArrived = h.fake.requests().find((r) => r.webhookId === b.hook.id)!.receivedAt.getTime();
    expect(bArrived - limitedAt).toBeGreaterThanOrEqual(150);
  });

  it("a bare 429 (Cloudflare's HTML page, no Discord body or headers) holds every lane for its Retry-After", async () => {
    h = await createHarness();
    const a = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const b = await h.addWebhook({ type: "GAME_SERVER", scope: "ADMIN" });
    const page = "<!DOCTYPE html><html><head><title>Access denied | discord.com used Cloudflare to restrict access</title></head><body>Error 1015</body></html>";
    h.fake.inject(a.hook.id, { status: 429, body: page, headers: { "content-type": "text/html; charset=UTF-8", "retry-after": "0.3" } }, { times: 1 });
    const first = h.dispatcher.dispatch("CUSTOM", embed("a"));
    await until(() => h.hookEvents.some((e) => e.name === "onRateLimited"));
    const limitedAt = Date.now();
    const second = await h.dispatcher.dispatch("GAME_SERVER", embed("b"));
    expect((await first).success).toBe(true);
    expect(second.success).toBe(true);
    expect(h.hookEvents.find((e) => e.name === "onRateLimited")?.event).toMatchObject({ scope: "global", retryAfterMs: 300 });
    const bArrived = h.fake.requests().find((r) => r.webhookId === b.hook.id)!.receivedAt.getTime();
    expect(bArrived - limitedAt).toBeGreaterThanOrEqual(250);
  });

  it("a bare 429 without Retry-After waits a long while, for every lane (never a one-second hammering of a ban)", async () => {
    h = await createHarness();
    const a = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    h.fake.inject(a.hook.id, { status: 429, body: "<html>1015</html>", headers: { "content-type": "text/html" } }, { times: 1 });
    const pending = h.dispatcher.dispatch("CUSTOM", embed("a"));
    await until(() => h.hookEvents.some((e) => e.name === "onRateLimited"));
    expect(h.hookEvents.find((e) => e.name === "onRateLimited")?.event).toMatchObject({ scope: "global", retryAfterMs: 60_000 });
    await h.dispatcher.close({ timeoutMs: 200 });
    const result = await pending;
    expect(result.deliveries[0]?.error).toMatchObject({ code: "CLOSED" });
    expect(h.fake.requests()).toHaveLength(1);
  });

  it("a channel limit learned from a shared 429 is forgotten after a few windows (one bad window never slows it for good)", async () => {
    const windowMs = 10_000;
    h = await createHarness({
      fake: { channelRateLimit: { limit: 4, windowMs } },
      dispatcher: { rateLimit: { channelWindowMs: windowMs * SCALE, globalWindowMs: 1000 * SCALE, marginMs: 5 } },
    });
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    expect((await h.dispatcher.dispatch("CUSTOM", embed("first"))).success).toBe(true);
    // Someone else's posts filled the channel: a shared 429 after only one of ours, so "one per window" is learned.
    h.fake.inject(hook.id, { status: 429, body: { message: "shared", retry_after: 0.02, global: false }, headers: { "x-ratelimit-scope": "shared" } }, { times: 1 });
    expect((await h.dispatcher.dispatch("CUSTOM", embed("second"))).success).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, windowMs * SCALE * (CHANNEL_LEARN_HOLD_WINDOWS + 0.5)));
    const burst = unpacked(4);
    const results = await Promise.all(burst.map((e) => h.dispatcher.dispatch("CUSTOM", embed(e.title), { username: e.username })));
    expect(results.every((r) => r.success)).toBe(true);
    const arrivals = h.fake.messages(hook.id).slice(-4).map((m) => m.receivedAt.getTime());
    // The fake allows 4 per window again: the burst goes out together, not one window apart each.
    expect(arrivals.at(-1)! - arrivals[0]!).toBeLessThan((windowMs * SCALE) / 2);
    expect(h.fake.stats().byScope.shared).toBe(1);
  });

  it("keeps within the per-process global budget", async () => {
    h = await createHarness({
      fake: { globalRateLimit: { limit: 5, windowMs: 1000 } },
      dispatcher: { rateLimit: { globalLimit: 5, globalWindowMs: 1000 * SCALE, marginMs: 5 } },
    });
    const hooks = await Promise.all(Array.from({ length: 12 }, () => h.addWebhook({ type: "VPS", scope: "ADMIN" })));
    const result = await h.dispatcher.nodeAlert({ node: "node-1", resource: "cpu", usage: 97 });
    expect(result).toMatchObject({ success: true, sent: 12, failed: 0 });
    expect(h.fake.stats().byScope.global).toBe(0);
    for (const x of hooks) expect(h.fake.messages(x.hook.id)).toHaveLength(1);
  });

  it("fails with RateLimitError when 429s never stop", async () => {
    h = await createHarness({ dispatcher: { rateLimit: { max429Retries: 2, marginMs: 1 } } });
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    h.fake.inject(hook.id, { status: 429, body: { message: "slow down", retry_after: 0.01, global: false } });
    const result = await h.dispatcher.dispatch("CUSTOM", embed("never"));
    expect(result.success).toBe(false);
    expect(result.errors[0]?.error).toBeInstanceOf(RateLimitError);
    expect(result.deliveries[0]?.attempts).toBe(3);
  });
});

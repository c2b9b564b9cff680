import { describe, expect, it } from "vitest";
import { LONG_WINDOW_MS as LONG, post, sleep, useFakePerTest } from "./helpers.js";

describe("discord fake: rate limits", () => {
  const start = useFakePerTest();

  it("sends bucket headers on every answer and answers 429 scope user when the bucket is spent", async () => {
    const f = await start({ webhookRateLimit: { limit: 5, windowMs: LONG }, globalRateLimit: false });
    const hook = f.addWebhook();
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await post(f, hook, i === 2 ? {} : { content: `m${i}` }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 400, 200, 200]); // a 400 spends the bucket too
    expect(answers.map((a) => a.headers["x-ratelimit-remaining"])).toEqual(["4", "3", "2", "1", "0"]);
    const buckets = new Set(answers.map((a) => a.headers["x-ratelimit-bucket"]));
    expect(buckets.size).toBe(1);
    for (const a of answers) {
      expect(a.headers["x-ratelimit-limit"]).toBe("5");
      const after = Number(a.headers["x-ratelimit-reset-after"]);
      expect(after).toBeGreaterThan(0);
      expect(after).toBeLessThanOrEqual(60);
      expect(Number(a.headers["x-ratelimit-reset"])).toBeGreaterThan(Date.now() / 1000);
    }
    const limited = await post(f, hook, { content: "too many" });
    expect(limited.status).toBe(429);
    expect(limited.headers).toMatchObject({ "x-ratelimit-scope": "user", "x-ratelimit-remaining": "0", "x-ratelimit-limit": "5" });
    expect(limited.headers["x-ratelimit-global"]).toBeUndefined();
    expect(limited.headers["retry-after"]).toMatch(/^\d+$/); // whole seconds at timeScale 1, like Discord
    expect(limited.body.global).toBe(false);
    expect(limited.body.retry_after).toBeGreaterThan(0);
    expect(limited.body.retry_after).toBeLessThanOrEqual(60);
    expect(f.stats()).toMatchObject({ requests: 6, delivered: 4, rateLimited: 1, byScope: { user: 1, shared: 0, global: 0 } });
    expect(f.requests().at(-1)).toMatchObject({ status: 429, scope: "user" });
  });

  it("reports one bucket hash for every webhook but counts each on its own (as Discord); options for the old ways", async () => {
    const f = await start({ webhookRateLimit: { limit: 2, windowMs: LONG }, globalRateLimit: false });
    const a = f.addWebhook({ channelId: "111111111111111111" });
    const b = f.addWebhook();
    const ra = await post(f, a, { content: "a" });
    const rb = await post(f, b, { content: "b" });
    expect(ra.headers["x-ratelimit-bucket"]).toBe(rb.headers["x-ratelimit-bucket"]);
    expect(rb.headers["x-ratelimit-remaining"]).toBe("1");
    await f.close();

    const u = await start({ webhookRateLimit: { limit: 2, windowMs: LONG }, globalRateLimit: false, uniqueBucketHashes: true });
    const ua = await post(u, u.addWebhook(), { content: "a" });
    const ub = await post(u, u.addWebhook(), { content: "b" });
    expect(ua.headers["x-ratelimit-bucket"]).not.toBe(ub.headers["x-ratelimit-bucket"]);
    expect(ub.headers["x-ratelimit-remaining"]).toBe("1");
    await u.close();

    const g = await start({ webhookRateLimit: { limit: 2, windowMs: LONG }, globalRateLimit: false, shareChannelBuckets: true });
    const c = g.addWebhook({ channelId: "111111111111111111" });
    const d = g.addWebhook({ channelId: "111111111111111111" });
    const other = g.addWebhook();
    const rc = await post(g, c, { content: "c" });
    const rd = await post(g, d, { content: "d" });
    const ro = await post(g, other, { content: "o" });
    expect(rc.headers["x-ratelimit-bucket"]).toBe(rd.headers["x-ratelimit-bucket"]);
    expect(ro.headers["x-ratelimit-bucket"]).not.toBe(rc.headers["x-ratelimit-bucket"]);
    expect(rd.headers["x-ratelimit-remaining"]).toBe("0");
    expect((await post(g, c, { content: "c2" })).status).toBe(429);
    expect((await post(g, other, { content: "o2" })).status).toBe(200);
  });

  it("answers 429 scope shared from the hidden channel limit while the webhook bucket still has requests", async () => {
    const f = await start({
      webhookRateLimit: { limit: 5, windowMs: LONG },
      channelRateLimit: { limit: 3, windowMs: LONG },
      globalRateLimit: false,
    });
    const a = f.addWebhook({ channelId: "111111111111111111" });
    const b = f.addWebhook({ channelId: "111111111111111111" });
    const elsewhere = f.addWebhook();
    expect((await post(f, a, {})).status).toBe(400); // rejected bodies are not messages: they do not count
    for (const hook of [a, b, a]) expect((await post(f, hook, { content: "x" })).status).toBe(200);
    const shared = await post(f, b, { content: "one too many" });
    expect(shared.status).toBe(429);
    expect(shared.headers["x-ratelimit-scope"]).toBe("shared");
    expect(Number(shared.headers["x-ratelimit-remaining"])).toBeGreaterThan(0);
    expect(shared.body).toMatchObject({ message: "You are being rate limited.", global: false });
    expect(shared.body.retry_after).toBeGreaterThan(0);
    // The shared 429 did not spend b's bucket: b has used 1 of 5.
    expect(shared.headers["x-ratelimit-remaining"]).toBe("4");
    expect((await post(f, elsewhere, { content: "other channel" })).status).toBe(200);
    expect(f.stats()).toMatchObject({ delivered: 4, rateLimited: 1, byScope: { shared: 1, user: 0, global: 0 } });
  });

  it("applies the global limit per client IP to every request, with x-ratelimit-global", async () => {
    const f = await start({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: { limit: 3, windowMs: LONG } });
    const a = f.addWebhook();
    const b = f.addWebhook();
    expect((await post(f, a, { content: "1" })).status).toBe(200);
    expect((await post(f, b, { content: "2" })).status).toBe(200);
    expect((await post(f, { id: "123456789012345678", token: "t".repeat(68) }, { content: "3" })).status).toBe(404);
    const limited = await post(f, b, { content: "4" });
    expect(limited.status).toBe(429);
    expect(limited.headers).toMatchObject({ "x-ratelimit-global": "true", "x-ratelimit-scope": "global" });
    expect(limited.headers["x-ratelimit-bucket"]).toBeUndefined();
    expect(limited.body.global).toBe(true);
    expect(f.stats().byScope.global).toBe(1);
  });

  it("lets discord.js-style clients avoid 429s by following the headers", async () => {
    const f = await start({ timeScale: 0.01 });
    const hook = f.addWebhook();
    let delivered = 0;
    while (delivered < 12) {
      const res = await post(f, hook, { content: `m${delivered}` });
      expect(res.status).toBe(200);
      delivered += 1;
      if (res.headers["x-ratelimit-remaining"] === "0") await sleep(Number(res.headers["x-ratelimit-reset-after"]) * 1000 + 5);
    }
    expect(f.stats().rateLimited).toBe(0);
    expect(f.messages(hook.id)).toHaveLength(12);
  });
});

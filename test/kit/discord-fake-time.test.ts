import { describe, expect, it } from "vitest";
import { LONG_WINDOW_MS as LONG, post, sleep, useFakePerTest } from "./helpers.js";

describe("discord fake: time scale and reset", () => {
  const start = useFakePerTest();

  it("scales windows and reported times with timeScale, and frees the bucket after reset-after", async () => {
    // 1 request per 30 s of Discord time = 300 ms real time at 0.01.
    const f = await start({ timeScale: 0.01, webhookRateLimit: { limit: 1, windowMs: 30_000 }, globalRateLimit: false });
    const hook = f.addWebhook();
    const [first, second] = await Promise.all([post(f, hook, { content: "1" }), post(f, hook, { content: "2" })]);
    const ok = first.status === 200 ? first : second;
    const limited = first.status === 200 ? second : first;
    expect(ok.status).toBe(200);
    expect(limited.status).toBe(429);
    expect(Number(ok.headers["x-ratelimit-reset-after"])).toBeLessThanOrEqual(0.3);
    expect(limited.body.retry_after).toBeLessThanOrEqual(0.3);
    expect(Number(limited.headers["retry-after"])).toBeLessThanOrEqual(0.3); // fractional when scaled
    await sleep(limited.body.retry_after * 1000 + 50);
    expect((await post(f, hook, { content: "3" })).status).toBe(200);
  });

  it("forgets buckets, faults, messages and stats on reset(), keeping webhooks", async () => {
    const f = await start({ webhookRateLimit: { limit: 1, windowMs: LONG }, globalRateLimit: false });
    const hook = f.addWebhook();
    await post(f, hook, { content: "1" });
    expect((await post(f, hook, { content: "2" })).status).toBe(429);
    f.inject(hook.id, { status: 500 });
    f.reset();
    expect(f.stats()).toEqual({ requests: 0, delivered: 0, rateLimited: 0, byStatus: {}, byScope: { user: 0, shared: 0, global: 0 } });
    expect(f.messages()).toEqual([]);
    expect(f.requests()).toEqual([]);
    expect((await post(f, hook, { content: "3" })).status).toBe(200);
    expect(f.webhooks()).toHaveLength(1);
  });

});

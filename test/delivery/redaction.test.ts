import { afterEach, describe, expect, it } from "vitest";
import { allText } from "./all-text.js";
import { createHarness, embed, type Harness } from "./harness.js";

let h: Harness;
afterEach(async () => {
  await h.close();
});

describe("token redaction (against the Discord fake)", () => {
  it("no token appears in results, errors, log lines or hook events, whatever goes wrong", async () => {
    h = await createHarness({ dispatcher: { timeoutMs: 1000, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } } });
    const ok = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN", name: "ok" });
    const limited = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN", name: "limited" });
    const flaky = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN", name: "flaky" });
    const hung = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN", name: "hung" });
    const reset = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN", name: "reset" });
    const gone = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN", name: "gone" });
    const badToken = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN", name: "bad-token" });
    const rejected = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN", name: "rejected" });
    const secret = "s".repeat(30) + "SECRETtoken_-" + "q".repeat(25);
    h.tokens.push(secret);
    await h.store.createWebhook({ name: "unparsable", webhookUrl: `https://evil.example/api/webhooks/123456789012345678/${secret}`, type: "CUSTOM", scope: "ADMIN" });
    h.fake.inject(limited.hook.id, { status: 429, body: { message: "limited", retry_after: 0.01, global: false } }, { times: 1 });
    h.fake.inject(flaky.hook.id, { status: 503, body: { message: `upstream said ${flaky.hook.url}` } });
    h.fake.inject(hung.hook.id, { kind: "hang" });
    h.fake.inject(reset.hook.id, { kind: "reset" });
    h.fake.removeWebhook(gone.hook.id);
    h.fake.inject(badToken.hook.id, { status: 401, body: { message: "Invalid Webhook Token", code: 50027 } });
    h.fake.inject(rejected.hook.id, { status: 400, body: { message: `bad ${rejected.hook.url}`, code: 50035 } });

    const results = await Promise.all([h.dispatcher.dispatch("CUSTOM", embed("one")), h.dispatcher.dispatch("CUSTOM", embed("two"))]);
    expect(results[0].sent).toBe(2);
    const probes = await Promise.all([
      h.dispatcher.test(ok.id),
      h.dispatcher.verify(ok.id),
      h.dispatcher.verify(flaky.id),
      h.dispatcher.verify(reset.id),
      h.dispatcher.test(rejected.id),
    ]);
    const failures = await Promise.allSettled([h.dispatcher.test(gone.id), h.dispatcher.verify(gone.id), h.dispatcher.test("nope")]);

    const everything = allText([results, probes, failures, h.logs, h.hookEvents]);
    expect(h.logs.length).toBeGreaterThan(5);
    expect(h.hookEvents.map((e) => e.name)).toEqual(expect.arrayContaining(["onDelivered", "onRetry", "onRateLimited", "onDisabled", "onFailed"]));
    for (const token of h.tokens) {
      for (const text of everything) expect(text).not.toContain(token);
    }
    // URLs do appear, masked.
    expect(everything.some((t) => t.includes(`webhooks/${flaky.hook.id}/***`))).toBe(true);
  });

  it("masks a token hidden in a webhook's name in results, logs and hooks", async () => {
    h = await createHarness();
    const hookInfo = h.fake.addWebhook();
    const named = await h.store.createWebhook({ name: `ops ${hookInfo.url} / ${hookInfo.token}`, webhookUrl: hookInfo.url, type: "CUSTOM", scope: "ADMIN" });
    h.fake.inject(hookInfo.id, { status: 503, body: { message: "later" } }, { times: 1 });
    const result = await h.dispatcher.dispatch("CUSTOM", embed("x"));
    expect(result.deliveries[0]?.webhook.name).toBe(`ops https://discord.com/api/v10/webhooks/${hookInfo.id}/*** / ***`);
    const tested = await h.dispatcher.test(named.id);
    const verified = await h.dispatcher.verify(named.id);
    h.fake.removeWebhook(hookInfo.id);
    const failed = await h.dispatcher.dispatch("CUSTOM", embed("y"));
    await h.dispatcher.flush();
    const everything = allText([result, tested, verified, failed, h.logs, h.hookEvents]);
    expect(h.hookEvents.map((e) => e.name)).toEqual(expect.arrayContaining(["onDelivered", "onRetry", "onDisabled", "onFailed"]));
    for (const text of everything) expect(text).not.toContain(hookInfo.token);
  });

  it("never shows a stored URL it cannot parse or recognise, since it may hold a token", async () => {
    h = await createHarness();
    const secret = "t".repeat(30) + "LEGACYtoken_-" + "u".repeat(25);
    const rows = [`not a url ${secret}`, `http://discord.com/api/webhooks/x/${secret}`, `discord.com ${secret}`];
    for (const [i, webhookUrl] of rows.entries()) await h.store.createWebhook({ name: `legacy ${String(i)}`, webhookUrl, type: "CUSTOM", scope: "ADMIN" });
    const result = await h.dispatcher.dispatch("CUSTOM", embed("x"));
    expect(result.failed).toBe(rows.length);
    const everything = allText([result, h.logs, h.hookEvents]);
    expect(h.hookEvents.filter((e) => e.name === "onFailed")).toHaveLength(rows.length);
    for (const text of everything) expect(text).not.toContain(secret);
  });
});

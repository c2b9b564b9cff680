import { afterEach, describe, expect, it } from "vitest";
import { DeliveryRefusedError, memoryQueue, StoreError, type WebhookStore } from "../../src/index.js";
import type { DeliveryState } from "../../src/state.js";
import { createHarness, embed, receivedTitles, SCALED_RATE_LIMIT, type Harness } from "./harness.js";

let h: Harness;
afterEach(async () => {
  await h.close();
});

const never = (): Promise<never> => new Promise(() => undefined);
const unknownWebhook = { status: 404, body: { message: "Unknown Webhook", code: 10015 } };

describe("the store is the one truth about enabled webhooks (against the Discord fake)", () => {
  // The engine's back-off of a Discord id that answered 404 is off here: this is about the store alone
  // (invalid-brake.test.ts covers the back-off).
  const noBackoff = { rateLimit: { ...SCALED_RATE_LIMIT, invalidWebhookBackoffMs: 0 } };

  it("a webhook disabled on 404 and re-enabled in the store receives events again, and test() agrees", async () => {
    h = await createHarness({ dispatcher: noBackoff });
    const { id, hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    h.fake.inject(hook.id, unknownWebhook, { times: 1 });
    const lost = await h.dispatcher.dispatch("CUSTOM", embed("lost"));
    expect(lost.deliveries[0]?.error?.code).toBe("WEBHOOK_DISABLED");
    expect(await h.store.getWebhook(id)).toMatchObject({ enabled: false });
    await expect(h.dispatcher.test(id)).rejects.toBeInstanceOf(DeliveryRefusedError);
    // The owner fixed it and re-enabled it (the manager then calls forgetWebhook; the store alone must be enough).
    await h.store.updateWebhook(id, { enabled: true });
    const back = await h.dispatcher.dispatch("CUSTOM", embed("back"));
    expect(back).toMatchObject({ success: true, matched: 1, sent: 1 });
    expect((await h.dispatcher.test(id)).ok).toBe(true);
    expect(receivedTitles(h.fake, hook.id)).toEqual(["back", "Test message"]);
  });

  it("forgetWebhook() drops a disable the store never accepted", async () => {
    let failDisable = true;
    h = await createHarness({ dispatcher: noBackoff, wrapStore: (s) => ({ ...s, disableWebhook: (id, reason) => (failDisable ? Promise.reject(new Error("no such column: disabledReason")) : s.disableWebhook(id, reason)) }) });
    const { id, hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    h.fake.inject(hook.id, unknownWebhook, { times: 1 });
    await h.dispatcher.dispatch("CUSTOM", embed("lost"));
    const refused = await h.dispatcher.dispatch("CUSTOM", embed("refused"));
    expect(refused.deliveries[0]?.error?.code).toBe("WEBHOOK_DISABLED");
    failDisable = false;
    h.dispatcher.forgetWebhook(id);
    expect((await h.dispatcher.dispatch("CUSTOM", embed("sent"))).sent).toBe(1);
    expect(receivedTitles(h.fake, hook.id)).toEqual(["sent"]);
  });
});

describe("store writes never hold a lane (against the Discord fake)", () => {
  it("with markDelivered and disableWebhook hanging, messages are delivered, reported, and flush() and close() end", async () => {
    h = await createHarness({
      dispatcher: { storeTimeoutMs: 100 },
      wrapStore: (s): WebhookStore => ({ ...s, markDelivered: never, markDeliveredMany: never, disableWebhook: never }),
    });
    const a = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const gone = await h.addWebhook({ type: "CUSTOM", scope: "PUBLIC" });
    h.fake.removeWebhook(gone.hook.id);
    const results = await Promise.all(["a", "b", "c"].map((t) => h.dispatcher.dispatch("CUSTOM", embed(t), { username: `u ${t}` })));
    for (const r of results) {
      expect(r.deliveries.find((d) => d.webhook.id === a.id)?.status).toBe("delivered");
      expect(r.deliveries.find((d) => d.webhook.id === gone.id)?.error?.code).toBe("WEBHOOK_DISABLED");
    }
    expect(receivedTitles(h.fake, a.hook.id)).toEqual(["a", "b", "c"]);
    await h.dispatcher.flush();
    const storeErrors = h.hookEvents.filter((e) => e.name === "onStoreError").map((e) => e.event as { operation: string; error: StoreError; webhooks: { id: string; url: string }[] });
    expect(storeErrors.map((e) => e.operation)).toEqual(expect.arrayContaining(["markDelivered", "disableWebhook"]));
    expect(storeErrors.every((e) => e.error instanceof StoreError && /did not answer within 100 ms/.test(e.error.message))).toBe(true);
    expect(storeErrors.find((e) => e.operation === "disableWebhook")?.webhooks[0]).toMatchObject({ id: gone.id, url: expect.stringContaining("/***") });
    expect(h.logs.some((l) => l.level === "error" && l.message.includes("store.markDelivered failed"))).toBe(true);
    // Discord said the webhook is gone, but the store never confirmed: no "disabled" report.
    expect(h.hookEvents.some((e) => e.name === "onDisabled")).toBe(false);
    expect((await h.dispatcher.stats()).storeErrors).toBeGreaterThanOrEqual(2);
  });

  it("close() never labels as CLOSED what Discord confirmed while the store hangs", async () => {
    h = await createHarness({ dispatcher: { storeTimeoutMs: 60_000 }, wrapStore: (s): WebhookStore => ({ ...s, markDelivered: never, markDeliveredMany: never }) });
    const a = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const pending = Promise.all(["a", "b"].map((t) => h.dispatcher.dispatch("CUSTOM", embed(t), { username: `u ${t}` })));
    while (h.fake.messages(a.hook.id).length < 2) await new Promise((r) => setTimeout(r, 5));
    await h.dispatcher.close({ timeoutMs: 50 });
    const results = await pending;
    expect(results.map((r) => r.deliveries[0]?.status)).toEqual(["delivered", "delivered"]);
  });
});

describe("a disable the store refused (against the Discord fake)", () => {
  it("is reported as a store error, not as disabled; the webhook stays refused until a write succeeds", async () => {
    let broken = true;
    h = await createHarness({ wrapStore: (s) => ({ ...s, disableWebhook: (id, reason) => (broken ? Promise.reject(new Error('column "disabledReason" does not exist')) : s.disableWebhook(id, reason)) }) });
    const { id, hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN", name: "ops" });
    h.fake.removeWebhook(hook.id);
    const first = await h.dispatcher.dispatch("CUSTOM", embed("first"));
    expect(first.deliveries[0]?.error?.code).toBe("WEBHOOK_DISABLED");
    expect(h.hookEvents.some((e) => e.name === "onDisabled")).toBe(false);
    expect(h.logs.some((l) => l.message.includes("webhook disabled"))).toBe(false);
    const storeError = h.logs.find((l) => l.level === "error" && l.message.includes("store.disableWebhook failed"));
    expect(JSON.stringify(storeError?.meta)).toContain(id);
    expect(JSON.stringify(storeError?.meta)).toContain(`webhooks/${hook.id}/***`);
    expect(await h.store.getWebhook(id)).toMatchObject({ enabled: true });
    // Still enabled in the store, but refused here without calling Discord again; the write is retried.
    const second = await h.dispatcher.dispatch("CUSTOM", embed("second"));
    expect(second.deliveries[0]?.error).toBeInstanceOf(DeliveryRefusedError);
    expect(h.fake.requests().filter((r) => r.webhookId === hook.id)).toHaveLength(1);
    broken = false;
    await h.dispatcher.dispatch("CUSTOM", embed("third"));
    await h.dispatcher.flush();
    await new Promise((r) => setTimeout(r, 20));
    expect(await h.store.getWebhook(id)).toMatchObject({ enabled: false });
    expect(h.hookEvents.filter((e) => e.name === "onDisabled")).toHaveLength(1);
    expect(h.fake.requests().filter((r) => r.webhookId === hook.id)).toHaveLength(1);
  });
});

describe("a queue that cannot take the delivery (against the Discord fake)", () => {
  it("makes the event call reject with a StoreError carrying the cause, whether push rejects or throws; the next call is delivered", async () => {
    const state = memoryQueue();
    let fail: "reject" | "throw" | undefined;
    const flaky: DeliveryState = {
      ...state,
      push: (...args) => {
        const how = fail;
        fail = undefined;
        if (how === "throw") throw new Error("queue went away");
        if (how === "reject") return Promise.reject(new Error("queue went away"));
        return state.push(...args);
      },
    };
    h = await createHarness({ dispatcher: { queue: flaky } });
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    for (const how of ["reject", "throw"] as const) {
      fail = how;
      const error: unknown = await h.dispatcher.dispatch("CUSTOM", embed(`lost-${how}`)).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).message).toContain("Could not queue the delivery");
      expect(((error as StoreError).cause as Error).message).toBe("queue went away");
    }
    expect(await h.dispatcher.dispatch("CUSTOM", embed("kept"))).toMatchObject({ success: true, sent: 1 });
    expect(receivedTitles(h.fake, hook.id)).toEqual(["kept"]);
  });
});

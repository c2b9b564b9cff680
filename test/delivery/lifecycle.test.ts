import { afterEach, describe, expect, it } from "vitest";
import { DeliveryRefusedError, type DispatchResult } from "../../src/index.js";
import { SCALED_RATE_LIMIT, createHarness, embed, receivedTitles, type Harness } from "./harness.js";

let h: Harness;
afterEach(async () => {
  await h.close();
});

describe("bounded queues, flush, close, markDelivered (against the Discord fake)", () => {
  it("refuses the newest deliveries with QUEUE_OVERFLOW when a lane's queue is full", async () => {
    h = await createHarness({ dispatcher: { rateLimit: { ...SCALED_RATE_LIMIT, maxQueuePerLane: 3 } } });
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const results = await Promise.all(["a", "b", "c", "d", "e"].map((t) => h.dispatcher.dispatch("CUSTOM", embed(t))));
    expect(results.map((r) => r.success)).toEqual([true, true, true, false, false]);
    for (const r of results.slice(3)) {
      expect(r.errors[0]?.error).toBeInstanceOf(DeliveryRefusedError);
      expect(r.errors[0]?.error.code).toBe("QUEUE_OVERFLOW");
    }
    expect(receivedTitles(h.fake, hook.id)).toEqual(["a", "b", "c"]);
    // Once drained, the lane takes work again.
    expect((await h.dispatcher.dispatch("CUSTOM", embed("f"))).success).toBe(true);
  });

  it("refuses a multi-embed delivery whole when it does not fit", async () => {
    h = await createHarness({ dispatcher: { rateLimit: { ...SCALED_RATE_LIMIT, maxQueuePerLane: 3 } } });
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const [first, second] = await Promise.all([
      h.dispatcher.dispatch("CUSTOM", [embed("a"), embed("b")]),
      h.dispatcher.dispatch("CUSTOM", [embed("c"), embed("d")]),
    ]);
    expect(first.success).toBe(true);
    expect(second.errors[0]?.error.code).toBe("QUEUE_OVERFLOW");
    expect(receivedTitles(h.fake, hook.id)).toEqual(["a", "b"]);
  });

  it("flush() resolves once everything queued has settled", async () => {
    h = await createHarness();
    await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const settled: DispatchResult[] = [];
    for (let i = 0; i < 12; i++) void h.dispatcher.dispatch("CUSTOM", embed(`e${i}`), { username: `u ${i}` }).then((r) => settled.push(r));
    await new Promise((r) => setImmediate(r));
    await h.dispatcher.flush();
    await new Promise((r) => setImmediate(r));
    expect(settled).toHaveLength(12);
    expect(settled.every((r) => r.success)).toBe(true);
  });

  it("close() waits within its deadline, then fails what remains with CLOSED and refuses new work", async () => {
    h = await createHarness({ dispatcher: { timeoutMs: 10_000 } });
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    h.fake.inject(hook.id, { kind: "hang" });
    const pending = Promise.all(["a", "b", "c"].map((t) => h.dispatcher.dispatch("CUSTOM", embed(t), { username: `u ${t}` })));
    await new Promise((r) => setTimeout(r, 50));
    await h.dispatcher.close({ timeoutMs: 100 });
    const results = await pending;
    for (const r of results) {
      expect(r.success).toBe(false);
      expect(r.errors[0]?.error).toBeInstanceOf(DeliveryRefusedError);
      expect(r.errors[0]?.error.code).toBe("CLOSED");
    }
    const late = await h.dispatcher.dispatch("CUSTOM", embed("late"));
    expect(late).toMatchObject({ success: false, matched: 1, sent: 0, failed: 1 });
    expect(late.errors[0]?.error.code).toBe("CLOSED");
    // test() and verify() behave the same way: they resolve with a CLOSED failure, they do not reject.
    const id = (await h.store.listWebhooks())[0]!.id;
    const tested = await h.dispatcher.test(id);
    expect(tested).toMatchObject({ ok: false, attempts: 0 });
    expect(tested.error).toBeInstanceOf(DeliveryRefusedError);
    expect(tested.error?.code).toBe("CLOSED");
    const verified = await h.dispatcher.verify(id);
    expect(verified).toMatchObject({ ok: false, disabled: false });
    expect(verified.error?.code).toBe("CLOSED");
    expect(h.fake.requests().filter((r) => r.method === "GET")).toHaveLength(0);
  });

  it("close() delivers everything queued when the deadline allows", async () => {
    h = await createHarness();
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const pending = Promise.all(Array.from({ length: 8 }, (_, i) => h.dispatcher.dispatch("CUSTOM", embed(`e${i}`), { username: `u ${i}` })));
    await h.dispatcher.close({ timeoutMs: 5000 });
    expect((await pending).every((r) => r.success)).toBe(true);
    expect(h.fake.messages(hook.id)).toHaveLength(8);
  });

  it("marks each webhook delivered with the injected clock and reports Discord's message ids", async () => {
    const at = new Date("2030-01-02T03:04:05.000Z");
    h = await createHarness({ dispatcher: { now: () => at } });
    const a = await h.addWebhook({ type: "GAME_SERVER", scope: "ADMIN" });
    const b = await h.addWebhook({ type: "GAME_SERVER", scope: "PUBLIC" });
    const result = await h.dispatcher.serverStateChange({ serverName: "mc-1", state: "crashed" });
    expect(result.sent).toBe(2);
    for (const x of [a, b]) {
      expect((await h.store.getWebhook(x.id))?.testSuccessAt?.toISOString()).toBe(at.toISOString());
      const report = result.deliveries.find((d) => d.webhook.id === x.id);
      expect(report?.messageIds).toEqual(h.fake.messages(x.hook.id).map((m) => m.id));
    }
    expect(h.fake.messages(a.hook.id)[0]?.body.embeds).toEqual([expect.objectContaining({ timestamp: at.toISOString() })]);
  });
});

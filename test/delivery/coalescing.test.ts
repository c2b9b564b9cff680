import { afterEach, describe, expect, it } from "vitest";
import { createHarness, embed, receivedTitles, type Harness } from "./harness.js";

let h: Harness;
afterEach(async () => {
  await h.close();
});

describe("lanes and coalescing (against the Discord fake)", () => {
  it("delivers a burst of 60 events to one webhook in few messages, in order, without 429s", async () => {
    h = await createHarness();
    const { id, hook } = await h.addWebhook({ type: "GAME_SERVER", scope: "ADMIN" });
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => h.dispatcher.serverStateChange({ serverName: `mc-${i}`, state: "online" })),
    );
    expect(results.every((r) => r.success && r.sent === 1 && r.failed === 0)).toBe(true);
    const messages = h.fake.messages(hook.id);
    expect(messages.length).toBeLessThanOrEqual(7);
    expect(messages.flatMap((m) => m.body.embeds as unknown[])).toHaveLength(60);
    expect(h.fake.stats().rateLimited).toBe(0);
    const names = messages.flatMap((m) => (m.body.embeds as { description: string }[]).map((e) => /\*\*(.+?)\*\*/.exec(e.description)?.[1]));
    expect(names).toEqual(Array.from({ length: 60 }, (_, i) => `mc\\-${i}`));
    // Every report names the Discord message that carried it.
    const ids = new Set(messages.map((m) => m.id));
    for (const r of results) {
      expect(r.deliveries[0]?.webhook.id).toBe(id);
      expect(ids.has(r.deliveries[0]?.messageIds[0] ?? "")).toBe(true);
    }
  });

  it("sends a lone event at once, alone, with wait=true", async () => {
    h = await createHarness();
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const result = await h.dispatcher.dispatch("CUSTOM", embed("solo"));
    expect(result.success).toBe(true);
    const [message] = h.fake.messages(hook.id);
    expect(message?.wait).toBe(true);
    expect(message?.body.embeds).toHaveLength(1);
    expect(result.deliveries[0]?.messageIds).toEqual([message?.id]);
    expect(result.deliveries[0]?.attempts).toBe(1);
  });

  it("never packs embeds with different message options together, and keeps order across them", async () => {
    h = await createHarness();
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const plan = ["A", "A", "A", "B", "B", "A", "A", "C", "A"];
    const results = await Promise.all(plan.map((u, i) => h.dispatcher.dispatch("CUSTOM", embed(`e${i}`), { username: `user ${u}` })));
    expect(results.every((r) => r.success)).toBe(true);
    const messages = h.fake.messages(hook.id);
    for (const m of messages) {
      const titles = (m.body.embeds as { title: string }[]).map((e) => Number(e.title.slice(1)));
      expect(new Set(titles.map((t) => plan[t]))).toEqual(new Set([String(m.body.username).slice(5)]));
    }
    expect(receivedTitles(h.fake, hook.id)).toEqual(plan.map((_, i) => `e${i}`));
    expect(messages.length).toBe(5);
  });

  it("packs by Discord's limits: at most 10 embeds and 6000 characters per message", async () => {
    h = await createHarness();
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const big = (i: number) => ({ title: `big${i}`, description: "x".repeat(2500) });
    const results = await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => h.dispatcher.dispatch("CUSTOM", big(i))),
      ...Array.from({ length: 12 }, (_, i) => h.dispatcher.dispatch("CUSTOM", embed(`s${i}`))),
    ]);
    expect(results.every((r) => r.success)).toBe(true);
    for (const m of h.fake.messages(hook.id)) {
      const list = m.body.embeds as { title: string; description: string }[];
      expect(list.length).toBeLessThanOrEqual(10);
      expect(list.reduce((n, e) => n + e.title.length + e.description.length, 0)).toBeLessThanOrEqual(6000);
    }
    expect(receivedTitles(h.fake, hook.id)).toEqual([...Array.from({ length: 5 }, (_, i) => `big${i}`), ...Array.from({ length: 12 }, (_, i) => `s${i}`)]);
  });

  it("a dispatch of several embeds settles as one delivery per webhook", async () => {
    h = await createHarness();
    const a = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const b = await h.addWebhook({ type: "CUSTOM", scope: "PUBLIC" });
    const result = await h.dispatcher.dispatch("CUSTOM", [embed("one"), embed("two"), embed("three")]);
    expect(result).toMatchObject({ success: true, sent: 2, failed: 0, errors: [] });
    expect(result.deliveries.map((d) => d.webhook.id).sort()).toEqual([a.id, b.id].sort());
    expect(receivedTitles(h.fake, a.hook.id)).toEqual(["one", "two", "three"]);
    expect(h.fake.messages(b.hook.id)).toHaveLength(1);
  });
});

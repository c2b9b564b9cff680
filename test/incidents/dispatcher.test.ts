/** Silences, actions and incident tracking through a real dispatcher against the project's Discord fake. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { ConfigError, createDispatcher, ValidationError, type Dispatcher } from "../../src/index.js";
import type { IncidentEvent } from "../../src/incidents/desk-types.js";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../src/testing/index.js";

let fake: DiscordFake;
beforeAll(async () => {
  fake = await createDiscordFake({ webhookRateLimit: { limit: 1000, windowMs: 60_000 }, globalRateLimit: false, channelRateLimit: false });
});
afterAll(() => fake.close());

let hooks: FakeWebhook[];
let now: number;
let events: IncidentEvent[];
beforeEach(() => {
  fake.reset();
  hooks = [fake.addWebhook(), fake.addWebhook()];
  now = Date.UTC(2026, 11, 3, 6, 0);
  events = [];
});

async function setup(extra: Partial<Parameters<typeof createDispatcher>[0]> = {}): Promise<{ dispatcher: Dispatcher; ids: string[] }> {
  const store = memoryStore([
    { name: "ops", webhookUrl: hooks[0]!.url, type: "GAME_SERVER", scope: "ADMIN" },
    { name: "customer", webhookUrl: hooks[1]!.url, type: "GAME_SERVER", scope: "USER", userId: "user-1" },
  ]);
  const dispatcher = createDispatcher({ store, ...fake.dispatcherOptions(), now: () => new Date(now), hooks: { onIncident: (e) => events.push(e) }, ...extra });
  const ids = (await store.listWebhooks()).map((w) => w.id);
  return { dispatcher, ids };
}
const crash = { serverName: "mc-1", state: "crashed" as const };

describe("silences", () => {
  it("a silenced delivery is not sent and is reported skipped / silenced, never as a failure; unsilence ends it", async () => {
    const { dispatcher } = await setup();
    const silence = await dispatcher.silence({ key: "server:mc-1", forMs: 60 * 60_000 });
    expect(silence).toMatchObject({ key: "server:mc-1", createdAt: now, endsAt: now + 60 * 60_000 });
    expect(typeof silence.id).toBe("string");
    const result = await dispatcher.serverStateChange(crash, { userId: "user-1" });
    expect(result).toMatchObject({ success: true, matched: 2, sent: 0, failed: 0, errors: [] });
    expect(result.deliveries.map((d) => [d.status, d.action])).toEqual([["skipped", "silenced"], ["skipped", "silenced"]]);
    expect(fake.messages()).toHaveLength(0);
    expect((await dispatcher.serverStateChange({ serverName: "mc-2", state: "crashed" })).deliveries[0]).toMatchObject({ status: "delivered", action: "posted" });
    expect(await dispatcher.unsilence(silence.id)).toBe(true);
    expect(await dispatcher.unsilence(silence.id)).toBe(false);
    expect((await dispatcher.serverStateChange(crash)).deliveries[0]).toMatchObject({ status: "delivered", action: "posted" });
    await dispatcher.close();
  });

  it("match by type, userId or webhookId; listSilences shows those still on; they end on their own", async () => {
    const { dispatcher, ids } = await setup();
    await dispatcher.silence({ userId: "user-1", forMs: 1000 });
    const byHook = await dispatcher.silence({ webhookId: ids[0]!, forMs: 2000 });
    const r = await dispatcher.serverStateChange(crash, { userId: "user-1" });
    expect(r.deliveries.map((d) => d.action)).toEqual(["silenced", "silenced"]);
    now += 1000;
    expect((await dispatcher.listSilences()).map((s) => s.id)).toEqual([byHook.id]);
    const later = await dispatcher.serverStateChange(crash, { userId: "user-1" });
    expect(later.deliveries.map((d) => d.action)).toEqual(["silenced", "posted"]);
    now += 1000;
    expect(await dispatcher.listSilences()).toEqual([]);
    await dispatcher.silence({ type: "GAME_SERVER", forMs: 500 });
    expect((await dispatcher.serverStateChange(crash, { userId: "user-1" })).sent).toBe(0);
    expect((await dispatcher.dispatch("CUSTOM", { title: "other type" })).matched).toBe(0);
    expect(fake.messages()).toHaveLength(1);
    await dispatcher.close();
  });

  it("bad silence input is a ValidationError; a bad incidents option a ConfigError; a status without a key a ValidationError", async () => {
    const { dispatcher } = await setup();
    await expect(dispatcher.silence({ forMs: 1000 } as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(dispatcher.silence({ key: "k", type: "VPS", forMs: 1000 } as never)).rejects.toThrow(/silence/);
    await expect(dispatcher.silence({ key: "k", forMs: -5 })).rejects.toBeInstanceOf(ValidationError);
    await expect(dispatcher.unsilence("")).rejects.toBeInstanceOf(ValidationError);
    await expect(dispatcher.settingsUpdate({ changedFields: ["a"] }, { incident: { status: "firing" } })).rejects.toThrow(/incident\.key/);
    await expect(dispatcher.serverStateChange(crash, { incident: { status: "open" } as never })).rejects.toBeInstanceOf(ValidationError);
    expect(() => createDispatcher({ store: memoryStore([]), incidents: { ttlMs: -1 } })).toThrow(ConfigError);
    expect(() => createDispatcher({ store: memoryStore([]), incidents: { onResolve: "post" as never } })).toThrow(/incidents\.onResolve/);
    await dispatcher.close();
  });
});

describe("actions and incidents", () => {
  it("without the incidents option every delivery is posted and says so", async () => {
    const { dispatcher } = await setup();
    for (let i = 0; i < 2; i++) expect((await dispatcher.serverStateChange(crash)).deliveries[0]).toMatchObject({ status: "delivered", action: "posted" });
    expect(fake.messages(hooks[0]!.id)).toHaveLength(2);
    expect(events).toEqual([]);
    await dispatcher.close();
  });

  it("with incidents: a first occurrence posts the incident look and is tracked; onIncident sees it", async () => {
    const { dispatcher } = await setup({ incidents: {} });
    const r = await dispatcher.serverStateChange(crash);
    expect(r.deliveries[0]).toMatchObject({ status: "delivered", action: "posted" });
    const [message] = fake.messages(hooks[0]!.id);
    const embed = (message!.body.embeds as { fields: { name: string; value: string }[] }[])[0]!;
    expect(embed.fields.at(-1)).toMatchObject({ name: "Incident", value: expect.stringMatching(/^crashed 1 time · first seen <t:\d+:R>/) as unknown });
    expect(events).toEqual([{ webhook: r.deliveries[0]!.webhook, key: "server:mc-1", action: "posted", status: "firing", count: 1, messageId: message!.id }]);
    await dispatcher.close();
  });

  it("a resolve of nothing open posts plainly; a second resolve is suppressed; incident: false posts plainly", async () => {
    const { dispatcher } = await setup({ incidents: {} });
    const online = { serverName: "mc-1", state: "online" as const };
    expect((await dispatcher.serverStateChange(online)).deliveries[0]?.action).toBe("posted");
    await dispatcher.serverStateChange(crash);
    expect((await dispatcher.serverStateChange(crash, { incident: false })).deliveries[0]?.action).toBe("posted");
    expect(fake.messages(hooks[0]!.id)).toHaveLength(3);
    expect(events.map((e) => e.action)).toEqual(["posted"]);
    await dispatcher.serverStateChange(online, { incident: { key: "server:mc-9", status: "resolved" } });
    await dispatcher.serverStateChange(crash, { incident: { key: "server:mc-9" } });
    await dispatcher.serverStateChange(online, { incident: { key: "server:mc-9" } });
    // The problem resolves (an edit: issue 17) and a second resolve is suppressed: skipped, nothing sent.
    const again = await dispatcher.serverStateChange(online, { incident: { key: "server:mc-9" } });
    expect(again.deliveries[0]).toMatchObject({ status: "skipped", action: "suppressed", attempts: 0 });
    expect(again).toMatchObject({ success: true, sent: 0, failed: 0 });
    await dispatcher.close();
  });

  it("plain dispatch joins a problem only with the call's key", async () => {
    const { dispatcher } = await setup({ incidents: {} });
    await dispatcher.store.createWebhook({ name: "custom", webhookUrl: fake.addWebhook().url, type: "CUSTOM", scope: "ADMIN" });
    const first = await dispatcher.dispatch("CUSTOM", { title: "Backup failed" }, { incident: { key: "backup:db1", status: "firing" } });
    expect(first.deliveries[0]?.action).toBe("posted");
    expect(events.map((e) => [e.key, e.action, e.status])).toEqual([["backup:db1", "posted", "firing"]]);
    await dispatcher.dispatch("CUSTOM", { title: "no key" });
    expect(events).toHaveLength(1);
    await dispatcher.close();
  });

  it("a throwing onIncident hook never breaks delivery", async () => {
    const { dispatcher } = await setup({ incidents: {}, hooks: { onIncident: () => { throw new Error("hook bug"); } } });
    expect((await dispatcher.serverStateChange(crash)).deliveries[0]).toMatchObject({ status: "delivered", action: "posted" });
    await dispatcher.close();
  });

  it("wait: false queues the post; with no message id yet the problem is not tracked, and nothing is lost", async () => {
    const { dispatcher } = await setup({ incidents: {} });
    const r = await dispatcher.serverStateChange(crash, { wait: false });
    expect(r.deliveries[0]).toMatchObject({ status: "queued", action: "posted" });
    await dispatcher.flush();
    expect((await dispatcher.serverStateChange(crash)).deliveries[0]?.action).toBe("posted");
    expect(fake.messages(hooks[0]!.id)).toHaveLength(2);
    await dispatcher.close();
  });
});

describe("incidents edit their one living message (against the fake)", () => {
  it("a crash loop is one message per webhook: repeats edit it, online turns it resolved, all in place", async () => {
    const { dispatcher } = await setup({ incidents: {} });
    const first = await dispatcher.serverStateChange(crash, { userId: "user-1" });
    expect(first.deliveries.map((d) => d.action)).toEqual(["posted", "posted"]);
    now += 60_000;
    const again = await dispatcher.serverStateChange(crash, { userId: "user-1" });
    expect(again.deliveries.map((d) => d.action)).toEqual(["edited", "edited"]);
    now += 60_000;
    const online = await dispatcher.serverStateChange({ serverName: "mc-1", state: "online" }, { userId: "user-1" });
    expect(online.deliveries.map((d) => d.action)).toEqual(["edited", "edited"]);
    for (const hook of hooks) {
      const messages = fake.messages(hook.id);
      expect(messages).toHaveLength(1);
      expect(messages[0]?.edits).toHaveLength(2);
      expect(JSON.stringify(messages[0]?.body.embeds)).toMatch(/[Rr]esolved/);
    }
    await dispatcher.close();
  });

  it("a tracked message someone deleted (10008) is posted anew and the webhook stays enabled", async () => {
    const { dispatcher, ids } = await setup({ incidents: {} });
    const first = await dispatcher.serverStateChange(crash, { userId: "user-1" });
    const messageId = first.deliveries[0]?.messageIds[0] ?? "";
    const deleted = await dispatcher.deleteMessage(first.deliveries[0]?.webhook.id ?? ids[0]!, messageId);
    expect(deleted.ok).toBe(true);
    now += 60_000;
    const again = await dispatcher.serverStateChange(crash, { userId: "user-1" });
    expect(again.deliveries.find((d) => d.webhook.id === first.deliveries[0]?.webhook.id)).toMatchObject({ status: "delivered", action: "reposted" });
    expect(again.success).toBe(true);
    await dispatcher.close();
  });
});

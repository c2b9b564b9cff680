/**
 * Packed problems against the Discord fake: problems that fire together share messages (packed like any burst), and
 * an edit rewrites only its own embed, keeping the others of the message as they are.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, type Dispatcher } from "../../src/index.js";
import { captureTransport } from "../../src/testing/index.js";
import type { MessageChange, MessageChangeAnswer } from "../../src/delivery/message-change.js";
import type { DiscordEmbed } from "../../src/discord/schemas.js";
import { memoryIncidentState } from "../../src/incidents/memory.js";
import { embedMark } from "../../src/incidents/mark.js";
import { packedEditor, POSTED_KEPT_MS } from "../../src/incidents/packed.js";
import type { WebhookRecord } from "../../src/types.js";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../src/testing/index.js";

let fake: DiscordFake;
beforeAll(async () => {
  fake = await createDiscordFake({ webhookRateLimit: { limit: 1000, windowMs: 60_000 }, globalRateLimit: false, channelRateLimit: false });
});
afterAll(() => fake.close());

let hook: FakeWebhook;
let dispatcher: Dispatcher;
let now: number;
beforeEach(() => {
  fake.reset();
  hook = fake.addWebhook();
  now = Date.UTC(2026, 11, 4, 6, 0);
  dispatcher = createDispatcher({ store: memoryStore([{ name: "ops", webhookUrl: hook.url, type: "GAME_SERVER", scope: "ADMIN" }]), ...fake.dispatcherOptions(), now: () => new Date(now), incidents: {} });
});

const SERVERS = Array.from({ length: 12 }, (_, i) => `mc-${String(i + 1)}`);
/** What each message shows now: per message, per embed, the server it names and whether it reads resolved. */
function shown(): { server: string; resolved: boolean }[][] {
  return fake.messages(hook.id).map((m) =>
    ((m.body.embeds ?? []) as { title?: string; description?: string }[]).map((e) => ({ server: /\*\*(mc\\-\d+)\*\*/.exec(e.description ?? "")?.[1]?.replace("\\", "") ?? "?", resolved: /Resolved/.test(e.title ?? "") })),
  );
}

describe("packed problems", () => {
  it("an outage shares messages; each problem's edit rewrites its own embed and keeps the others", async () => {
    const crashed = await Promise.all(SERVERS.map((serverName) => dispatcher.serverStateChange({ serverName, state: "crashed" })));
    expect(crashed.every((r) => r.deliveries[0]?.action === "posted")).toBe(true);
    const posts = fake.messages(hook.id).length;
    expect(posts).toBeLessThanOrEqual(3);
    expect(shown().flat().map((e) => e.server).sort()).toEqual([...SERVERS].sort());

    // One server of a shared message recovers: only its embed changes.
    const shared = shown().find((m) => m.length > 1) ?? [];
    const target = shared[1]?.server ?? "";
    now += 60_000;
    const one = await dispatcher.serverStateChange({ serverName: target, state: "online" });
    expect(one.deliveries[0]?.action).toBe("edited");
    const after = shown().find((m) => m.some((e) => e.server === target)) ?? [];
    expect(after.map((e) => e.server)).toEqual(shared.map((e) => e.server));
    expect(after.filter((e) => e.resolved).map((e) => e.server)).toEqual([target]);

    // Then all of them, at once: every problem ends resolved in its own embed, no message added or lost, and the
    // problems of one message that change together are one read and one write (after the turn in flight).
    now += 60_000;
    const before = fake.requests().length;
    await Promise.all(SERVERS.map((serverName) => dispatcher.serverStateChange({ serverName, state: "online" })));
    expect(fake.messages(hook.id)).toHaveLength(posts);
    expect(fake.requests().length - before).toBeLessThanOrEqual(4 * posts);
    expect(shown().flat().filter((e) => e.resolved).map((e) => e.server).sort()).toEqual([...SERVERS].sort());
    await dispatcher.close();
  });

  it("a message that holds one problem alone is edited without reading it again after the first edit (its post long past)", async () => {
    await dispatcher.serverStateChange({ serverName: "mc-1", state: "crashed" });
    for (let i = 0; i < 3; i++) {
      now += 60_000;
      await dispatcher.serverStateChange({ serverName: "mc-1", state: "crashed" });
    }
    const methods = fake.requests().map((r) => r.method);
    expect(methods).toEqual(["POST", "GET", "PATCH", "PATCH", "PATCH"]);
    expect(JSON.stringify(fake.messages(hook.id)[0]?.body.embeds)).toMatch(/crashed 4 times/);
    await dispatcher.close();
  });

  it("an edit soon after the post starts from the embeds this process posted: no read, the other embeds kept", async () => {
    await Promise.all(SERVERS.map((serverName) => dispatcher.serverStateChange({ serverName, state: "crashed" })));
    const shared = shown().find((m) => m.length > 1) ?? [];
    const target = shared[2]?.server ?? "";
    now += 10_000;
    const before = fake.requests().length;
    expect((await dispatcher.serverStateChange({ serverName: target, state: "online" })).deliveries[0]?.action).toBe("edited");
    expect(fake.requests().slice(before).map((r) => r.method)).toEqual(["PATCH"]);
    const after = shown().find((m) => m.some((e) => e.server === target)) ?? [];
    expect(after.map((e) => e.server)).toEqual(shared.map((e) => e.server));
    expect(after.filter((e) => e.resolved).map((e) => e.server)).toEqual([target]);
    await dispatcher.close();
  });

  it("a problem alone in its message is edited without a read when the edit follows its post soon", async () => {
    await dispatcher.serverStateChange({ serverName: "mc-1", state: "crashed" });
    now += 5_000;
    await dispatcher.serverStateChange({ serverName: "mc-1", state: "crashed" });
    now += 5_000;
    await dispatcher.serverStateChange({ serverName: "mc-1", state: "online" });
    expect(fake.requests().map((r) => r.method)).toEqual(["POST", "PATCH", "PATCH"]);
    expect(JSON.stringify(fake.messages(hook.id)[0]?.body.embeds)).toMatch(/Resolved/);
    await dispatcher.close();
  });

  it("a post is trusted for POSTED_KEPT_MS and only while nobody took the message's lock: else the message is read", async () => {
    let embeds: DiscordEmbed[] = [{ title: "a", description: "A crashed" }, { title: "b", description: "B crashed" }];
    const calls: string[] = [];
    const change = (who: string) => (_r: WebhookRecord, c: MessageChange): Promise<MessageChangeAnswer> => {
      calls.push(`${who} ${c.method} ${c.messageId}`);
      if (c.method === "PATCH") embeds = (c.body?.embeds as DiscordEmbed[]).map((e) => ({ ...e }));
      return Promise.resolve({ ok: true, attempts: 1, status: 200, body: { embeds: embeds.map((e) => ({ ...e })) } });
    };
    let clock = 1_000_000;
    const state = memoryIncidentState({ now: () => clock });
    const [one, two] = [packedEditor(state, change("one"), () => clock), packedEditor(state, change("two"), () => clock)];
    const record = { id: "wh-1" } as WebhookRecord;
    const edit = (editor: typeof one, messageId: string, title: string, from: string, to: string) => editor.edit(record, messageId, { embeds: [{ title, description: to }], mark: embedMark({ title, description: from }) });
    // Posted, then edited just before the trust ends: no read.
    one.posted({ messageId: "m1", embeds });
    clock += POSTED_KEPT_MS - 1;
    expect(await edit(one, "m1", "a", "A crashed", "A 2 times")).toEqual({ ok: true, packed: true });
    expect(calls).toEqual(["one PATCH m1"]);
    // Posted, then edited once the trust ended: read first.
    one.posted({ messageId: "m2", embeds });
    clock += POSTED_KEPT_MS;
    expect(await edit(one, "m2", "b", "B crashed", "B 2 times")).toEqual({ ok: true, packed: true });
    expect(calls.slice(1)).toEqual(["one GET m2", "one PATCH m2"]);
    // Posted by this process, but another process edited the message since: read first, keep the other's write.
    embeds = [{ title: "a", description: "A crashed" }, { title: "b", description: "B crashed" }];
    one.posted({ messageId: "m3", embeds });
    expect(await edit(two, "m3", "a", "A crashed", "A resolved")).toEqual({ ok: true, packed: true });
    expect(await edit(one, "m3", "b", "B crashed", "B resolved")).toEqual({ ok: true, packed: true });
    expect(calls.slice(3)).toEqual(["two GET m3", "two PATCH m3", "one GET m3", "one PATCH m3"]);
    expect(embeds.map((e) => e.description)).toEqual(["A resolved", "B resolved"]);
  });

  it("embedMark reads the text Discord gives back verbatim, not colours or timestamps it may rewrite", () => {
    const embed = { title: "💥 Server crashed", description: "**mc\\-1** is now **crashed**.", fields: [{ name: "State", value: "Crashed" }], color: 1, timestamp: "2026-12-04T06:00:00.000Z" };
    expect(embedMark({ ...embed, color: 2, timestamp: "2026-12-04T06:00:00+00:00" })).toBe(embedMark(embed));
    expect(embedMark({ ...embed, fields: [{ name: "State", value: "Online" }] })).not.toBe(embedMark(embed));
  });

  it("two processes editing two problems of one message take turns through the state's message lock: neither change is lost", async () => {
    // One message in "Discord" with two problems' embeds; reads and writes take a while, as real ones do.
    let embeds: DiscordEmbed[] = [{ title: "a", description: "A crashed" }, { title: "b", description: "B crashed" }];
    const slow = () => new Promise((r) => setTimeout(r, 15));
    const change = async (_r: WebhookRecord, c: MessageChange): Promise<MessageChangeAnswer> => {
      await slow();
      if (c.method === "PATCH") embeds = (c.body?.embeds as DiscordEmbed[]).map((e) => ({ ...e }));
      return { ok: true, attempts: 1, status: 200, body: { embeds: embeds.map((e) => ({ ...e })) } };
    };
    const state = memoryIncidentState();
    const [one, two] = [packedEditor(state, change).edit, packedEditor(state, change).edit];
    const record = { id: "wh-1" } as WebhookRecord;
    const [x, y] = await Promise.all([
      one(record, "m1", { embeds: [{ title: "a", description: "A resolved" }], mark: embedMark({ title: "a", description: "A crashed" }) }),
      two(record, "m1", { embeds: [{ title: "b", description: "B resolved" }], mark: embedMark({ title: "b", description: "B crashed" }) }),
    ]);
    expect([x, y]).toEqual([{ ok: true, packed: true }, { ok: true, packed: true }]);
    expect(embeds.map((e) => e.description)).toEqual(["A resolved", "B resolved"]);
  });

  it("a shared message is read once per process: later turns start from what this process wrote, unless another process took its lock since", async () => {
    let embeds: DiscordEmbed[] = [{ title: "a", description: "A crashed" }, { title: "b", description: "B crashed" }];
    const calls: string[] = [];
    const change = (who: string) => (_r: WebhookRecord, c: MessageChange): Promise<MessageChangeAnswer> => {
      calls.push(`${who} ${c.method}`);
      if (c.method === "PATCH") embeds = (c.body?.embeds as DiscordEmbed[]).map((e) => ({ ...e }));
      return Promise.resolve({ ok: true, attempts: 1, status: 200, body: { embeds: embeds.map((e) => ({ ...e })) } });
    };
    const state = memoryIncidentState();
    const [one, two] = [packedEditor(state, change("one")).edit, packedEditor(state, change("two")).edit];
    const record = { id: "wh-1" } as WebhookRecord;
    const edit = (editor: typeof one, title: string, from: string, to: string) => editor(record, "m1", { embeds: [{ title, description: to }], mark: embedMark({ title, description: from }) });
    expect(await edit(one, "a", "A crashed", "A 2 times")).toEqual({ ok: true, packed: true });
    expect(await edit(one, "b", "B crashed", "B 2 times")).toEqual({ ok: true, packed: true });
    expect(calls).toEqual(["one GET", "one PATCH", "one PATCH"]);
    // Another process writes the message: the first one's next turn reads it again, and keeps that write.
    expect(await edit(two, "a", "A 2 times", "A resolved")).toEqual({ ok: true, packed: true });
    expect(await edit(one, "b", "B 2 times", "B resolved")).toEqual({ ok: true, packed: true });
    expect(calls.slice(3)).toEqual(["two GET", "two PATCH", "one GET", "one PATCH"]);
    expect(embeds.map((e) => e.description)).toEqual(["A resolved", "B resolved"]);
  });

  it("keeps what it wrote for the last 1,000 shared messages only: an older one is read again before its next edit", async () => {
    const bodies = new Map<string, DiscordEmbed[]>();
    const reads: string[] = [];
    const change = (_r: WebhookRecord, c: MessageChange): Promise<MessageChangeAnswer> => {
      if (c.method === "GET") reads.push(c.messageId);
      if (c.method === "PATCH") bodies.set(c.messageId, c.body?.embeds as DiscordEmbed[]);
      const embeds = bodies.get(c.messageId) ?? [{ title: "a", description: "A crashed" }, { title: "b", description: "B crashed" }];
      return Promise.resolve({ ok: true, attempts: 1, status: 200, body: { embeds } });
    };
    const editor = packedEditor(memoryIncidentState(), change).edit;
    const record = { id: "wh-1" } as WebhookRecord;
    const resolve = (messageId: string, from: string, to: string) => editor(record, messageId, { embeds: [{ title: "a", description: to }], mark: embedMark({ title: "a", description: from }) });
    const ids = Array.from({ length: 1001 }, (_, i) => `m${String(i)}`);
    for (const id of ids) await resolve(id, "A crashed", "A 2 times");
    reads.length = 0;
    await resolve("m1000", "A 2 times", "A 3 times");
    await resolve("m1", "A 2 times", "A 3 times");
    await resolve("m0", "A 2 times", "A 3 times");
    expect(reads).toEqual(["m0"]);
  });

  it("with captureTransport (no fake): repeats edit the posted message, read back from what the capture answered", async () => {
    const capture = captureTransport();
    const url = `https://discord.com/api/v10/webhooks/123456789012345678/${"t".repeat(68)}`;
    const d = createDispatcher({ store: memoryStore([{ name: "ops", webhookUrl: url, type: "GAME_SERVER", scope: "ADMIN" }]), transport: capture, now: () => new Date(now), incidents: {} });
    const actions: (string | undefined)[] = [];
    for (const state of ["crashed", "crashed", "online"] as const) {
      now += 60_000;
      actions.push((await d.serverStateChange({ serverName: "mc-1", state })).deliveries[0]?.action);
    }
    expect(actions).toEqual(["posted", "edited", "edited"]);
    expect(capture.requests.map((r) => r.method)).toEqual(["POST", "GET", "PATCH", "PATCH"]);
    await d.close();
  });
});


/**
 * The desk's coordination as a unit: coalesced edits (one in flight, the latest state wins), the fallback to a new
 * tracked post when an edit cannot happen, edit-and-post, and compare-and-set conflicts with another process.
 * Posting and editing are recorded here; delivery itself is tested against the Discord fake in dispatcher.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { DeliveryReport } from "../../src/delivery/types.js";
import type { DiscordEmbed } from "../../src/discord/schemas.js";
import { DiscordHTTPError } from "../../src/errors.js";
import { createIncidentDesk, type MessageEditor } from "../../src/incidents/desk.js";
import { memoryIncidentState } from "../../src/incidents/memory.js";
import type { IncidentEvent } from "../../src/incidents/desk-types.js";
import { INCIDENT_DEFAULTS, type IncidentSignal, type IncidentStatus } from "../../src/incidents/types.js";
import type { IncidentState } from "../../src/incidents/port.js";
import type { WebhookRecord } from "../../src/types.js";

const record = { id: "wh-1", name: "ops" } as WebhookRecord;
const signal = (status: IncidentStatus): IncidentSignal => ({ key: "server:mc-1", status, severity: 3, label: "crashed" });

function harness(opts: { editor?: "ok" | "gone" | "fail" | "none"; state?: IncidentState; onResolve?: "edit" | "edit-and-post" } = {}) {
  let clock = 1_000_000;
  let nextId = 1;
  const posts: { embeds: readonly DiscordEmbed[]; solo: boolean; urgent: boolean }[] = [];
  const edits: { messageId: string; embeds: DiscordEmbed[] }[] = [];
  const events: IncidentEvent[] = [];
  let releaseEdit: (() => void) | undefined;
  let holdEdits = false;
  const editor: MessageEditor = async (_r, messageId, edit) => {
    edits.push({ messageId, embeds: edit.embeds });
    if (holdEdits) await new Promise<void>((r) => (releaseEdit = r));
    if (opts.editor === "gone") return { ok: false, gone: true, error: new DiscordHTTPError(404, 10008, "https://discord.com/api/webhooks/1/***") };
    if (opts.editor === "fail") return { ok: false, gone: false, error: new DiscordHTTPError(500, undefined, "https://discord.com/api/webhooks/1/***") };
    return { ok: true, packed: false };
  };
  const state = opts.state ?? memoryIncidentState({ now: () => clock });
  const desk = createIncidentDesk({ state, policy: { ...INCIDENT_DEFAULTS, onResolve: opts.onResolve ?? "edit" }, edit: opts.editor === "none" ? undefined : editor, now: () => clock, onIncident: (e) => events.push(e) });
  const post = (embeds: readonly DiscordEmbed[], how: { solo: boolean; urgent: boolean }): Promise<DeliveryReport> => {
    posts.push({ embeds, solo: how.solo, urgent: how.urgent });
    return Promise.resolve({ webhook: { id: record.id, name: record.name }, status: "delivered", messageIds: [`m${String(nextId++)}`], attempts: 1 });
  };
  const send = (status: IncidentStatus, title: string = status) =>
    desk.deliver({ record, target: { key: "server:mc-1", type: "GAME_SERVER", webhookId: record.id }, signal: signal(status), embeds: [{ title }], threadId: undefined, post }, []);
  return {
    send, posts, edits, events, state,
    tick: (ms: number) => (clock += ms),
    hold: () => (holdEdits = true),
    release: () => {
      holdEdits = false;
      releaseEdit?.();
    },
  };
}

describe("incident desk", () => {
  it("post, then edits of the tracked message; the record counts every occurrence", async () => {
    const h = harness();
    expect((await h.send("firing")).action).toBe("posted");
    expect(h.posts[0]).toMatchObject({ solo: false, urgent: true });
    h.tick(1000);
    expect(await h.send("firing")).toMatchObject({ status: "delivered", action: "edited", messageIds: ["m1"] });
    expect(h.edits[0]?.messageId).toBe("m1");
    expect(h.edits[0]?.embeds[0]?.fields?.at(-1)?.value).toMatch(/^crashed 2 times/);
    // Version 1 was the claim written before the post (claim.ts), 2 the posted record, 3 the edit.
    expect(await h.state.get("wh-1", "server:mc-1")).toMatchObject({ count: 2, messageId: "m1", version: 3 });
    expect(h.events.map((e) => [e.action, e.count])).toEqual([["posted", 1], ["edited", 2]]);
  });

  it("a flood while an edit is in flight becomes one more edit carrying the latest state; the others are suppressed", async () => {
    const h = harness();
    await h.send("firing");
    h.hold();
    const first = h.send("firing");
    await new Promise((r) => setTimeout(r, 0));
    const flood = Array.from({ length: 50 }, () => h.send("firing"));
    h.release();
    const reports = await Promise.all([first, ...flood]);
    expect(h.posts).toHaveLength(1);
    expect(h.edits).toHaveLength(2);
    expect(h.edits[1]?.embeds[0]?.fields?.at(-1)?.value).toMatch(/^crashed 52 times/);
    expect(reports.filter((r) => r.action === "edited")).toHaveLength(2);
    expect(reports.filter((r) => r.action === "suppressed" && r.status === "skipped")).toHaveLength(49);
    expect((await h.state.get("wh-1", "server:mc-1"))?.count).toBe(52);
  });

  it("an edit Discord refuses for good (10008 / 30046) posts a new message and tracks it", async () => {
    const h = harness({ editor: "gone" });
    await h.send("firing");
    expect(await h.send("firing")).toMatchObject({ action: "reposted", messageIds: ["m2"] });
    expect(await h.state.get("wh-1", "server:mc-1")).toMatchObject({ messageId: "m2", count: 2 });
  });

  it("any other failed edit is a failed delivery and leaves the record as it was", async () => {
    const h = harness({ editor: "fail" });
    await h.send("firing");
    const r = await h.send("firing");
    expect(r.status).toBe("failed");
    expect(r.error).toBeInstanceOf(DiscordHTTPError);
    expect((await h.state.get("wh-1", "server:mc-1"))?.count).toBe(1);
  });

  it("resolve edits to green; edit-and-post also posts a short notice; a second resolve is suppressed", async () => {
    const h = harness({ onResolve: "edit-and-post" });
    await h.send("firing", "💥 Server crashed");
    h.tick(6 * 60_000);
    const r = await h.send("resolved", "🟢 Server online");
    expect(r).toMatchObject({ action: "edited", messageIds: ["m1", "m2"] });
    expect(h.edits[0]?.embeds[0]).toMatchObject({ title: "✅ Resolved · 🟢 Server online", color: 3066993 });
    expect(h.posts[1]?.embeds).toEqual([{ title: "✅ Resolved · 🟢 Server online", description: "Resolved after 6 min · crashed 1 time", color: 3066993 }]);
    expect((await h.send("resolved")).action).toBe("suppressed");
  });

  it("a write lost to another process is decided again from what that process stored", async () => {
    const inner = memoryIncidentState();
    let stolen = false;
    const state: IncidentState = {
      ...inner,
      async put(w, k, rec, expected, ttl) {
        if (!stolen && expected === 2) {
          stolen = true;
          // Another process counted one occurrence first.
          const theirs = await inner.get(w, k);
          if (theirs) await inner.put(w, k, { ...theirs, version: 3, count: theirs.count + 1 }, 2, ttl);
        }
        return inner.put(w, k, rec, expected, ttl);
      },
    };
    const h = harness({ state });
    await h.send("firing");
    expect((await h.send("firing")).action).toBe("edited");
    expect(h.edits).toHaveLength(2);
    expect(await inner.get("wh-1", "server:mc-1")).toMatchObject({ version: 4, count: 3 });
  });

  it("when the state fails, the event is still posted (untracked)", async () => {
    const broken: IncidentState = { ...memoryIncidentState(), get: () => Promise.reject(new Error("redis down")) };
    const h = harness({ state: broken });
    expect(await h.send("firing")).toMatchObject({ status: "delivered", action: "posted" });
    expect(h.posts[0]?.solo).toBe(false);
  });

  it("a state that fails to write after a post or an edit never sends twice and never hangs", async () => {
    const inner = memoryIncidentState();
    let failWrites = false;
    const state: IncidentState = { ...inner, put: (...args) => (failWrites ? Promise.reject(new Error("redis down")) : inner.put(...args)) };
    const h = harness({ state });
    await h.send("firing");
    failWrites = true;
    expect((await h.send("firing")).action).toBe("edited");
    expect(h.edits).toHaveLength(1);
    expect(h.posts).toHaveLength(1);
    const fresh = harness({ state: { ...memoryIncidentState(), put: () => Promise.reject(new Error("redis down")) } });
    expect((await fresh.send("firing")).action).toBe("posted");
    expect(fresh.posts).toHaveLength(1);
  });
});

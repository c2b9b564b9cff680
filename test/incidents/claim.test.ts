/**
 * Claims (src/incidents/claim.ts): processes sharing an incident state never post one problem twice. Two desks on
 * one state stand for two processes; posting takes a while, as a real post does.
 */
import { describe, expect, it } from "vitest";
import type { DeliveryReport } from "../../src/delivery/types.js";
import type { DiscordEmbed } from "../../src/discord/schemas.js";
import { CLAIM_MS } from "../../src/incidents/claim.js";
import { createIncidentDesk } from "../../src/incidents/desk.js";
import { memoryIncidentState } from "../../src/incidents/memory.js";
import { INCIDENT_DEFAULTS } from "../../src/incidents/types.js";
import type { IncidentState } from "../../src/incidents/port.js";
import type { WebhookRecord } from "../../src/types.js";

const record = { id: "wh-1", name: "ops" } as WebhookRecord;
const KEY = "server:mc-1";
let ids = 0;

/** One process's desk over `state`: what it posted and edited. `fail`: its posts fail. */
function process(state: IncidentState, opts: { postMs?: number; fail?: boolean } = {}) {
  const posts: string[] = [];
  const edits: string[] = [];
  const desk = createIncidentDesk({
    state,
    policy: INCIDENT_DEFAULTS,
    now: () => 1_000_000,
    edit: (_r, messageId) => {
      edits.push(messageId);
      return Promise.resolve({ ok: true, packed: false });
    },
  });
  const post = async (embeds: readonly DiscordEmbed[]): Promise<DeliveryReport> => {
    await new Promise((r) => setTimeout(r, opts.postMs ?? 30));
    if (opts.fail) return { webhook: { id: record.id, name: record.name }, status: "failed", messageIds: [], attempts: 1 };
    const id = `m${String(++ids)}`;
    posts.push(`${id} ${String(embeds[0]?.title)}`);
    return { webhook: { id: record.id, name: record.name }, status: "delivered", messageIds: [id], attempts: 1 };
  };
  const crash = () => desk.deliver({ record, target: { key: KEY, type: "GAME_SERVER", webhookId: record.id }, signal: { key: KEY, status: "firing", severity: 3, label: "crashed" }, embeds: [{ title: "crashed" }], threadId: undefined, post }, []);
  return { crash, posts, edits };
}

describe("incident claims across processes", () => {
  it("two processes with the first event of one problem at once: one posts, the other waits for its message and edits it", async () => {
    const state = memoryIncidentState();
    const [a, b] = [process(state), process(state)];
    const reports = await Promise.all([a.crash(), b.crash()]);
    expect(reports.map((r) => r.action).sort()).toEqual(["edited", "posted"]);
    expect([...a.posts, ...b.posts]).toHaveLength(1);
    const posted = reports.find((r) => r.action === "posted")?.messageIds[0];
    expect([...a.edits, ...b.edits]).toEqual([posted]);
    expect(await state.get(record.id, KEY)).toMatchObject({ messageId: posted, count: 2 });
    expect((await state.get(record.id, KEY))?.pendingUntil).toBeUndefined();
  });

  it("ten processes at once still make one message", async () => {
    const state = memoryIncidentState();
    const all = Array.from({ length: 10 }, () => process(state, { postMs: 5 }));
    const reports = await Promise.all(all.map((p) => p.crash()));
    expect(all.flatMap((p) => p.posts)).toHaveLength(1);
    expect(reports.filter((r) => r.action === "posted")).toHaveLength(1);
    expect(await state.get(record.id, KEY)).toMatchObject({ count: 10 });
  });

  it("a claim whose post failed is given back at once: the next event posts without waiting", async () => {
    const state = memoryIncidentState();
    const failing = process(state, { fail: true });
    expect((await failing.crash()).status).toBe("failed");
    expect(await state.get(record.id, KEY)).toMatchObject({ messageId: "" });
    const other = process(state);
    const started = Date.now();
    expect((await other.crash()).action).toBe("posted");
    expect(Date.now() - started).toBeLessThan(CLAIM_MS / 10);
    expect(other.posts).toHaveLength(1);
  });

  it("the claim of a process that died lapses: after CLAIM_MS another process posts", async () => {
    const state = memoryIncidentState();
    // What a process that died between its claim and its post leaves behind, its claim already lapsed.
    const lapsed = { version: 1, status: "firing" as const, messageId: "", postedAt: 1, firstSeen: 1, lastSeen: 1, count: 1, severity: 3, label: "crashed", reopens: [], pendingUntil: Date.now() - 1 };
    expect(await state.put(record.id, KEY, lapsed, undefined, 60_000)).toBe(true);
    const p = process(state);
    expect((await p.crash()).action).toBe("posted");
    expect(await state.get(record.id, KEY)).toMatchObject({ version: 3, count: 1 });
  });
});

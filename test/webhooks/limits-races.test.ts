import { describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { CooldownError, WebhookLimitError } from "../../src/errors.js";
import type { WebhookStore } from "../../src/types.js";
import { createWebhookManager } from "../../src/webhooks/index.js";
import type { WebhookManagerOptions, WebhookTester } from "../../src/webhooks/types.js";
import { admin, alice, bob, webhookUrl } from "./fixtures.js";

/** A memory store whose every call takes `ms` (a database a few milliseconds away). */
function slowStore(ms: number): WebhookStore {
  const inner = memoryStore();
  const later = <T>(value: Promise<T>): Promise<T> => new Promise((resolve) => setTimeout(resolve, ms)).then(() => value);
  return {
    ...inner,
    listWebhooks: (filter) => later(inner.listWebhooks(filter)),
    createWebhook: (input) => new Promise((resolve) => setTimeout(resolve, ms)).then(() => inner.createWebhook(input)),
  };
}

function setup(options: Partial<WebhookManagerOptions> = {}, store: WebhookStore = memoryStore()) {
  const dispatcher: WebhookTester = { test: () => Promise.resolve({ ok: true, status: 200 }) };
  return { store, manager: createWebhookManager({ store, dispatcher, ...options }) };
}

const base = { name: "Mine", type: "GAME_SERVER", scope: "USER" } as const;
const DISCORD_ID = "323456789012345678";
/** One Discord webhook id, a different wrong token each time. */
const wrongToken = (i: number): string => webhookUrl(DISCORD_ID, `wrong${String(i).padStart(3, "0")}`.padEnd(68, "x"));

describe("manager: the owner cap under concurrency (issue 15 item 10)", () => {
  it("40 concurrent creates against a store 5 ms away leave exactly 25 rows", async () => {
    const { manager, store } = setup({ maxWebhooksPerOwner: 25 }, slowStore(5));
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => manager.create(alice, { ...base, webhookUrl: webhookUrl(`4234567890123${String(i).padStart(5, "0")}`) })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(25);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(15);
    for (const r of refused) expect(r.reason).toBeInstanceOf(WebhookLimitError);
    expect(await store.listWebhooks({ userId: "user-alice" })).toHaveLength(25);
  });

  it("owners do not wait for each other, and admins moving webhooks onto an owner race no better", async () => {
    const { manager, store } = setup({ maxWebhooksPerOwner: 3 }, slowStore(5));
    const urls = Array.from({ length: 8 }, (_, i) => webhookUrl(`5234567890123${String(i).padStart(5, "0")}`));
    const created = await Promise.all([...urls.slice(0, 3).map((u) => manager.create(bob, { ...base, webhookUrl: u })), ...urls.slice(3).map((u) => manager.create(admin, { ...base, scope: "ADMIN", webhookUrl: u }))]);
    expect(created).toHaveLength(8);
    const moves = await Promise.allSettled(created.slice(3).map((w) => manager.update(admin, w.id, { scope: "USER", userId: "user-alice" })));
    expect(moves.filter((m) => m.status === "fulfilled")).toHaveLength(3);
    expect(await store.listWebhooks({ userId: "user-alice" })).toHaveLength(3);
  });
});

describe("manager: re-enabling is cooled down per Discord webhook id (issue 15 item 2a)", () => {
  it("25 records of one Discord id: one re-enable per cooldown, whichever record, with retryAfterMs", async () => {
    let clock = 1_000_000;
    const { manager } = setup({ enableCooldownMs: 30_000, testCooldownMs: 0, maxWebhooksPerOwner: 30, now: () => clock });
    const ids: string[] = [];
    for (let i = 0; i < 25; i += 1) ids.push((await manager.create(alice, { ...base, webhookUrl: wrongToken(i), enabled: false })).id);
    expect((await manager.update(alice, ids[0]!, { enabled: true })).enabled).toBe(true);
    clock += 1000;
    for (const id of ids.slice(1)) {
      const error = await manager.update(alice, id, { enabled: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CooldownError);
      expect((error as CooldownError).retryAfterMs).toBe(29_000);
    }
    // Another actor (an admin) shares it: the budget at risk is the platform's, not the actor's.
    await expect(manager.update(admin, ids[1]!, { enabled: true })).rejects.toBeInstanceOf(CooldownError);
    // Other changes, disabling, and re-enabling another Discord webhook are not held.
    await manager.update(alice, ids[1]!, { name: "Renamed" });
    await manager.update(alice, ids[0]!, { enabled: false });
    const other = await manager.create(alice, { ...base, webhookUrl: webhookUrl("623456789012345678"), enabled: false });
    await manager.update(alice, other.id, { enabled: true });
    clock += 29_000;
    expect((await manager.update(alice, ids[2]!, { enabled: true })).enabled).toBe(true);
  });

  it("defaults to the test cooldown; 0 turns it off", async () => {
    const { manager } = setup({ testCooldownMs: 0 });
    const a = await manager.create(alice, { ...base, webhookUrl: wrongToken(1), enabled: false });
    const b = await manager.create(alice, { ...base, webhookUrl: wrongToken(2), enabled: false });
    await manager.update(alice, a.id, { enabled: true });
    await manager.update(alice, b.id, { enabled: true });
    const held = setup();
    const c = await held.manager.create(alice, { ...base, webhookUrl: wrongToken(3), enabled: false });
    const d = await held.manager.create(alice, { ...base, webhookUrl: wrongToken(4), enabled: false });
    await held.manager.update(alice, c.id, { enabled: true });
    const error = (await held.manager.update(alice, d.id, { enabled: true }).catch((e: unknown) => e)) as CooldownError;
    expect(error).toBeInstanceOf(CooldownError);
    expect(error.retryAfterMs).toBeGreaterThan(4000);
  });
});

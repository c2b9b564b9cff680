import { afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, embeds, ForbiddenError } from "../../src/index.js";
import { captureTransport } from "../../src/testing/index.js";
import { createWebhookManager, type Actor } from "../../src/webhooks/index.js";
import { assertCanManage, toActor } from "../../src/webhooks/access.js";
import { parseDispatchOptions } from "../../src/dispatcher/message-options.js";
import { ownData, ownProperty } from "../../src/own.js";
import { call, createHarness } from "../http/harness.js";

// Issue 15, item 4: a prototype pollution elsewhere in the host (a vulnerable merge, a query-string parser) must
// not make a user an admin, widen who receives an event, or change what is sent. Each test pollutes
// Object.prototype and removes every key again in `finally` (and afterEach, should a test throw before).

const POLLUTION: Record<string, unknown> = {
  isAdmin: true,
  scopes: ["ADMIN", "PUBLIC", "USER"],
  username: "Polluted name",
  avatarUrl: "https://evil.example/avatar.png",
  content: "@everyone polluted",
  threadId: "123456789012345678",
  branding: { footer: "polluted footer" },
  verify: true,
  wait: false,
};

function pollute(): void {
  for (const [key, value] of Object.entries(POLLUTION)) {
    // Assigned the way a vulnerable merge does it: enumerable, inherited by every object.
    (Object.prototype as Record<string, unknown>)[key] = value;
  }
}

function clean(): void {
  for (const key of Object.keys(POLLUTION)) Reflect.deleteProperty(Object.prototype, key);
}

async function polluted<T>(fn: () => T | Promise<T>): Promise<T> {
  pollute();
  try {
    return await fn();
  } finally {
    clean();
  }
}

afterEach(clean);

const ID = (n: number) => `12345678901234567${n}`;
const URL = (n: number) => `https://discord.com/api/v10/webhooks/${ID(n)}/${"t".repeat(67)}${n}`;

describe("a polluted Object.prototype", () => {
  it("does not make a user actor an admin", async () => {
    await polluted(() => {
      expect({ userId: "u1" }).toHaveProperty("isAdmin", true); // the pollution is in effect
      expect(toActor({ userId: "u1" })).toEqual({ userId: "u1", isAdmin: false });
      expect(assertCanManage({ userId: "u1" }).isAdmin).toBe(false);
      // Without a user id an actor is still nobody, whatever isAdmin every object inherits.
      expect(toActor({})).toBeNull();
      expect(() => assertCanManage({ userId: null })).toThrow(ForbiddenError);
    });
  });

  it("does not let a user see or create what only admins may", async () => {
    const store = memoryStore([
      { name: "admin's", webhookUrl: URL(1), type: "SYSTEM", scope: "ADMIN" },
      { name: "mine", webhookUrl: URL(2), type: "SYSTEM", scope: "USER", userId: "u1" },
    ]);
    const dispatcher = createDispatcher({ store, transport: captureTransport() });
    const manager = createWebhookManager({ dispatcher, testCooldownMs: 0 });
    await polluted(async () => {
      // What a JavaScript host (or a session library) hands over: no isAdmin of its own.
      const user = { userId: "u1" } as unknown as Actor;
      expect((await manager.list(user)).map((w) => w.name)).toEqual(["mine"]);
      await expect(manager.create(user, { name: "x", webhookUrl: URL(3), type: "SYSTEM", scope: "ADMIN" })).rejects.toBeInstanceOf(ForbiddenError);
      // A strict body is not refused for keys it only inherits, and gains none of them.
      const created = await manager.create(user, { name: "new", webhookUrl: URL(4), type: "SYSTEM", scope: "USER" });
      expect(created).toMatchObject({ name: "new", scope: "USER", userId: "u1", avatarUrl: null });
    });
    await dispatcher.close();
  });

  it("does not widen the routes for a signed-in user", async () => {
    const h = await createHarness();
    try {
      await h.store.createWebhook({ name: "admin's", webhookUrl: URL(5), type: "SYSTEM", scope: "ADMIN", userId: null, avatarUrl: null, enabled: true });
      const listed = await polluted(() => call(h, "GET", "", { userId: "u1", isAdmin: false }));
      expect(listed.status).toBe(200);
      expect(listed.json.webhooks).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it("does not change who receives an event or what is sent", async () => {
    const transport = captureTransport();
    const store = memoryStore([
      { name: "public", webhookUrl: URL(6), type: "SYSTEM", scope: "PUBLIC" },
      { name: "other user", webhookUrl: URL(7), type: "SYSTEM", scope: "USER", userId: "u2" },
      { name: "own", webhookUrl: URL(8), type: "SYSTEM", scope: "USER", userId: "u1" },
    ]);
    const dispatcher = createDispatcher({ store, transport, now: () => new Date(0) });
    const input = { success: true, summary: { nodes: 1 }, durationMs: 5 };
    const clear = await dispatcher.syncCompletion(input, { userId: "u1" });
    const sent = () => transport.requests.map((r) => ({ url: r.url, wait: r.wait, threadId: r.threadId, body: r.body }));
    const clearRequests = sent();
    transport.clear();
    const dirty = await polluted(() => dispatcher.syncCompletion(input, { userId: "u1" }));
    expect(dirty.deliveries.map((d) => d.webhook.name)).toEqual(clear.deliveries.map((d) => d.webhook.name));
    expect(dirty.deliveries.map((d) => d.webhook.name)).toEqual(["own"]);
    expect(dirty.deliveries.map((d) => d.status)).toEqual(["delivered"]);
    expect(sent()).toEqual(clearRequests);
    const body = transport.requests[0]?.body as Record<string, unknown>;
    for (const key of ["username", "avatar_url", "content", "thread_id"]) expect(Object.hasOwn(body, key)).toBe(false);
    await dispatcher.close();
  });

  it("does not change who receives an event whose call also gets a link button or files", async () => {
    const transport = captureTransport();
    const store = memoryStore([
      { name: "public billing", webhookUrl: URL(1), type: "BILLING", scope: "PUBLIC" },
      { name: "own billing", webhookUrl: URL(2), type: "BILLING", scope: "USER", userId: "u1" },
      { name: "public servers", webhookUrl: URL(3), type: "GAME_SERVER", scope: "PUBLIC" },
      { name: "own servers", webhookUrl: URL(4), type: "GAME_SERVER", scope: "USER", userId: "u1" },
    ]);
    const dispatcher = createDispatcher({ store, transport });
    // The invoice's `url` becomes a link button; the crash report carries a file: both add to the parsed options.
    const paid = await polluted(() => dispatcher.billingEvent({ event: "invoice_paid", amount: 19.99, currency: "EUR", url: "https://panel.example/invoices/1" }, { userId: "u1" }));
    const crashed = await polluted(() => dispatcher.serverStateChange({ serverName: "mc-1", state: "crashed" }, { userId: "u1", files: [{ name: "crash.log", data: "oom" }] }));
    expect(paid.deliveries.map((d) => d.webhook.name)).toEqual(["own billing"]);
    expect(crashed.deliveries.map((d) => d.webhook.name)).toEqual(["own servers"]);
    await dispatcher.close();
  });

  it("adds no option to a call and no footer to an embed", async () => {
    await polluted(() => {
      const opts = parseDispatchOptions({ userId: "u1" });
      expect(opts.scopes).toBeUndefined();
      expect(opts.username).toBeUndefined();
      expect(opts.wait).toBeUndefined();
      expect(embeds.custom({ title: "t" }).footer).toBeUndefined();
    });
  });
});

describe("ownData", () => {
  it("copies own data into null-prototype objects and keeps other objects as they are", () => {
    const date = new Date(0);
    const error = new Error("e");
    const shared = { a: 1 };
    const list: unknown[] = [shared];
    list[2] = 3; // a hole at 1
    const cyclic: Record<string, unknown> = { shared, list, date, error };
    cyclic.self = cyclic;
    const copy = ownData(cyclic);
    expect(Object.getPrototypeOf(copy)).toBeNull();
    expect(copy.self).toBe(copy);
    expect((copy.list as unknown[])[0]).toBe(copy.shared);
    expect(Object.hasOwn(copy.list as unknown[], 1)).toBe(true);
    expect(copy.date).toBe(date);
    expect(copy.error).toBe(error);
    expect(ownProperty({ a: 1 }, "a")).toBe(1);
    expect(ownProperty(Object.create({ a: 1 }), "a")).toBeUndefined();
    expect(ownProperty(null, "a")).toBeUndefined();
  });
});

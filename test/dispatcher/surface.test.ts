import { describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import {
  createDispatcher,
  EVENT_WEBHOOK_TYPES,
  StoreError,
  ValidationError,
  WEBHOOK_TYPES,
  type WebhookStore,
} from "../../src/index.js";
import { captureTransport } from "../../src/testing/index.js";
import { embed } from "../delivery/harness.js";
import { SAMPLE_INPUTS } from "../../demo/samples.js";

const URL_A = `https://discord.com/api/v10/webhooks/123456789012345678/${"t".repeat(68)}`;

describe("dispatcher surface (captureTransport unit tests)", () => {
  it("has one method per event family, building with branding and the injected clock", async () => {
    const transport = captureTransport();
    const at = new Date("2031-05-06T07:08:09.000Z");
    const store = memoryStore([
      ...WEBHOOK_TYPES.map((type, i) => ({ name: `w${i}`, webhookUrl: `${URL_A.slice(0, -1)}${i}`, type, scope: "ADMIN" as const })),
    ]);
    const dispatcher = createDispatcher({ store, transport, branding: { footer: "Acme Hosting" }, now: () => at });
    expect(dispatcher.store).toBe(store);
    for (const name of Object.keys(EVENT_WEBHOOK_TYPES) as (keyof typeof EVENT_WEBHOOK_TYPES)[]) {
      const method = dispatcher[name] as (input: unknown) => Promise<{ sent: number }>;
      expect((await method(SAMPLE_INPUTS[name])).sent).toBe(1);
    }
    expect(transport.embeds).toHaveLength(8);
    for (const e of transport.embeds) expect(e).toMatchObject({ footer: { text: "Acme Hosting" }, timestamp: at.toISOString() });
    await dispatcher.close();
  });

  it("still reads the deprecated `clock` when `now` is not given; `now` wins over it", async () => {
    const transport = captureTransport();
    const store = memoryStore([{ name: "a", webhookUrl: URL_A, type: "SECURITY", scope: "ADMIN" }]);
    const old = new Date("2030-01-02T03:04:05.000Z");
    const current = new Date("2032-02-03T04:05:06.000Z");
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the deprecated name is what this test checks
    const legacy = createDispatcher({ store, transport, clock: () => old });
    await legacy.systemAlert({ title: "a", message: "b", severity: "info" });
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the deprecated name is what this test checks
    const both = createDispatcher({ store, transport, clock: () => old, now: () => current });
    await both.systemAlert({ title: "a", message: "b", severity: "info" });
    expect(transport.embeds.map((e) => e.timestamp)).toEqual([old.toISOString(), current.toISOString()]);
    await Promise.all([legacy.close(), both.close()]);
  });

  it("rejects invalid input, options and custom embeds with ValidationError, sending nothing", async () => {
    const transport = captureTransport();
    const dispatcher = createDispatcher({ store: memoryStore([{ name: "a", webhookUrl: URL_A, type: "CUSTOM", scope: "ADMIN" }]), transport });
    const bad: (() => Promise<unknown>)[] = [
      () => dispatcher.serverStateChange({ serverName: "", state: "exploded" } as never),
      () => dispatcher.nodeAlert(undefined as never),
      () => dispatcher.custom({ title: "ok" }, { username: "my discord bot" }),
      () => dispatcher.custom({ title: "ok" }, { threadId: "not-a-snowflake" }),
      () => dispatcher.custom({ title: "ok" }, { scopes: ["EVERYONE"] as never }),
      () => dispatcher.custom({ title: "ok" }, { content: "x".repeat(2001) }),
      () => dispatcher.dispatch("NOPE" as never, embed("x")),
      () => dispatcher.dispatch("CUSTOM", { title: "t".repeat(257) }),
      () => dispatcher.dispatch("CUSTOM", []),
      () => dispatcher.dispatch("CUSTOM", Array.from({ length: 11 }, (_, i) => embed(`e${i}`))),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(ValidationError);
    expect(transport.requests).toHaveLength(0);
    await dispatcher.close();
  });

  it("rejects with StoreError when the store fails, wrapping foreign errors", async () => {
    const base = memoryStore();
    const boom = new Error("connection refused");
    const broken: WebhookStore = { ...base, findWebhooks: () => Promise.reject(boom), getWebhook: () => Promise.reject(boom) };
    const dispatcher = createDispatcher({ store: broken, transport: captureTransport() });
    const error = await dispatcher.custom({ title: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).cause).toBe(boom);
    await expect(dispatcher.test("any")).rejects.toBeInstanceOf(StoreError);
    const typed = new StoreError("prisma", "down");
    const dispatcher2 = createDispatcher({ store: { ...base, findWebhooks: () => Promise.reject(typed) }, transport: captureTransport() });
    await expect(dispatcher2.custom({ title: "x" })).rejects.toBe(typed);
  });

  it("reads the webhooks once for a burst fired in one loop, and a call made after a write sees the write", async () => {
    const base = memoryStore([{ name: "a", webhookUrl: URL_A, type: "CUSTOM", scope: "ADMIN" }]);
    const reads: string[] = [];
    const store: WebhookStore = {
      ...base,
      findWebhooks: (query) => {
        reads.push(`${query.type}:${query.userId ?? "-"}`);
        return base.findWebhooks(query);
      },
    };
    const transport = captureTransport();
    const dispatcher = createDispatcher({ store, transport });
    const burst = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => dispatcher.custom({ title: `e${i}` })),
      dispatcher.custom({ title: "for u1" }, { userId: "u1" }),
      dispatcher.dispatch("VPS", { title: "no VPS webhook" }),
    ]);
    expect(burst.slice(0, 21).every((r) => r.sent === 1)).toBe(true);
    expect(burst[21]?.matched).toBe(0);
    // One read per audience, not one per event.
    expect(reads.sort()).toEqual(["CUSTOM:-", "CUSTOM:u1", "VPS:-"]);

    // A webhook added while an earlier call's read may still be shared is seen by every call made after it.
    reads.length = 0;
    const before = dispatcher.custom({ title: "before" });
    await base.createWebhook({ name: "b", webhookUrl: `${URL_A.slice(0, -1)}b`, type: "CUSTOM", scope: "ADMIN" });
    const after = await dispatcher.custom({ title: "after" });
    expect((await before).matched).toBe(1);
    expect(after.matched).toBe(2);
    expect(reads).toEqual(["CUSTOM:-", "CUSTOM:-"]);
    await dispatcher.close();
  });

  it("sends more than 30 messages to captureTransport's single channel without waiting for a minute", async () => {
    const transport = captureTransport();
    const dispatcher = createDispatcher({ store: memoryStore([{ name: "a", webhookUrl: URL_A, type: "CUSTOM", scope: "ADMIN" }]), transport });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => dispatcher.custom({ title: `e${i}` }, { username: `user ${i}` })));
    expect(results.every((r) => r.success)).toBe(true);
    expect(transport.messages).toHaveLength(40);
    await dispatcher.close();
  });

  it("resolves (never rejects) when every delivery fails, so fire-and-forget is safe", async () => {
    const transport = captureTransport({ respondWith: 400 });
    const dispatcher = createDispatcher({ store: memoryStore([{ name: "a", webhookUrl: URL_A, type: "CUSTOM", scope: "ADMIN" }]), transport });
    const result = await dispatcher.custom({ title: "x" });
    expect(result).toMatchObject({ success: false, sent: 0, failed: 1 });
    await dispatcher.close();
  });
});


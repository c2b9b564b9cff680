import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher } from "../../src/dispatcher/index.js";
import { memoryDeliveryLog } from "../../src/delivery-log/index.js";
import type { DeliveryLog } from "../../src/delivery-log/index.js";
import type { DisabledEvent, StoreErrorEvent } from "../../src/delivery/hooks.js";
import { createDiscordFake, type DiscordFake } from "../../src/testing/discord-fake/index.js";
import { fetchTransport } from "../../src/transports/fetch.js";

let fake: DiscordFake;
beforeAll(async () => {
  fake = await createDiscordFake({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: false });
});
afterAll(async () => {
  await fake.close();
});

function setup(deliveryLog?: DeliveryLog, extra: { storeTimeoutMs?: number } = {}) {
  const store = memoryStore();
  const disabled: DisabledEvent[] = [];
  const storeErrors: StoreErrorEvent[] = [];
  const dispatcher = createDispatcher({
    store,
    transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 5000 }),
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
    hooks: { onDisabled: (e) => disabled.push(e), onStoreError: (e) => storeErrors.push(e) },
    ...(deliveryLog && { deliveryLog }),
    ...extra,
  });
  return { store, dispatcher, disabled, storeErrors };
}

describe("delivery log: the dispatcher writes one entry per delivery", () => {
  it("an event is logged delivered, with Discord's message id and the body as sent, without the token", async () => {
    const { store, dispatcher } = setup();
    const hook = fake.addWebhook();
    const row = await store.createWebhook({ name: "Ops", webhookUrl: hook.url, type: "GAME_SERVER", scope: "ADMIN" });
    const result = await dispatcher.serverStateChange({ serverName: "mc-1", state: "crashed" }, { content: `see ${hook.url}` });
    await dispatcher.flush();
    const [entry] = await dispatcher.deliveryLog.list(row.id);
    expect(entry).toMatchObject({ webhookId: row.id, family: "serverStateChange", type: "GAME_SERVER", status: "delivered", attempts: 1, httpStatus: 200, errorCode: null, bodyTruncated: false, resendOf: null });
    expect(entry?.messageIds).toEqual(result.deliveries[0]?.messageIds);
    expect(fake.messages(hook.id).map((m) => m.id)).toEqual(entry?.messageIds);
    expect(entry?.body).toContain("Server crashed");
    expect(entry?.body).not.toContain(hook.token);
    expect(JSON.parse(entry?.body ?? "{}").content).toBe(`see https://discord.com/api/v10/webhooks/${hook.id}/***`);
    await dispatcher.close();
  });

  it("a 404 disables the webhook: the log says why, and onDisabled carries a plain notice without the token", async () => {
    const { store, dispatcher, disabled } = setup();
    const hook = fake.addWebhook();
    const row = await store.createWebhook({ name: "Gone", webhookUrl: hook.url, type: "VPS", scope: "ADMIN" });
    fake.removeWebhook(hook.id);
    await dispatcher.dispatch("VPS", { title: "disk full" });
    await dispatcher.flush();
    const [entry] = await dispatcher.deliveryLog.list(row.id, { status: "failed" });
    expect(entry).toMatchObject({ status: "failed", httpStatus: 404, discordCode: 10015, errorCode: "WEBHOOK_DISABLED" });
    // The plain message people read (the error's userMessage); the status and code are fields of their own.
    expect(entry?.errorMessage).toMatch(/no longer exists/);
    expect(disabled[0]?.notice?.title).toContain("Gone");
    expect(disabled[0]?.notice?.text).toMatch(/paste the new URL/);
    expect(JSON.stringify(disabled)).not.toContain(hook.token);
    await dispatcher.close();
  });

  it("a hanging log is reported and never holds up delivery", async () => {
    const hanging: DeliveryLog = { append: () => new Promise(() => undefined), list: () => Promise.resolve([]), get: () => Promise.resolve(null) };
    const { store, dispatcher, storeErrors } = setup(hanging, { storeTimeoutMs: 50 });
    const hook = fake.addWebhook();
    await store.createWebhook({ name: "Ops", webhookUrl: hook.url, type: "SYSTEM", scope: "ADMIN" });
    const result = await dispatcher.dispatch("SYSTEM", { title: "hello" });
    expect(result.sent).toBe(1);
    await dispatcher.flush();
    expect(storeErrors.map((e) => e.operation)).toEqual(["appendDeliveries"]);
    await dispatcher.close();
  });

  it.each([
    ["rejects", (): Promise<void> => Promise.reject(new Error("db down"))],
    ["throws before returning a promise", (): Promise<void> => {
      throw new Error("db down");
    }],
  ])("a log whose append %s is reported through onStoreError; delivery goes on", async (_, append) => {
    const failing: DeliveryLog = { append, list: () => Promise.resolve([]), get: () => Promise.resolve(null) };
    const { store, dispatcher, storeErrors } = setup(failing);
    const hook = fake.addWebhook();
    await store.createWebhook({ name: "Ops", webhookUrl: hook.url, type: "SYSTEM", scope: "ADMIN" });
    expect((await dispatcher.dispatch("SYSTEM", { title: "hello" })).sent).toBe(1);
    await dispatcher.flush();
    expect(storeErrors.map((e) => [e.operation, e.error.code])).toEqual([["appendDeliveries", "STORE"]]);
    expect((storeErrors[0]?.error.cause as Error).message).toBe("db down");
    await dispatcher.close();
  });

  it("resendBody sends the logged body again to that webhook only and points at the original", async () => {
    const log = memoryDeliveryLog();
    const { store, dispatcher } = setup(log);
    const a = fake.addWebhook();
    const b = fake.addWebhook();
    const rowA = await store.createWebhook({ name: "A", webhookUrl: a.url, type: "BILLING", scope: "ADMIN" });
    await store.createWebhook({ name: "B", webhookUrl: b.url, type: "BILLING", scope: "ADMIN" });
    await dispatcher.dispatch("BILLING", { title: "invoice paid" });
    await dispatcher.flush();
    const [original] = await log.list(rowA.id);
    const resent = await dispatcher.resendBody(rowA.id, original?.body ?? "", { resendOf: original?.id ?? "" });
    await dispatcher.flush();
    expect(resent.ok).toBe(true);
    expect(fake.messages(a.id)).toHaveLength(2);
    expect(fake.messages(b.id)).toHaveLength(1);
    expect((fake.messages(a.id)[1]?.body.embeds as { title: string }[])[0]?.title).toBe("invoice paid");
    const [latest] = await log.list(rowA.id);
    expect(latest).toMatchObject({ id: resent.entryId, resendOf: original?.id, family: "resend", status: "delivered" });
    await dispatcher.close();
  });

  it("a delivery resolved as queued (wait: false) is logged once when it settles", async () => {
    const { store, dispatcher } = setup();
    const hook = fake.addWebhook();
    const row = await store.createWebhook({ name: "Ops", webhookUrl: hook.url, type: "SYSTEM", scope: "ADMIN" });
    const result = await dispatcher.dispatch("SYSTEM", { title: "queued one" }, { wait: false });
    expect(result.deliveries[0]?.status).toBe("queued");
    await dispatcher.flush();
    const entries = await dispatcher.deliveryLog.list(row.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ status: "delivered", family: "dispatch", attempts: 1, httpStatus: 200 });
    expect(entries[0]?.messageIds).toEqual(fake.messages(hook.id).map((m) => m.id));
    await dispatcher.close();
  });

  it("a delivery refused before it was queued (the lane is full) is logged failed, the others delivered", async () => {
    const store = memoryStore();
    const dispatcher = createDispatcher({
      store,
      transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 5000 }),
      rateLimit: { maxQueuePerLane: 1 },
    });
    const hook = fake.addWebhook();
    const row = await store.createWebhook({ name: "Ops", webhookUrl: hook.url, type: "SYSTEM", scope: "ADMIN" });
    const results = await Promise.all([dispatcher.dispatch("SYSTEM", { title: "one" }), dispatcher.dispatch("SYSTEM", { title: "two" })]);
    const refused = results.flatMap((r) => r.deliveries).filter((d) => d.status === "failed");
    expect(refused.map((d) => d.error?.code)).toEqual(["QUEUE_OVERFLOW"]);
    await dispatcher.flush();
    const entries = await dispatcher.deliveryLog.list(row.id);
    expect(entries.map((e) => e.status).sort()).toEqual(["delivered", "failed"]);
    expect(entries.find((e) => e.status === "failed")).toMatchObject({ errorCode: "QUEUE_OVERFLOW", attempts: 0, messageIds: [] });
    await dispatcher.close();
  });

  it("a delivery that is still queued when the dispatcher closes is logged failed with CLOSED, once", async () => {
    const store = memoryStore();
    const dispatcher = createDispatcher({ store, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 5000 }) });
    const hook = fake.addWebhook();
    const row = await store.createWebhook({ name: "Ops", webhookUrl: hook.url, type: "SYSTEM", scope: "ADMIN" });
    const fault = fake.inject(hook.id, { kind: "hang" });
    const pending = dispatcher.dispatch("SYSTEM", { title: "stuck" }, { wait: false });
    await pending;
    await dispatcher.close({ timeoutMs: 50 });
    fault.remove();
    const entries = await dispatcher.deliveryLog.list(row.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ status: "failed", errorCode: "CLOSED" });
  });
});

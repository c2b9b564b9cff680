/** The delivery log over the JSON routes, against the Discord fake: see, explain, replay; and who may see what. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createWebhookRoutes } from "../../src/http/index.js";
import { createDiscordFake, type DiscordFake } from "../../src/testing/discord-fake/index.js";
import { fetchTransport } from "../../src/transports/fetch.js";
import type { WebhookRecord, WebhookStore } from "../../src/types.js";
import { createWebhookManager } from "../../src/webhooks/index.js";
import type { WebhookManagerOptions } from "../../src/webhooks/types.js";
import { admin, alice, bob } from "../webhooks/fixtures.js";
import { makeDispatcher } from "./dispatcher.js";
import { authorize, call, type Harness } from "./harness.js";

/** A store on the platform's table without the optional `disabledReason` column: the reason always reads `null`. */
function platformStore(): WebhookStore {
  const inner = memoryStore();
  const strip = (r: WebhookRecord | null) => (r ? { ...r, disabledReason: null } : r);
  return {
    ...inner,
    findWebhooks: async (q) => (await inner.findWebhooks(q)).map((r) => ({ ...r, disabledReason: null })),
    getWebhook: async (id) => strip(await inner.getWebhook(id)),
    listWebhooks: async (f) => (await inner.listWebhooks(f)).map((r) => ({ ...r, disabledReason: null })),
    createWebhook: async (input) => ({ ...(await inner.createWebhook(input)), disabledReason: null }),
    updateWebhook: async (id, patch) => strip(await inner.updateWebhook(id, patch)),
  };
}

let fake: DiscordFake;
beforeAll(async () => {
  fake = await createDiscordFake({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: false });
});
afterAll(async () => {
  await fake.close();
});

let h: Harness;
function harness(manager: Partial<WebhookManagerOptions> = {}): Harness {
  const store = platformStore();
  const logs: string[] = [];
  const dispatcher = makeDispatcher(store, fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 5000 }), logs);
  // Off the per-Discord-id back-off: the tests re-use webhooks right after a 404 on purpose.
  const m = createWebhookManager({ dispatcher, testCooldownMs: 0, ...manager });
  const errors: unknown[] = [];
  const handler = createWebhookRoutes({ manager: m, authorize, basePath: "/api/webhooks", onError: (e) => errors.push(e) });
  return { fake, store, manager: m, dispatcher, handler, errors, logs, close: () => dispatcher.close() };
}
beforeEach(async () => {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset before the first test
  await h?.close();
  h = harness();
});
afterAll(async () => {
  await h.close();
});

async function aliceWebhook() {
  const hook = fake.addWebhook();
  const res = await call(h, "POST", "", alice, { name: "Alerts", webhookUrl: hook.url, type: "GAME_SERVER", scope: "USER" });
  expect(res.status).toBe(201);
  return { hook, id: res.json.webhook.id as string };
}
const event = async (state = "crashed") => {
  await h.dispatcher.serverStateChange({ serverName: "mc-1", state: state as "crashed" }, { userId: "user-alice" });
  await h.dispatcher.flush();
};

describe("delivery log routes", () => {
  it("event → the log shows it delivered with Discord's message id, paged with before and limit", async () => {
    const { hook, id } = await aliceWebhook();
    await event("crashed");
    await event("online");
    const res = await call(h, "GET", `/${id}/deliveries`, alice);
    expect(res.status).toBe(200);
    expect(res.json.deliveries).toHaveLength(2);
    expect(res.json.deliveries[0]).toMatchObject({ webhookId: id, status: "delivered", family: "serverStateChange", httpStatus: 200 });
    expect(fake.messages(hook.id).map((m) => m.id)).toContain(res.json.deliveries[0].messageIds[0]);
    const page = await call(h, "GET", `/${id}/deliveries?limit=1&before=${res.json.deliveries[0].id}`, alice);
    expect(page.json.deliveries.map((d: { id: string }) => d.id)).toEqual([res.json.deliveries[1].id]);
    expect((await call(h, "GET", `/${id}/deliveries?status=delivered`, alice)).json.deliveries).toHaveLength(2);
    expect((await call(h, "GET", `/${id}/deliveries?status=lost`, alice)).status).toBe(400);
    expect((await call(h, "GET", `/${id}/deliveries?limit=abc`, alice)).status).toBe(400);
    expect(res.text).not.toContain(hook.token);
  });

  it("404 disables → the webhook says why (from the log) → paste a new URL → resend-failed → they arrive", async () => {
    const { hook, id } = await aliceWebhook();
    fake.removeWebhook(hook.id);
    await event("crashed");
    const got = await call(h, "GET", `/${id}`, alice);
    expect(got.json.webhook).toMatchObject({ enabled: false });
    expect(got.json.webhook.disabledReason).toMatch(/404 Unknown Webhook/);
    const refused = await call(h, "POST", `/${id}/resend-failed`, alice);
    expect(refused.status).toBe(409);

    const fresh = fake.addWebhook();
    const patched = await call(h, "PATCH", `/${id}`, alice, { webhookUrl: fresh.url, enabled: true });
    expect(patched.json.webhook.enabled).toBe(true);
    const resent = await call(h, "POST", `/${id}/resend-failed`, alice, { since: new Date(Date.now() - 60_000).toISOString() });
    expect(resent.status).toBe(200);
    expect(resent.json).toMatchObject({ skipped: 0, resent: [{ ok: true, status: 200 }] });
    expect(fake.messages(fresh.id)).toHaveLength(1);
    expect(JSON.stringify(fake.messages(fresh.id)[0]?.body)).toContain("Server crashed");
    // Each failed entry is re-sent once.
    expect((await call(h, "POST", `/${id}/resend-failed`, alice)).json.resent).toEqual([]);
    const log = (await call(h, "GET", `/${id}/deliveries`, alice)).json.deliveries;
    expect(log[0]).toMatchObject({ status: "delivered", resendOf: resent.json.resent[0].resendOf });
  });

  it("resend one entry: a new entry pointing at it, to that webhook only, under the test cooldown", async () => {
    await h.close();
    h = harness({ testCooldownMs: 60_000 });
    const { hook, id } = await aliceWebhook();
    const other = fake.addWebhook();
    await call(h, "POST", "", admin, { name: "Staff", webhookUrl: other.url, type: "GAME_SERVER", scope: "ADMIN" });
    await event();
    const [entry] = (await call(h, "GET", `/${id}/deliveries`, alice)).json.deliveries;
    const res = await call(h, "POST", `/deliveries/${entry.id}/resend`, alice);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, resendOf: entry.id, status: 200 });
    expect(fake.messages(hook.id)).toHaveLength(2);
    expect(fake.messages(other.id)).toHaveLength(1);
    const again = await call(h, "POST", `/deliveries/${entry.id}/resend`, alice);
    expect(again.status).toBe(429);
    expect(again.headers.get("retry-after")).toBeTruthy();
  });

  it("a customer cannot read or resend another customer's entries: 404, like an unknown id", async () => {
    const { id } = await aliceWebhook();
    await event();
    const [entry] = (await call(h, "GET", `/${id}/deliveries`, alice)).json.deliveries;
    const read = await call(h, "GET", `/${id}/deliveries`, bob);
    const resend = await call(h, "POST", `/deliveries/${entry.id}/resend`, bob);
    const failed = await call(h, "POST", `/${id}/resend-failed`, bob);
    const unknown = await call(h, "POST", "/deliveries/zzzzzzzzzzzzzzzzzzz/resend", bob);
    for (const r of [read, resend, failed, unknown]) expect(r.status).toBe(404);
    expect(resend.json.error.code).toBe(unknown.json.error.code);
    expect((await call(h, "GET", `/${id}/deliveries`, admin)).json.deliveries).toHaveLength(1);
    expect((await call(h, "GET", "/deliveries/x/resend", alice)).status).toBe(405);
  });

  it("verifyOnCreate refuses a URL Discord does not know, at once, with 422, and keeps nothing", async () => {
    await h.close();
    h = harness({ verifyOnCreate: true });
    const gone = fake.addWebhook();
    fake.removeWebhook(gone.id);
    const res = await call(h, "POST", "", alice, { name: "Typo", webhookUrl: gone.url, type: "GAME_SERVER", scope: "USER" });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("WEBHOOK_UNVERIFIED");
    expect(res.text).not.toContain(gone.token);
    expect((await call(h, "GET", "", alice)).json.webhooks).toEqual([]);
    const ok = fake.addWebhook();
    expect((await call(h, "POST", "", alice, { name: "Good", webhookUrl: ok.url, type: "GAME_SERVER", scope: "USER" })).status).toBe(201);
  });
});

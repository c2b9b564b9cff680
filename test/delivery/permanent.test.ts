import { afterEach, describe, expect, it } from "vitest";
import { DeliveryRefusedError, DiscordHTTPError, WebhookUrlError } from "../../src/index.js";
import { createHarness, embed, receivedTitles, type Harness } from "./harness.js";

let h: Harness;
afterEach(async () => {
  await h.close();
});

const unpacked = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `e${i}`, username: `user ${i}` }));

describe("permanent failures (against the Discord fake)", () => {
  it.each([
    ["404 Unknown Webhook", (hh: Harness, id: string) => hh.fake.removeWebhook(id), 404, /Unknown Webhook/],
    ["401 Invalid Webhook Token", (hh: Harness, id: string) => hh.fake.inject(id, { status: 401, body: { message: "Invalid Webhook Token", code: 50027 } }), 401, /Invalid Webhook Token/],
  ])("%s disables the webhook, fails what is queued, and never calls it again", async (_, breakIt, status, reason) => {
    h = await createHarness();
    const { id, hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const other = await h.addWebhook({ type: "CUSTOM", scope: "USER", userId: "u1" });
    breakIt(h, hook.id);
    const results = await Promise.all(unpacked(5).map((e) => h.dispatcher.dispatch("CUSTOM", embed(e.title), { username: e.username, userId: "u1" })));
    const reports = results.map((r) => r.deliveries.find((d) => d.webhook.id === id)!);
    expect(reports.every((r) => r.status === "failed")).toBe(true);
    const first = reports[0]!.error as DiscordHTTPError;
    expect(first).toBeInstanceOf(DiscordHTTPError);
    expect(first.status).toBe(status);
    expect(first.code).toBe("WEBHOOK_DISABLED");
    for (const r of reports.slice(1)) {
      expect(r.error).toBeInstanceOf(DeliveryRefusedError);
      expect(r.error?.code).toBe("WEBHOOK_DISABLED");
    }
    // The other webhook is not affected.
    expect(results.every((r) => r.deliveries.find((d) => d.webhook.id === other.id)?.status === "delivered")).toBe(true);
    const record = await h.store.getWebhook(id);
    expect(record).toMatchObject({ enabled: false });
    expect(record?.disabledReason).toMatch(reason);
    expect(h.hookEvents.filter((e) => e.name === "onDisabled")).toHaveLength(1);
    const requestsBefore = h.fake.requests().filter((r) => r.webhookId === hook.id).length;
    expect(requestsBefore).toBe(1);
    // Disabled in the store: routing no longer finds it, and test() refuses it without a request.
    const again = await h.dispatcher.dispatch("CUSTOM", embed("again"));
    expect(again.deliveries.map((d) => d.webhook.id)).not.toContain(id);
    await expect(h.dispatcher.test(id)).rejects.toBeInstanceOf(DeliveryRefusedError);
    expect(h.fake.requests().filter((r) => r.webhookId === hook.id)).toHaveLength(requestsBefore);
  });

  it("does not retry a 400, and resends a rejected packed message one embed at a time", async () => {
    h = await createHarness();
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    // The packed message and then the first single resend are rejected: only that embed is lost.
    h.fake.inject(hook.id, { status: 400, body: { message: "Invalid Form Body", code: 50035 } }, { times: 2 });
    const results = await Promise.all(["a", "b", "c", "d"].map((t) => h.dispatcher.dispatch("CUSTOM", embed(t))));
    expect(results.map((r) => r.deliveries[0]?.status)).toEqual(["failed", "delivered", "delivered", "delivered"]);
    const error = results[0]?.errors[0]?.error as DiscordHTTPError;
    expect(error).toBeInstanceOf(DiscordHTTPError);
    expect([error.status, error.discordCode]).toEqual([400, 50035]);
    expect(receivedTitles(h.fake, hook.id)).toEqual(["b", "c", "d"]);
    expect(h.fake.messages(hook.id).every((m) => (m.body.embeds as unknown[]).length === 1)).toBe(true);
    expect(h.fake.requests().filter((r) => r.webhookId === hook.id)).toHaveLength(5);
  });

  it("does not retry a 413 as is", async () => {
    h = await createHarness();
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    h.fake.inject(hook.id, { status: 413, body: { message: "Request entity too large", code: 40005 } }, { times: 1 });
    const result = await h.dispatcher.dispatch("CUSTOM", embed("big"));
    expect(result.success).toBe(false);
    expect((result.errors[0]?.error as DiscordHTTPError).status).toBe(413);
    expect(h.fake.requests()).toHaveLength(1);
  });

  it("fails a delivery whose stored URL does not parse, without sending", async () => {
    h = await createHarness();
    await h.store.createWebhook({ name: "broken", webhookUrl: "https://example.com/api/webhooks/1/abc", type: "CUSTOM", scope: "ADMIN" });
    const result = await h.dispatcher.dispatch("CUSTOM", embed("x"));
    expect(result.success).toBe(false);
    expect(result.errors[0]?.error).toBeInstanceOf(WebhookUrlError);
    expect(h.fake.requests()).toHaveLength(0);
  });
});

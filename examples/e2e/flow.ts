import { expect, it } from "vitest";
import type { DiscordFake } from "../../src/testing/index.js";
import { api, eventually } from "./helpers.js";

export interface FlowContext {
  origin: string;
  fake: DiscordFake;
  /** Path prefix of the event simulation (`/events` or `/api/events`). */
  eventsPath: string;
  /** Collected response bodies, checked for tokens at the end. */
  bodies: string[];
}

const alice = { user: "alice" };
const bob = { user: "bob" };
const admin = { user: "staff", admin: true };

/** The same end-to-end checks for every example: management over HTTP, events reaching the fake, refusals. */
export function managementFlow(ctx: () => FlowContext): void {
  const call = async (...args: Parameters<typeof api>) => {
    const res = await api(...args);
    ctx().bodies.push(res.text);
    return res;
  };

  it("create → test → event: the fake receives the right embeds", async () => {
    const { origin, fake, eventsPath } = ctx();
    const hook = fake.addWebhook();
    const created = await call(origin, "POST", "/api/webhooks", alice, { name: "Alice's servers", webhookUrl: hook.url, type: "GAME_SERVER", scope: "USER" });
    expect(created.status).toBe(201);
    expect(created.json.webhook.webhookUrl).toBe(`https://discord.com/api/v10/webhooks/${hook.id}/***`);
    const id = created.json.webhook.id as string;

    const tested = await call(origin, "POST", `/api/webhooks/${id}/test`, alice);
    expect(tested.status).toBe(200);
    expect(tested.json).toMatchObject({ ok: true, webhook: { id, enabled: true } });
    expect(tested.json.webhook.testSuccessAt).toEqual(expect.any(String));
    expect(fake.messages(hook.id)).toHaveLength(1);

    const event = await call(origin, "POST", `${eventsPath}/server-crash`, null, { userId: "alice", serverName: "Skyblock" });
    expect([200, 202]).toContain(event.status);
    const messages = await eventually(() => fake.messages(hook.id), (m) => m.length >= 2);
    const embed = (messages[1]!.body.embeds as { title: string; description: string; color: number }[])[0]!;
    expect(embed.title).toContain("Server crashed");
    expect(embed.description).toContain("Skyblock");

    // Bob's crash does not reach Alice.
    await call(origin, "POST", `${eventsPath}/server-crash`, null, { userId: "bob" });
    const support = fake.addWebhook();
    const staff = await call(origin, "POST", "/api/webhooks", admin, { name: "Support desk", webhookUrl: support.url, type: "SUPPORT", scope: "ADMIN" });
    expect(staff.status).toBe(201);
    await call(origin, "POST", `${eventsPath}/ticket-opened`, null, { userId: "alice", subject: "Cannot log in" });
    const ticket = await eventually(() => fake.messages(support.id), (m) => m.length >= 1);
    expect(JSON.stringify(ticket[0]!.body)).toContain("Cannot log in");
    const billing = fake.addWebhook();
    await call(origin, "POST", "/api/webhooks", alice, { name: "Invoices", webhookUrl: billing.url, type: "BILLING", scope: "USER" });
    await call(origin, "POST", `${eventsPath}/invoice-paid`, null, { userId: "alice", invoiceId: "INV-7" });
    const paid = await eventually(() => fake.messages(billing.id), (m) => m.length >= 1);
    expect(JSON.stringify(paid[0]!.body)).toContain("INV-7");
    expect(fake.messages(hook.id)).toHaveLength(2);
  });

  it("answers bad input and foreign access with the right status", async () => {
    const { origin, fake } = ctx();
    const hook = fake.addWebhook();
    const mine = await call(origin, "POST", "/api/webhooks", alice, { name: "Mine", webhookUrl: hook.url, type: "VPS", scope: "USER" });
    const id = mine.json.webhook.id as string;
    const before = fake.stats().requests;
    const hostile = await call(origin, "POST", "/api/webhooks", alice, { name: "x", webhookUrl: `https://discord.com.evil.example/api/webhooks/${hook.id}/${hook.token}`, type: "VPS", scope: "USER" });
    expect(hostile.status).toBe(400);
    expect(hostile.json.error.code).toBe("INVALID_WEBHOOK_URL");
    expect((await call(origin, "POST", "/api/webhooks", alice, { name: "", webhookUrl: "nope", type: "X", scope: "USER" })).json.error.issues.length).toBe(3);
    expect((await call(origin, "GET", "/api/webhooks", null)).status).toBe(401);
    expect((await call(origin, "GET", `/api/webhooks/${id}`, bob)).status).toBe(404);
    expect((await call(origin, "DELETE", `/api/webhooks/${id}`, bob)).status).toBe(404);
    expect((await call(origin, "POST", `/api/webhooks/${id}/test`, bob)).status).toBe(404);
    expect((await call(origin, "POST", "/api/webhooks", alice, { name: "x", webhookUrl: fake.addWebhook().url, type: "VPS", scope: "ADMIN" })).status).toBe(403);
    expect((await call(origin, "POST", "/api/webhooks", alice, { name: "again", webhookUrl: hook.url, type: "VPS", scope: "USER" })).status).toBe(409);
    expect((await call(origin, "POST", "/api/webhooks", alice, "name=x", { "content-type": "text/plain" })).status).toBe(415);
    expect((await call(origin, "POST", "/api/webhooks", alice, "{not json")).status).toBe(400);
    expect((await call(origin, "POST", "/api/webhooks", alice, JSON.stringify({ name: "x".repeat(40_000) }))).status).toBe(413);
    expect((await call(origin, "PUT", `/api/webhooks/${id}`, alice, {})).status).toBe(405);
    expect(fake.stats().requests).toBe(before);
    expect((await call(origin, "GET", `/api/webhooks/${id}`, admin)).status).toBe(200);
  });

  it("a webhook Discord deleted is disabled by its test", async () => {
    const { origin, fake } = ctx();
    const hook = fake.addWebhook();
    const created = await call(origin, "POST", "/api/webhooks", alice, { name: "Soon gone", webhookUrl: hook.url, type: "CUSTOM", scope: "USER" });
    fake.removeWebhook(hook.id);
    const tested = await call(origin, "POST", `/api/webhooks/${created.json.webhook.id}/test`, alice);
    expect(tested.json).toMatchObject({ ok: false, status: 404, webhook: { enabled: false } });
    const list = await call(origin, "GET", "/api/webhooks", alice);
    expect(list.json.webhooks.find((w: { id: string }) => w.id === created.json.webhook.id).enabled).toBe(false);
  });
}

/** No registered token appears in any collected body or in the app's output. */
export function expectNoTokens(fake: DiscordFake, texts: readonly string[]): void {
  const tokens = fake.webhooks().map((w) => w.token);
  for (const text of texts) for (const t of tokens) expect(text.includes(t), "a token leaked").toBe(false);
}

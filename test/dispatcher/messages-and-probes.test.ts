import { afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { ConfigError, createDispatcher, DeliveryRefusedError, NotFoundError, ValidationError } from "../../src/index.js";
import { createHarness, embed, SCALED_RATE_LIMIT, type Harness } from "../delivery/harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("message options (against the Discord fake)", () => {
  it("sends allowed_mentions { parse: [] } by default; opting in per dispatcher or per call", async () => {
    h = await createHarness();
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    await h.dispatcher.dispatch("CUSTOM", embed("a"), { content: "@everyone hi" });
    await h.dispatcher.dispatch("CUSTOM", embed("b"), { content: "<@123456789012345678>", mentions: { users: ["123456789012345678"] } });
    const [first, second] = h.fake.messages(hook.id);
    expect(first?.body).toMatchObject({ content: "@everyone hi", allowed_mentions: { parse: [] } });
    expect(second?.body.allowed_mentions).toEqual({ users: ["123456789012345678"] });
  });

  it("takes mentions as plain strings, per dispatcher and per call, and refuses bad ones with a ValidationError", async () => {
    h = await createHarness({ dispatcher: { mentions: { parse: ["users"] } } });
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    await h.dispatcher.dispatch("CUSTOM", embed("a"), { content: "<@123456789012345678>" });
    await h.dispatcher.dispatch("CUSTOM", embed("b"), { content: "<@&223456789012345678>", mentions: { parse: ["roles"] } });
    expect(h.fake.messages(hook.id).map((m) => m.body.allowed_mentions)).toEqual([{ parse: ["users"] }, { parse: ["roles"] }]);
    const bad = { parse: ["here"] } as unknown as { parse: ["users"] };
    await expect(h.dispatcher.dispatch("CUSTOM", embed("c"), { mentions: bad })).rejects.toBeInstanceOf(ValidationError);
    expect(() => createDispatcher({ store: memoryStore(), mentions: bad })).toThrow(ValidationError);
    // Discord answers 400 when a type is both parsed and listed: refused here, before anything is sent.
    const exclusive: { parse: ("users" | "roles")[]; users?: string[]; roles?: string[] }[] = [{ parse: ["users"], users: ["123456789012345678"] }, { parse: ["roles"], roles: ["223456789012345678"] }];
    for (const mentions of exclusive) {
      await expect(h.dispatcher.dispatch("CUSTOM", embed("d"), { mentions })).rejects.toBeInstanceOf(ValidationError);
      expect(() => createDispatcher({ store: memoryStore(), mentions })).toThrow(ValidationError);
    }
    await h.dispatcher.dispatch("CUSTOM", embed("e"), { mentions: { parse: ["roles"], users: ["123456789012345678"] } });
    expect(h.fake.messages(hook.id)).toHaveLength(3);
  });

  it("takes username and avatar from options, then the webhook record, then branding", async () => {
    h = await createHarness({ dispatcher: { branding: { username: "Acme", avatarUrl: "https://cdn.example/brand.png" } } });
    const plain = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const withAvatar = await h.addWebhook({ type: "CUSTOM", scope: "PUBLIC", avatarUrl: "https://cdn.example/record.png" });
    await h.dispatcher.dispatch("CUSTOM", embed("defaults"));
    await h.dispatcher.dispatch("CUSTOM", embed("override"), { username: "Ops bot", avatarUrl: "https://cdn.example/call.png" });
    expect(h.fake.messages(plain.hook.id).map((m) => [m.body.username, m.body.avatar_url])).toEqual([
      ["Acme", "https://cdn.example/brand.png"],
      ["Ops bot", "https://cdn.example/call.png"],
    ]);
    expect(h.fake.messages(withAvatar.hook.id).map((m) => m.body.avatar_url)).toEqual(["https://cdn.example/record.png", "https://cdn.example/call.png"]);
  });

  it("refuses at creation a branding Discord would answer 400 for, instead of failing every message", () => {
    const bad = [{ username: "Discord Alerts" }, { username: "my clyde" }, { username: "" }, { username: "x".repeat(81) }, { avatarUrl: "ftp://cdn.example/a.png" }, { footerIconUrl: "javascript:alert(1)" }];
    for (const branding of bad) expect(() => createDispatcher({ store: memoryStore(), branding })).toThrow(ValidationError);
    expect(() => createDispatcher({ store: memoryStore(), branding: { username: "Acme", avatarUrl: "https://cdn.example/a.png", footer: "Acme" } })).not.toThrow();
  });

  it("refuses at creation a missing or unusable store with a ConfigError", () => {
    for (const store of [undefined, null, {}, { findWebhooks: () => Promise.resolve([]) }]) {
      expect(() => createDispatcher({ store } as unknown as Parameters<typeof createDispatcher>[0])).toThrow(ConfigError);
    }
  });

  it("ignores a stored avatarUrl Discord would refuse (written to the store directly) and delivers", async () => {
    h = await createHarness({ dispatcher: { branding: { avatarUrl: "https://cdn.example/brand.png" } } });
    const legacy = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN", avatarUrl: "not a url" });
    const ftp = await h.addWebhook({ type: "CUSTOM", scope: "PUBLIC", avatarUrl: "ftp://cdn.example/a.png" });
    const result = await h.dispatcher.dispatch("CUSTOM", embed("x"));
    expect(result).toMatchObject({ success: true, sent: 2 });
    expect(h.fake.messages(legacy.hook.id).map((m) => m.body.avatar_url)).toEqual(["https://cdn.example/brand.png"]);
    expect(h.fake.messages(ftp.hook.id).map((m) => m.body.avatar_url)).toEqual(["https://cdn.example/brand.png"]);
  });

  it("refuses content and a username with a lone surrogate (Discord answers 400) before anything is sent", async () => {
    h = await createHarness();
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    for (const options of [{ content: "half \uD83D pair" }, { username: "Bot \uDE00" }]) {
      await expect(h.dispatcher.dispatch("CUSTOM", embed("x"), options)).rejects.toBeInstanceOf(ValidationError);
      await expect(h.dispatcher.test("any", options)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(() => createDispatcher({ store: memoryStore(), branding: { username: "Acme \uD83D" } })).toThrow(ValidationError);
    expect(h.fake.messages(hook.id)).toHaveLength(0);
    await expect(h.dispatcher.dispatch("CUSTOM", embed("ok"), { content: "whole 😀 pair", username: "Bot 😀" })).resolves.toMatchObject({ success: true, sent: 1 });
  });

  it("posts into a thread named by the call or by the stored URL", async () => {
    h = await createHarness();
    const threads = ["323456789012345678", "423456789012345678"];
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN", fake: { threads }, urlSuffix: `?thread_id=${threads[0]}` });
    await h.dispatcher.dispatch("CUSTOM", embed("stored thread"));
    await h.dispatcher.dispatch("CUSTOM", embed("call thread"), { threadId: threads[1] });
    expect(h.fake.messages(hook.id).map((m) => m.threadId)).toEqual(threads);
  });
});

describe("test() and verify() (against the Discord fake)", () => {
  it("test() posts its own message, records testSuccessAt and returns the message id", async () => {
    const at = new Date("2032-01-01T00:00:00.000Z");
    h = await createHarness({ dispatcher: { now: () => at } });
    const { id, hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const queued = h.dispatcher.dispatch("CUSTOM", embed("queued"));
    const result = await h.dispatcher.test(id);
    await queued;
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 1, webhook: { id } });
    const testMessage = h.fake.messages(hook.id).find((m) => m.id === result.messageId);
    expect(testMessage?.body.embeds).toHaveLength(1);
    expect((await h.store.getWebhook(id))?.testSuccessAt).toEqual(at);
  });

  it("test() refuses unknown and disabled webhooks, and disables one Discord deleted", async () => {
    h = await createHarness();
    const { id, hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const off = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    await h.store.updateWebhook(off.id, { enabled: false });
    await expect(h.dispatcher.test("missing")).rejects.toBeInstanceOf(NotFoundError);
    // A webhook URL passed as the id (a common slip) is not found, and its token is not in the error.
    for (const probe of [h.dispatcher.test(hook.url), h.dispatcher.verify(hook.url)]) {
      const error = await probe.then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as Error).message).not.toContain(hook.token);
    }
    await expect(h.dispatcher.test(off.id)).rejects.toBeInstanceOf(DeliveryRefusedError);
    // A misspelt option is refused before anything is sent, not ignored.
    const misspelt = h.dispatcher.test(id, { userName: "Panel" } as never);
    await expect(misspelt).rejects.toBeInstanceOf(ValidationError);
    await expect(misspelt).rejects.toThrow('Unrecognized key: "userName"');
    expect(h.fake.messages(hook.id)).toHaveLength(0);
    h.fake.removeWebhook(hook.id);
    const result = await h.dispatcher.test(id);
    expect(result).toMatchObject({ ok: false, status: 404 });
    expect(result.error?.code).toBe("WEBHOOK_DISABLED");
    expect(await h.store.getWebhook(id)).toMatchObject({ enabled: false });
  });

  it("verify() reads the webhook without posting and never returns the token", async () => {
    h = await createHarness();
    const { id, hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN", fake: { name: "Ops channel hook" } });
    const result = await h.dispatcher.verify(id);
    expect(result).toMatchObject({ ok: true, status: 200, discordName: "Ops channel hook", channelId: hook.channelId, guildId: hook.guildId, disabled: false });
    expect(JSON.stringify(result)).not.toContain(hook.token);
    expect(h.fake.messages()).toHaveLength(0);
    expect(h.fake.requests()[0]?.method).toBe("GET");
  });

  it("verify() disables a webhook with a bad token", async () => {
    h = await createHarness({ dispatcher: { rateLimit: { ...SCALED_RATE_LIMIT, invalidWebhookBackoffMs: 100 } } });
    const { id, hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    h.fake.inject(hook.id, { status: 401, body: { message: "Invalid Webhook Token", code: 50027 } });
    const result = await h.dispatcher.verify(id);
    expect(result).toMatchObject({ ok: false, status: 401, disabled: true });
    expect(await h.store.getWebhook(id)).toMatchObject({ enabled: false });
    // Right after a 401 the Discord id is backed off: nothing is asked.
    expect(await h.dispatcher.verify(id)).toMatchObject({ ok: false, error: { code: "INVALID_REQUEST_BRAKE", reason: "webhook" } });
    await new Promise((r) => setTimeout(r, 120));
    // verify() still works on a disabled webhook (to check it before re-enabling): it asks Discord again.
    expect(await h.dispatcher.verify(id)).toMatchObject({ ok: false, status: 401 });
    expect(h.fake.requests().filter((r) => r.method === "GET")).toHaveLength(2);
  });
});

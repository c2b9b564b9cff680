import { afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, DiscordHTTPError, RateLimitError, ValidationError, WebhookUrlError, type Dispatcher } from "../../src/index.js";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../src/testing/index.js";

const open: { fake?: DiscordFake; dispatcher?: Dispatcher }[] = [];

afterEach(async () => {
  for (const { fake, dispatcher } of open.splice(0)) {
    await dispatcher?.close();
    await fake?.close();
  }
});

/** A fake without rate limits unless asked, one CUSTOM webhook `w1` pointing at it, and a dispatcher. */
async function setup(options: Parameters<typeof createDiscordFake>[0] = {}, extra: Partial<Parameters<typeof createDispatcher>[0]> = {}): Promise<{ fake: DiscordFake; hook: FakeWebhook; dispatcher: Dispatcher; store: ReturnType<typeof memoryStore> }> {
  const fake = await createDiscordFake({ timeScale: 0.01, globalRateLimit: false, channelRateLimit: false, webhookRateLimit: false, ...options });
  const hook = fake.addWebhook();
  const store = memoryStore([{ id: "w1", name: "alerts", webhookUrl: hook.url, type: "CUSTOM", scope: "ADMIN" }]);
  const dispatcher = createDispatcher({ store, ...fake.dispatcherOptions(), ...extra });
  open.push({ fake, dispatcher });
  return { fake, hook, dispatcher, store };
}

/** Posts one embed and returns the id of the message it made. */
async function postOne(dispatcher: Dispatcher, title: string): Promise<string> {
  const result = await dispatcher.dispatch("CUSTOM", { title });
  expect(result.sent).toBe(1);
  const id = result.deliveries[0]?.messageIds[0];
  expect(id).toMatch(/^\d{17,20}$/);
  return id ?? "";
}

const requestsTo = (fake: DiscordFake, method: string): number => fake.requests().filter((r) => r.method === method).length;

describe("dispatcher.editMessage / deleteMessage", () => {
  it("edits a posted message (the fake keeps the edit history), then deletes it", async () => {
    const { fake, hook, dispatcher } = await setup();
    const id = await postOne(dispatcher, "Backup running");
    const edited = await dispatcher.editMessage("w1", id, {
      embeds: [{ title: "Backup done", description: "3 GB" }],
      content: "update",
      buttons: [{ label: "Open", url: "https://panel.example/backups/1" }],
    });
    expect(edited).toEqual({ ok: true, messageId: id, attempts: 1, status: 200 });
    const [m] = fake.messages(hook.id);
    expect(m?.body).toMatchObject({ content: "update", embeds: [{ title: "Backup done", description: "3 GB" }] });
    expect(m?.edits).toHaveLength(1);
    expect(m?.edits[0]?.previous).toMatchObject({ embeds: [{ title: "Backup running" }] });
    // Buttons went with `with_components=true`, so Discord kept them.
    expect(m?.components).toHaveLength(1);
    const patch = fake.requests().find((r) => r.method === "PATCH");
    expect(patch?.path).toContain(`/messages/${id}?with_components=true`);
    expect(patch?.path).not.toContain(hook.token);

    const deleted = await dispatcher.deleteMessage("w1", id);
    expect(deleted).toEqual({ ok: true, messageId: id, attempts: 1, status: 204 });
    expect(fake.messages(hook.id)[0]?.deletedAt).toBeInstanceOf(Date);
  });

  it("an edit or delete of a deleted message is MESSAGE_GONE and never disables the webhook", async () => {
    const { fake, hook, dispatcher, store } = await setup();
    const id = await postOne(dispatcher, "first");
    expect((await dispatcher.deleteMessage("w1", id)).ok).toBe(true);
    const edit = await dispatcher.editMessage("w1", id, { content: "too late" });
    expect(edit.ok).toBe(false);
    if (edit.ok) return;
    expect(edit).toMatchObject({ messageId: id, status: 404, attempts: 1, disabled: false });
    expect(edit.error).toBeInstanceOf(DiscordHTTPError);
    expect(edit.error.code).toBe("MESSAGE_GONE");
    expect(edit.error).toMatchObject({ discordCode: 10008, method: "PATCH", status: 404 });
    expect(edit.error.message).not.toContain(hook.token);
    const again = await dispatcher.deleteMessage("w1", id);
    expect(again.ok ? undefined : again.error.code).toBe("MESSAGE_GONE");
    expect((await store.getWebhook("w1"))?.enabled).toBe(true);
    // The next post is still delivered.
    await postOne(dispatcher, "second");
    expect(fake.messages(hook.id)).toHaveLength(2);
  });

  it("404 Unknown Webhook on an edit disables the webhook, as a post's would", async () => {
    const { fake, hook, dispatcher, store } = await setup();
    const id = await postOne(dispatcher, "first");
    fake.removeWebhook(hook.id);
    const edit = await dispatcher.editMessage("w1", id, { content: "x" });
    expect(edit).toMatchObject({ ok: false, status: 404, disabled: true });
    expect(edit.ok ? undefined : edit.error.code).toBe("WEBHOOK_DISABLED");
    expect((await store.getWebhook("w1"))?.enabled).toBe(false);
  });

  it("429 code 30046 (edits of old messages) is EDIT_LIMITED with its retry time, not retried", async () => {
    const { fake, dispatcher, store } = await setup({ oldMessageEdits: { olderThanMs: 0, limit: 1, windowMs: 3_600_000 } });
    const id = await postOne(dispatcher, "old");
    expect((await dispatcher.editMessage("w1", id, { content: "one" })).ok).toBe(true);
    const capped = await dispatcher.editMessage("w1", id, { content: "two" });
    expect(capped.ok).toBe(false);
    if (capped.ok) return;
    expect(capped).toMatchObject({ status: 429, attempts: 1, disabled: false });
    expect(capped.error).toBeInstanceOf(RateLimitError);
    expect(capped.error.code).toBe("EDIT_LIMITED");
    expect(capped.error).toMatchObject({ retryAfterMs: expect.any(Number) as number });
    expect(capped.error instanceof RateLimitError && capped.error.retryAfterMs > 0).toBe(true);
    expect(requestsTo(fake, "PATCH")).toBe(2);
    expect((await store.getWebhook("w1"))?.enabled).toBe(true);
    // The route is not held: a delete goes at once.
    expect((await dispatcher.deleteMessage("w1", id)).ok).toBe(true);
  });

  it("waits out an ordinary 429 and retries a 5xx on the edit route, reporting both through the hooks like a post", async () => {
    const seen: string[] = [];
    const hooks = {
      onRateLimited: (e: { webhook: { id: string; url: string }; scope: string; retryAfterMs: number }) => seen.push(`429 ${e.webhook.id} ${e.scope} ${String(e.retryAfterMs)}`, e.webhook.url),
      onRetry: (e: { webhook: { id: string }; attempt: number; error: { code: string } }) => seen.push(`retry ${e.webhook.id} ${String(e.attempt)} ${e.error.code}`),
    };
    const { fake, hook, dispatcher } = await setup({}, { hooks });
    const id = await postOne(dispatcher, "flaky");
    fake.inject(hook.id, { status: 429, body: { message: "You are being rate limited.", retry_after: 0.05, global: false }, headers: { "x-ratelimit-scope": "user" } }, { times: 1 });
    fake.inject(hook.id, { status: 502 }, { times: 1 });
    const edited = await dispatcher.editMessage("w1", id, { content: "after all" });
    expect(edited).toMatchObject({ ok: true, attempts: 3 });
    expect(fake.messages(hook.id)[0]?.body).toMatchObject({ content: "after all" });
    expect(seen).toEqual(["429 w1 user 50", hook.url.replace(hook.token, "***"), "retry w1 1 DISCORD_HTTP"]);
    expect(seen.join(" ")).not.toContain(hook.token);
  });

  it("an edit for a webhook whose stored URL does not parse fails with WebhookUrlError and sends nothing", async () => {
    const { fake, store } = await setup();
    const broken = { ...store, getWebhook: async (id: string) => {
      const record = await store.getWebhook(id);
      return record && { ...record, webhookUrl: "https://discord.com/api/webhooks/123/short" };
    } };
    const dispatcher = createDispatcher({ store: broken, ...fake.dispatcherOptions() });
    open.push({ dispatcher });
    const edited = await dispatcher.editMessage("w1", "1300000000000000001", { content: "never sent" });
    expect(edited).toMatchObject({ ok: false, messageId: "1300000000000000001", attempts: 0 });
    expect(edited.ok ? undefined : edited.error).toBeInstanceOf(WebhookUrlError);
    expect(fake.requests()).toHaveLength(0);
  });

  it("sends thread_id when given or carried by the stored URL", async () => {
    const thread = "222222222222222222";
    const { fake, dispatcher, store } = await setup();
    const threaded = fake.addWebhook({ threads: [thread] });
    const made = await store.createWebhook({ name: "threaded", webhookUrl: `${threaded.url}?thread_id=${thread}`, type: "SYSTEM", scope: "ADMIN" });
    const result = await dispatcher.dispatch("SYSTEM", { title: "in thread" });
    const id = result.deliveries[0]?.messageIds[0] ?? "";
    expect((await dispatcher.editMessage(made.id, id, { content: "edited in thread" })).ok).toBe(true);
    expect((await dispatcher.deleteMessage(made.id, id, { threadId: thread })).ok).toBe(true);
    const paths = fake.requests().filter((r) => r.method !== "POST").map((r) => r.path);
    expect(paths).toHaveLength(2);
    expect(paths.every((p) => p.includes(`thread_id=${thread}`))).toBe(true);
  });

  it("refuses bad input with ValidationError and sends nothing", async () => {
    const { fake, dispatcher } = await setup();
    const id = await postOne(dispatcher, "x");
    const before = fake.requests().length;
    const bad: unknown[] = [
      {},
      { content: "a".repeat(2001) },
      { embeds: [{ title: "t".repeat(257) }] },
      { embeds: Array.from({ length: 11 }, () => ({ title: "t" })) },
      { buttons: [{ label: "x", customId: "press" }] },
      { buttons: [{ label: "x", url: "ftp://example.com" }] },
      { content: "x", threadId: "not-a-thread" },
      { content: "x", silent: true },
      { content: "x", flags: 4096 },
    ];
    for (const options of bad) {
      await expect(dispatcher.editMessage("w1", id, options as never)).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(dispatcher.editMessage("w1", "12", { content: "x" })).rejects.toBeInstanceOf(ValidationError);
    await expect(dispatcher.deleteMessage("w1", "not-an-id")).rejects.toBeInstanceOf(ValidationError);
    await expect(dispatcher.deleteMessage("w1", id, { threadId: "1" })).rejects.toBeInstanceOf(ValidationError);
    expect(fake.requests().length).toBe(before);
  });

  it("a webhook disabled in the store is refused without a request; after close() CLOSED", async () => {
    const { fake, dispatcher, store } = await setup();
    const id = await postOne(dispatcher, "x");
    const before = fake.requests().length;
    await store.disableWebhook("w1", "test");
    dispatcher.forgetWebhook("w1");
    const refused = await dispatcher.editMessage("w1", id, { content: "x" });
    expect(refused.ok ? undefined : refused.error.code).toBe("WEBHOOK_DISABLED");
    expect(refused).toMatchObject({ attempts: 0 });
    await dispatcher.close();
    const closed = await dispatcher.deleteMessage("w1", id);
    expect(closed.ok ? undefined : closed.error.code).toBe("CLOSED");
    expect(fake.requests().length).toBe(before);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDiscordFake, renderMessageHtml, type DiscordFake, type FakeWebhook } from "../../src/testing/index.js";
import { post, request, sleep } from "./helpers.js";
import { assertSafeMarkup, visibleText } from "./inbox-html.js";

let fake: DiscordFake;
let hook: FakeWebhook;

interface Entry {
  seq: number;
  kind: string;
  webhookId: string | null;
  channelId: string | null;
  html: string;
}

async function state(after = 0, epoch = ""): Promise<{ epoch: string; seq: number; webhooks: { id: string; url: string; channel: string }[]; entries: Entry[] }> {
  const res = await request(fake, `/inbox/state?after=${String(after)}&epoch=${epoch}`);
  return res.body as Awaited<ReturnType<typeof state>>;
}

beforeAll(async () => {
  fake = await createDiscordFake({ webhookRateLimit: { limit: 2, windowMs: 60_000 }, channelRateLimit: false, globalRateLimit: false });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  for (const w of fake.webhooks()) fake.removeWebhook(w.id);
  hook = fake.addWebhook({ name: "Ops" });
});

describe("the inbox page", () => {
  it("is served at the root with its script and styles, self-contained, under a strict CSP", async () => {
    const page = await request(fake, "/");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(page.headers["content-security-policy"]).toContain("img-src 'self'");
    expect(fake.inboxUrl).toBe(`${fake.url}/`);
    const assets = [page.body as string, (await request(fake, "/inbox/app.js")).body as string, (await request(fake, "/inbox/app.css")).body as string];
    for (const text of assets) {
      expect(text.length).toBeGreaterThan(500);
      expect(text).not.toMatch(/(src|href)="https?:|url\(|@import|fonts\.googleapis/); // nothing remote
    }
    expect(assets[0]).not.toMatch(/<script>[^<]/); // no inline script
  });

  it("does not count its own routes as Discord requests", async () => {
    await request(fake, "/");
    await request(fake, "/inbox/state");
    expect(fake.requests()).toHaveLength(0);
    expect(fake.stats().requests).toBe(0);
  });

  it("lists messages rendered as Discord shows them, and 429s, faults and validation errors as what they are", async () => {
    fake.inject(hook.id, { status: 503 }, { times: 1 });
    expect((await post(fake, hook, { content: "x" })).status).toBe(503);
    fake.inject(hook.id, { kind: "reset" }, { times: 1 });
    await post(fake, hook, { content: "x" }).catch(() => undefined);
    expect((await post(fake, hook, { embeds: [{ title: "**Deployed**", color: 0x00ff00 }] })).status).toBe(200);
    expect((await post(fake, hook, { embeds: [{ title: "t".repeat(300) }] })).status).toBe(400);
    expect((await post(fake, hook, { content: "third" })).status).toBe(429);
    expect((await post(fake, { id: "123456789012345678", token: "x".repeat(68) }, { content: "x" })).status).toBe(404);
    const s = await state();
    expect(s.entries.map((e) => e.kind)).toEqual(["fault", "fault", "message", "invalid", "rate-limited", "refused"]);
    const [fault, reset, message, invalid, limited, unknown] = s.entries.map((e) => visibleText(e.html));
    expect(fault).toContain("Injected fault: 503");
    expect(reset).toContain("connection reset");
    expect(s.entries[2]!.html).toContain('data-color="#00ff00"');
    expect(s.entries[2]!.html).toContain('<strong class="md-bold">Deployed</strong>');
    expect(message).toContain("#ops");
    expect(invalid).toContain("Invalid Form Body (code 50035)");
    expect(invalid).toContain("embeds.0.title: Must be 256 or fewer in length.");
    expect(limited).toMatch(/Rate limited \(scope user\).*retry after \d+\.\d{3} s/s);
    expect(unknown).toContain("Unknown Webhook (code 10015)");
    for (const e of s.entries) {
      assertSafeMarkup(e.html);
      expect(e.html).not.toContain(hook.token);
    }
    expect(s.entries[2]).toMatchObject({ webhookId: hook.id, channelId: hook.channelId });
    // The page shows exactly what renderMessageHtml returns for that message.
    expect(s.entries[2]!.html).toContain(renderMessageHtml(fake.messages(hook.id)[0]!, { defaultUsername: "Ops" }));
  });

  it("shows a GET (what verify sends) as a read", async () => {
    expect((await request(fake, `/api/v10/webhooks/${hook.id}/${hook.token}`)).status).toBe(200);
    expect((await state()).entries.map((e) => [e.kind, visibleText(e.html).includes("Webhook read")])).toEqual([["read", true]]);
  });

  it("escapes hostile webhook names and message text", async () => {
    const evil = fake.addWebhook({ name: '<img src=x onerror=alert(1)>"' });
    await post(fake, evil, { username: "<script>x</script>", content: "<b>hi</b>" });
    const [entry] = (await state()).entries;
    assertSafeMarkup(entry!.html);
    expect(visibleText(entry!.html)).toContain("<script>x</script>");
  });

  it("pages by sequence number and starts over after reset() (new epoch)", async () => {
    await post(fake, hook, { content: "one" });
    const first = await state();
    await post(fake, hook, { content: "two" });
    const next = await state(first.seq, first.epoch);
    expect(next.entries.map((e) => visibleText(e.html)).join()).toContain("two");
    expect(next.entries).toHaveLength(1);
    fake.reset();
    const after = await state(next.seq, first.epoch);
    expect(after.epoch).not.toBe(first.epoch);
    expect(after.entries).toHaveLength(0);
  });

  it("lists webhooks by channel with masked URLs", async () => {
    const s = await state();
    expect(s.webhooks).toEqual([{ id: hook.id, name: "Ops", channelId: hook.channelId, channel: "ops", url: `https://discord.com/api/v10/webhooks/${hook.id}/***` }]);
  });

  it("streams a server-sent event when something arrives", async () => {
    const controller = new AbortController();
    const res = await fetch(`${fake.url}/inbox/events`, { signal: controller.signal });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const first = decoder.decode((await reader.read()).value);
    const seq = Number(/data: (\d+)/.exec(first)?.[1]);
    expect(seq).toBe((await state()).seq);
    await post(fake, hook, { content: "live" });
    let text = "";
    while (!text.includes(`data: ${String(seq + 1)}`)) text += decoder.decode((await reader.read()).value);
    controller.abort();
  });

  it("adds a webhook from the page's button (JSON only) and answers its made-up URL", async () => {
    const form = await fetch(`${fake.url}/inbox/webhooks`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "name=x" });
    expect(form.status).toBe(415);
    const res = await fetch(`${fake.url}/inbox/webhooks`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"name":"From the page"}' });
    expect(res.status).toBe(201);
    const added = (await res.json()) as { id: string; url: string; name: string };
    expect(added.name).toBe("From the page");
    const made = fake.webhooks().find((w) => w.id === added.id);
    expect(added.url).toBe(made?.url);
    expect((await post(fake, made!, { content: "works" })).status).toBe(200);
    expect((await fetch(`${fake.url}/inbox/webhooks`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" })).status).toBe(400);
    await sleep(0);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, parseWebhookUrl } from "../../src/index.js";
import { createDiscordFake, type DiscordFake } from "../../src/testing/index.js";
import { rawExchange, requestBytes } from "../http/raw-socket.js";
import { post, request } from "./helpers.js";

const SNOWFLAKE = /^\d{17,20}$/;

describe("discord fake: routes and answers", () => {
  let fake: DiscordFake;
  beforeAll(async () => {
    fake = await createDiscordFake({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: false });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
  });

  it("makes up webhooks with snowflakes, 68-char tokens and a canonical Discord URL", () => {
    const hook = fake.addWebhook({ name: "ops" });
    expect(hook.id).toMatch(SNOWFLAKE);
    expect(hook.channelId).toMatch(SNOWFLAKE);
    expect(hook.token).toMatch(/^[A-Za-z0-9_-]{68}$/);
    expect(hook.url).toBe(`https://discord.com/api/v10/webhooks/${hook.id}/${hook.token}`);
    expect(parseWebhookUrl(hook.url)).toMatchObject({ id: hook.id, token: hook.token });
    expect(fake.apiBaseUrl).toBe(`${fake.url}/api/v10`);
    expect(fake.webhooks().map((w) => w.id)).toContain(hook.id);
  });

  it("answers a request target the URL parser refuses with 400 and keeps serving (never crashes the host)", async () => {
    const port = Number(new URL(fake.url).port);
    for (const target of ["http://%zz/", "http://%zz/api/v10/webhooks/1/2", "http://[::1/inbox/state"]) {
      const { statuses } = await rawExchange(port, requestBytes(`GET ${target} HTTP/1.1`, ["Connection: close"]), 300);
      expect(statuses).toEqual([400]);
    }
    const hook = fake.addWebhook();
    expect((await post(fake, hook, { content: "still up" })).status).toBe(200);
  });

  it("answers ?wait=true with 200 and a message object", async () => {
    const hook = fake.addWebhook();
    const embed = { title: "Server crashed", color: 0xff0000 };
    const res = await post(fake, hook, { content: "  hello  ", embeds: [embed], username: "Ops" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      type: 0,
      content: "hello",
      channel_id: hook.channelId,
      webhook_id: hook.id,
      embeds: [{ type: "rich", ...embed }],
      author: { id: hook.id, username: "Ops", bot: true },
    });
    expect(res.body.id).toMatch(SNOWFLAKE);
    expect(Number.isNaN(Date.parse(res.body.timestamp))).toBe(false);
    const [message] = fake.messages(hook.id);
    expect(message).toMatchObject({ id: res.body.id, webhookId: hook.id, channelId: hook.channelId, threadId: null, wait: true });
    expect(message?.body).toEqual({ content: "  hello  ", embeds: [embed], username: "Ops" });
    expect(message?.receivedAt).toBeInstanceOf(Date);
  });

  it("answers without ?wait=true with 204 and no body, and still records the message", async () => {
    const hook = fake.addWebhook();
    const res = await post(fake, hook, { content: "quiet" }, "");
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect(fake.messages(hook.id)).toHaveLength(1);
    expect(fake.messages(hook.id)[0]?.wait).toBe(false);
    expect(fake.stats()).toMatchObject({ requests: 1, delivered: 1, byStatus: { "204": 1 } });
  });

  it("accepts /api/webhooks (unversioned) and other /api/vN routes, with a trailing slash", async () => {
    const hook = fake.addWebhook();
    for (const prefix of ["/api", "/api/v9", "/api/v10"]) {
      const res = await request(fake, `${prefix}/webhooks/${hook.id}/${hook.token}/?wait=true`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ content: prefix }),
      });
      expect(res.status).toBe(200);
    }
    expect(fake.messages(hook.id).map((m) => m.body.content)).toEqual(["/api", "/api/v9", "/api/v10"]);
  });

  it("returns the webhook object for GET", async () => {
    const hook = fake.addWebhook({ name: "alerts" });
    const res = await request(fake, `/api/v10/webhooks/${hook.id}/${hook.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: hook.id, type: 1, name: "alerts", channel_id: hook.channelId, guild_id: hook.guildId, token: hook.token });
  });

  it("answers 404 Unknown Webhook (10015) for unknown and removed webhooks", async () => {
    const hook = fake.addWebhook();
    expect((await post(fake, { id: "123456789012345678", token: "t".repeat(68) }, { content: "x" })).body).toEqual({
      message: "Unknown Webhook",
      code: 10015,
    });
    expect(fake.removeWebhook(hook.id)).toBe(true);
    expect(fake.removeWebhook(hook.id)).toBe(false);
    const res = await post(fake, hook, { content: "x" });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe(10015);
    expect(fake.messages()).toHaveLength(0);
  });

  it("answers 401 Invalid Webhook Token (50027) for a wrong token, on POST and GET", async () => {
    const hook = fake.addWebhook();
    const wrong = { id: hook.id, token: "x".repeat(68) };
    const res = await post(fake, wrong, { content: "x" });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: "Invalid Webhook Token", code: 50027 });
    expect((await request(fake, `/api/v10/webhooks/${hook.id}/${"x".repeat(68)}`)).status).toBe(401);
  });

  it("posts into known threads and refuses unknown or malformed thread ids", async () => {
    const thread = "222222222222222222";
    const hook = fake.addWebhook({ threads: [thread] });
    const ok = await post(fake, hook, { content: "in thread" }, `?wait=true&thread_id=${thread}`);
    expect(ok.status).toBe(200);
    expect(ok.body.channel_id).toBe(thread);
    expect(fake.messages(hook.id)[0]).toMatchObject({ threadId: thread, channelId: hook.channelId });
    const unknown = await post(fake, hook, { content: "x" }, "?wait=true&thread_id=333333333333333333");
    expect(unknown).toMatchObject({ status: 400, body: { code: 10003 } });
    const malformed = await post(fake, hook, { content: "x" }, "?thread_id=abc");
    expect(malformed).toMatchObject({ status: 400, body: { code: 50035, errors: { thread_id: {} } } });
    expect(fake.requests().map((r) => r.threadId)).toEqual([thread, "333333333333333333", "abc"]);
  });

  it("answers 404 for other routes and 405 for other methods", async () => {
    const hook = fake.addWebhook();
    expect((await request(fake, "/api/v10/channels/1")).status).toBe(404);
    expect((await request(fake, `/api/v10/webhooks/${hook.id}/${hook.token}`, { method: "PATCH" })).status).toBe(405);
  });

  it("records every request token-free, with the status answered and the User-Agent", async () => {
    const hook = fake.addWebhook();
    await post(fake, hook, { content: "x" }, "?wait=true", { headers: { "content-type": "application/json", "user-agent": "Test/1" } });
    await post(fake, hook, {}, "");
    const requests = fake.requests();
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ method: "POST", webhookId: hook.id, status: 200, fault: null, userAgent: "Test/1" });
    expect(requests[0]?.path).toBe(`/api/v10/webhooks/${hook.id}/***?wait=true`);
    expect(requests[1]?.status).toBe(400);
    expect(JSON.stringify(requests)).not.toContain(hook.token);
    expect(JSON.stringify(fake.messages())).not.toContain(hook.token);
  });

  it("rejects impossible webhooks and options with ConfigError", async () => {
    const hook = fake.addWebhook();
    expect(() => fake.addWebhook({ id: hook.id })).toThrow(ConfigError);
    expect(() => fake.addWebhook({ id: "not-a-snowflake" })).toThrow(ConfigError);
    expect(() => fake.addWebhook({ token: "bad token!" })).toThrow(ConfigError);
    expect(() => fake.addWebhook({ threads: ["x"] })).toThrow(ConfigError);
    await expect(createDiscordFake({ timeScale: 0 })).rejects.toThrow(ConfigError);
    await expect(createDiscordFake({ webhookRateLimit: { limit: 0, windowMs: 1000 } })).rejects.toThrow(ConfigError);
    await expect(createDiscordFake({ maxBodyBytes: -1 })).rejects.toThrow(ConfigError);
  });

  it("registers seed webhooks given in the options", async () => {
    const seeded = await createDiscordFake({ webhooks: [{ id: "123456789012345678", token: "t".repeat(68), name: "seed" }] });
    try {
      expect(seeded.webhooks()).toMatchObject([{ id: "123456789012345678", name: "seed" }]);
      expect((await post(seeded, { id: "123456789012345678", token: "t".repeat(68) }, { content: "x" })).status).toBe(200);
    } finally {
      await seeded.close();
    }
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../src/testing/index.js";
import { post, request, type RawAnswer } from "./helpers.js";

/** A request on `/webhooks/{id}/{token}/messages/{messageId}` with an optional JSON body. */
function onMessage(fake: DiscordFake, hook: FakeWebhook, messageId: string, method: string, body?: unknown, query = ""): Promise<RawAnswer> {
  return request(fake, `/api/v10/webhooks/${hook.id}/${hook.token}/messages/${messageId}${query}`, {
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
}

describe("discord fake: Get / Edit / Delete Webhook Message", () => {
  let fake: DiscordFake;
  let hook: FakeWebhook;
  beforeAll(async () => {
    fake = await createDiscordFake({ channelRateLimit: false, globalRateLimit: false, webhookRateLimit: false });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    hook = fake.addWebhook();
  });

  it("gets, edits and deletes a message; the edit keeps history and the old content", async () => {
    const sent = await post(fake, hook, { content: "v1", embeds: [{ title: "kept" }] });
    const id = sent.body.id as string;
    const got = await onMessage(fake, hook, id, "GET");
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id, content: "v1", edited_timestamp: null });
    const edited = await onMessage(fake, hook, id, "PATCH", { content: "v2" });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id, content: "v2", embeds: [{ title: "kept" }] });
    expect(typeof edited.body.edited_timestamp).toBe("string");
    const [m] = fake.messages(hook.id);
    expect(m?.body).toMatchObject({ content: "v2", embeds: [{ title: "kept" }] });
    expect(m?.edits).toHaveLength(1);
    expect(m?.edits[0]?.previous).toMatchObject({ content: "v1" });
    expect(m?.edits[0]?.at).toBeInstanceOf(Date);
    const deleted = await onMessage(fake, hook, id, "DELETE");
    expect(deleted.status).toBe(204);
    expect(fake.messages(hook.id)[0]?.deletedAt).toBeInstanceOf(Date);
  });

  it("answers 404 code 10008 (not 10015) for unknown, deleted and other webhooks' messages", async () => {
    const other = fake.addWebhook();
    const id = (await post(fake, other, { content: "theirs" })).body.id as string;
    for (const method of ["GET", "PATCH", "DELETE"]) {
      const res = await onMessage(fake, hook, "123456789012345678", method, method === "PATCH" ? { content: "x" } : undefined);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: "Unknown Message", code: 10008 });
    }
    expect((await onMessage(fake, hook, id, "GET")).body.code).toBe(10008);
    expect((await onMessage(fake, other, id, "DELETE")).status).toBe(204);
    expect((await onMessage(fake, other, id, "DELETE")).body.code).toBe(10008);
    expect((await onMessage(fake, other, id, "PATCH", { content: "again" })).body.code).toBe(10008);
    // Only an unknown webhook is 10015.
    const gone = { ...hook, id: "123456789012345679" };
    expect((await onMessage(fake, gone, id, "GET")).body.code).toBe(10015);
  });

  it("needs the thread_id of a message in a thread", async () => {
    const thread = "222222222222222222";
    const threaded = fake.addWebhook({ threads: [thread] });
    const id = (await post(fake, threaded, { content: "in thread" }, `?wait=true&thread_id=${thread}`)).body.id as string;
    expect((await onMessage(fake, threaded, id, "GET")).body.code).toBe(10008);
    const res = await onMessage(fake, threaded, id, "GET", undefined, `?thread_id=${thread}`);
    expect(res.status).toBe(200);
    expect(res.body.channel_id).toBe(thread);
    expect((await onMessage(fake, threaded, id, "GET", undefined, "?thread_id=333333333333333333")).body.code).toBe(10003);
  });

  it("keeps a silent message silent and a loud one loud; only SUPPRESS_EMBEDS changes", async () => {
    const silent = (await post(fake, hook, { content: "shh", flags: 4096 })).body;
    expect(silent.flags).toBe(4096);
    const unsilenced = await onMessage(fake, hook, silent.id as string, "PATCH", { flags: 4 });
    expect(unsilenced.body.flags).toBe(4096 | 4);
    const loud = (await post(fake, hook, { content: "loud" })).body;
    const made = await onMessage(fake, hook, loud.id as string, "PATCH", { flags: 4096 });
    expect(made.status).toBe(200);
    expect(made.body.flags).toBe(0);
    expect(fake.messages(hook.id)[1]?.flags).toBe(0);
    const bad = await onMessage(fake, hook, loud.id as string, "PATCH", { flags: 1 << 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe(50035);
  });

  it("validates the edited message: limits, emptiness", async () => {
    const id = (await post(fake, hook, { content: "x" })).body.id as string;
    const long = await onMessage(fake, hook, id, "PATCH", { content: "a".repeat(2001) });
    expect(long.status).toBe(400);
    expect(long.body.code).toBe(50035);
    const empty = await onMessage(fake, hook, id, "PATCH", { content: "" });
    expect(empty.body.code).toBe(50006);
    expect(fake.messages(hook.id)[0]?.edits).toHaveLength(0);
  });
});

describe("discord fake: message routes' rate limits", () => {
  it("gives each route and method a bucket of its own per webhook, with Discord's shared hash", async () => {
    const fake = await createDiscordFake({ channelRateLimit: false, globalRateLimit: false, webhookRateLimit: { limit: 2, windowMs: 60_000 } });
    onTestFinished(() => fake.close());
    const hook = fake.addWebhook();
    const id = (await post(fake, hook, { content: "x" })).body.id as string;
    await post(fake, hook, { content: "y" });
    // The execute bucket (2 per window) is spent; edits and reads still have theirs.
    expect((await post(fake, hook, { content: "z" })).status).toBe(429);
    const e1 = await onMessage(fake, hook, id, "PATCH", { content: "1" });
    const e2 = await onMessage(fake, hook, id, "PATCH", { content: "2" });
    const e3 = await onMessage(fake, hook, id, "PATCH", { content: "3" });
    expect([e1.status, e2.status, e3.status]).toEqual([200, 200, 429]);
    expect(e3.headers["x-ratelimit-scope"]).toBe("user");
    const g = await onMessage(fake, hook, id, "GET");
    expect(g.status).toBe(200);
    expect(g.headers["x-ratelimit-remaining"]).toBe("1");
    expect(new Set([e1.headers["x-ratelimit-bucket"], g.headers["x-ratelimit-bucket"]]).size).toBe(2);
    // Another webhook's edit bucket is its own, under the same hash.
    const other = fake.addWebhook();
    const otherId = (await post(fake, other, { content: "o" })).body.id as string;
    const oe = await onMessage(fake, other, otherId, "PATCH", { content: "o2" });
    expect(oe.status).toBe(200);
    expect(oe.headers["x-ratelimit-bucket"]).toBe(e1.headers["x-ratelimit-bucket"]);
    expect((await onMessage(fake, hook, id, "DELETE")).status).toBe(204);
  });

});

describe("discord fake: edits of messages older than an hour (30046)", () => {
  it("caps them per channel with 429 code 30046 and a retry time; recent messages are not capped", async () => {
    const fake = await createDiscordFake({
      timeScale: 0.01,
      globalRateLimit: false,
      channelRateLimit: false,
      webhookRateLimit: false,
      oldMessageEdits: { olderThanMs: 0, limit: 2, windowMs: 3_600_000 },
    });
    try {
      const a = fake.addWebhook();
      const b = fake.addWebhook({ channelId: a.channelId });
      const c = fake.addWebhook();
      const ids = await Promise.all([a, b, c].map(async (h) => (await post(fake, h, { content: "old" })).body.id as string));
      const path = (h: FakeWebhook, id: string): string => `/api/v10/webhooks/${h.id}/${h.token}/messages/${id}`;
      const edit = (h: FakeWebhook, id: string): Promise<RawAnswer> =>
        request(fake, path(h, id), { method: "PATCH", headers: { "content-type": "application/json" }, body: '{"content":"new"}' });
      expect((await edit(a, ids[0] ?? "")).status).toBe(200);
      expect((await edit(b, ids[1] ?? "")).status).toBe(200);
      const capped = await edit(a, ids[0] ?? "");
      expect(capped.status).toBe(429);
      expect(capped.body).toMatchObject({ code: 30046, global: false });
      expect(capped.body.retry_after).toBeGreaterThan(0);
      expect(capped.body.retry_after).toBeLessThanOrEqual(36);
      expect(Number(capped.headers["retry-after"])).toBeGreaterThan(0);
      // Another channel still has its edits.
      expect((await edit(c, ids[2] ?? "")).status).toBe(200);
    } finally {
      await fake.close();
    }
  });

  it("does not cap edits of messages younger than an hour", async () => {
    const fake = await createDiscordFake({ globalRateLimit: false, webhookRateLimit: false, oldMessageEdits: { olderThanMs: 3_600_000, limit: 1, windowMs: 3_600_000 } });
    try {
      const h = fake.addWebhook();
      const id = (await post(fake, h, { content: "new" })).body.id as string;
      for (let i = 0; i < 3; i += 1) {
        const res = await request(fake, `/api/v10/webhooks/${h.id}/${h.token}/messages/${id}`, {
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ content: `edit ${String(i)}` }),
        });
        expect(res.status).toBe(200);
      }
    } finally {
      await fake.close();
    }
  });
});

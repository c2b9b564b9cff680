import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../src/testing/index.js";
import { post, request, type RawAnswer } from "./helpers.js";

const TAG_A = "1234567890123456789";
const TAG_B = "1234567890123456790";

/** A multipart post: `payload_json` and `files[n]`. */
async function postFiles(fake: DiscordFake, hook: FakeWebhook, payload: unknown, files: { name: string; data: Uint8Array<ArrayBuffer> | string; type?: string }[], query = "?wait=true"): Promise<RawAnswer> {
  const form = new FormData();
  form.set("payload_json", JSON.stringify(payload));
  files.forEach((f, i) => {
    form.set(`files[${String(i)}]`, new Blob([f.data], f.type ? { type: f.type } : {}), f.name);
  });
  return request(fake, `/api/v10/webhooks/${hook.id}/${hook.token}${query}`, { method: "POST", body: form });
}

describe("discord fake: forum and media channels", () => {
  let fake: DiscordFake;
  let forum: FakeWebhook;
  beforeAll(async () => {
    fake = await createDiscordFake({ channelRateLimit: false, globalRateLimit: false, webhookRateLimit: false });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    forum = fake.addWebhook({ channelType: "forum", tags: [{ id: TAG_A, name: "crash" }, { id: TAG_B, name: "mc-1" }] });
  });

  it("answers 400 code 220001 to a post without thread_id or thread_name", async () => {
    const res = await post(fake, forum, { content: "where?" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: "Webhooks posted to forum channels must have a thread_name or thread_id", code: 220001 });
    expect(fake.messages()).toHaveLength(0);
  });

  it("opens a post with thread_name and applied_tags; the thread has the first message's id; thread_id posts into it", async () => {
    const res = await post(fake, forum, { content: "first", thread_name: "mc-1 crashed", applied_tags: [TAG_A, TAG_B] });
    expect(res.status).toBe(200);
    const id = res.body.id as string;
    expect(res.body.channel_id).toBe(id);
    expect(fake.forumPosts()).toEqual([{ id, channelId: forum.channelId, name: "mc-1 crashed", tags: [TAG_A, TAG_B], createdAt: expect.any(Date) }]);
    const reply = await post(fake, forum, { content: "second" }, `?wait=true&thread_id=${id}`);
    expect(reply.status).toBe(200);
    expect(fake.messages(forum.id).map((m) => m.threadId)).toEqual([id, id]);
    // Another forum's webhook cannot post into this post.
    const other = fake.addWebhook({ channelType: "media" });
    expect((await post(fake, other, { content: "x" }, `?wait=true&thread_id=${id}`)).body.code).toBe(10003);
  });

  it("validates thread_name and applied_tags (at most 5 snowflakes the forum offers)", async () => {
    const cases: [unknown, string][] = [
      [{ content: "x", thread_name: "" }, "thread_name"],
      [{ content: "x", thread_name: "t".repeat(101) }, "thread_name"],
      [{ content: "x", thread_name: "t", applied_tags: ["not-a-snowflake"] }, "applied_tags"],
      [{ content: "x", thread_name: "t", applied_tags: ["1234567890123456000"] }, "applied_tags"],
      [{ content: "x", thread_name: "t", applied_tags: [TAG_A, TAG_A, TAG_A, TAG_A, TAG_A, TAG_A] }, "applied_tags"],
    ];
    for (const [body, field] of cases) {
      const res = await post(fake, forum, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(50035);
      expect(Object.keys(res.body.errors)).toEqual([field]);
    }
    expect(fake.forumPosts()).toHaveLength(0);
  });

  it("refuses both thread_id and thread_name (220002), and thread_name outside forums (220003)", async () => {
    const id = (await post(fake, forum, { content: "a", thread_name: "t" })).body.id as string;
    expect((await post(fake, forum, { content: "b", thread_name: "t" }, `?thread_id=${id}`)).body.code).toBe(220002);
    const text = fake.addWebhook();
    expect((await post(fake, text, { content: "c", thread_name: "t" })).body.code).toBe(220003);
  });
});

describe("discord fake: flags, link buttons and files", () => {
  let fake: DiscordFake;
  let hook: FakeWebhook;
  beforeAll(async () => {
    fake = await createDiscordFake({ channelRateLimit: false, globalRateLimit: false, webhookRateLimit: false, maxFileBytes: 64 });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    hook = fake.addWebhook();
  });

  it("accepts only SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS and IS_COMPONENTS_V2", async () => {
    for (const flags of [4, 4096, 4 | 4096]) expect((await post(fake, hook, { content: "x", flags })).status).toBe(200);
    for (const flags of [1, 2, 8, 64, 1 << 13]) expect((await post(fake, hook, { content: "x", flags })).body.code).toBe(50035);
    expect(fake.messages().map((m) => m.flags)).toEqual([4, 4096, 4100]);
    const v2 = await post(fake, hook, { flags: 1 << 15, content: "legacy" });
    expect(v2.status).toBe(400);
    expect(v2.body.errors.content).toBeDefined();
  });

  const row = (...components: unknown[]): unknown => ({ type: 1, components });
  const link = (label: string, url = "https://panel.example/servers/mc-1"): unknown => ({ type: 2, style: 5, label, url });

  it("keeps link buttons only with ?with_components=true, and drops them silently without it", async () => {
    const body = { content: "x", components: [row(link("Open in panel"))] };
    const dropped = await post(fake, hook, body);
    expect(dropped.status).toBe(200);
    expect(dropped.body.components).toEqual([]);
    const kept = await post(fake, hook, body, "?wait=true&with_components=true");
    expect(kept.body.components).toEqual(body.components);
    expect(fake.messages().map((m) => m.components.length)).toEqual([0, 1]);
    // Without it, a message of buttons alone is empty.
    expect((await post(fake, hook, { components: [row(link("a"))] })).body.code).toBe(50006);
  });

  it("refuses interactive buttons and components past Discord's limits", async () => {
    const q = "?wait=true&with_components=true";
    const bad: unknown[] = [
      [row({ type: 2, style: 1, label: "Restart", custom_id: "restart" })],
      [row({ type: 3, custom_id: "pick", options: [] })],
      [row(link("l".repeat(81)))],
      [row(link("long", `https://panel.example/${"p".repeat(500)}`))],
      [row(link("ftp", "ftp://panel.example/"))],
      [row(link("1"), link("2"), link("3"), link("4"), link("5"), link("6"))],
      [1, 2, 3, 4, 5, 6].map(() => row(link("x"))),
      [{ type: 2, style: 5, label: "no row", url: "https://panel.example/" }],
    ];
    for (const components of bad) {
      const res = await post(fake, hook, { content: "x", components }, q);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(50035);
    }
    const full = [1, 2, 3, 4, 5].map(() => row(link("1"), link("2"), link("3"), link("4"), link("5")));
    expect((await post(fake, hook, { content: "x", components: full }, q)).status).toBe(200);
  });

  it("reads files from multipart, lists them as attachments, 413 / 40005 past the per-file size, at most 10", async () => {
    const res = await postFiles(fake, hook, { content: "crash", attachments: [{ id: 0, description: "the log" }] }, [
      { name: "crash.log", data: "line 1\nline 2", type: "text/plain" },
      { name: "shot.png", data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), type: "image/png" },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.attachments).toMatchObject([
      { filename: "crash.log", size: 13, content_type: "text/plain", description: "the log" },
      { filename: "shot.png", size: 4, content_type: "image/png" },
    ]);
    const [m] = fake.messages(hook.id);
    expect(new TextDecoder().decode(m?.attachments[0]?.data)).toBe("line 1\nline 2");
    expect([...(m?.attachments[1]?.data ?? [])]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // Files alone are a message.
    expect((await postFiles(fake, hook, {}, [{ name: "a.txt", data: "a" }])).status).toBe(200);
    const big = await postFiles(fake, hook, { content: "x" }, [{ name: "big.bin", data: "b".repeat(65) }]);
    expect(big.status).toBe(413);
    expect(big.body.code).toBe(40005);
    const many = await postFiles(fake, hook, { content: "x" }, Array.from({ length: 11 }, (_, i) => ({ name: `${String(i)}.txt`, data: "x" })));
    expect(many.status).toBe(400);
    expect(many.body.code).toBe(30015);
    expect(fake.messages(hook.id)).toHaveLength(2);
  });

  it("edits keep the files listed in attachments and add new ones", async () => {
    const sent = await postFiles(fake, hook, { content: "x" }, [{ name: "a.txt", data: "a" }, { name: "b.txt", data: "b" }]);
    const [a] = sent.body.attachments as { id: string }[];
    const form = new FormData();
    form.set("payload_json", JSON.stringify({ attachments: [{ id: a?.id }] }));
    form.set("files[0]", new Blob(["c"]), "c.txt");
    const res = await request(fake, `/api/v10/webhooks/${hook.id}/${hook.token}/messages/${String(sent.body.id)}`, { method: "PATCH", body: form });
    expect(res.status).toBe(200);
    expect((res.body.attachments as { filename: string }[]).map((x) => x.filename)).toEqual(["a.txt", "c.txt"]);
  });
});

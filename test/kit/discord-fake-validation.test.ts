import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../src/testing/index.js";
import { post } from "./helpers.js";

describe("discord fake: body validation like Discord", () => {
  let fake: DiscordFake;
  let hook: FakeWebhook;
  beforeAll(async () => {
    fake = await createDiscordFake({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: false, maxBodyBytes: 64 * 1024 });
    hook = fake.addWebhook();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
  });

  const send = (body: unknown) => post(fake, hook, body);

  it("counts code points after trimming, as Discord does", async () => {
    expect((await send({ content: "😀".repeat(2000) })).status).toBe(200); // 4000 UTF-16 units
    expect((await send({ content: `   ${"a".repeat(2000)}   ` })).status).toBe(200);
    expect((await send({ embeds: [{ title: "🎉".repeat(256) }] })).status).toBe(200);
    const res = await send({ content: "a".repeat(2001) });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      message: "Invalid Form Body",
      code: 50035,
      errors: { content: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH", message: "Must be 2000 or fewer in length." }] } },
    });
  });

  it("points 50035 errors at the bad embed field", async () => {
    const res = await send({ embeds: [{ title: "ok" }, { title: "t".repeat(257), fields: [{ name: "n" }] }] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(50035);
    expect(res.body.errors.embeds["1"].title._errors[0].code).toBe("BASE_TYPE_MAX_LENGTH");
    expect(res.body.errors.embeds["1"].fields["0"].value._errors[0].code).toBe("BASE_TYPE_REQUIRED");
    expect(res.body.errors.embeds["0"]).toBeUndefined();
  });

  it.each([
    ["description over 4096", { embeds: [{ description: "d".repeat(4097) }] }, ["embeds", "0", "description"]],
    ["more than 25 fields", { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: "n", value: "v" })) }] }, ["embeds", "0", "fields"]],
    ["field name over 256", { embeds: [{ fields: [{ name: "n".repeat(257), value: "v" }] }] }, ["embeds", "0", "fields", "0", "name"]],
    ["field value over 1024", { embeds: [{ fields: [{ name: "n", value: "v".repeat(1025) }] }] }, ["embeds", "0", "fields", "0", "value"]],
    ["footer over 2048", { embeds: [{ footer: { text: "f".repeat(2049) } }] }, ["embeds", "0", "footer", "text"]],
    ["author over 256", { embeds: [{ author: { name: "a".repeat(257) } }] }, ["embeds", "0", "author", "name"]],
    ["color over 0xffffff", { embeds: [{ title: "x", color: 0x1000000 }] }, ["embeds", "0", "color"]],
    ["a non-http url", { embeds: [{ title: "x", url: "javascript:alert(1)" }] }, ["embeds", "0", "url"]],
    ["more than 10 embeds", { embeds: Array.from({ length: 11 }, () => ({ title: "x" })) }, ["embeds"]],
    ["a username with discord", { content: "x", username: "My Discord Bot" }, ["username"]],
    ["a username with clyde", { content: "x", username: "clyde" }, ["username"]],
    ["a username over 80", { content: "x", username: "u".repeat(81) }, ["username"]],
    ["a blank username", { content: "x", username: "   " }, ["username"]],
    ["a bad avatar_url", { content: "x", avatar_url: "not a url" }, ["avatar_url"]],
    ["content that is not a string", { content: 42 }, ["content"]],
    ["unknown flags", { content: "x", flags: 1 }, ["flags"]],
    ["a bad allowed_mentions.parse", { content: "x", allowed_mentions: { parse: ["nobody"] } }, ["allowed_mentions", "parse", "0"]],
    ["parse users with a users list", { content: "x", allowed_mentions: { parse: ["users"], users: ["123456789012345678"] } }, ["allowed_mentions"]],
    ["parse roles with a roles list", { content: "x", allowed_mentions: { parse: ["roles"], roles: [] } }, ["allowed_mentions"]],
  ])("rejects %s with 50035 at that path", async (_name, body, path) => {
    const res = await send(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(50035);
    let node = res.body.errors;
    for (const key of path) node = node?.[key];
    expect(node?._errors?.length).toBeGreaterThan(0);
  });

  it("enforces the 6000-character total over all embeds of one message", async () => {
    const ok = await send({ embeds: [{ description: "a".repeat(4000) }, { description: "b".repeat(2000) }] });
    expect(ok.status).toBe(200);
    const res = await send({ embeds: [{ description: "a".repeat(4000) }, { description: "b".repeat(1990), footer: { text: "0123456789x" } }] });
    expect(res.status).toBe(400);
    expect(res.body.errors.embeds._errors).toEqual([{ code: "MAX_EMBED_SIZE_EXCEEDED", message: "Embed size exceeds maximum size of 6000" }]);
  });

  it("answers 50035 for invalid JSON and for a body that is not an object", async () => {
    const bad = await send("{not json");
    expect(bad).toMatchObject({ status: 400, body: { code: 50035 } });
    expect(bad.body.errors._errors[0].code).toBe("JSON_INVALID");
    expect(await send([1, 2])).toMatchObject({ status: 400, body: { code: 50035 } });
  });

  it.each([
    ["an empty object", {}],
    ["blank content", { content: "  \n " }],
    ["an empty embeds list", { embeds: [] }],
    ["an empty body", ""],
  ])("answers 50006 Cannot send an empty message for %s", async (_name, body) => {
    const res = await send(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: "Cannot send an empty message", code: 50006 });
  });

  it("answers 413 (40005) for a body over the size limit", async () => {
    const res = await send({ content: "x", padding: "p".repeat(70 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ message: "Request entity too large", code: 40005 });
  });

  it("records no message and counts no delivery for rejected bodies", async () => {
    await send({});
    await send({ content: "a".repeat(2001) });
    expect(fake.messages()).toHaveLength(0);
    expect(fake.stats()).toMatchObject({ requests: 2, delivered: 0, byStatus: { "400": 2 } });
  });

  it("accepts a full, valid message", async () => {
    const res = await send({
      content: "Deploy finished",
      username: "Acme Hosting",
      avatar_url: "https://example.com/a.png",
      allowed_mentions: { parse: [] },
      flags: 4096,
      embeds: [
        {
          title: "mc-1",
          description: "running",
          url: "https://example.com",
          color: 0x00ff00,
          timestamp: new Date(0).toISOString(),
          footer: { text: "Acme", icon_url: "https://example.com/f.png" },
          author: { name: "node-3", url: "https://example.com" },
          image: { url: "attachment://graph.png" },
          thumbnail: { url: "https://example.com/t.png" },
          fields: [{ name: "CPU", value: "93%", inline: true }],
        },
      ],
    });
    expect(res.status).toBe(200);
  });
});

/** The Discord rules of src/discord/rules.ts, and that a padded URL reaches Discord trimmed, never raw. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher } from "../../src/dispatcher/index.js";
import { discordIdOf, forbiddenUsernameWord, isHttpUrl, isSnowflake, tokenOf, toHttpUrl } from "../../src/discord/rules.js";
import { ValidationError } from "../../src/errors.js";
import { createDiscordFake, type DiscordFake } from "../../src/testing/discord-fake/index.js";
import { fetchTransport } from "../../src/transports/fetch.js";

describe("rules", () => {
  it("http(s) URLs: absolute, http or https, no whitespace anywhere", () => {
    expect(isHttpUrl("https://cdn.example/x.png")).toBe(true);
    expect(isHttpUrl("http://cdn.example/x.png")).toBe(true);
    for (const bad of [" https://cdn.example/x.png", "https://cdn.example/x.png\t", "https://cdn.ex\nample/x.png", "ftp://cdn.example/x", "javascript:alert(1)", "/x.png", ""]) {
      expect(isHttpUrl(bad), bad).toBe(false);
    }
    expect(toHttpUrl(" https://cdn.example/x.png\t")).toBe("https://cdn.example/x.png");
    expect(toHttpUrl("https://cdn.ex ample/x.png")).toBeUndefined();
  });

  it("snowflakes are 17-20 digits", () => {
    expect(isSnowflake("12345678901234567")).toBe(true);
    expect(isSnowflake("12345678901234567890")).toBe(true);
    expect(isSnowflake("1234567890123456")).toBe(false);
    expect(isSnowflake("123456789012345678901")).toBe(false);
    expect(isSnowflake("1234567890123456a")).toBe(false);
  });

  it("usernames must not hold discord or clyde, in any case", () => {
    expect(forbiddenUsernameWord("Acme Alerts")).toBeUndefined();
    expect(forbiddenUsernameWord("My DISCORD bot")).toBe("discord");
    expect(forbiddenUsernameWord("ClydeBot")).toBe("clyde");
  });

  it("the id and token of a stored URL, also a malformed one", () => {
    const url = "https://discord.com/api/webhooks/123456789012345678/made-up-token-abcdefghijklmnop?thread_id=1";
    expect(discordIdOf(url)).toBe("123456789012345678");
    expect(tokenOf(url)).toEqual(["made-up-token-abcdefghijklmnop"]);
    expect(discordIdOf("not a url")).toBeNull();
    expect(tokenOf("not a url")).toEqual([]);
  });
});

describe("a padded avatar URL is sent trimmed", () => {
  let fake: DiscordFake;
  beforeAll(async () => {
    fake = await createDiscordFake({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: false });
  });
  afterAll(async () => {
    await fake.close();
  });

  it("from the call, the stored row and the branding alike; the fake (as Discord) refuses it raw", async () => {
    const padded = " https://cdn.example/x.png\t";
    const hook = fake.addWebhook();
    const store = memoryStore([{ id: "w1", name: "Ops", webhookUrl: hook.url, type: "SYSTEM", scope: "ADMIN", avatarUrl: padded }]);
    const transport = fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 5000 });
    const plain = createDispatcher({ store, transport });
    const branded = createDispatcher({ store: memoryStore([{ id: "w2", name: "Ops", webhookUrl: hook.url, type: "SYSTEM", scope: "ADMIN" }]), transport, branding: { avatarUrl: padded } });
    expect((await plain.dispatch("SYSTEM", { title: "stored" })).sent).toBe(1);
    expect((await plain.dispatch("SYSTEM", { title: "call" }, { avatarUrl: padded })).sent).toBe(1);
    expect((await branded.dispatch("SYSTEM", { title: "branding" })).sent).toBe(1);
    expect(fake.messages(hook.id).map((m) => m.body.avatar_url)).toEqual(["https://cdn.example/x.png", "https://cdn.example/x.png", "https://cdn.example/x.png"]);
    await expect(plain.dispatch("SYSTEM", { title: "bad" }, { avatarUrl: "https://cdn.ex ample/x.png" })).rejects.toBeInstanceOf(ValidationError);
    const raw = await fetch(`${fake.apiBaseUrl}/webhooks/${hook.id}/${hook.token}?wait=true`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ content: "x", avatar_url: padded }) });
    expect(raw.status).toBe(400);
    await plain.close();
    await branded.close();
  });
});

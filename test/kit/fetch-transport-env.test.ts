/** Issue 15 item 14: fetchTransport() honours DISCORD_API_BASE_URL (an explicit apiBaseUrl wins) and says where it sends. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { ConfigError, createDispatcher, fetchTransport, type Dispatcher } from "../../src/index.js";
import { createDiscordFake, type DiscordFake } from "../../src/testing/index.js";

let fake: DiscordFake | undefined;
let dispatcher: Dispatcher | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await dispatcher?.close({ timeoutMs: 1000 });
  dispatcher = undefined;
  await fake?.close();
});

describe("DISCORD_API_BASE_URL", () => {
  it("aims fetchTransport() when no apiBaseUrl is given; an explicit apiBaseUrl wins", async () => {
    fake = await createDiscordFake();
    const hook = fake.addWebhook();
    vi.stubEnv("DISCORD_API_BASE_URL", `${fake.apiBaseUrl}/`);
    const fromEnv = fetchTransport();
    expect(fromEnv.apiBaseUrl).toBe(fake.apiBaseUrl);
    expect((await fromEnv.send({ url: `${hook.url}?wait=true`, body: { content: "via env" } })).status).toBe(200);
    expect(fake.messages(hook.id).map((m) => m.body.content)).toEqual(["via env"]);

    vi.stubEnv("DISCORD_API_BASE_URL", "http://127.0.0.1:1/api/v10");
    const explicit = fetchTransport({ apiBaseUrl: fake.apiBaseUrl });
    expect(explicit.apiBaseUrl).toBe(fake.apiBaseUrl);
    vi.stubEnv("DISCORD_API_BASE_URL", "");
    expect(fetchTransport().apiBaseUrl).toBe("https://discord.com/api/v10");
  });

  it("is validated like apiBaseUrl, and the error names where the value came from", () => {
    vi.stubEnv("DISCORD_API_BASE_URL", "ftp://example.com/api");
    expect(() => fetchTransport()).toThrow(ConfigError);
    expect(() => fetchTransport()).toThrow(/DISCORD_API_BASE_URL.*apiBaseUrl must be an http\(s\) URL/);
    expect(() => fetchTransport({ apiBaseUrl: "http://127.0.0.1:8787/api/v10?x=1" })).toThrow(/fetchTransport: apiBaseUrl must be/);
  });

  it("the default transport of createDispatcher sends there, and the dispatcher logs it once", async () => {
    fake = await createDiscordFake();
    const hook = fake.addWebhook();
    vi.stubEnv("DISCORD_API_BASE_URL", fake.apiBaseUrl);
    const info = vi.fn();
    const store = memoryStore([{ id: "w1", name: "hook", webhookUrl: hook.url, type: "CUSTOM", scope: "ADMIN" }]);
    dispatcher = createDispatcher({ store, logger: { info } });
    const result = await dispatcher.dispatch("CUSTOM", { title: "to the fake" });
    await dispatcher.dispatch("CUSTOM", { title: "again" });
    expect(result.sent).toBe(1);
    expect(fake.messages(hook.id)).toHaveLength(2);
    const lines = info.mock.calls.map((c) => String(c[0])).filter((m) => m.includes("sending to"));
    expect(lines).toEqual([`[discord-webhook-dispatcher] sending to ${fake.apiBaseUrl}, not to Discord's API`]);
  });
});

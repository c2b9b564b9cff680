/** Issue 15 item 11: redirects are never followed, a 3xx fails typed and unretried, errors name the real method. */
import { afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, DiscordHTTPError, type Dispatcher } from "../../src/index.js";
import { createDiscordFake, type DiscordFake } from "../../src/testing/index.js";
import { fetchTransportVia, HTTP_PATHS } from "./helpers.js";

let fake: DiscordFake | undefined;
let dispatcher: Dispatcher | undefined;
afterEach(async () => {
  await dispatcher?.close({ timeoutMs: 1000 });
  await fake?.close();
});

describe.each(HTTP_PATHS)("fetchTransport and redirects (%s)", (path) => {
  it("hands a 302 back as the answer and never follows it", async () => {
    fake = await createDiscordFake();
    const from = fake.addWebhook();
    const to = fake.addWebhook();
    fake.inject(from.id, { status: 302, headers: { location: `${fake.apiBaseUrl}/webhooks/${to.id}/${to.token}?wait=true` } });
    const transport = fetchTransportVia(path, { apiBaseUrl: fake.apiBaseUrl });
    const res = await transport.send({ url: `${from.url}?wait=true`, body: { content: "hello" } });
    expect(res.status).toBe(302);
    expect(fake.messages(to.id)).toHaveLength(0);
    expect(fake.requests()).toHaveLength(1);
  });

  it("the dispatcher fails a redirected delivery once, with a DiscordHTTPError, without retrying", async () => {
    fake = await createDiscordFake();
    const from = fake.addWebhook();
    const to = fake.addWebhook();
    fake.inject(from.id, { status: 307, headers: { location: `${fake.apiBaseUrl}/webhooks/${to.id}/${to.token}?wait=true` } });
    const store = memoryStore([{ id: "w1", name: "moved", webhookUrl: from.url, type: "CUSTOM", scope: "ADMIN" }]);
    dispatcher = createDispatcher({ store, transport: fetchTransportVia(path, { apiBaseUrl: fake.apiBaseUrl }), retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 2 } });
    const result = await dispatcher.dispatch("CUSTOM", { title: "hello" });
    expect(result.failed).toBe(1);
    const error = result.errors[0]?.error;
    expect(error).toBeInstanceOf(DiscordHTTPError);
    expect((error as DiscordHTTPError).status).toBe(307);
    expect(error?.message).toContain("redirect refused");
    expect(fake.requests()).toHaveLength(1);
    expect(fake.messages(to.id)).toHaveLength(0);
    expect((await store.getWebhook("w1"))?.enabled).toBe(true);
  });

  it("verify()'s error names GET, a send's error names POST", async () => {
    fake = await createDiscordFake();
    const hook = fake.addWebhook();
    const store = memoryStore([{ id: "w1", name: "hook", webhookUrl: hook.url, type: "CUSTOM", scope: "ADMIN" }]);
    dispatcher = createDispatcher({ store, transport: fetchTransportVia(path, { apiBaseUrl: fake.apiBaseUrl }) });
    fake.inject(hook.id, { status: 403, body: { message: "Missing Access", code: 50001 } });
    const verified = await dispatcher.verify("w1");
    expect(verified.error).toBeInstanceOf(DiscordHTTPError);
    expect((verified.error as DiscordHTTPError).method).toBe("GET");
    expect(verified.error?.message).toMatch(/^\[discord-webhook-dispatcher\] \[GET\] "https:\/\/discord\.com\/api\/v10\/webhooks\/\d+\/\*\*\*": 403/);
    const sent = await dispatcher.dispatch("CUSTOM", { title: "x" });
    expect((sent.errors[0]?.error as DiscordHTTPError).method).toBe("POST");
    expect(sent.errors[0]?.error.message).toContain("[POST]");
  });
});

/**
 * Issue 15 item 3: a custom transport that throws as the contract says (`new TransportError(msg, req.url)`, the
 * URL with its token, and a message that repeats the token) must not put the token anywhere the host can see.
 */
import { afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, fetchTransport, TransportError, type Dispatcher } from "../../src/index.js";
import { createDiscordFake, type DiscordFake } from "../../src/testing/index.js";
import { allText } from "./all-text.js";
import { leakyTransport } from "./leaky-transport.js";

let fake: DiscordFake | undefined;
let dispatcher: Dispatcher | undefined;
afterEach(async () => {
  await dispatcher?.close({ timeoutMs: 1000 });
  await fake?.close();
});

describe("a custom transport's errors are re-made without the token", () => {
  it.each(["TRANSPORT", "TIMEOUT"] as const)("results, hooks, logs, test() and verify() stay token-free (%s)", async (code) => {
    fake = await createDiscordFake({ timeScale: 0.05 });
    const store = memoryStore();
    const good = fake.addWebhook();
    const bad = fake.addWebhook();
    const badRecord = await store.createWebhook({ name: "bad", webhookUrl: bad.url, type: "CUSTOM", scope: "ADMIN" });
    await store.createWebhook({ name: "good", webhookUrl: good.url, type: "CUSTOM", scope: "ADMIN" });
    const logs: unknown[] = [];
    const hooks: { name: string; event: unknown }[] = [];
    const log = (message: string, meta?: unknown): void => void logs.push(message, meta);
    dispatcher = createDispatcher({
      store,
      transport: leakyTransport(fetchTransport({ apiBaseUrl: fake.apiBaseUrl }), new Set([bad.id]), code),
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      logger: { debug: log, info: log, warn: log, error: log },
      hooks: { onRetry: (event) => hooks.push({ name: "onRetry", event }), onFailed: (event) => hooks.push({ name: "onFailed", event }) },
    });

    const result = await dispatcher.dispatch("CUSTOM", { title: "hello" });
    const tested = await dispatcher.test(badRecord.id);
    const verified = await dispatcher.verify(badRecord.id);

    expect(result.sent).toBe(1);
    expect(result.failed).toBe(1);
    const error = result.errors[0]?.error;
    expect(error).toBeInstanceOf(TransportError);
    expect(error?.code).toBe(code);
    expect((error as TransportError).url).toBe(`https://discord.com/api/v10/webhooks/${bad.id}/***?wait=true`);
    expect(tested.ok).toBe(false);
    expect(tested.error).toBeInstanceOf(TransportError);
    expect((verified.error as TransportError).url).toBe(`https://discord.com/api/v10/webhooks/${bad.id}/***`);
    expect(hooks.map((h) => h.name)).toEqual(expect.arrayContaining(["onRetry", "onFailed"]));
    expect(logs.length).toBeGreaterThan(0);
    const everything = allText([result, tested, verified, logs, hooks]);
    for (const text of everything) expect(text).not.toContain(bad.token);
    // The error still says what happened.
    expect(error?.message).toContain("connection reset for token ***");
  });
});

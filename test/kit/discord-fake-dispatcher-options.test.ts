import { describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher } from "../../src/index.js";
import { useFakePerTest } from "./helpers.js";

describe("fake.dispatcherOptions()", () => {
  const start = useFakePerTest();

  it("scales the dispatcher's windows and backoff to the fake's time and limits", async () => {
    const fake = await start({ timeScale: 0.01, globalRateLimit: { limit: 20, windowMs: 1000 } });
    const options = fake.dispatcherOptions();
    expect(options.rateLimit).toEqual({ globalLimit: 20, globalWindowMs: 10, channelWindowMs: 600, marginMs: 0.5 });
    expect(options.retry).toEqual({ baseDelayMs: 5, maxDelayMs: 300 });
  });

  it("turns the dispatcher's global budget off when the fake has none", async () => {
    const fake = await start({ globalRateLimit: false, channelRateLimit: { limit: 5, windowMs: 10_000 } });
    expect(fake.dispatcherOptions().rateLimit).toMatchObject({ globalLimit: 0, channelWindowMs: 10_000 });
    expect(fake.dispatcherOptions().rateLimit).not.toHaveProperty("globalWindowMs");
  });

  it("is the one line a test needs: the transport reaches the fake, retries of a 5xx wait scaled delays", async () => {
    const fake = await start({ timeScale: 0.001 });
    const hook = fake.addWebhook();
    const store = memoryStore([{ name: "ops", webhookUrl: hook.url, type: "CUSTOM", scope: "ADMIN" }]);
    const dispatcher = createDispatcher({ store, ...fake.dispatcherOptions() });
    fake.inject(hook.id, { status: 503 }, { times: 2 });
    const result = await dispatcher.custom({ title: "Retried" });
    expect(result.success).toBe(true);
    expect(result.deliveries[0]?.attempts).toBe(3);
    expect(fake.messages(hook.id)).toHaveLength(1);
    await dispatcher.close();
  });
});

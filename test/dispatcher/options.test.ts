/**
 * Issue 15 item 6: out-of-range numbers are refused at creation with a ConfigError naming the option (they used
 * to become 1 ms timers), and `close({ timeoutMs: Infinity })` waits without limit (it used to mean 10 s).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { ConfigError, createDispatcher, createWebhookManager, fetchTransport, type Dispatcher } from "../../src/index.js";
import { redisQueue } from "../../src/redis/index.js";
import { createDiscordFake, type DiscordFake } from "../../src/testing/index.js";

const RANGE = "must be a finite number between 1 and 2147483647";
const BAD_MS = [Infinity, Number.NaN, 2 ** 31, 0, -5, "100"] as const;

let fake: DiscordFake | undefined;
let dispatcher: Dispatcher | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await dispatcher?.close({ timeoutMs: 1000 });
  dispatcher = undefined;
  await fake?.close();
});

const create = (extra: Record<string, unknown>): Dispatcher => createDispatcher({ store: memoryStore(), ...extra });

describe("option schemas", () => {
  it("createDispatcher refuses every out-of-range duration or count, naming the option", () => {
    for (const bad of BAD_MS) {
      expect(() => create({ timeoutMs: bad })).toThrow(ConfigError);
      expect(() => create({ timeoutMs: bad })).toThrow(`createDispatcher: timeoutMs ${RANGE}`);
      expect(() => create({ storeTimeoutMs: bad })).toThrow(`storeTimeoutMs ${RANGE}`);
      expect(() => create({ rateLimit: { globalWindowMs: bad } })).toThrow(`rateLimit.globalWindowMs ${RANGE}`);
    }
    expect(() => create({ retry: { attempts: 1.5 } })).toThrow("retry.attempts must be a whole number between 1 and 100");
    expect(() => create({ retry: { maxDelayMs: 2 ** 31 } })).toThrow("retry.maxDelayMs must be a finite number between 0 and 2147483647");
    expect(() => create({ rateLimit: { maxQueuePerLane: 0 } })).toThrow("rateLimit.maxQueuePerLane must be a whole number");
    expect(() => create({ clock: "now" })).toThrow("clock must be a function");
    expect(() => create({ now: "today" })).toThrow("now must be a function");
    expect(() => create({ logger: { info: "yes" } })).toThrow("logger must be an object of functions");
    expect(() => create({ worker: "no" })).toThrow(ConfigError);
    expect(() => create({ store: undefined })).toThrow("store is required");
    // The limits themselves, and "no limit" where it is spelled so, are accepted.
    expect(() => create({ timeoutMs: 2 ** 31 - 1, rateLimit: { channelLimit: Infinity, globalLimit: 0, marginMs: 0 } })).not.toThrow();
  });

  it("redisQueue, createWebhookManager and fetchTransport refuse out-of-range numbers the same way", () => {
    const connection = "redis://127.0.0.1:1";
    expect(() => redisQueue({ connection, leaseMs: Infinity })).toThrow("redisQueue: leaseMs must be a finite number between 1000 and 2147483647");
    expect(() => redisQueue({ connection, outcomeTtlMs: Number.NaN })).toThrow(`redisQueue: outcomeTtlMs ${RANGE}`);
    expect(() => redisQueue({ connection, concurrency: 0 })).toThrow("redisQueue: concurrency must be a whole number between 1 and 10000");
    expect(() => redisQueue({ connection, prefix: "a:b" })).toThrow("redisQueue: prefix must match");
    const d = create({});
    expect(() => createWebhookManager({ dispatcher: d, testCooldownMs: 2 ** 31 })).toThrow("createWebhookManager: testCooldownMs must be a finite number between 0 and 2147483647");
    expect(() => createWebhookManager({ dispatcher: d, maxWebhooksPerOwner: -1 })).toThrow("createWebhookManager: maxWebhooksPerOwner must be a whole number");
    expect(() => createWebhookManager({ dispatcher: d, maxWebhooksPerOwner: Infinity, testCooldownMs: 0 })).not.toThrow();
    for (const bad of BAD_MS) expect(() => fetchTransport({ timeoutMs: bad as number })).toThrow(`fetchTransport: timeoutMs ${RANGE}`);
  });

  it("close() refuses a NaN or negative timeoutMs", async () => {
    const d = create({});
    await expect(d.close({ timeoutMs: Number.NaN })).rejects.toThrow("close: timeoutMs must be a finite number between 0 and 2147483647, or Infinity (no limit)");
    await expect(d.close({ timeoutMs: -1 })).rejects.toThrow(ConfigError);
    await d.close();
  });

  it("close({ timeoutMs: Infinity }) waits for a send however long it takes (it used to give up after 10 s)", async () => {
    // Only timers are faked (the fake's delay, the engine's grace); sockets and setImmediate stay real.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    fake = await createDiscordFake();
    const hook = fake.addWebhook();
    fake.inject(hook.id, { kind: "delay", ms: 20_000 }, { times: 1 });
    const store = memoryStore([{ id: "w1", name: "slow", webhookUrl: hook.url, type: "CUSTOM", scope: "ADMIN" }]);
    dispatcher = createDispatcher({ store, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl }), timeoutMs: 60_000 });
    const sending = dispatcher.dispatch("CUSTOM", { title: "slow" });
    await vi.waitFor(() => expect(fake?.requests()).toHaveLength(1), { interval: 5 });
    let closed = false;
    const closing = dispatcher.close({ timeoutMs: Infinity }).then(() => (closed = true));
    await vi.advanceTimersByTimeAsync(15_000);
    expect(closed).toBe(false);
    await vi.advanceTimersByTimeAsync(6000);
    vi.useRealTimers();
    await closing;
    expect((await sending).deliveries[0]?.status).toBe("delivered");
  });
});

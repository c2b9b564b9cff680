/**
 * Redis pauses, flushes and blips around a delivery (issue 15, items 18-21), each on a redis-server of the test's
 * own: a push that got no answer says it may have been queued, and a retry with the same idempotency key posts
 * once; a caller whose record vanished gets LOST within a bound; writes after a send survive a connection blip, so
 * the caller gets `sent` and the message is posted once; error messages name the adapter once.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../../adapters/memory/index.js";
import { createDispatcher, fetchTransport, StoreError, type Dispatcher, type DispatchResult, type WebhookStore } from "../../../src/index.js";
import { redisQueue } from "../../../src/redis/index.js";
import { createDiscordFake, type FakeWebhook } from "../../../src/testing/index.js";
import { freshPrefix, requireRedisUrl } from "./support/env.js";
import { startCutProxy, type CutProxy } from "./support/cut-proxy.js";
import { startOwnRedis, type OwnRedis } from "./support/own-redis.js";

// The suite runs its own servers, but belongs to the Redis suites: it fails without one like the others.
requireRedisUrl();
const fake = await createDiscordFake();
const servers: OwnRedis[] = [];
const proxies: CutProxy[] = [];
const open: Dispatcher[] = [];
afterEach(async () => {
  for (const s of servers) s.resume();
  await Promise.all(open.splice(0).map((d) => d.close({ timeoutMs: 1000 })));
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  for (const s of servers.splice(0)) s.stop();
});
afterAll(() => fake.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const titles = (hook: FakeWebhook): string[] => fake.messages(hook.id).flatMap((m) => (m.body.embeds as { title: string }[]).map((e) => e.title));

async function setup(store?: (base: WebhookStore) => WebhookStore): Promise<{ redis: OwnRedis; hook: FakeWebhook; worker: Dispatcher; producer: Dispatcher }> {
  const redis = await startOwnRedis();
  servers.push(redis);
  const hook = fake.addWebhook();
  const base = memoryStore([{ id: "w", name: "hook", webhookUrl: hook.url, type: "CUSTOM", scope: "ADMIN" }]);
  const shared = { store: store ? store(base) : base, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000 }) };
  const prefix = freshPrefix();
  // The worker reaches Redis through a proxy that can cut its connections; the producer directly.
  const proxy = await startCutProxy(redis.url);
  proxies.push(proxy);
  // A lease far longer than the faults: what is measured is the writes, not an adoption.
  const worker = createDispatcher({ ...shared, queue: redisQueue({ connection: proxy.url, prefix, leaseMs: 30_000 }) });
  const producer = createDispatcher({ ...shared, queue: redisQueue({ connection: redis.url, prefix }), worker: false });
  open.push(worker, producer);
  // Both connected before any fault.
  expect((await producer.dispatch("CUSTOM", { title: "warm-up" })).sent).toBe(1);
  return { redis, hook, worker, producer };
}

/** Settles `p` or gives `"pending"` after `ms`. */
const within = <T>(p: Promise<T>, ms: number): Promise<T | "pending"> => Promise.race([p, sleep(ms).then(() => "pending" as const)]);

describe("redisQueue() through Redis faults", () => {
  it("a push that got no answer rejects ENQUEUE_UNCERTAIN, never STORE; a retry with the same idempotencyKey posts once", async () => {
    const { redis, hook, producer } = await setup();
    redis.pause();
    const calls = [0, 1, 2, 3].map((i) => producer.dispatch("CUSTOM", { title: `paused ${i}` }, { idempotencyKey: `event-${i}` }).then(
      (r): DispatchResult | StoreError => r,
      (e: unknown) => e as StoreError,
    ));
    const answers = await Promise.all(calls);
    await sleep(1500);
    redis.resume();
    for (const answer of answers) {
      expect(answer).toBeInstanceOf(StoreError);
      expect(answer).toMatchObject({ code: "ENQUEUE_UNCERTAIN", adapter: "redis" });
      expect((answer as StoreError).message).toMatch(/^\[discord-webhook-dispatcher\] \[redis\] push got no answer/);
    }
    // Nothing was reported as not queued; had it been, it must never be posted.
    const notQueued = answers.flatMap((a, i) => (a instanceof StoreError && a.code === "ENQUEUE_UNCERTAIN" ? [] : [`paused ${i}`]));
    expect(notQueued).toEqual([]);
    // The caller retries as the error says: each key posts once, and each retry gets the first delivery's outcome.
    const retries = await Promise.all([0, 1, 2, 3].map((i) => producer.dispatch("CUSTOM", { title: `paused ${i} (retry)` }, { idempotencyKey: `event-${i}` })));
    expect(retries.map((r) => r.deliveries[0]?.status)).toEqual(["delivered", "delivered", "delivered", "delivered"]);
    await sleep(500);
    expect(titles(hook).sort()).toEqual(["paused 0", "paused 1", "paused 2", "paused 3", "warm-up"]);
    // A new key is a new delivery.
    expect((await producer.dispatch("CUSTOM", { title: "fresh" }, { idempotencyKey: "event-4" })).sent).toBe(1);
  }, 40_000);

  it("a caller whose delivery record vanished (FLUSHALL) gets a LOST failure within the bound", async () => {
    const redis = await startOwnRedis();
    servers.push(redis);
    const hook = fake.addWebhook();
    const store = memoryStore([{ id: "w", name: "hook", webhookUrl: hook.url, type: "CUSTOM", scope: "ADMIN" }]);
    // No worker: the delivery waits in Redis when it is flushed.
    const queue = redisQueue({ connection: redis.url, prefix: freshPrefix() });
    const producer = createDispatcher({ store, queue, worker: false });
    open.push(producer);
    const waiting = producer.dispatch("CUSTOM", { title: "flushed" });
    await sleep(300);
    const { Redis } = await import("ioredis");
    const raw = new Redis(redis.url);
    await raw.flushall();
    raw.disconnect();
    const result = await within(waiting, 8000);
    expect(result).not.toBe("pending");
    const report = (result as DispatchResult).deliveries[0];
    expect(report).toMatchObject({ status: "failed" });
    expect(report?.error).toBeInstanceOf(StoreError);
    expect(report?.error).toMatchObject({ code: "LOST" });
    expect(report?.error?.message).toMatch(/^\[discord-webhook-dispatcher\] \[redis\] The delivery's record is gone/);
  }, 20_000);

  it("an outcome write that fails in a connection blip is retried: the caller gets sent", async () => {
    let cutOnWrite: CutProxy | undefined;
    const { hook, producer } = await setup((base) => ({
      ...base,
      // The store write comes right before the outcome write: the worker's connections drop there for 1.5 s.
      markDelivered: async (id, at) => {
        cutOnWrite?.cut(1500);
        cutOnWrite = undefined;
        return base.markDelivered(id, at);
      },
      markDeliveredMany: undefined,
    }));
    cutOnWrite = proxies[0];
    const result = await within(producer.dispatch("CUSTOM", { title: "blip" }), 15_000);
    expect(result).not.toBe("pending");
    expect((result as DispatchResult).deliveries[0]).toMatchObject({ status: "delivered", lastStatus: 200 });
    expect(titles(hook)).toEqual(["warm-up", "blip"]);
  }, 30_000);

  it("removing a sent message's jobs in a connection blip is retried: posted once, and the caller gets sent", async () => {
    const { hook, producer } = await setup();
    const delay = fake.inject(hook.id, { kind: "delay", ms: 300 }, { times: 1 });
    const waiting = producer.dispatch("CUSTOM", { title: "answered in a blip" });
    while (delay.hits === 0) await sleep(5);
    proxies[0]?.cut(1500);
    const result = await within(waiting, 15_000);
    expect(result).not.toBe("pending");
    expect((result as DispatchResult).deliveries[0]).toMatchObject({ status: "delivered", lastStatus: 200 });
    await sleep(1500);
    expect(titles(hook)).toEqual(["warm-up", "answered in a blip"]);
  }, 30_000);
});

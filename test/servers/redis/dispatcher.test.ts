/**
 * The dispatcher in durable mode, in one process, on a real Redis and the Discord fake: producers and workers
 * sharing one queue, `wait: false`, close() leaving work queued, a 404 disabling once, bounded keys.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../../adapters/memory/index.js";
import { createDispatcher, fetchTransport, StoreError, type Dispatcher, type WebhookStore } from "../../../src/index.js";
import { redisDeliveryLog, redisQueue } from "../../../src/redis/index.js";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../../src/testing/index.js";
import { dumpPrefix, freshPrefix, rawClient, requireRedisUrl } from "./support/env.js";

const url = requireRedisUrl();
const fake: DiscordFake = await createDiscordFake();
const open: Dispatcher[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close({ timeoutMs: 2000 })));
});
afterAll(() => fake.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await sleep(20);
  }
}

function setup(count = 1): { store: WebhookStore; hooks: FakeWebhook[]; prefix: string } {
  const hooks = Array.from({ length: count }, () => fake.addWebhook());
  const store = memoryStore(hooks.map((h, i) => ({ id: `w${i}`, name: `hook ${i}`, webhookUrl: h.url, type: "CUSTOM" as const, scope: "ADMIN" as const })));
  return { store, hooks, prefix: freshPrefix() };
}

function dispatcher(store: WebhookStore, queue: ReturnType<typeof redisQueue>, worker = true): Dispatcher {
  const d = createDispatcher({ store, queue, worker, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000 }) });
  open.push(d);
  return d;
}

describe("dispatcher with redisQueue()", () => {
  it("a producer (worker: false) gets the full result once a worker sharing the queue settled it", async () => {
    const { store, hooks, prefix } = setup();
    const queue = redisQueue({ connection: url, prefix, leaseMs: 2000 });
    dispatcher(store, queue);
    const producer = dispatcher(store, queue, false);
    const result = await producer.dispatch("CUSTOM", { title: "hello" });
    expect(result).toMatchObject({ success: true, matched: 1, sent: 1, failed: 0 });
    expect(result.deliveries[0]).toMatchObject({ status: "delivered", attempts: 1, lastStatus: 200 });
    expect(result.deliveries[0]?.messageIds).toEqual([fake.messages(hooks[0]!.id)[0]?.id]);
  });

  it("the process that settles a delivery logs it, once: awaited or not, sent by another process", async () => {
    const { store, hooks, prefix } = setup();
    const queue = redisQueue({ connection: url, prefix, leaseMs: 2000 });
    const log = redisDeliveryLog({ connection: url, prefix: `${prefix}-log` });
    const make = (worker: boolean): Dispatcher => {
      const d = createDispatcher({ store, queue, worker, deliveryLog: log, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000 }) });
      open.push(d);
      return d;
    };
    const worker = make(true);
    const producer = make(false);
    const awaited = await producer.dispatch("CUSTOM", { title: "awaited" });
    const queued = await producer.dispatch("CUSTOM", { title: "not awaited" }, { wait: false });
    expect(awaited.deliveries[0]?.status).toBe("delivered");
    expect(queued.deliveries[0]?.status).toBe("queued");
    await until(() => fake.messages(hooks[0]!.id).length === 2);
    // The worker settles after Discord answered and writes the entry off the lane: wait until both are in.
    await until(async () => {
      await worker.flush();
      return (await log.list("w0")).length >= 2;
    });
    await sleep(100);
    const entries = await log.list("w0");
    expect(entries).toHaveLength(2);
    expect(entries.every((e) => e.status === "delivered" && e.family === "dispatch")).toBe(true);
    expect(entries.flatMap((e) => e.messageIds).sort()).toEqual(fake.messages(hooks[0]!.id).map((m) => m.id).sort());
    await log.close?.();
  });

  it("{ wait: false } resolves once queued (status queued); a worker sends it", async () => {
    const { store, hooks, prefix } = setup();
    const producer = dispatcher(store, redisQueue({ connection: url, prefix }), false);
    const result = await producer.dispatch("CUSTOM", { title: "later" }, { wait: false });
    expect(result).toMatchObject({ success: true, matched: 1, sent: 0, failed: 0 });
    expect(result.deliveries.map((d) => d.status)).toEqual(["queued"]);
    expect(fake.messages(hooks[0]!.id)).toHaveLength(0);
    dispatcher(store, redisQueue({ connection: url, prefix, leaseMs: 2000 }));
    await until(() => fake.messages(hooks[0]!.id).length === 1);
  });

  it("close() never fails queued work: waiting calls resolve queued, and another process sends it later", async () => {
    const { store, hooks, prefix } = setup();
    const producer = createDispatcher({ store, queue: redisQueue({ connection: url, prefix }), worker: false });
    const waiting = producer.dispatch("CUSTOM", { title: "kept" });
    await sleep(100);
    await producer.close();
    const result = await waiting;
    expect(result.failed).toBe(0);
    expect(result.deliveries.map((d) => d.status)).toEqual(["queued"]);
    // After close, new calls are refused as CLOSED (the dispatcher contract), never queued silently.
    const late = await producer.dispatch("CUSTOM", { title: "late" });
    expect(late.errors[0]?.error.code).toBe("CLOSED");
    dispatcher(store, redisQueue({ connection: url, prefix, leaseMs: 2000 }));
    await until(() => fake.messages(hooks[0]!.id).length === 1);
    expect(fake.messages(hooks[0]!.id)[0]?.body).toMatchObject({ embeds: [{ title: "kept" }] });
  });

  it("a 404 disables the webhook in the store once; no worker calls it again", async () => {
    const { store, hooks, prefix } = setup();
    dispatcher(store, redisQueue({ connection: url, prefix, leaseMs: 2000 }));
    dispatcher(store, redisQueue({ connection: url, prefix, leaseMs: 2000 }));
    const producer = dispatcher(store, redisQueue({ connection: url, prefix }), false);
    fake.removeWebhook(hooks[0]!.id);
    const results = await Promise.all([1, 2, 3].map((n) => producer.dispatch("CUSTOM", { title: `gone ${n}` })));
    expect(results.every((r) => r.failed === 1)).toBe(true);
    expect(fake.requests().filter((r) => r.webhookId === hooks[0]!.id)).toHaveLength(1);
    expect((await store.getWebhook("w0"))?.enabled).toBe(false);
    expect((await producer.dispatch("CUSTOM", { title: "after" })).matched).toBe(0);
  });

  it("rejects at once with a StoreError when Redis is unreachable, never falling back to memory", async () => {
    const { store } = setup();
    const producer = dispatcher(store, redisQueue({ connection: "redis://127.0.0.1:1", prefix: freshPrefix() }), false);
    const started = Date.now();
    await expect(producer.dispatch("CUSTOM", { title: "x" })).rejects.toBeInstanceOf(StoreError);
    expect(Date.now() - started).toBeLessThan(3000);
    const again = Date.now();
    await expect(producer.dispatch("CUSTOM", { title: "y" }, { wait: false })).rejects.toMatchObject({ code: "STORE", adapter: "redis" });
    expect(Date.now() - again).toBeLessThan(500);
  });

  it("keeps Redis bounded: after a run every key but BullMQ's fixed bookkeeping expires, and no URL or token is stored", async () => {
    const { store, hooks, prefix } = setup(5);
    dispatcher(store, redisQueue({ connection: url, prefix, leaseMs: 2000, outcomeTtlMs: 60_000 }));
    const producer = dispatcher(store, redisQueue({ connection: url, prefix }), false);
    for (let i = 0; i < 40; i++) await producer.dispatch("CUSTOM", { title: `n${i}` }, { wait: false });
    await until(() => hooks.every((h) => fake.messages(h.id).flatMap((m) => m.body.embeds as unknown[]).length === 40), 30_000);
    await sleep(200);
    const raw = rawClient();
    const dump = await dumpPrefix(raw, prefix);
    raw.disconnect();
    expect(dump.filter((k) => k.ttl < 0 && !k.key.startsWith(`${prefix}:lanes:`)).map((k) => k.key)).toEqual([]);
    // BullMQ keeps a handful of keys per queue (meta, id counter, events stream), not one per job.
    expect(dump.filter((k) => k.key.startsWith(`${prefix}:lanes:`)).length).toBeLessThan(12);
    const secrets = hooks.map((h) => h.token);
    expect(dump.filter((k) => secrets.some((s) => k.value.includes(s)) || k.value.includes("discord.com/api"))).toEqual([]);
  });
});

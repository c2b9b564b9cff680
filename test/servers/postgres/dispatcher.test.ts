/**
 * The dispatcher in durable mode on a real PostgreSQL and the Discord fake: producers and workers sharing one queue,
 * `wait: false`, close() leaving work queued, the database down, bounded rows, no token stored.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../../adapters/memory/index.js";
import { ConfigError, createDispatcher, fetchTransport, StoreError, type Dispatcher, type WebhookStore } from "../../../src/index.js";
import { postgresQueue } from "../../../src/postgres/index.js";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../../src/testing/index.js";
import { requireEnv } from "../env.js";

const url = requireEnv("DATABASE_URL_PG");
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
const freshPrefix = (): string => `t${randomUUID().slice(0, 8)}_`;

function setup(count = 1): { store: WebhookStore; hooks: FakeWebhook[]; prefix: string } {
  const hooks = Array.from({ length: count }, () => fake.addWebhook());
  const store = memoryStore(hooks.map((h, i) => ({ id: `w${i}`, name: `hook ${i}`, webhookUrl: h.url, type: "CUSTOM" as const, scope: "ADMIN" as const })));
  return { store, hooks, prefix: freshPrefix() };
}

function dispatcher(store: WebhookStore, queue: ReturnType<typeof postgresQueue>, worker = true): Dispatcher {
  const d = createDispatcher({ store, queue, worker, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000 }) });
  open.push(d);
  return d;
}

describe("dispatcher with postgresQueue()", () => {
  it("a producer (worker: false) gets the full result once a worker sharing the queue settled it", async () => {
    const { store, hooks, prefix } = setup();
    dispatcher(store, postgresQueue({ connection: url, prefix, leaseMs: 2000 }));
    const producer = dispatcher(store, postgresQueue({ connection: url, prefix }), false);
    const result = await producer.dispatch("CUSTOM", { title: "hello" });
    expect(result).toMatchObject({ success: true, matched: 1, sent: 1, failed: 0 });
    expect(result.deliveries[0]).toMatchObject({ status: "delivered", attempts: 1, lastStatus: 200 });
    expect(result.deliveries[0]?.messageIds).toEqual([fake.messages(hooks[0]!.id)[0]?.id]);
  });

  it("{ wait: false } resolves once queued; a worker started later sends it, in order", async () => {
    const { store, hooks, prefix } = setup();
    const producer = dispatcher(store, postgresQueue({ connection: url, prefix }), false);
    for (let i = 0; i < 5; i++) {
      const result = await producer.dispatch("CUSTOM", { title: `later ${i}` }, { wait: false });
      expect(result.deliveries.map((d) => d.status)).toEqual(["queued"]);
    }
    expect(fake.messages(hooks[0]!.id)).toHaveLength(0);
    dispatcher(store, postgresQueue({ connection: url, prefix, leaseMs: 2000 }));
    const titles = () => fake.messages(hooks[0]!.id).flatMap((m) => (m.body.embeds as Array<{ title: string }>).map((e) => e.title));
    await until(() => titles().length === 5);
    expect(titles()).toEqual([0, 1, 2, 3, 4].map((i) => `later ${i}`));
  });

  it("close() never fails queued work: waiting calls resolve queued, and another process sends it later", async () => {
    const { store, hooks, prefix } = setup();
    const producer = createDispatcher({ store, queue: postgresQueue({ connection: url, prefix }), worker: false });
    const waiting = producer.dispatch("CUSTOM", { title: "kept" });
    await sleep(100);
    await producer.close();
    const result = await waiting;
    expect(result.failed).toBe(0);
    expect(result.deliveries.map((d) => d.status)).toEqual(["queued"]);
    dispatcher(store, postgresQueue({ connection: url, prefix, leaseMs: 2000 }));
    await until(() => fake.messages(hooks[0]!.id).length === 1);
    expect(fake.messages(hooks[0]!.id)[0]?.body).toMatchObject({ embeds: [{ title: "kept" }] });
  });

  it("rejects at once with a StoreError when PostgreSQL is unreachable, never falling back to memory", async () => {
    const { store } = setup();
    const producer = dispatcher(store, postgresQueue({ connection: "postgresql://postgres@127.0.0.1:1/none", prefix: freshPrefix() }), false);
    const started = Date.now();
    await expect(producer.dispatch("CUSTOM", { title: "x" })).rejects.toBeInstanceOf(StoreError);
    expect(Date.now() - started).toBeLessThan(3000);
    await expect(producer.dispatch("CUSTOM", { title: "y" }, { wait: false })).rejects.toMatchObject({ code: "STORE", adapter: "postgres" });
  });

  it("refuses bad options with a ConfigError naming them", () => {
    expect(() => postgresQueue({ connection: "" })).toThrow(ConfigError);
    expect(() => postgresQueue({ connection: url, prefix: "bad-prefix;" })).toThrow(/prefix/);
    expect(() => postgresQueue({ connection: url, leaseMs: 10 })).toThrow(/leaseMs/);
  });

  it("keeps the tables bounded: no job or lane row is left after a run, and no URL or token is stored", async () => {
    const { store, hooks, prefix } = setup(5);
    dispatcher(store, postgresQueue({ connection: url, prefix, leaseMs: 2000 }));
    const producer = dispatcher(store, postgresQueue({ connection: url, prefix }), false);
    for (let i = 0; i < 40; i++) await producer.dispatch("CUSTOM", { title: `n${i}` }, { wait: false });
    await until(() => hooks.every((h) => fake.messages(h.id).flatMap((m) => m.body.embeds as unknown[]).length === 40), 30_000);
    await sleep(300);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect((await client.query(`SELECT count(*)::int AS n FROM "${prefix}jobs"`)).rows[0]).toEqual({ n: 0 });
      expect((await client.query(`SELECT count(*)::int AS n FROM "${prefix}lanes"`)).rows[0]).toEqual({ n: 0 });
      const dump = JSON.stringify((await client.query(`SELECT * FROM "${prefix}deliveries"`)).rows);
      expect(hooks.some((h) => dump.includes(h.token)) || dump.includes("/api/")).toBe(false);
    } finally {
      await client.end();
    }
  });

  it("a connection string opens at most 5 pooled connections plus the listener per process, under a burst", async () => {
    const { store, hooks, prefix } = setup(20);
    const app = `dwd_pool_${prefix}`;
    const named = `${url}${url.includes("?") ? "&" : "?"}application_name=${app}`;
    const d = dispatcher(store, postgresQueue({ connection: named, prefix, leaseMs: 2000 }));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      let most = 0;
      const sampling = { on: true };
      const sampler = (async () => {
        while (sampling.on) {
          const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1", [app]);
          most = Math.max(most, rows[0]?.n ?? 0);
          await sleep(5);
        }
      })();
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => d.dispatch("CUSTOM", { title: `pooled ${i}` })));
      sampling.on = false;
      await sampler;
      expect(results.every((r) => r.success)).toBe(true);
      expect(hooks.every((h) => fake.messages(h.id).length > 0)).toBe(true);
      expect(most).toBeGreaterThan(1);
      expect(most).toBeLessThanOrEqual(6);
    } finally {
      await client.end();
    }
  }, 60_000);

  it("a burst larger than the pool waits for connections instead of failing (a busy pool is not a database that is down)", async () => {
    const { store, hooks, prefix } = setup();
    // Two connections, and pg-pool gives up waiting for one after 100 ms: 300 calls at once must still all queue.
    const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 100 });
    try {
      const producer = dispatcher(store, postgresQueue({ connection: pool, prefix }), false);
      const results = await Promise.all(Array.from({ length: 300 }, (_, i) => producer.dispatch("CUSTOM", { title: `burst ${i}` }, { wait: false })));
      expect(results.filter((r) => r.deliveries[0]?.status !== "queued")).toEqual([]);
      await producer.close();
      dispatcher(store, postgresQueue({ connection: url, prefix, leaseMs: 2000 }));
      await until(() => fake.messages(hooks[0]!.id).reduce((n, m) => n + ((m.body.embeds as unknown[] | undefined)?.length ?? 0), 0) >= 300, 30_000);
    } finally {
      await pool.end();
    }
  }, 60_000);
});

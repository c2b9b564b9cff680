/**
 * The round trips of `postgresQueue()` on a real PostgreSQL and the Discord fake: the pushes of one dispatch share
 * statements (50 to one), a caller awaiting a result learns it from the settle notification without reading the row,
 * and a notification that carries no outcome (one too long for PostgreSQL's payload limit) still resolves the call.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../../adapters/memory/index.js";
import { createDispatcher, fetchTransport, type Dispatcher, type WebhookStore } from "../../../src/index.js";
import { postgresQueue } from "../../../src/postgres/index.js";
import { OUTCOME_POLL_MS } from "../../../src/postgres/outcome-waits.js";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../../src/testing/index.js";
import { requireEnv } from "../env.js";

const url = requireEnv("DATABASE_URL_PG");
const fake: DiscordFake = await createDiscordFake({ timeScale: 0.05 });
const open: Dispatcher[] = [];
const pools: pg.Pool[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close({ timeoutMs: 2000 })));
  await Promise.all(pools.splice(0).map((p) => p.end()));
});
afterAll(() => fake.close());

function setup(count: number): { store: WebhookStore; hooks: FakeWebhook[]; prefix: string } {
  const hooks = Array.from({ length: count }, () => fake.addWebhook());
  const store = memoryStore(hooks.map((h, i) => ({ id: `w${String(i).padStart(3, "0")}`, name: `hook ${i}`, webhookUrl: h.url, type: "CUSTOM" as const, scope: "ADMIN" as const })));
  return { store, hooks, prefix: `t${randomUUID().slice(0, 8)}_` };
}

/** A pool that counts the statements whose text matches `pattern`. */
function countingPool(pattern: RegExp): { pool: pg.Pool; count: () => number } {
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  pools.push(pool);
  let n = 0;
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    if (typeof args[0] === "string" && pattern.test(args[0])) n += 1;
    return query(...args);
  };
  return { pool, count: () => n };
}

function dispatcher(store: WebhookStore, queue: ReturnType<typeof postgresQueue>, worker = true): Dispatcher {
  const d = createDispatcher({ store, queue, worker, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000 }), rateLimit: { globalWindowMs: 50, marginMs: 5 } });
  open.push(d);
  return d;
}

describe("postgresQueue() round trips", () => {
  it("queues a dispatch to 120 webhooks in 3 statements, and delivers all of them", async () => {
    const { store, hooks, prefix } = setup(120);
    dispatcher(store, postgresQueue({ connection: url, prefix, leaseMs: 2000 }));
    const counted = countingPool(/^SELECT n, "[^"]+"\."[^"]+_push"\(/);
    const producer = dispatcher(store, postgresQueue({ connection: counted.pool, prefix }), false);
    const result = await producer.dispatch("CUSTOM", { title: "everyone" });
    expect(result).toMatchObject({ success: true, matched: 120, sent: 120, failed: 0 });
    expect(counted.count()).toBe(3);
    for (const hook of hooks) expect(fake.messages(hook.id).map((m) => (m.body.embeds as { title: string }[])[0]?.title)).toEqual(["everyone"]);
  });

  it("a waiting producer learns each result from the settle notification, without reading the outcome rows", async () => {
    const { store, prefix } = setup(40);
    dispatcher(store, postgresQueue({ connection: url, prefix, leaseMs: 2000 }));
    const counted = countingPool(/FROM "[^"]+"\."[^"]+deliveries" WHERE delivery_id = ANY/);
    const started = Date.now();
    const producer = dispatcher(store, postgresQueue({ connection: counted.pool, prefix }), false);
    const result = await producer.dispatch("CUSTOM", { title: "forty" });
    const polls = Math.floor((Date.now() - started) / OUTCOME_POLL_MS);
    expect(result).toMatchObject({ success: true, sent: 40, failed: 0 });
    expect(result.deliveries.every((d) => d.status === "delivered" && d.messageIds.length === 1)).toBe(true);
    // One read when the calls start waiting (in case they settled already, two if the waits span two turns), plus
    // one per slow poll (a safety net for a missed notification) on a slow machine; none per settled delivery (40).
    expect(counted.count()).toBeLessThanOrEqual(2 + polls);
  });

  it("a settle notification without the outcome (too long for one) or with a damaged one makes the waiter read the row", async () => {
    for (const payload of [(id: string) => `d:${id}`, (id: string) => `d:${id}\n{not json`]) {
      const { store, prefix } = setup(1);
      const producer = dispatcher(store, postgresQueue({ connection: url, prefix }), false);
      const pending = producer.dispatch("CUSTOM", { title: "read back" });
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        let id: string | undefined;
        while (id === undefined) {
          const { rows } = await client.query<{ delivery_id: string }>(`SELECT delivery_id FROM "public"."${prefix}deliveries"`).catch(() => ({ rows: [] }));
          id = rows[0]?.delivery_id;
        }
        // No worker runs: the row is settled by hand, as a worker's settle would leave it, and announced bare.
        const outcome = { status: "delivered", messageIds: ["111111111111111111"], attempts: 1, lastStatus: 200 };
        await client.query(`UPDATE "public"."${prefix}deliveries" SET remaining = 0, outcome = $2 WHERE delivery_id = $1`, [id, JSON.stringify(outcome)]);
        await client.query("SELECT pg_notify($1, $2)", [`${prefix}events`, payload(id)]);
        const started = Date.now();
        const result = await pending;
        expect(Date.now() - started).toBeLessThan(1500); // the notification, not the 2 s poll
        expect(result.deliveries[0]).toMatchObject({ status: "delivered", messageIds: ["111111111111111111"], attempts: 1 });
      } finally {
        await client.end();
      }
    }
  });
});

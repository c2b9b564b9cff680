/**
 * The transactional outbox of `postgresQueue()` on a real PostgreSQL and the Discord fake: an event written with
 * `{ tx }` inside the host's transaction (a `pg` client, Prisma's `$transaction`, Drizzle's `db.transaction`) is
 * sent exactly when that transaction commits and never when it rolls back; routing happens at relay; the row holds
 * no token; a crash between the commit and the send, a crash mid-send and a relay that fails halfway lose nothing
 * and send nothing twice.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../../adapters/memory/index.js";
import { ConfigError, createDispatcher, fetchTransport, StoreError, ValidationError, type Dispatcher, type WebhookStore } from "../../../src/index.js";
import { postgresQueue } from "../../../src/postgres/index.js";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../../src/testing/index.js";
import { loadPrismaClient } from "../../adapters/support/prisma.js";
import { requireEnv } from "../env.js";

const url = requireEnv("DATABASE_URL_PG");
const fake: DiscordFake = await createDiscordFake();
const pool = new pg.Pool({ connectionString: url, max: 4 });
const open: Dispatcher[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close({ timeoutMs: 2000 })));
});
afterAll(async () => {
  await pool.end();
  await fake.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await sleep(20);
  }
}
const titles = (hook: FakeWebhook): string[] => fake.messages(hook.id).flatMap((m) => ((m.body.embeds ?? []) as { title?: string }[]).map((e) => e.title ?? ""));
type HookType = "CUSTOM" | "BILLING";
const seedsOf = (hooks: FakeWebhook[], type: HookType = "CUSTOM") => hooks.map((h, i) => ({ id: `w${i}`, name: `hook ${i}`, webhookUrl: h.url, type, scope: "ADMIN" as const }));

function setup(count = 1, type: HookType = "CUSTOM"): { store: WebhookStore; hooks: FakeWebhook[]; prefix: string } {
  const hooks = Array.from({ length: count }, () => fake.addWebhook());
  return { store: memoryStore(seedsOf(hooks, type)), hooks, prefix: `o${randomUUID().slice(0, 8)}_` };
}
function dispatcher(store: WebhookStore, prefix: string, worker = true): Dispatcher {
  const d = createDispatcher({ store, queue: postgresQueue({ connection: url, prefix, leaseMs: 2000 }), worker, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000 }) });
  open.push(d);
  return d;
}
/** A host table written in the same transaction as the event. */
async function invoices(): Promise<string> {
  const table = `inv_${randomUUID().slice(0, 8)}`;
  await pool.query(`CREATE TABLE ${table} (id text PRIMARY KEY, paid boolean NOT NULL DEFAULT false)`);
  await pool.query(`INSERT INTO ${table} (id) VALUES ('i1'), ('i2')`);
  return table;
}
const paid = async (table: string): Promise<string[]> => (await pool.query<{ id: string }>(`SELECT id FROM ${table} WHERE paid ORDER BY id`)).rows.map((r) => r.id);
const outboxRows = async (prefix: string): Promise<string[]> => (await pool.query<{ body: string }>(`SELECT body::text AS body FROM "public"."${prefix}outbox"`)).rows.map((r) => r.body);
/** Waits for `n` embeds (a burst may share one message), then a little longer to see that no more come. */
async function exactly(hook: FakeWebhook, n: number): Promise<string[]> {
  await until(() => titles(hook).length >= n);
  await sleep(400);
  return titles(hook);
}
function runChild(config: Record<string, unknown>): { exited: Promise<number | null>; kill: () => void; lines: string[] } {
  const proc = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./support/outbox-child.ts", import.meta.url))], {
    env: { ...process.env, DWD_OUTBOX_CONFIG: JSON.stringify(config) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: string[] = [];
  proc.stdout.on("data", (d: Buffer) => lines.push(d.toString()));
  return { exited: new Promise((r) => proc.on("exit", (code) => r(code))), kill: () => proc.kill("SIGKILL"), lines };
}

describe("the outbox: { tx } on an event call", () => {
  it("with a pg client: sent once the transaction commits, never when it rolls back", async () => {
    const { store, hooks, prefix } = setup(1, "BILLING");
    const d = dispatcher(store, prefix);
    const table = await invoices();
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(`UPDATE ${table} SET paid = true WHERE id = 'i1'`);
      const result = await d.billingEvent({ event: "invoice_paid", invoiceId: "i1", amount: 19.99, currency: "EUR" }, { tx: client, wait: false });
      expect(result).toMatchObject({ success: true, matched: 0, deliveries: [] });
      expect(result.outboxId).toMatch(/^[0-9a-f-]{36}$/);
      await sleep(300);
      expect(fake.messages(hooks[0]!.id), "nothing is sent before the commit").toHaveLength(0);
      await client.query("COMMIT");

      await client.query("BEGIN");
      await client.query(`UPDATE ${table} SET paid = true WHERE id = 'i2'`);
      await d.billingEvent({ event: "invoice_paid", invoiceId: "i2", amount: 5, currency: "EUR" }, { tx: client });
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect(await exactly(hooks[0]!, 1)).toHaveLength(1);
    expect(fake.messages(hooks[0]!.id)).toHaveLength(1);
    expect(JSON.stringify(fake.messages(hooks[0]!.id)[0]?.body)).toContain("i1");
    expect(await paid(table)).toEqual(["i1"]);
    expect(await outboxRows(prefix)).toEqual([]);
  });

  it("files given with tx travel in the outbox row and reach Discord whole once committed", async () => {
    const { store, hooks, prefix } = setup(1);
    const d = dispatcher(store, prefix);
    const bytes = new Uint8Array(20 * 1024).map((_, i) => (i * 7) % 253);
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await d.dispatch("CUSTOM", { title: "crash dump" }, { tx: client, files: [{ name: "dump.bin", data: bytes }, { name: "crash.log", data: "OutOfMemoryError\n", contentType: "text/plain" }] });
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    expect(await exactly(hooks[0]!, 1)).toEqual(["crash dump"]);
    const [message] = fake.messages(hooks[0]!.id);
    expect(message?.attachments.map((a) => a.filename)).toEqual(["dump.bin", "crash.log"]);
    expect([...(message?.attachments[0]?.data ?? [])]).toEqual([...bytes]);
    expect(new TextDecoder().decode(message?.attachments[1]?.data)).toBe("OutOfMemoryError\n");
    expect(await outboxRows(prefix)).toEqual([]);
  });

  it("with Prisma's $transaction: committed events are sent, a transaction that throws sends nothing", async () => {
    const { store, hooks, prefix } = setup();
    const d = dispatcher(store, prefix);
    const table = await invoices();
    const prisma = new (await loadPrismaClient("postgresql"))({ adapter: new PrismaPg({ connectionString: url, max: 2 }) });
    type Tx = { $executeRawUnsafe(q: string, ...v: unknown[]): Promise<number> };
    const $transaction = (prisma as unknown as { $transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> }).$transaction.bind(prisma);
    try {
      await $transaction(async (tx) => {
        await tx.$executeRawUnsafe(`UPDATE ${table} SET paid = true WHERE id = $1`, "i1");
        await d.dispatch("CUSTOM", { title: "prisma committed" }, { tx, wait: false });
      });
      await expect(
        $transaction(async (tx) => {
          await tx.$executeRawUnsafe(`UPDATE ${table} SET paid = true WHERE id = $1`, "i2");
          await d.dispatch("CUSTOM", { title: "prisma rolled back" }, { tx, wait: false });
          throw new Error("payment provider said no");
        }),
      ).rejects.toThrow("payment provider said no");
    } finally {
      await prisma.$disconnect();
    }
    expect(await exactly(hooks[0]!, 1)).toEqual(["prisma committed"]);
    expect(await paid(table)).toEqual(["i1"]);
  });

  it("with Drizzle's db.transaction: committed events are sent, a rolled-back one is not", async () => {
    const { store, hooks, prefix } = setup();
    const d = dispatcher(store, prefix);
    const table = await invoices();
    const db = drizzle(pool);
    await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`UPDATE ${table} SET paid = true WHERE id = 'i1'`));
      await d.dispatch("CUSTOM", { title: "drizzle committed" }, { tx, wait: false });
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql.raw(`UPDATE ${table} SET paid = true WHERE id = 'i2'`));
        await d.dispatch("CUSTOM", { title: "drizzle rolled back" }, { tx, wait: false });
        tx.rollback();
      }),
    ).rejects.toThrow();
    expect(await exactly(hooks[0]!, 1)).toEqual(["drizzle committed"]);
    expect(await paid(table)).toEqual(["i1"]);
  });

  it("routes when the worker relays (the webhooks enabled then), and the row holds no token or URL", async () => {
    const { store, hooks, prefix } = setup();
    const producer = dispatcher(store, prefix, false);
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await producer.dispatch("CUSTOM", { title: "routed late" }, { tx: client, userId: "u1" });
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    const rows = await outboxRows(prefix);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain("routed late");
    expect(rows[0]).not.toContain(hooks[0]!.token);
    expect(rows[0]).not.toMatch(/discord(app)?\.com\/api|\/webhooks\//);
    // Before any worker relays it, the first webhook is disabled and a second one added.
    const second = fake.addWebhook();
    await store.disableWebhook("w0", "test");
    await store.createWebhook({ name: "second", webhookUrl: second.url, type: "CUSTOM", scope: "ADMIN" });
    dispatcher(store, prefix);
    expect(await exactly(second, 1)).toEqual(["routed late"]);
    expect(fake.messages(hooks[0]!.id)).toHaveLength(0);
    expect(await outboxRows(prefix)).toEqual([]);
  });

  it("refuses what cannot work, writing nothing: no outbox queue (ConfigError), wait: true or a non-client tx (ValidationError)", async () => {
    const { store, prefix } = setup();
    const inMemory = createDispatcher({ store, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl }) });
    open.push(inMemory);
    const queue = postgresQueue({ connection: url, prefix });
    await queue.migrate();
    const d = createDispatcher({ store, queue, worker: false });
    open.push(d);
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await expect(inMemory.dispatch("CUSTOM", { title: "x" }, { tx: client })).rejects.toBeInstanceOf(ConfigError);
      await expect(d.dispatch("CUSTOM", { title: "x" }, { tx: client, wait: true })).rejects.toBeInstanceOf(ValidationError);
      await expect(d.dispatch("CUSTOM", { title: "x" }, { tx: {} as never })).rejects.toBeInstanceOf(ValidationError);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    expect(await outboxRows(prefix)).toEqual([]);
  });

  it("a relay that fails halfway (the store away) hands the batch again: each event is sent once, in order", async () => {
    const { store, hooks, prefix } = setup();
    let calls = 0;
    const flaky: WebhookStore = {
      ...store,
      findWebhooks: async (q) => {
        calls += 1;
        if (calls === 2) throw new StoreError("memory", "the store is away");
        return store.findWebhooks(q);
      },
    };
    const producer = dispatcher(store, prefix, false);
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      for (const n of [1, 2, 3]) await producer.dispatch("CUSTOM", { title: `flaky ${n}` }, { tx: client });
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    dispatcher(flaky, prefix);
    expect(await exactly(hooks[0]!, 3)).toEqual(["flaky 1", "flaky 2", "flaky 3"]);
    expect(calls).toBeGreaterThanOrEqual(5);
  });

  it("a process killed right after its commit: another worker sends every event, once, in order", async () => {
    const { store, hooks, prefix } = setup();
    const child = runChild({ url, prefix, apiBaseUrl: fake.apiBaseUrl, seeds: seedsOf(hooks), titles: ["a", "b", "c"], killAfterCommit: true });
    expect(await child.exited).toBeNull();
    dispatcher(store, prefix);
    expect(await exactly(hooks[0]!, 3)).toEqual(["a", "b", "c"]);
  }, 30_000);

  it("a worker killed mid-send: the lanes are adopted, nothing is lost, at most the message in flight twice", async () => {
    const { store, hooks, prefix } = setup();
    fake.inject(hooks[0]!.id, { kind: "delay", ms: 1500 });
    const list = ["m1", "m2", "m3"];
    const child = runChild({ url, prefix, apiBaseUrl: fake.apiBaseUrl, seeds: seedsOf(hooks), titles: list, killAfterCommit: false });
    await until(() => fake.requests().some((r) => r.webhookId === hooks[0]!.id), 15_000);
    child.kill();
    await child.exited;
    dispatcher(store, prefix);
    await until(() => list.every((t) => titles(hooks[0]!).includes(t)), 20_000);
    const got = titles(hooks[0]!);
    expect(got.length - new Set(got).size, "duplicates").toBeLessThanOrEqual(list.length);
    expect(fake.messages(hooks[0]!.id).length).toBeLessThanOrEqual(2);
    expect(await outboxRows(prefix)).toEqual([]);
  }, 40_000);
});

/**
 * Incidents and silences on `postgresQueue()`: the incident-state conformance suite with two pools on one prefix (as
 * two processes would have), and two dispatchers sharing problems and silences against the Discord fake; no token
 * in the tables, expired rows swept.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../../adapters/memory/index.js";
import { createDispatcher, fetchTransport, type Dispatcher } from "../../../src/index.js";
import { sweepIncidents } from "../../../src/postgres/incidents.js";
import { postgresQueue, type PostgresDeliveryState } from "../../../src/postgres/index.js";
import { tablesOf } from "../../../src/postgres/schema.js";
import { createDiscordFake, runIncidentStateConformance, type DiscordFake } from "../../../src/testing/index.js";
import { requireEnv } from "../env.js";

const url = requireEnv("DATABASE_URL_PG");
const freshPrefix = (): string => `t${randomUUID().slice(0, 8)}_`;

const queues = new Map<object, PostgresDeliveryState[]>();
runIncidentStateConformance({
  name: "postgres",
  factory: () => {
    const prefix = freshPrefix();
    const a = postgresQueue({ connection: url, prefix, leaseMs: 2000 });
    const b = postgresQueue({ connection: url, prefix, leaseMs: 2000 });
    const made = { state: a.incidents, peer: b.incidents };
    queues.set(made, [a, b]);
    return made;
  },
  dispose: async (made) => {
    await Promise.all((queues.get(made) ?? []).map((q) => q.close()));
  },
  harness: { describe, it },
});

const fake: DiscordFake = await createDiscordFake();
const open: Dispatcher[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close({ timeoutMs: 2000 })));
});
afterAll(() => fake.close());

describe("incidents and silences on postgresQueue()", () => {
  it("two processes share problems and silences: a crash loop from both is one message; a silence from one holds in the other", async () => {
    const hook = fake.addWebhook();
    const store = memoryStore([{ id: "w-inc", name: "ops", webhookUrl: hook.url, type: "GAME_SERVER", scope: "ADMIN" }]);
    const prefix = freshPrefix();
    const make = (): Dispatcher => {
      const d = createDispatcher({ store, queue: postgresQueue({ connection: url, prefix, leaseMs: 2000 }), incidents: {}, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000 }) });
      open.push(d);
      return d;
    };
    const [a, b] = [make(), make()];
    const crash = { serverName: "mc-1", state: "crashed" as const };
    const first = await Promise.all([a.serverStateChange(crash), b.serverStateChange(crash)]);
    expect(first.map((r) => r.deliveries[0]?.action).sort()).toEqual(["edited", "posted"]);
    expect((await b.serverStateChange({ serverName: "mc-1", state: "online" })).deliveries[0]?.action).toBe("edited");
    expect(fake.messages(hook.id)).toHaveLength(1);
    expect(JSON.stringify(fake.messages(hook.id)[0]?.body.embeds)).toMatch(/Resolved.*crashed 2 times/s);

    const silence = await a.silence({ key: "server:mc-2", forMs: 60_000 });
    expect((await b.listSilences()).map((s) => s.id)).toEqual([silence.id]);
    expect((await b.serverStateChange({ serverName: "mc-2", state: "crashed" })).deliveries[0]).toMatchObject({ status: "skipped", action: "silenced" });
    expect(await b.unsilence(silence.id)).toBe(true);
    expect(await a.listSilences()).toEqual([]);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const rows = await client.query(`SELECT webhook_id, key, record FROM "${prefix}incidents"`);
      // The problem, and the lock its first edit took on the message (packed.ts).
      expect(rows.rows.map((r: { key: string }) => r.key.replace(/\d{17,}$/, "")).sort()).toEqual(["#message-lock:", "server:mc-1"]);
      expect(JSON.stringify(rows.rows)).not.toContain(hook.token);
    } finally {
      await client.end();
    }
  });

  it("expired problems and ended silences are swept from the tables", async () => {
    const prefix = freshPrefix();
    const queue = postgresQueue({ connection: url, prefix, leaseMs: 2000 });
    const pool = new pg.Pool({ connectionString: url });
    try {
      const record = { version: 1, status: "firing" as const, messageId: "1300000000000000001", postedAt: 1, firstSeen: 1, lastSeen: 1, count: 1, severity: 3, label: "crashed", reopens: [] };
      expect(await queue.incidents.put("w1", "short", record, undefined, 30)).toBe(true);
      expect(await queue.incidents.put("w1", "long", record, undefined, 60_000)).toBe(true);
      await queue.incidents.addSilence({ id: "s1", key: "server:mc-1", createdAt: Date.now(), endsAt: Date.now() + 40 });
      await new Promise((r) => setTimeout(r, 80));
      await sweepIncidents(pool, tablesOf("public", prefix));
      const keys = await pool.query<{ key: string }>(`SELECT key FROM "${prefix}incidents"`);
      expect(keys.rows.map((r) => r.key)).toEqual(["long"]);
      expect((await pool.query(`SELECT id FROM "${prefix}silences"`)).rows).toEqual([]);
    } finally {
      await pool.end();
      await queue.close();
    }
  });
});

/**
 * Reminders of problems left open, in durable mode (Redis and PostgreSQL): two worker dispatchers with their own
 * queue on one prefix (as two processes would have) and a producer (`worker: false`). A crash nobody resolves is
 * reminded once per interval, by one process only; once resolved it is reminded no more. Real time: the interval is
 * 1.5 s, so the workers look every 375 ms.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, fetchTransport, type Dispatcher } from "../../src/index.js";
import type { IncidentEvent } from "../../src/incidents/desk-types.js";
import type { DeliveryState } from "../../src/state.js";
import { postgresQueue } from "../../src/postgres/index.js";
import { redisQueue } from "../../src/redis/index.js";
import { createDiscordFake, type DiscordFake } from "../../src/testing/index.js";
import { requireEnv } from "./env.js";
import { requireRedisUrl } from "./redis/support/env.js";

const redisUrl = requireRedisUrl();
const pgUrl = requireEnv("DATABASE_URL_PG");
const fake: DiscordFake = await createDiscordFake();
const open: Dispatcher[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close({ timeoutMs: 2000 })));
});
afterAll(() => fake.close());

const INTERVAL = 1500;
const backends: [string, (prefix: string) => DeliveryState][] = [
  ["redis", (prefix) => redisQueue({ connection: redisUrl, prefix, leaseMs: 2000 })],
  ["postgres", (prefix) => postgresQueue({ connection: pgUrl, prefix: `${prefix}_`, leaseMs: 2000 })],
];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.each(backends)("reminders on %s", (_name, queueOf) => {
  it("two workers remind a problem left open once per interval between them, and stop once it resolved", async () => {
    const hook = fake.addWebhook();
    const store = memoryStore([
      {
        id: "w-rem",
        name: "ops",
        webhookUrl: hook.url,
        type: "GAME_SERVER",
        scope: "ADMIN",
      },
    ]);
    const prefix = `r${randomUUID().slice(0, 8)}`;
    const events: IncidentEvent[] = [];
    const make = (worker: boolean): Dispatcher => {
      const d = createDispatcher({
        store,
        queue: queueOf(prefix),
        worker,
        incidents: { repeatIntervalMs: INTERVAL },
        hooks: { onIncident: (e) => events.push(e) },
        transport: fetchTransport({
          apiBaseUrl: fake.apiBaseUrl,
          timeoutMs: 3000,
        }),
      });
      open.push(d);
      return d;
    };
    const producer = make(false);
    make(true);
    make(true);
    const titles = (): string[] => fake.messages(hook.id).map((m) => ((m.body.embeds ?? []) as { title?: string }[])[0]?.title ?? "");
    const waitFor = async (n: number): Promise<void> => {
      for (const end = Date.now() + 10_000; titles().length < n; await sleep(25)) if (Date.now() > end) throw new Error(`timed out at ${JSON.stringify(titles())}`);
    };

    const first = await producer.serverStateChange({ serverName: "mc-1", state: "crashed" });
    expect(first.deliveries[0]).toMatchObject({ status: "delivered", action: "posted" });
    await waitFor(2);
    // The next reminder is an interval after this one: none in between, from either worker.
    await sleep(INTERVAL / 2);
    expect(titles()).toEqual(["💥 Server crashed", "⏰ Still open · 💥 Server crashed"]);
    expect(events.filter((e) => e.action === "reposted")).toHaveLength(1);
    await waitFor(3);
    await sleep(INTERVAL / 2);
    expect(titles()).toHaveLength(3);

    // Resolved by the producer: the reminder message turns green, and no reminder follows.
    const resolved = await producer.serverStateChange({ serverName: "mc-1", state: "online" });
    expect(resolved.deliveries[0]).toMatchObject({ status: "delivered", action: "edited", messageIds: [fake.messages(hook.id)[2]!.id] });
    await sleep(2 * INTERVAL);
    expect(titles()).toHaveLength(3);
    expect(titles()[2]).toMatch(/^✅ Resolved/);
  });
});

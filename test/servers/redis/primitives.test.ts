/** The Redis building blocks on a real server: lane lists, shared budgets, outcomes across two "processes". */
import { afterAll, describe, expect, it } from "vitest";
import { createClients } from "../../../src/redis/connection.js";
import { createKeys } from "../../../src/redis/keys.js";
import { redisLanes } from "../../../src/redis/lanes.js";
import { sharedLimits } from "../../../src/redis/limits.js";
import { redisOutcomes } from "../../../src/redis/outcomes.js";
import { DeliveryRefusedError } from "../../../src/errors.js";
import { freshPrefix, requireRedisUrl } from "./support/env.js";

const clients = createClients(requireRedisUrl());
afterAll(() => clients.close());

describe("lanes", () => {
  it("pushes whole deliveries under the cap, keeps order, removes and drains", async () => {
    await clients.ready();
    const keys = createKeys(freshPrefix());
    const lanes = redisLanes<{ id: string; n: number }>(clients.command, keys);
    expect(await lanes.push("w1", [{ id: "a", n: 1 }, { id: "b", n: 2 }], 3)).toBe(true);
    expect(await lanes.push("w1", [{ id: "c", n: 3 }, { id: "d", n: 4 }], 3)).toBe(false);
    expect(await lanes.push("w1", [{ id: "c", n: 3 }], 3)).toBe(true);
    expect((await lanes.peek("w1", 2)).map((j) => j.id)).toEqual(["a", "b"]);
    expect(await lanes.lanes()).toEqual(["w1"]);
    expect(await lanes.remove("w1", ["b"])).toBe(2);
    expect((await lanes.peek("w1", 10)).map((j) => j.id)).toEqual(["a", "c"]);
    expect((await lanes.drain("w1")).map((j) => j.n)).toEqual([1, 3]);
    expect(await lanes.size("w1")).toBe(0);
    expect(await lanes.lanes()).toEqual([]);
  });
});

describe("shared limits", () => {
  it("never hands out more than the egress budget in a window, across two limiter instances", async () => {
    const prefix = `${freshPrefix()}:rl`;
    const settings = { globalLimit: 5, globalWindowMs: 1000, channelLimit: 0, channelWindowMs: 60_000, marginMs: 5, inflightMs: 5000 };
    const a = sharedLimits(clients.command, prefix, "ip", settings);
    const b = sharedLimits(clients.command, prefix, "ip", settings);
    let granted = 0;
    let waited = 0;
    for (let i = 0; i < 8; i++) {
      const limiter = i % 2 === 0 ? a : b;
      const r = await limiter.acquire({ laneId: `lane${i}`, webhookId: `${1000 + i}` });
      if ("reservation" in r) granted += 1;
      else waited += 1;
    }
    expect(granted).toBe(5);
    expect(waited).toBe(3);
  });

  it("learns a webhook's bucket from headers, keyed by hash and webhook id", async () => {
    const prefix = `${freshPrefix()}:rl`;
    const limits = sharedLimits(clients.command, prefix, "ip", { globalLimit: 0, globalWindowMs: 1000, channelLimit: 0, channelWindowMs: 60_000, marginMs: 5, inflightMs: 5000 });
    const one = { laneId: "l1", webhookId: "111" };
    const two = { laneId: "l2", webhookId: "222" };
    const r1 = await limits.acquire(one);
    if (!("reservation" in r1)) throw new Error("expected a slot");
    const headers = { "x-ratelimit-bucket": "samehash", "x-ratelimit-remaining": "0", "x-ratelimit-limit": "5", "x-ratelimit-reset-after": "1.5" };
    await limits.settle(one, r1.reservation, { status: 200, headers, channelId: "c1", invalid: false });
    const again = await limits.acquire(one);
    expect("waitMs" in again && again.waitMs > 1000).toBe(true);
    // Same hash, other webhook: its own budget.
    expect("reservation" in (await limits.acquire(two))).toBe(true);
  });

  it("blocks a channel for every lane of it after a shared 429, and a lane after a user 429", async () => {
    const prefix = `${freshPrefix()}:rl`;
    const limits = sharedLimits(clients.command, prefix, "ip", { globalLimit: 0, globalWindowMs: 1000, channelLimit: 0, channelWindowMs: 60_000, marginMs: 5, inflightMs: 5000 });
    const a = { laneId: "a", webhookId: "1" };
    const b = { laneId: "b", webhookId: "2" };
    for (const lane of [a, b]) {
      const r = await limits.acquire(lane);
      if (!("reservation" in r)) throw new Error("expected a slot");
      await limits.settle(lane, r.reservation, { status: 200, headers: {}, channelId: "chan", invalid: false });
    }
    await limits.block(a, "shared", 2000);
    const wb = await limits.acquire(b);
    expect("waitMs" in wb && wb.waitMs > 1500).toBe(true);
    const c = { laneId: "c", webhookId: "3" };
    await limits.block(c, "user", 500);
    const wc = await limits.acquire(c);
    expect("waitMs" in wc && wc.waitMs > 300 && wc.waitMs <= 600).toBe(true);
  });

  it("counts invalid answers per egress over 10 minutes", async () => {
    const prefix = `${freshPrefix()}:rl`;
    const limits = sharedLimits(clients.command, prefix, "ip", { globalLimit: 0, globalWindowMs: 1000, channelLimit: 0, channelWindowMs: 60_000, marginMs: 5, inflightMs: 5000 });
    let total = 0;
    for (let i = 0; i < 3; i++) {
      const lane = { laneId: `l${i}`, webhookId: `${i}` };
      const r = await limits.acquire(lane);
      if (!("reservation" in r)) throw new Error("expected a slot");
      total = await limits.settle(lane, r.reservation, { status: 401, headers: {}, invalid: true });
    }
    expect(total).toBe(3);
  });
});

describe("outcomes", () => {
  it("settles a delivery in one process and resolves the wait in another", async () => {
    const keys = createKeys(freshPrefix());
    const other = createClients(requireRedisUrl());
    await Promise.all([clients.ready(), other.ready()]);
    const producer = redisOutcomes(clients.command, clients.make("subscriber"), keys, "p1", 60_000);
    const worker = redisOutcomes(other.command, other.make("subscriber"), keys, "p2", 60_000);
    const lanes = redisLanes<{ id: string }>(clients.command, keys);
    await lanes.push("w", [{ id: "e1" }, { id: "e2" }], 10, producer.record("d1", { id: "w", name: "hook" }, 2));
    const waited = producer.wait("d1");
    expect(await worker.settle("d1", { settled: 1, attempts: 1, lastStatus: 200, messageIds: ["m1"] })).toBeUndefined();
    const final = await worker.settle("d1", { settled: 1, attempts: 1, lastStatus: 400, error: new DeliveryRefusedError("QUEUE_OVERFLOW", "full") });
    expect(final?.status).toBe("failed");
    const report = await waited;
    expect(report).toMatchObject({ webhook: { id: "w", name: "hook" }, status: "failed", messageIds: ["m1"], attempts: 2, lastStatus: 400 });
    expect(report.error).toBeInstanceOf(DeliveryRefusedError);
    expect(report.error?.code).toBe("QUEUE_OVERFLOW");
    // Already settled: a late wait reads the record.
    expect((await producer.wait("d1")).status).toBe("failed");
    const ttl = await clients.command.pttl(keys.delivery("d1"));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await Promise.all([producer.close(), worker.close()]);
    await other.close();
  });
});

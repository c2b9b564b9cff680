/** What only a shared state must do: two instances on one prefix (two processes) share lanes, budgets and outcomes. */
import { afterEach, describe, expect, it } from "vitest";
import { CHANNEL_LEARN_HOLD_WINDOWS, type DeliveryState, type LimitPolicy, type QueuedEmbed } from "../../../src/delivery/state.js";
import { DiscordHTTPError } from "../../../src/errors.js";
import { redisQueue } from "../../../src/redis/index.js";
import { jobs } from "../../delivery/state-conformance.js";
import { freshPrefix, rawClient, requireRedisUrl } from "./support/env.js";

const url = requireRedisUrl();
const POLICY: LimitPolicy = { globalLimit: 0, globalWindowMs: 1000, channelLimit: Infinity, channelWindowMs: 60_000, marginMs: 0, requestTtlMs: 2000 };
const open: DeliveryState[] = [];
const pair = (): [DeliveryState, DeliveryState] => {
  const prefix = freshPrefix();
  const a = redisQueue({ connection: url, prefix, leaseMs: 2000 });
  const b = redisQueue({ connection: url, prefix, leaseMs: 2000 });
  open.push(a, b);
  return [a, b];
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("redis state shared by two processes", () => {
  it("hands out at most the egress budget across instances", async () => {
    const [a, b] = pair();
    const policy = { ...POLICY, globalLimit: 50 };
    let granted = 0;
    for (let i = 0; i < 60; i++) {
      const t = await (i % 2 ? a : b).take({ webhookId: `${100000 + i}`, method: "POST" }, policy);
      if (typeof t !== "number") granted += 1;
    }
    expect(granted).toBe(50);
  });

  it("respects in one instance the bucket another instance learned", async () => {
    const [a, b] = pair();
    const hook = { webhookId: "200000000000000001", method: "POST" as const };
    const t = await a.take(hook, POLICY);
    if (typeof t === "number") throw new Error("expected a ticket");
    await a.learn(t, { status: 200, headers: { "x-ratelimit-bucket": "h", "x-ratelimit-remaining": "0", "x-ratelimit-limit": "5", "x-ratelimit-reset-after": "1.5" } }, POLICY);
    const wait = await b.take(hook, POLICY);
    expect(typeof wait === "number" && wait > 1000).toBe(true);
  });

  it("blocks the channel for every instance after a shared 429", async () => {
    const [a, b] = pair();
    const one = { webhookId: "300000000000000001", method: "POST" as const };
    const two = { webhookId: "300000000000000002", method: "POST" as const };
    for (const [s, r] of [[a, one], [b, two]] as const) {
      const t = await s.take(r, POLICY);
      if (typeof t === "number") throw new Error("expected a ticket");
      await s.learn(t, { status: 200, headers: {}, channelId: "chan" }, POLICY);
    }
    await sleep(5);
    const t = await a.take(one, POLICY);
    if (typeof t === "number") throw new Error("expected a ticket");
    await a.learn(t, { status: 429, headers: {}, scope: "shared", retryAfterMs: 1500 }, POLICY);
    expect(await b.take(two, POLICY)).toBeGreaterThan(1000);
  });

  it("forgets a channel limit learned from a shared 429 after a few channel windows", async () => {
    const prefix = freshPrefix();
    const a = redisQueue({ connection: url, prefix, leaseMs: 2000 });
    open.push(a);
    const policy = { ...POLICY, channelWindowMs: 1000 };
    const hook = { webhookId: "310000000000000001", method: "POST" as const };
    const first = await a.take(hook, policy);
    if (typeof first === "number") throw new Error("expected a ticket");
    await a.learn(first, { status: 200, headers: {}, channelId: "chan" }, policy);
    const t = await a.take(hook, policy);
    if (typeof t === "number") throw new Error("expected a ticket");
    await a.learn(t, { status: 429, headers: {}, scope: "shared", retryAfterMs: 10 }, policy);
    const client = rawClient();
    try {
      expect(await client.get(`${prefix}:rl:cl:chan`)).toBe("1");
      const ttl = await client.pttl(`${prefix}:rl:cl:chan`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(policy.channelWindowMs * CHANNEL_LEARN_HOLD_WINDOWS);
    } finally {
      client.disconnect();
    }
  });

  it("resolves an outcome in the instance that pushed, settled by the other, errors rebuilt as their class", async () => {
    const [a, b] = pair();
    const [x, y] = jobs("lane", 2) as [QueuedEmbed, QueuedEmbed];
    expect(await a.push("lane", [x, y], 10)).toBe(true);
    const outcome = a.outcome(x.deliveryId);
    await b.settle([{ deliveryId: x.deliveryId, jobIds: [x.id], status: "delivered", messageId: "m1", attempts: 1, lastStatus: 200 }]);
    const error = new DiscordHTTPError(400, 50035, "https://discord.com/api/v10/webhooks/1/***", "Invalid Form Body");
    await b.settle([{ deliveryId: x.deliveryId, jobIds: [y.id], status: "failed", attempts: 2, lastStatus: 400, error }]);
    const o = await outcome;
    expect(o).toMatchObject({ status: "failed", messageIds: ["m1"], attempts: 2, lastStatus: 400 });
    expect(o.error).toBeInstanceOf(DiscordHTTPError);
    expect(o.error?.message).toBe(error.message);
    expect((o.error as DiscordHTTPError).discordCode).toBe(50035);
  });

  it("runs a lane in one instance at a time, and another instance picks up what one gave back at close", async () => {
    const [a, b] = pair();
    const runs: string[] = [];
    let active = 0;
    let overlap = false;
    const runner = (name: string, s: DeliveryState) => async (lease: { laneId: string; renew(): Promise<boolean> }) => {
      if (++active > 1) overlap = true;
      runs.push(name);
      await sleep(20);
      const head = await s.head(lease.laneId, 1);
      active -= 1;
      if (!(await lease.renew())) return { idle: true as const };
      await s.remove(lease.laneId, head.map((j) => j.id));
      return { idle: false as const, retryInMs: 0 };
    };
    a.serve(runner("a", a));
    b.serve(runner("b", b));
    for (let i = 0; i < 6; i++) await a.push("lane", jobs("lane", 1), 100);
    const deadline = Date.now() + 10_000;
    while ((await a.head("lane", 10)).length > 0 && Date.now() < deadline) await sleep(20);
    expect(await a.head("lane", 10)).toEqual([]);
    expect(overlap).toBe(false);
    expect(runs.length).toBeGreaterThanOrEqual(6);
  });

  it("rejects at once with a StoreError when Redis is unreachable, and never holds the caller", async () => {
    const s = redisQueue({ connection: "redis://127.0.0.1:1", prefix: freshPrefix(), leaseMs: 2000 });
    open.push(s);
    const started = Date.now();
    await expect(s.push("lane", jobs("lane", 1), 10)).rejects.toMatchObject({ name: "StoreError", code: "STORE", adapter: "redis" });
    expect(Date.now() - started).toBeLessThan(3000);
    const again = Date.now();
    await expect(s.take({ webhookId: "1", method: "POST" }, POLICY)).rejects.toMatchObject({ name: "StoreError" });
    expect(Date.now() - again).toBeLessThan(500);
  });

  it("counts each job of a settlement once, so a write retried after a lost answer cannot settle a delivery early", async () => {
    const [a] = pair();
    const [x, y] = jobs("lane", 2) as [QueuedEmbed, QueuedEmbed];
    await a.push("lane", [x, y], 10);
    const first = { deliveryId: x.deliveryId, jobIds: [x.id], status: "delivered" as const, attempts: 1, messageId: "m1" };
    await a.settle([first]);
    await a.settle([first]);
    const outcome = a.outcome(x.deliveryId);
    expect(await Promise.race([outcome, sleep(300).then(() => "open")])).toBe("open");
    await a.settle([{ ...first, jobIds: [y.id], messageId: "m2" }]);
    expect(await outcome).toMatchObject({ status: "delivered", messageIds: ["m1", "m2"] });
  });

  it("names the adapter once in a failed command's message", async () => {
    const prefix = freshPrefix();
    const s = redisQueue({ connection: url, prefix, leaseMs: 2000 });
    open.push(s);
    const raw = rawClient();
    // A lane key of the wrong type makes the push script fail inside Redis.
    await raw.set(`${prefix}:q:lane`, "not a list", "PX", 60_000);
    raw.disconnect();
    const error = await s.push("lane", jobs("lane", 1), 10).catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ name: "StoreError", code: "STORE", adapter: "redis" });
    expect((error as Error).message).toMatch(/^\[discord-webhook-dispatcher\] \[redis\] push failed: WRONGTYPE/);
    expect((error as Error).message).not.toContain("[redis] [redis]");
    const head = await s.head("lane", 1).catch((e: unknown) => e as Error);
    expect((head as Error).message).toMatch(/^\[discord-webhook-dispatcher\] \[redis\] head failed: WRONGTYPE/);
  });

  it("keeps settled outcomes only for outcomeTtlMs", async () => {
    const prefix = freshPrefix();
    const s = redisQueue({ connection: url, prefix, leaseMs: 2000, outcomeTtlMs: 300 });
    open.push(s);
    const [x] = jobs("lane", 1) as [QueuedEmbed];
    await s.push("lane", [x], 10);
    await s.settle([{ deliveryId: x.deliveryId, jobIds: [x.id], status: "delivered", attempts: 1 }]);
    const raw = rawClient();
    expect(await raw.pttl(`${prefix}:d:${x.deliveryId}`)).toBeLessThanOrEqual(300);
    await sleep(400);
    expect(await raw.exists(`${prefix}:d:${x.deliveryId}`)).toBe(0);
    raw.disconnect();
  });
});

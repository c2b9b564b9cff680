/** Lane leases on BullMQ: one owner per lane, waits free the slot, a dead owner's lane is adopted within leaseMs. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createClients } from "../../../src/redis/connection.js";
import { redisLeases } from "../../../src/redis/leases.js";
import { freshPrefix, requireRedisUrl } from "./support/env.js";

const clients = createClients(requireRedisUrl());
afterAll(() => clients.close());

const until = async (check: () => boolean, ms: number): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("lane leases", () => {
  it("runs one turn per lane at a time, even when woken many times from two workers", async () => {
    await clients.ready();
    const prefix = freshPrefix();
    const a = redisLeases(clients.make("queue"), () => clients.make("blocking"), prefix, { leaseMs: 4000, concurrency: 4 });
    const b = redisLeases(clients.make("queue"), () => clients.make("blocking"), prefix, { leaseMs: 4000, concurrency: 4 });
    let active = 0;
    let maxActive = 0;
    let turns = 0;
    let left = 3;
    const handler = async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 30));
      active -= 1;
      turns += 1;
      left -= 1;
      return left > 0 ? { idle: false as const, retryInMs: 10 } : { idle: true as const };
    };
    a.work(handler, () => Promise.resolve(false));
    b.work(handler, () => Promise.resolve(false));
    await Promise.all([a.wake("lane:1"), a.wake("lane:1"), b.wake("lane:1")]);
    await until(() => turns >= 3, 5000);
    expect(maxActive).toBe(1);
    await Promise.all([a.close(), b.close()]);
  });

  it("hands a SIGKILLed owner's lane to another worker within about leaseMs", async () => {
    const prefix = freshPrefix();
    const leaseMs = 2000;
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./support/hang-worker.ts", import.meta.url)), requireRedisUrl(), prefix, String(leaseMs)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    await until(() => out.includes("ready"), 15_000);
    const live = redisLeases(clients.make("queue"), () => clients.make("blocking"), prefix, { leaseMs, concurrency: 1 });
    await live.wake("x");
    await until(() => out.includes("took x"), 5000);
    const killedAt = Date.now();
    child.kill("SIGKILL");
    let adoptedAt = 0;
    live.work(async (_laneId, renew) => {
      adoptedAt = Date.now();
      expect(await renew()).toBe(true);
      return { idle: true as const };
    }, () => Promise.resolve(false));
    await until(() => adoptedAt > 0, leaseMs * 3);
    expect(adoptedAt - killedAt).toBeLessThan(leaseMs * 1.5);
    await live.close();
  }, 30_000);
});

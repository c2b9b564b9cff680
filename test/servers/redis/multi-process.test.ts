/**
 * The multi-process scenario (support/mp-scenario.ts) on one Redis; afterwards Redis holds no URL or token and
 * nothing that does not expire.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { DiscordFake } from "../../../src/testing/index.js";
import { killChildren } from "./support/children.js";
import { dumpPrefix, freshPrefix, rawClient, requireRedisUrl } from "./support/env.js";
import { runMultiProcess } from "./support/mp-scenario.js";

const redisUrl = requireRedisUrl();
let fake: DiscordFake | undefined;
afterAll(async () => {
  killChildren();
  await fake?.close();
});

describe("three workers and a producer on one Redis", () => {
  it("loses nothing, keeps order, stays under Discord's limits through a SIGKILL and a graceful close", async () => {
    const prefix = freshPrefix();
    const run = await runMultiProcess({ redisUrl, prefix }, "redis");
    fake = run.fake;

    // Redis holds no webhook URL or token, and everything left either expires or is BullMQ's bounded bookkeeping.
    const raw = rawClient();
    const dump = await dumpPrefix(raw, prefix);
    raw.disconnect();
    const leaks = dump.filter((k) => run.secrets.some((s) => k.value.includes(s) || k.key.includes(s)) || /discord(app)?\.com\/api/.test(k.value));
    expect(leaks).toEqual([]);
    const lasting = dump.filter((k) => k.ttl < 0 && !k.key.startsWith(`${prefix}:lanes:`)).map((k) => k.key);
    expect(lasting).toEqual([]);
  }, 150_000);
});

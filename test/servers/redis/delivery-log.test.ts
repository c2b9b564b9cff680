/** The delivery log conformance on a real Redis: capped lists per webhook with a TTL, nothing secret in any key. */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { DeliveryLog } from "../../../src/delivery-log/index.js";
import { redisDeliveryLog } from "../../../src/redis/index.js";
import { runDeliveryLogConformance, sampleEntry } from "../../../src/testing/index.js";
import { dumpPrefix, freshPrefix, rawClient, requireRedisUrl } from "./support/env.js";

const url = requireRedisUrl();
const raw = rawClient();
const opened: DeliveryLog[] = [];
let prefix = freshPrefix();
afterAll(async () => {
  await Promise.all(opened.map((l) => (l.close ? l.close() : Promise.resolve())));
  raw.disconnect();
});

runDeliveryLogConformance({
  name: "redis",
  harness: { describe, it, beforeEach },
  reset: () => {
    prefix = freshPrefix();
  },
  factory: (retention) => {
    const log = redisDeliveryLog({ connection: url, prefix, ...retention });
    opened.push(log);
    return log;
  },
  readRaw: async (id) => {
    const entries = await dumpPrefix(raw, prefix);
    const hit = entries.find((e) => e.value.includes(`\\"id\\":\\"${id}\\"`) || e.value.includes(`"id":"${id}"`));
    return hit ? (JSON.parse(hit.value) as unknown) : null;
  },
  failingFactory: () => {
    const log = redisDeliveryLog({ connection: "redis://127.0.0.1:1", prefix: freshPrefix() });
    opened.push(log);
    return log;
  },
});

describe("redisDeliveryLog specifics", () => {
  it("every key expires, and holds store ids and token-free entries only", async () => {
    const p = freshPrefix();
    const log = redisDeliveryLog({ connection: url, prefix: p, ttlMs: 60_000 });
    opened.push(log);
    await log.append([sampleEntry("wh-1"), sampleEntry("wh/../2")]);
    const keys = await dumpPrefix(raw, p);
    expect(keys.length).toBe(4);
    for (const k of keys) {
      expect(k.ttl).toBeGreaterThan(0);
      expect(k.value).not.toMatch(/webhooks\/\d+\/[^*]/);
    }
    expect(await log.list("wh/../2")).toHaveLength(1);
  });
});

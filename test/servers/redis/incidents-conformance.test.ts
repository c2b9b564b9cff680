/** The Redis incident state passes the same conformance suite as the in-process one, with two connections sharing a prefix. */
import { describe, it } from "vitest";
import { redisQueue, type RedisDeliveryState } from "../../../src/redis/index.js";
import { runIncidentStateConformance } from "../../../src/testing/index.js";
import { freshPrefix, requireRedisUrl } from "./support/env.js";

const url = requireRedisUrl();
const queues = new Map<object, RedisDeliveryState[]>();
runIncidentStateConformance({
  name: "redis",
  factory: () => {
    const prefix = freshPrefix();
    const a = redisQueue({ connection: url, prefix, leaseMs: 2000 });
    const b = redisQueue({ connection: url, prefix, leaseMs: 2000 });
    const made = { state: a.incidents, peer: b.incidents };
    queues.set(made, [a, b]);
    return made;
  },
  dispose: async (made) => {
    await Promise.all((queues.get(made) ?? []).map((q) => q.close()));
  },
  harness: { describe, it },
});

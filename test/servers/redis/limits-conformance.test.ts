/** The Redis rate limiter (Lua) passes the same rate-limit conformance suite as the in-memory one. */
import { describe, it } from "vitest";
import { redisQueue, type RedisDeliveryState } from "../../../src/redis/index.js";
import { runLimitsConformance } from "../../../src/testing/index.js";
import { freshPrefix, requireRedisUrl } from "./support/env.js";

const url = requireRedisUrl();
runLimitsConformance({
  name: "redis",
  factory: () => redisQueue({ connection: url, prefix: freshPrefix(), leaseMs: 2000 }),
  dispose: (limiter) => (limiter as RedisDeliveryState).close(),
  harness: { describe, it },
});

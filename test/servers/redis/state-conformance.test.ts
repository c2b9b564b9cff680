/** The Redis delivery state passes the same port contract as the in-memory one (test/delivery/state.test.ts). */
import { redisQueue } from "../../../src/redis/index.js";
import { describeDeliveryState } from "../../delivery/state-conformance.js";
import { freshPrefix, requireRedisUrl } from "./support/env.js";

const url = requireRedisUrl();
describeDeliveryState("redis", () => redisQueue({ connection: url, prefix: freshPrefix(), leaseMs: 2000 }));

/** The Redis delivery state passes the same port contract as the in-memory one (test/delivery/state.test.ts). */
import { redisQueue } from "../../../src/redis/index.js";
import { describeDeliveryState } from "../../delivery/state-conformance.js";
import { freshPrefix, requireRedisUrl } from "./support/env.js";

const url = requireRedisUrl();
const open = (prefix: string) => redisQueue({ connection: url, prefix, leaseMs: 2000 });
describeDeliveryState(
  "redis",
  () => open(freshPrefix()),
  () => {
    const prefix = freshPrefix();
    return Promise.resolve([open(prefix), open(prefix)] as const);
  },
);

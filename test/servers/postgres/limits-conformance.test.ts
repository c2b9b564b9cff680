/** The PostgreSQL rate limiter (PL/pgSQL) passes the same rate-limit conformance suite as the in-memory and Redis ones. */
import { randomUUID } from "node:crypto";
import { describe, it } from "vitest";
import { postgresQueue, type PostgresDeliveryState } from "../../../src/postgres/index.js";
import { runLimitsConformance } from "../../../src/testing/index.js";
import { requireEnv } from "../env.js";

const url = requireEnv("DATABASE_URL_PG");
runLimitsConformance({
  name: "postgres",
  factory: () => postgresQueue({ connection: url, prefix: `t${randomUUID().slice(0, 8)}_`, leaseMs: 2000 }),
  dispose: async (limiter) => {
    const state = limiter as PostgresDeliveryState;
    await state.close();
    await state.release?.();
  },
  harness: { describe, it },
});

/**
 * The PostgreSQL rate limiter (PL/pgSQL) passes the same rate-limit conformance suite as the in-memory and Redis ones;
 * and stamps an answer at its arrival when its learn waited for the lock.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
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

describe("rate-limit port: postgres, an answer's age", () => {
  it("stamps a request's window entry when its answer arrived, not when the learn got the lock", async () => {
    const prefix = `t${randomUUID().slice(0, 8)}_`;
    const state = postgresQueue({ connection: url, prefix, leaseMs: 2000 });
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    try {
      const policy = { globalLimit: 1, globalWindowMs: 1000, channelLimit: Infinity, channelWindowMs: 60_000, marginMs: 0, requestTtlMs: 5000 };
      const webhook = { webhookId: "300000000000000001", method: "POST" as const };
      const first = await state.take(webhook, policy);
      if (typeof first === "number") throw new Error(`expected a slot, got a wait of ${first} ms`);
      // Another process holds the budgets' lock for 600 ms while this answer's learn waits for it.
      await blocker.query("BEGIN");
      await blocker.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`public.${prefix}rl`]);
      const learned = state.learn(first, { status: 200, headers: {} }, policy);
      await new Promise((r) => setTimeout(r, 600));
      await blocker.query("COMMIT");
      await learned;
      // The entry leaves the window one window after the answer: about 400 ms from here, not 1000.
      const wait = await state.take({ webhookId: "300000000000000002", method: "POST" }, policy);
      expect(typeof wait).toBe("number");
      expect(wait).toBeGreaterThan(200);
      expect(wait).toBeLessThan(700);
    } finally {
      await blocker.end();
      await state.close();
      await state.release?.();
    }
  });
});

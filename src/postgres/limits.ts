/**
 * Discord's budgets on PostgreSQL, shared by every process of a schema and prefix: each take and learn is one
 * statement, a call of a PL/pgSQL function (limits-sql.ts) that runs under one advisory lock per prefix on the
 * database's clock (so processes on different machines agree on one clock). The rate-limit conformance suite pins
 * it to the same answers as memory and Redis.
 */
import type { Pool } from "pg";
import { answeredAgoMs, sharedLimiter, type SharedLimiter, type TakeArgs } from "../delivery/shared-limits.js";
import type { RlName } from "./limits-sql.js";
import { renewLeaseSql } from "./schema.js";

/** The lanes table and this process's leases, for a take that renews a lease when it grants (`takeMarking`). */
export interface LeaseTable {
  lanes: string;
  owner: string;
  leaseMs: number;
}

/** The limiter of `egress` over the tables and functions `rl` names (created by limits-sql.ts). */
export function postgresLimits(pool: Pool, rl: RlName, egress: string, call: <T>(what: string, fn: () => Promise<T>) => Promise<T>, leases: LeaseTable): SharedLimiter {
  const args = (a: TakeArgs): unknown[] => [a.webhookId, a.method, egress, a.globalLimit, a.globalWindowMs, a.channelLimit, a.channelWindowMs, a.marginMs, a.requestTtlMs, a.ticketId];
  return sharedLimiter({
    take: (a) =>
      call("take", async () => {
        const { rows } = await pool.query<{ wait: string }>(`SELECT ${rl("take")}($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) AS wait`, args(a));
        return Number(rows[0]?.wait);
      }),
    // One statement: the take, then (only when it granted) the lease renewal marking the jobs in flight, so the slot
    // is not held for a second round trip before the request leaves.
    takeMarking: (a, mark) =>
      call("take", async () => {
        const { rows } = await pool.query<{ wait: string; owned: boolean }>(
          `WITH t AS (SELECT ${rl("take")}($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) AS wait),
                r AS (${renewLeaseSql(leases.lanes, { lane: "$11", owner: "$12", ms: "$13", inFlight: "$14" })} AND (SELECT wait FROM t) = 0 RETURNING 1)
           SELECT (SELECT wait FROM t) AS wait, EXISTS (SELECT 1 FROM r) AS owned`,
          [...args(a), mark.laneId, leases.owner, leases.leaseMs, JSON.stringify(mark.sending)],
        );
        return { wait: Number(rows[0]?.wait), owned: rows[0]?.owned === true };
      }),
    learn: (a) =>
      call("learn", async () => {
        // A connection first: the time waited for it is not counted as the answer's age (see LearnArgs.answeredAt).
        const client = await pool.connect();
        try {
          const { rows } = await client.query<{ invalid: string; bucket: string }>(`SELECT * FROM ${rl("learn")}($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`, [
            a.ticketId, a.webhookId, a.method, egress, a.status, a.channelId, a.bucket, a.remaining, a.limit, a.resetAfterMs,
            a.scope, a.retryAfterMs, a.marginMs, a.invalid, a.channelLimit, a.learnedHoldMs, answeredAgoMs(a.answeredAt),
          ]);
          client.release();
          const row = rows[0];
          return [Number(row?.invalid ?? 0), row?.bucket ?? ""];
        } catch (error) {
          // A connection that failed is not given back to the pool.
          client.release(error instanceof Error ? error : true);
          throw error;
        }
      }),
    invalid: () =>
      call("invalidAnswers", async () => {
        const { rows } = await pool.query<{ n: string }>(`SELECT ${rl("invalid_total")}($1, ${rl("now")}()) AS n`, [egress]);
        return Number(rows[0]?.n ?? 0);
      }),
  });
}

/** Deletes expired rate-limit rows (the reconciler runs it). */
export async function sweepLimits(pool: Pool, rl: RlName): Promise<void> {
  await pool.query(`SELECT ${rl("sweep")}()`);
}


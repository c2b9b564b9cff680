/**
 * The jobs of `postgresQueue()`: a table ordered per lane, pushed by one SQL function (push-sql.ts: capacity,
 * idempotency key, urgent jobs ahead of routine ones, the lane woken), read from the head, removed once settled.
 */
import type { Pool } from "pg";
import { emptyOutcome } from "../delivery/outcome-merge.js";
import type { DeliveryState, QueuedEmbed } from "../delivery/state.js";
import type { PostgresAccess } from "./access.js";
import type { Tables } from "./schema.js";

/** The queue part of the delivery state port. */
export type PostgresJobs = Pick<DeliveryState, "push" | "head" | "remove" | "drain">;

/** The jobs in tables `t`. */
export function postgresJobs(pool: Pool, t: Tables, access: PostgresAccess): PostgresJobs {
  return {
    push: (laneId, jobs, capacity, idempotencyKey) =>
      access.call("push", async () => {
        const first = jobs[0];
        if (!first) return true;
        const { rows } = await pool.query<{ r: string }>(`SELECT ${t.push}($1, $2::jsonb, $3, $4, $5, $6, $7, $8::jsonb) AS r`, [
          laneId,
          JSON.stringify(jobs),
          capacity,
          idempotencyKey ?? null,
          first.urgent === true,
          first.problem ?? null,
          first.deliveryId,
          JSON.stringify(emptyOutcome()),
        ]);
        const answer = rows[0]?.r ?? "";
        if (answer.startsWith("dup:")) return { duplicateOf: answer.slice(4) };
        return answer === "ok";
      }),
    head: (laneId, limit) =>
      access.call("head", async () => (await pool.query<{ body: QueuedEmbed }>(`SELECT body FROM ${t.jobs} WHERE lane_id = $1 ORDER BY pos LIMIT $2`, [laneId, limit])).rows.map((r) => r.body)),
    remove: (laneId, ids) =>
      access.write("remove", async () => {
        if (ids.length > 0) await pool.query(`DELETE FROM ${t.jobs} WHERE lane_id = $1 AND job_id = ANY($2::text[])`, [laneId, ids]);
      }),
    drain: (laneId) =>
      access.call("drain", async () => {
        const { rows } = await pool.query<{ body: QueuedEmbed }>(
          `WITH gone AS (DELETE FROM ${t.jobs} WHERE lane_id = $1 RETURNING pos, body) SELECT body FROM gone ORDER BY pos`,
          [laneId],
        );
        return rows.map((r) => r.body);
      }),
  };
}

/**
 * The jobs of `postgresQueue()`: a table ordered per lane, pushed by one SQL function (push-sql.ts: capacity,
 * idempotency key, urgent jobs ahead of routine ones, the lane woken), read from the head, removed once settled.
 */
import type { Pool } from "pg";
import { emptyOutcome } from "../delivery/outcome-merge.js";
import type { DeliveryState, QueuedEmbed } from "../delivery/state.js";
import type { PostgresAccess } from "./access.js";
import type { Tables } from "./schema.js";

const EMPTY = JSON.stringify(emptyOutcome());

/** The queue part of the delivery state port. */
export type PostgresJobs = Pick<DeliveryState, "push" | "head" | "remove" | "drain">;

/** About this many pushes share one statement (each holds its lane's lock until the statement commits). */
const MAX_BATCH = 50;

type PushResult = boolean | { duplicateOf: string };
/** One push's arguments of the SQL function, in its order. */
type PushRow = [lane: string, jobs: string, capacity: number, key: string | null, urgent: boolean, problem: string | null, delivery: string, outcome: string];
interface Pending {
  row: PushRow;
  resolve: (r: PushResult) => void;
  reject: (e: unknown) => void;
}

/** The jobs in tables `t`. */
export function postgresJobs(pool: Pool, t: Tables, access: PostgresAccess): PostgresJobs {
  /**
   * Pushes wait for the statements of the previous ones, then go to the database together: in lane order (two
   * statements lock lanes in one order, so they cannot deadlock), about 50 to a statement, a lane's pushes in one
   * statement and in the order `push` was called. Each is still checked and answered on its own.
   */
  let pending: Pending[] = [];
  let previous: Promise<unknown> = Promise.resolve();
  const send = (batch: readonly Pending[]): Promise<void> => {
    const column = (k: number): unknown[] => batch.map((p) => p.row[k]);
    return access
      .call("push", () =>
        // Called row by row in the arrays' order (no ORDER BY: the answers are matched by `n`).
        pool.query<{ n: string; r: string }>(
          `SELECT n, ${t.push}(lane, jobs, cap, key, urgent, problem, delivery, outcome) AS r
             FROM unnest($1::text[], $2::jsonb[], $3::int[], $4::text[], $5::boolean[], $6::text[], $7::text[], $8::jsonb[])
               WITH ORDINALITY AS x(lane, jobs, cap, key, urgent, problem, delivery, outcome, n)`,
          [0, 1, 2, 3, 4, 5, 6, 7].map(column),
        ),
      )
      .then(
        ({ rows }) => {
          const answers = new Map(rows.map((row) => [Number(row.n), row.r]));
          batch.forEach((p, k) => {
            const answer = answers.get(k + 1) ?? "";
            p.resolve(answer.startsWith("dup:") ? { duplicateOf: answer.slice(4) } : answer === "ok");
          });
        },
        (error: unknown) => {
          for (const p of batch) p.reject(error);
        },
      );
  };
  const flush = (): void => {
    const all = pending.sort((a, b) => (a.row[0] < b.row[0] ? -1 : a.row[0] > b.row[0] ? 1 : 0));
    pending = [];
    const batches: Pending[][] = [];
    let batch: Pending[] = [];
    for (const p of all) {
      if (batch.length >= MAX_BATCH && batch[batch.length - 1]?.row[0] !== p.row[0]) {
        batches.push(batch);
        batch = [];
      }
      batch.push(p);
    }
    batches.push(batch);
    previous = previous.then(() => Promise.all(batches.map(send)));
  };
  return {
    push: (laneId, jobs, capacity, idempotencyKey) => {
      const first = jobs[0];
      if (!first) return Promise.resolve(true);
      return new Promise<PushResult>((resolve, reject) => {
        const row: PushRow = [laneId, JSON.stringify(jobs), capacity, idempotencyKey ?? null, first.urgent === true, first.problem ?? null, first.deliveryId, EMPTY];
        pending.push({ row, resolve, reject });
        if (pending.length === 1) setImmediate(flush);
      });
    },
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

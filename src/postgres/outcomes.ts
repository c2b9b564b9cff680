/**
 * Outcome rows of `postgresQueue()`: one row per delivery, merged part by part under a row lock, and read back as a
 * {@link DeliveryOutcome}. Errors are stored as token-free JSON (the Redis codec) and rebuilt as their classes.
 */
import type { Pool } from "pg";
import { emptyOutcome, mergePart, type MergedOutcome } from "../delivery/outcome-merge.js";
import type { CompletedDelivery, DeliveryOutcome, SettledEmbeds } from "../delivery/state.js";
import { StoreError } from "../errors.js";
import { errorFromJson, errorToJson, type ErrorJson } from "../redis/codec.js";
import type { Tables } from "./schema.js";

/** The JSON of a delivery's outcome column: the merged outcome with its error as token-free JSON. */
export type OutcomeRow = MergedOutcome<ErrorJson>;

/**
 * Records settled parts, each job once; gives the deliveries this call completed. The first part of a delivery (most
 * deliveries have one job, so one part) is one statement: nothing is merged into the row yet, so its outcome is the
 * empty one `push` wrote and the part merges into that without reading it; the write holds only while no job is
 * settled. Any other part is a read and a compare-and-set on `remaining` (it falls with every job settled, so of two
 * processes settling the same delivery from one read, one writes and the other reads again). The write that completes
 * a delivery also notifies `d:<delivery>`, with the outcome's JSON after a line break when it fits a notification
 * (so a waiting process need not read the row). No transaction.
 */
export async function settleParts(pool: Pool, t: Tables, parts: readonly SettledEmbeds[]): Promise<CompletedDelivery[]> {
  const completed: CompletedDelivery[] = [];
  for (const part of parts) {
    const first = emptyOutcome<ErrorJson>();
    mergePart(first, part, errorToJson);
    const json = JSON.stringify(first);
    const { rows } = await pool.query<{ remaining: number }>(
      `WITH u AS (
         UPDATE ${t.deliveries} SET remaining = remaining - $2, settled_jobs = $3::text[], outcome = $4,
           settled_at = CASE WHEN remaining - $2 <= 0 THEN now() ELSE NULL END
         WHERE delivery_id = $1 AND remaining > 0 AND cardinality(settled_jobs) = 0 RETURNING remaining)
       SELECT remaining, (SELECT count(pg_notify($5, $6)) FROM u WHERE remaining <= 0) AS notified FROM u`,
      [part.deliveryId, part.jobIds.length, part.jobIds, json, t.channel, settledNotice(part.deliveryId, json)],
    );
    const written = rows[0];
    if (written) {
      if (written.remaining <= 0) completed.push({ deliveryId: part.deliveryId, outcome: fromRow(first) });
      continue;
    }
    for (;;) {
      const { rows } = await pool.query<{ remaining: number; settled_jobs: string[]; outcome: OutcomeRow }>(
        `SELECT remaining, settled_jobs, outcome FROM ${t.deliveries} WHERE delivery_id = $1`,
        [part.deliveryId],
      );
      const row = rows[0];
      if (!row || row.remaining <= 0) break;
      const fresh = part.jobIds.filter((id) => !row.settled_jobs.includes(id));
      if (fresh.length === 0) break;
      const o = row.outcome;
      mergePart(o, part, errorToJson);
      const remaining = row.remaining - fresh.length;
      const json = JSON.stringify(o);
      const written = await pool.query<{ n: string }>(
        `WITH u AS (
           UPDATE ${t.deliveries} SET remaining = $2, settled_jobs = settled_jobs || $3::text[], outcome = $4, settled_at = CASE WHEN $2 <= 0 THEN now() ELSE NULL END
           WHERE delivery_id = $1 AND remaining = $5 RETURNING 1)
         SELECT count(*) AS n, (SELECT count(pg_notify($6, $7)) FROM u WHERE $2 <= 0) AS notified FROM u`,
        [part.deliveryId, remaining, fresh, json, row.remaining, t.channel, settledNotice(part.deliveryId, remaining <= 0 ? json : undefined)],
      );
      if (Number(written.rows[0]?.n ?? 0) === 0) continue;
      if (remaining <= 0) completed.push({ deliveryId: part.deliveryId, outcome: fromRow(o) });
      break;
    }
  }
  return completed;
}

/** PostgreSQL refuses a notification payload of 8000 bytes or more. */
const MAX_NOTICE_BYTES = 7999;

/** `d:<delivery>`, with the completed outcome's JSON on a second line when the payload stays under the limit. */
function settledNotice(deliveryId: string, outcomeJson: string | undefined): string {
  const bare = `d:${deliveryId}`;
  if (outcomeJson === undefined) return bare;
  const full = `${bare}\n${outcomeJson}`;
  return Buffer.byteLength(full) <= MAX_NOTICE_BYTES ? full : bare;
}

/** The outcome a row says. */
export function fromRow(row: OutcomeRow): DeliveryOutcome {
  const outcome: DeliveryOutcome = { status: row.status, messageIds: row.messageIds, attempts: row.attempts };
  if (row.lastStatus !== undefined) outcome.lastStatus = row.lastStatus;
  if (row.error) outcome.error = errorFromJson(row.error);
  return outcome;
}

/** The outcome of a delivery whose row vanished. */
export function lost(): DeliveryOutcome {
  const error = new StoreError("postgres", "The delivery's row is gone from PostgreSQL (deleted or restored from an older backup); whether it was posted is unknown", { code: "LOST" });
  return { status: "failed", messageIds: [], attempts: 0, error };
}


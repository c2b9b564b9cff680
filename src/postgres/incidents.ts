/**
 * The incident-state port on PostgreSQL (the `incidents` of `postgresQueue()`): one row per problem, written by a
 * compare-and-set on its version and expiring `ttlMs` after its last write, and one row per silence. Shared by every
 * process of a schema and prefix. Holds store ids, keys and message ids: never a URL or token. Expired rows are
 * ignored at once and deleted by the queue's periodic sweep (`sweepIncidents`).
 */
import type { Pool } from "pg";
import type { IncidentRecord, Silence } from "../incidents/types.js";
import type { IncidentState } from "../incidents/port.js";
import type { Tables } from "./schema.js";

/** `ttlMs` from the database's clock, as a timestamptz expression over the query parameter `$n`. */
const until = (n: number): string => `clock_timestamp() + make_interval(secs => $${String(n)}::double precision / 1000)`;

/**
 * The incident state over `pool`. `call` wraps each query as the queue's own calls are (waits for the tables, turns
 * failures into a `StoreError`).
 */
export function postgresIncidentState(pool: Pool, t: Tables, call: <T>(what: string, fn: () => Promise<T>) => Promise<T>): IncidentState {
  return {
    get: (webhookId, key) =>
      call("incident get", async () => {
        const { rows } = await pool.query<{ record: IncidentRecord }>(`SELECT record FROM ${t.incidents} WHERE webhook_id = $1 AND key = $2 AND expires_at > clock_timestamp()`, [webhookId, key]);
        return rows[0]?.record;
      }),
    put: (webhookId, key, record, expected, ttlMs) =>
      call("incident put", async () => {
        const ttl = Math.max(1, Math.ceil(ttlMs));
        // Nothing stored (or only an expired row): insert, or take the expired row's place. Else: the version must match.
        const { rowCount } =
          expected === undefined
            ? await pool.query(
                `INSERT INTO ${t.incidents} AS i (webhook_id, key, version, record, expires_at) VALUES ($1, $2, $3, $4, ${until(5)})
                 ON CONFLICT (webhook_id, key) DO UPDATE SET version = EXCLUDED.version, record = EXCLUDED.record, expires_at = EXCLUDED.expires_at
                 WHERE i.expires_at <= clock_timestamp()`,
                [webhookId, key, record.version, JSON.stringify(record), ttl],
              )
            : await pool.query(
                `UPDATE ${t.incidents} SET version = $3, record = $4, expires_at = ${until(6)}
                 WHERE webhook_id = $1 AND key = $2 AND version = $5 AND expires_at > clock_timestamp()`,
                [webhookId, key, record.version, JSON.stringify(record), expected, ttl],
              );
        return rowCount === 1;
      }),
    due: (before, limit) =>
      call("incident due", async () => {
        // The partial index "<prefix>incidents_remind" holds open problems only, in the order asked for.
        const { rows } = await pool.query<{ webhookId: string; key: string }>(
          `SELECT webhook_id AS "webhookId", key FROM ${t.incidents}
           WHERE record ? 'remindAt' AND (record->>'remindAt')::double precision <= $1 AND expires_at > clock_timestamp()
           ORDER BY (record->>'remindAt')::double precision LIMIT $2`,
          [before, limit],
        );
        return rows;
      }),
    addSilence: (silence) =>
      call("addSilence", async () => {
        if (silence.endsAt <= Date.now()) return;
        await pool.query(`INSERT INTO ${t.silences} (id, ends_at, body) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET ends_at = EXCLUDED.ends_at, body = EXCLUDED.body`, [
          silence.id,
          silence.endsAt,
          JSON.stringify(silence),
        ]);
      }),
    removeSilence: (id) =>
      call("removeSilence", async () => {
        const { rowCount } = await pool.query(`DELETE FROM ${t.silences} WHERE id = $1 AND ends_at > $2`, [id, Date.now()]);
        return rowCount === 1;
      }),
    silences: () =>
      call("silences", async () => {
        const { rows } = await pool.query<{ body: Silence }>(`SELECT body FROM ${t.silences} WHERE ends_at > $1`, [Date.now()]);
        return rows.map((r) => r.body).sort((a, b) => a.createdAt - b.createdAt);
      }),
  };
}

/** Deletes expired problems and ended silences (the queue's periodic sweep). */
export async function sweepIncidents(pool: Pool, t: Tables): Promise<void> {
  await pool.query(`DELETE FROM ${t.incidents} WHERE expires_at < clock_timestamp()`);
  await pool.query(`DELETE FROM ${t.silences} WHERE ends_at < $1`, [Date.now()]);
}

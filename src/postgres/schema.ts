import { limitsDdl, type RlName } from "./limits-sql.js";
import { outboxDdl } from "./outbox.js";
import { pushDdl } from "./push-sql.js";

/**
 * The tables of `postgresQueue()`, as one idempotent DDL script (also shipped as migrations/postgresql/queue/). None
 * touches the platform's `DiscordWebhook` table. Rows hold ids, embeds and message options: never a URL or token.
 */

/** Quoted table names for a schema and prefix. */
export interface Tables {
  jobs: string;
  lanes: string;
  deliveries: string;
  /** Problems (incident records) and silences: the queue's `incidents`. */
  incidents: string;
  silences: string;
  /** Events written inside the host's transaction (outbox.ts), and the function its trigger notifies with. */
  outbox: string;
  outboxNotify: string;
  /** The function that pushes a delivery's jobs into its lane (push-sql.ts). */
  push: string;
  /** LISTEN/NOTIFY channel for wake-ups (pushes) and settled deliveries. */
  channel: string;
  /** A rate-limit table or function (limits.ts): `"<schema>"."<prefix>rl_<name>"`. */
  rl: RlName;
}

/** Table names under `schema` with `prefix` (both already validated as identifiers). */
export function tablesOf(schema: string, prefix: string): Tables {
  const q = (name: string): string => `"${schema}"."${prefix}${name}"`;
  return { jobs: q("jobs"), lanes: q("lanes"), deliveries: q("deliveries"), incidents: q("incidents"), silences: q("silences"), outbox: q("outbox"), outboxNotify: q("outbox_notify"), push: q("push"), channel: `${prefix}events`, rl: (name) => q(`rl_${name}`) };
}

/**
 * The statement that renews lane `p.lane`'s lease for `p.ms` milliseconds while `p.owner` holds it, and records the
 * jobs `p.inFlight` in flight when given. One rule for a renewal alone (lanes.ts) and after a take that granted
 * (limits.ts); the `p` fields are the statement's placeholders (`"$1"`...).
 */
export function renewLeaseSql(lanes: string, p: { lane: string; owner: string; ms: string; inFlight?: string }): string {
  const inFlight = p.inFlight === undefined ? "" : `, in_flight = ${p.inFlight}`;
  return `UPDATE ${lanes} SET lease_until = now() + make_interval(secs => ${p.ms}::double precision / 1000)${inFlight} WHERE lane_id = ${p.lane} AND owner = ${p.owner}`;
}

/**
 * The DDL: jobs per lane (ordered by a bigserial), one lease row per lane with work, one row per open or recently
 * settled delivery, one row per problem and per silence (incidents.ts), and the shared rate limits (limits.ts: tables
 * and the PL/pgSQL functions that take and learn). Deletes only (no updates of job rows), so
 * autovacuum keeps up.
 */
export function ddl(schema: string, prefix: string): string {
  const t = tablesOf(schema, prefix);
  // A multi-statement query runs as one implicit transaction: the lock keeps two processes' first use apart.
  return `
SELECT pg_advisory_xact_lock(hashtext('${schema}.${prefix}ddl'));
CREATE SCHEMA IF NOT EXISTS "${schema}";
CREATE TABLE IF NOT EXISTS ${t.jobs} (
  seq bigserial PRIMARY KEY,
  lane_id text NOT NULL,
  job_id text NOT NULL,
  delivery_id text NOT NULL,
  body jsonb NOT NULL,
  -- Order within the lane: routine jobs append; an urgent one is placed between two waiting jobs (priority.ts).
  pos numeric NOT NULL,
  UNIQUE (lane_id, job_id)
);
CREATE INDEX IF NOT EXISTS "${prefix}jobs_lane_pos" ON ${t.jobs} (lane_id, pos);
CREATE TABLE IF NOT EXISTS ${t.lanes} (
  lane_id text PRIMARY KEY,
  owner text,
  lease_until timestamptz,
  due_at timestamptz,
  kicked boolean NOT NULL DEFAULT false,
  in_flight jsonb
);
CREATE INDEX IF NOT EXISTS "${prefix}lanes_due" ON ${t.lanes} (due_at) WHERE due_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS ${t.deliveries} (
  delivery_id text PRIMARY KEY,
  lane_id text NOT NULL,
  idempotency_key text,
  remaining integer NOT NULL,
  settled_jobs text[] NOT NULL DEFAULT '{}',
  outcome jsonb NOT NULL,
  settled_at timestamptz
);
CREATE UNIQUE INDEX IF NOT EXISTS "${prefix}deliveries_key" ON ${t.deliveries} (lane_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS "${prefix}deliveries_settled" ON ${t.deliveries} (settled_at) WHERE settled_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS ${t.incidents} (
  webhook_id text NOT NULL,
  key text NOT NULL,
  version integer NOT NULL,
  record jsonb NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (webhook_id, key)
);
CREATE INDEX IF NOT EXISTS "${prefix}incidents_expires" ON ${t.incidents} (expires_at);
-- Open problems by when their reminder is due (the incident state's due); resolved ones are not in it.
CREATE INDEX IF NOT EXISTS "${prefix}incidents_remind" ON ${t.incidents} (((record->>'remindAt')::double precision)) WHERE record ? 'remindAt';
CREATE TABLE IF NOT EXISTS ${t.silences} (
  id text PRIMARY KEY,
  -- Epoch milliseconds, as the silence says.
  ends_at bigint NOT NULL,
  body jsonb NOT NULL
);
${limitsDdl(t.rl, prefix, `${schema}.${prefix}rl`)}
${outboxDdl(t.outbox, t.outboxNotify, t.channel, prefix)}
${pushDdl(t)}
`;
}

/**
 * `postgresQueue()`: the delivery state port on PostgreSQL alone, so several processes share one queue, one set of
 * lane leases and one book of outcomes without Redis. Plain SQL on `pg`: jobs in a table ordered per lane, a lease row
 * per lane claimed with `FOR UPDATE SKIP LOCKED`, wake-ups and settled deliveries announced with `LISTEN / NOTIFY`
 * (a slow reconciler poll covers a lost notification). The lane algorithm is the engine's, unchanged. This file wires
 * the parts: database calls (access.ts), jobs (jobs.ts), leases (lanes.ts), wake-ups (notifications.ts), outcome waits
 * (outcome-waits.ts), rate limits (limits.ts), incidents (incidents.ts) and the outbox (outbox.ts).
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Pool } from "pg";
import { DEFAULT_MAX_FILE_BYTES } from "../options.js";
import { postgresAccess } from "./access.js";
import { postgresIncidentState, sweepIncidents } from "./incidents.js";
import { postgresJobs } from "./jobs.js";
import { postgresLanes } from "./lanes.js";
import { postgresLimits, sweepLimits } from "./limits.js";
import { postgresNotices } from "./notifications.js";
import { parsePostgresQueueOptions } from "./options.js";
import { outcomeWaits } from "./outcome-waits.js";
import { postgresOutbox } from "./outbox.js";
import { tablesOf, type Tables } from "./schema.js";
import type { PostgresDeliveryState, PostgresQueueOptions } from "./types.js";

/**
 * Connections of the pool made from a connection string. The rate-limit functions run one at a time (one lock per
 * prefix) and each statement is short, so more connections mostly add backends that compete for the database's CPU:
 * with three workers on a 2-core machine, 5 per process carried the (f) bench about 8 % faster than 10.
 */
const POOL_SIZE = 5;

/**
 * The delivery state on PostgreSQL. Needs the optional peer `pg`. Creates its tables on first use (or run the
 * migration in migrations/postgresql/queue/ yourself). Rows carry webhook ids, embeds and message options: never a
 * URL or token.
 *
 * @example
 * ```ts
 * import { postgresQueue } from "discord-webhook-dispatcher/postgres";
 * const dispatcher = createDispatcher({ store, queue: postgresQueue({ connection: process.env.DATABASE_URL }) });
 * ```
 */
export function postgresQueue(rawOptions: PostgresQueueOptions): PostgresDeliveryState {
  const options = parsePostgresQueueOptions(rawOptions);
  const schema = options.schema ?? "public";
  const prefix = options.prefix ?? "dwd_";
  const leaseMs = options.leaseMs ?? 30_000;
  const concurrency = options.concurrency ?? 64;
  const outcomeTtlMs = options.outcomeTtlMs ?? 86_400_000;
  const t: Tables = tablesOf(schema, prefix);
  const ownPool = typeof options.connection === "string";
  const pool: Pool = typeof options.connection === "string" ? new pg.Pool({ connectionString: options.connection, connectionTimeoutMillis: 2000, max: POOL_SIZE }) : options.connection;
  if (ownPool) pool.on("error", () => undefined);
  const me = randomUUID();

  let released = false;
  let users = 0;
  let reconciler: ReturnType<typeof setInterval> | undefined;
  const isReleased = (): boolean => released;
  /** Turns and outbox relays in flight: close() waits for them. */
  const running = new Set<Promise<void>>();
  const track = (p: Promise<void>): void => {
    running.add(p);
    void p.finally(() => running.delete(p));
  };
  const access = postgresAccess(pool, schema, prefix, isReleased);
  // Discord's budgets, shared by every process of the schema and prefix (per egress).
  const limits = postgresLimits(pool, t.rl, options.egress ?? "default", access.call, { lanes: t.lanes, owner: me, leaseMs });
  const lanes = postgresLanes({ pool, t, access, me, leaseMs, concurrency, track, limits });
  const waits = outcomeWaits(pool, t, access.write);
  // Events written inside the host's transaction, relayed by this process once committed (when its dispatcher works).
  const outbox = postgresOutbox({ table: t.outbox, ready: access.migrate, transaction: access.transaction, isClosed: lanes.stopped, track });
  const notices = postgresNotices(pool, t.channel, access.migrate, isReleased, {
    work: lanes.pump,
    settled: waits.settled,
    outbox() {
      outbox.kick();
    },
    listening() {
      lanes.pump();
      waits.checkAll();
    },
  });
  const listen = (): void => {
    void notices.listen().catch(() => undefined);
  };

  const dispose = async (): Promise<void> => {
    if (released) return;
    released = true;
    lanes.stop();
    await waits.close();
    notices.close();
    if (ownPool) await pool.end().catch(() => undefined);
  };

  return {
    durable: true,
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    migrate: access.migrate,
    incidents: postgresIncidentState(pool, t, access.call),
    outbox: {
      write: (tx, entry) => outbox.write(tx, entry),
      serve(relay) {
        outbox.serve(relay);
        listen();
      },
    },
    ...postgresJobs(pool, t, access),

    serve(run) {
      lanes.serve(run);
      listen();
      // A lane whose wake-up was lost (a crash between a push and its notification is impossible, but a worker that
      // died idle leaves rows): make every unowned lane with jobs due, and forget old outcomes.
      const reconcile = (): void => {
        void pool
          .query(
            `UPDATE ${t.lanes} SET due_at = now() WHERE owner IS NULL AND due_at IS NULL AND EXISTS (SELECT 1 FROM ${t.jobs} j WHERE j.lane_id = ${t.lanes}.lane_id)`,
          )
          .then(() => pool.query(`DELETE FROM ${t.deliveries} WHERE settled_at < now() - make_interval(secs => $1::double precision / 1000)`, [outcomeTtlMs]))
          .then(() => sweepIncidents(pool, t))
          .then(() => sweepLimits(pool, t.rl))
          .then(() => {
            lanes.pump();
            outbox.kick();
          })
          .catch(() => undefined);
      };
      reconciler = setInterval(reconcile, leaseMs);
      reconciler.unref();
    },
    async close() {
      lanes.stop();
      clearInterval(reconciler);
      await Promise.allSettled([...running]);
      if (users === 0) await dispose();
    },
    retain() {
      users += 1;
    },
    async release() {
      users -= 1;
      if (users <= 0) await dispose();
    },

    take: (request, policy) => limits.take(request, policy),
    learn: (ticket, answer, policy) => limits.learn(ticket, answer, policy),
    invalidAnswers: () => limits.invalidAnswers(),

    settle: (parts) => waits.settle(parts),
    outcome(deliveryId) {
      const outcome = waits.wait(deliveryId);
      listen();
      return outcome;
    },
  };
}

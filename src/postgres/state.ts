/**
 * `postgresQueue()`: the delivery state port on PostgreSQL alone, so several processes share one queue, one set of
 * lane leases and one book of outcomes without Redis. Plain SQL on `pg`: jobs in a table ordered per lane, a lease row
 * per lane claimed with `FOR UPDATE SKIP LOCKED`, wake-ups and settled deliveries announced with `LISTEN / NOTIFY`
 * (a slow reconciler poll covers a lost notification). The lane algorithm is the engine's, unchanged.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Notification, Pool, PoolClient } from "pg";
import { fromRow, lost, settleParts, type OutcomeRow } from "./outcomes.js";
import { emptyOutcome } from "../delivery/outcome-merge.js";
import type { DeliveryOutcome, LaneLease, LaneRun, LaneRunner, QueuedEmbed } from "../delivery/state.js";
import { StoreError } from "../errors.js";
import { DEFAULT_MAX_FILE_BYTES, MAX_TIMER_MS, wakeDelayMs } from "../options.js";
import { parsePostgresQueueOptions } from "./options.js";
import type { PostgresDeliveryState, PostgresQueueOptions } from "./types.js";

export type { PostgresConnection, PostgresDeliveryState, PostgresQueueOptions } from "./types.js";
import { postgresIncidentState, sweepIncidents } from "./incidents.js";
import { postgresLimits, sweepLimits } from "./limits.js";
import { postgresOutbox } from "./outbox.js";
import { ddl, tablesOf, type Tables } from "./schema.js";


/** Waits up to this long are slept inside the lease (one claim round trip less). */
const SHORT_WAIT_MS = 250;
/** Outcome waiters re-check their row this often, in case a notification was missed. */
const OUTCOME_POLL_MS = 2000;
/** Deliveries whose outcome one query reads at most. */
const CHECK_BATCH = 500;
/** How long writes after a send are retried through a blip. */
const WRITE_RETRY_MS = 30_000;

const QUEUED: DeliveryOutcome = { status: "queued", messageIds: [], attempts: 0 };

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
  const pool: Pool = typeof options.connection === "string" ? new pg.Pool({ connectionString: options.connection, connectionTimeoutMillis: 2000, max: 10 }) : options.connection;
  if (ownPool) pool.on("error", () => undefined);
  const me = randomUUID();

  let ready: Promise<void> | undefined;
  let listener: PoolClient | undefined;
  let listening: Promise<void> | undefined;
  let runner: LaneRunner | undefined;
  let closed = false;
  let released = false;
  let users = 0;
  let loopTimer: ReturnType<typeof setTimeout> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let reconciler: ReturnType<typeof setInterval> | undefined;
  let pumping = false;
  let pumpAgain = false;
  /** Read through a function: a notification may set it while a claim is awaited. */
  const isAgain = (): boolean => pumpAgain;
  const isClosed = (): boolean => closed;
  const owned = new Set<string>();
  const running = new Set<Promise<void>>();
  const settling = new Set<Promise<unknown>>();
  const waiters = new Map<string, Array<(o: DeliveryOutcome) => void>>();

  const fail = (what: string, cause: unknown): StoreError =>
    cause instanceof StoreError ? cause : new StoreError("postgres", `${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  const migrate = (): Promise<void> => {
    ready ??= pool.query(ddl(schema, prefix)).then(
      () => undefined,
      (error: unknown) => {
        ready = undefined;
        throw fail("creating the queue tables", error);
      },
    );
    return ready;
  };
  /**
   * Every call waits for the tables and fails fast with a StoreError while the database is down. A pool whose every
   * connection is open and busy (a burst of calls) is not a database that is down: pg-pool's wait for a free
   * connection times out like a failed connect, so such a call waits its turn again instead of failing.
   */
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        await migrate();
        return await fn();
      } catch (error) {
        if (!released && busy(error)) continue;
        throw fail(what, error);
      }
    }
  };
  const busy = (error: unknown): boolean =>
    error instanceof Error && error.message.includes("timeout exceeded when trying to connect") && pool.totalCount >= pool.options.max && pool.idleCount === 0;
  // Discord's budgets, shared by every process of the schema and prefix (per egress).
  const limits = postgresLimits(pool, t.rl, options.egress ?? "default", call);
  const write = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    const end = Date.now() + WRITE_RETRY_MS;
    for (;;) {
      try {
        return await call(what, fn);
      } catch (error) {
        if (released || Date.now() >= end) throw error;
        await sleep(200);
      }
    }
  };
  const transaction = async <T>(fn: (c: PoolClient) => Promise<T>): Promise<T> => {
    const c = await pool.connect();
    try {
      await c.query("BEGIN");
      const out = await fn(c);
      await c.query("COMMIT");
      return out;
    } catch (error) {
      await c.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      c.release();
    }
  };

  // Events written inside the host's transaction, relayed by this process once committed (when its dispatcher works).
  const outbox = postgresOutbox({
    table: t.outbox,
    ready: migrate,
    transaction,
    isClosed,
    track: (p) => {
      running.add(p);
      void p.finally(() => running.delete(p));
    },
  });

  // -- Notifications: one listening connection, reconnected when it drops. ---------------------------------------
  const onNotice = (n: Notification): void => {
    const payload = n.payload ?? "";
    if (payload.startsWith("w:")) pump();
    else if (payload.startsWith("d:")) check(payload.slice(2));
    else if (payload.startsWith("o:")) outbox.kick();
  };
  const listen = (): Promise<void> => {
    listening ??= (async () => {
      try {
        await migrate();
        const c = await pool.connect();
        if (released) {
          c.release(true);
          return;
        }
        c.on("notification", onNotice);
        c.on("error", () => {
          c.release(true);
          if (listener === c) listener = undefined;
          listening = undefined;
          if (!released) setTimeout(() => void listen().catch(() => undefined), 500).unref();
        });
        listener = c;
        await c.query(`LISTEN "${t.channel}"`);
        pump();
        for (const id of waiters.keys()) check(id);
      } catch (error) {
        listening = undefined;
        if (!released) setTimeout(() => void listen().catch(() => undefined), 500).unref();
        throw error;
      }
    })();
    return listening;
  };

  // -- Outcomes ---------------------------------------------------------------------------------------------------
  const resolveWaiters = (id: string, outcome: DeliveryOutcome): void => {
    const list = waiters.get(id);
    waiters.delete(id);
    for (const resolve of list ?? []) resolve(outcome);
  };
  // Checks asked for in one turn of the event loop (notifications, new waiters, the poll) are one query.
  const toCheck = new Set<string>();
  const checkNow = async (): Promise<void> => {
    const ids = [...toCheck].filter((id) => waiters.has(id));
    toCheck.clear();
    for (let i = 0; i < ids.length; i += CHECK_BATCH) {
      const batch = ids.slice(i, i + CHECK_BATCH);
      try {
        const { rows } = await pool.query<{ delivery_id: string; remaining: number; outcome: OutcomeRow }>(
          `SELECT delivery_id, remaining, outcome FROM ${t.deliveries} WHERE delivery_id = ANY($1::text[])`,
          [batch],
        );
        const found = new Map(rows.map((r) => [r.delivery_id, r]));
        for (const id of batch) {
          const row = found.get(id);
          if (!row) resolveWaiters(id, lost());
          else if (row.remaining <= 0) resolveWaiters(id, fromRow(row.outcome));
        }
      } catch {
        // The database is away: the poll checks again.
      }
    }
  };
  const check = (id: string): void => {
    if (!waiters.has(id)) return;
    if (toCheck.size === 0) setImmediate(() => void checkNow());
    toCheck.add(id);
  };
  const outcomePoll = setInterval(() => {
    for (const id of waiters.keys()) check(id);
  }, OUTCOME_POLL_MS);
  outcomePoll.unref();

  // -- Leases -----------------------------------------------------------------------------------------------------
  /** Claims lanes that are due and unowned (or whose owner's lease ran out), up to the free slots. */
  const claim = async (n: number): Promise<Array<{ laneId: string; inFlight: string[] | null }>> => {
    const { rows } = await pool.query<{ lane_id: string; in_flight: string[] | null }>(
      `UPDATE ${t.lanes} l SET owner = $1, lease_until = now() + make_interval(secs => $2::double precision / 1000), kicked = false, due_at = NULL
         FROM (SELECT lane_id FROM ${t.lanes}
                WHERE (due_at <= now() AND owner IS NULL) OR (owner IS NOT NULL AND lease_until < now())
                ORDER BY due_at NULLS FIRST LIMIT $3 FOR UPDATE SKIP LOCKED) c
        WHERE l.lane_id = c.lane_id
        RETURNING l.lane_id, l.in_flight`,
      [me, leaseMs, n],
    );
    return rows.map((r) => ({ laneId: r.lane_id, inFlight: r.in_flight }));
  };
  const renewLease = async (laneId: string, sending?: readonly string[]): Promise<boolean> => {
    if (closed) return false;
    try {
      const r = await pool.query(
        sending === undefined
          ? `UPDATE ${t.lanes} SET lease_until = now() + make_interval(secs => $3::double precision / 1000) WHERE lane_id = $1 AND owner = $2`
          : `UPDATE ${t.lanes} SET lease_until = now() + make_interval(secs => $3::double precision / 1000), in_flight = $4 WHERE lane_id = $1 AND owner = $2`,
        sending === undefined ? [laneId, me, leaseMs] : [laneId, me, leaseMs, JSON.stringify(sending)],
      );
      return r.rowCount === 1;
    } catch {
      return false;
    }
  };
  /** Ends a turn: the lane is due again after `retryInMs`, at once when work arrived, or gone when empty. */
  const finish = async (laneId: string, result: LaneRun): Promise<void> => {
    const delay = result.idle ? 0 : wakeDelayMs(result.retryInMs);
    await write("finishing a lane turn", () =>
      pool.query(
        `WITH gone AS (
           DELETE FROM ${t.lanes} WHERE lane_id = $1 AND owner = $2 AND $3 AND NOT kicked
             AND NOT EXISTS (SELECT 1 FROM ${t.jobs} WHERE lane_id = $1) RETURNING 1)
         UPDATE ${t.lanes} SET owner = NULL, lease_until = NULL, in_flight = NULL,
           due_at = CASE WHEN $3 AND NOT kicked THEN NULL ELSE now() + make_interval(secs => $4::double precision / 1000) END
          WHERE lane_id = $1 AND owner = $2 AND NOT EXISTS (SELECT 1 FROM gone)`,
        [laneId, me, result.idle, delay],
      ),
    );
    if (!result.idle) schedule(delay);
  };
  const turn = async (laneId: string, inFlight: string[] | null): Promise<void> => {
    owned.add(laneId);
    try {
      let possibleDuplicates: string[] = [];
      if (inFlight && inFlight.length > 0) {
        const { rows } = await pool.query<{ delivery_id: string }>(`SELECT DISTINCT delivery_id FROM ${t.jobs} WHERE lane_id = $1 AND job_id = ANY($2::text[])`, [laneId, inFlight]);
        possibleDuplicates = rows.map((r) => r.delivery_id);
      }
      const lease: LaneLease = { laneId, possibleDuplicates, renew: (sending) => renewLease(laneId, sending) };
      const run = runner;
      if (!run) return;
      let result = await run(lease);
      while (!result.idle && result.retryInMs <= SHORT_WAIT_MS && !closed) {
        await sleep(wakeDelayMs(result.retryInMs));
        result = await run(lease);
      }
      await finish(laneId, result);
    } catch {
      // The lease runs out and another turn (here or elsewhere) picks the lane up.
    } finally {
      owned.delete(laneId);
      pump();
    }
  };
  /** Claims and starts turns while slots are free; then sleeps until a notification, a due lane or the reconciler. */
  const pump = (): void => {
    if (!runner || closed) return;
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    void (async () => {
      try {
        let more = true;
        while (more && !isClosed()) {
          pumpAgain = false;
          const free = concurrency - owned.size;
          if (free <= 0) break;
          const lanes = await claim(free);
          for (const lane of lanes) {
            owned.add(lane.laneId);
            const p = turn(lane.laneId, lane.inFlight);
            running.add(p);
            void p.finally(() => running.delete(p));
          }
          more = lanes.length === free || isAgain();
        }
        const { rows } = await pool.query<{ ms: string | null }>(
          `SELECT EXTRACT(EPOCH FROM (min(due_at) - now())) * 1000 AS ms FROM ${t.lanes} WHERE owner IS NULL AND due_at IS NOT NULL`,
        );
        const ms = rows[0]?.ms;
        if (ms !== null && ms !== undefined) schedule(Math.max(1, Number(ms)));
      } catch {
        schedule(500);
      } finally {
        pumping = false;
      }
    })();
  };
  let nextAt = Infinity;
  const schedule = (ms: number): void => {
    if (closed || !runner) return;
    const at = Date.now() + ms;
    if (loopTimer !== undefined && at >= nextAt) return;
    clearTimeout(loopTimer);
    nextAt = at;
    loopTimer = setTimeout(() => {
      loopTimer = undefined;
      nextAt = Infinity;
      pump();
    }, Math.min(MAX_TIMER_MS, ms));
  };

  const dispose = async (): Promise<void> => {
    if (released) return;
    released = true;
    closed = true;
    clearInterval(outcomePoll);
    await Promise.allSettled([...settling]);
    for (const id of [...waiters.keys()]) resolveWaiters(id, QUEUED);
    if (listener) {
      listener.release(true);
      listener = undefined;
    }
    if (ownPool) await pool.end().catch(() => undefined);
  };

  return {
    durable: true,
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    migrate,
    incidents: postgresIncidentState(pool, t, call),
    outbox: {
      write: (tx, entry) => outbox.write(tx, entry),
      serve(relay) {
        outbox.serve(relay);
        void listen().catch(() => undefined);
      },
    },
    push: (laneId, jobs, capacity, idempotencyKey) =>
      call("push", async () => {
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
      call("head", async () => (await pool.query<{ body: QueuedEmbed }>(`SELECT body FROM ${t.jobs} WHERE lane_id = $1 ORDER BY pos LIMIT $2`, [laneId, limit])).rows.map((r) => r.body)),
    remove: (laneId, ids) =>
      write("remove", async () => {
        if (ids.length > 0) await pool.query(`DELETE FROM ${t.jobs} WHERE lane_id = $1 AND job_id = ANY($2::text[])`, [laneId, ids]);
      }),
    drain: (laneId) =>
      call("drain", async () => {
        const { rows } = await pool.query<{ body: QueuedEmbed }>(
          `WITH gone AS (DELETE FROM ${t.jobs} WHERE lane_id = $1 RETURNING pos, body) SELECT body FROM gone ORDER BY pos`,
          [laneId],
        );
        return rows.map((r) => r.body);
      }),

    serve(run) {
      runner = run;
      void listen().catch(() => undefined);
      // Leases are extended while a turn runs (a turn may wait on a budget far longer than one send).
      heartbeat = setInterval(() => {
        for (const laneId of owned) void renewLease(laneId);
      }, Math.max(250, Math.floor(leaseMs / 3)));
      heartbeat.unref();
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
            pump();
            outbox.kick();
          })
          .catch(() => undefined);
      };
      reconciler = setInterval(reconcile, leaseMs);
      reconciler.unref();
    },
    async close() {
      closed = true;
      clearTimeout(loopTimer);
      clearInterval(heartbeat);
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

    settle(parts) {
      const done = write("settle", () => settleParts(pool, t, parts));
      settling.add(done);
      const forget = (): void => {
        settling.delete(done);
      };
      void done.then(forget, forget);
      return done;
    },
    outcome(deliveryId) {
      return new Promise<DeliveryOutcome>((resolve) => {
        const list = waiters.get(deliveryId) ?? [];
        list.push(resolve);
        waiters.set(deliveryId, list);
        void listen().catch(() => undefined);
        check(deliveryId);
      });
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

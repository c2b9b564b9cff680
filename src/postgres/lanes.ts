/**
 * The lane leases of `postgresQueue()`: a lease row per lane claimed with `FOR UPDATE SKIP LOCKED` and kept alive by
 * a heartbeat while a turn runs, and the pump that claims lanes while slots are free, then sleeps until a wake-up, a
 * due lane or the reconciler. A lane adopted from a dead process reports the deliveries it may have had in flight.
 */
import type { Pool } from "pg";
import { sleep } from "../delivery/waiting.js";
import type { SharedLimiter } from "../delivery/shared-limits.js";
import type { LaneLease, LaneRun, LaneRunner } from "../delivery/state.js";
import { MAX_TIMER_MS, wakeDelayMs } from "../options.js";
import type { PostgresAccess } from "./access.js";
import { renewLeaseSql, type Tables } from "./schema.js";

/** Waits up to this long are slept inside the lease (one claim round trip less). */
const SHORT_WAIT_MS = 250;

/** What the lanes need from their queue. */
export interface LaneDeps {
  pool: Pool;
  t: Tables;
  access: PostgresAccess;
  /** This process's id: the owner written into the lease rows it holds. */
  me: string;
  leaseMs: number;
  /** Lanes this process works at once. */
  concurrency: number;
  /** Tracks a turn in flight, so the queue's close() waits for it. */
  track: (p: Promise<void>) => void;
  /** The shared budgets, for a lease's `takeAndRenew`. */
  limits: SharedLimiter;
}

/** The queue's leases, as one process works them. */
export interface PostgresLanes {
  /** Starts running `runner` for the lanes this process claims (called once), and the heartbeat of their leases. */
  serve(runner: LaneRunner): void;
  /** Claims and starts turns while slots are free; then sleeps until a notification, a due lane or the reconciler. */
  pump: () => void;
  /** Claims no lane and renews no lease any more. */
  stop(): void;
  /** `true` once stopped. */
  stopped: () => boolean;
}

/** The lanes of the queue in tables `t`. */
export function postgresLanes({ pool, t, access, me, leaseMs, concurrency, track, limits }: LaneDeps): PostgresLanes {
  let runner: LaneRunner | undefined;
  let closed = false;
  let loopTimer: ReturnType<typeof setTimeout> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let pumping = false;
  let pumpAgain = false;
  /** Read through a function: a notification may set it while a claim is awaited. */
  const isAgain = (): boolean => pumpAgain;
  const isClosed = (): boolean => closed;
  const owned = new Set<string>();

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
          ? renewLeaseSql(t.lanes, { lane: "$1", owner: "$2", ms: "$3" })
          : renewLeaseSql(t.lanes, { lane: "$1", owner: "$2", ms: "$3", inFlight: "$4" }),
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
    await access.write("finishing a lane turn", () =>
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
      const lease: LaneLease = {
        laneId,
        possibleDuplicates,
        renew: (sending) => renewLease(laneId, sending),
        // Closed: nothing renewed (the slot is given back).
        takeAndRenew: (request, policy, sending) => limits.takeMarking(request, policy, closed ? undefined : { laneId, sending }),
      };
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
            track(turn(lane.laneId, lane.inFlight));
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

  return {
    serve(run) {
      runner = run;
      // Leases are extended while a turn runs (a turn may wait on a budget far longer than one send).
      heartbeat = setInterval(() => {
        for (const laneId of owned) void renewLease(laneId);
      }, Math.max(250, Math.floor(leaseMs / 3)));
      heartbeat.unref();
    },
    pump,
    stop() {
      closed = true;
      clearTimeout(loopTimer);
      clearInterval(heartbeat);
    },
    stopped: isClosed,
  };
}

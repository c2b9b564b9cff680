/**
 * Lane leases on BullMQ: at most one lane job per lane (jobId derived from the lane id; an add while it exists is
 * ignored). Whoever processes the job owns the lane. BullMQ renews the job's lock while the process lives; a
 * SIGKILLed process's lock expires and the stalled checker hands the job to another worker (adoption). A lane that
 * must wait moves its job to delayed (the lane stays owned by the job, the worker slot is freed).
 * Lost wake-ups (a push that landed while the job was finishing) are covered twice: the worker re-checks the lane
 * after each completion, and a reconciler periodically re-adds lane jobs for every non-empty lane.
 */
import { DelayedError, Queue, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { laneJobId } from "./keys.js";

/** What the lane handler is given while it owns a lane. */
export interface LaneLease {
  readonly laneId: string;
  /** Extends the lease; `false` once it was lost (another process may own the lane now): do not send. */
  stillOwned(): Promise<boolean>;
  /** `true` once this worker is closing: finish the request in flight and give the lane back. */
  readonly closing: boolean;
}

/** How a turn on a lane ended: emptied, or wait `waitMs` (0 = give the lane back to whoever takes it next). */
export type LaneTurn = { done: true } | { waitMs: number };

/** Lease settings derived from `leaseMs`. */
export interface LeaseSettings {
  leaseMs: number;
  /** Lanes one process works at once. */
  concurrency: number;
}

/** The leases of one prefix. */
export interface RedisLeases {
  /** Makes sure a lane job exists for the lane (no-op while one exists). */
  wake(laneId: string): Promise<void>;
  /** Starts taking lanes; `hasWork(laneId)` decides whether a finished lane must be woken again. */
  work(handler: (lease: LaneLease) => Promise<LaneTurn>, hasWork: (laneId: string) => Promise<boolean>): void;
  /** Stops taking lanes: lanes in progress end their turn (their handler sees `closing`), then the worker closes. */
  close(): Promise<void>;
}

interface LaneJobData {
  laneId: string;
}

const QUEUE_NAME = "lanes";

/**
 * Leases over `queueClient` (commands) and `makeBlocking()` (a fresh connection per worker, as BullMQ wants).
 * Timings: lock = leaseMs / 2 (renewed every leaseMs / 4), stalled check every leaseMs / 4, so a dead process's
 * lanes are adopted within about `leaseMs`.
 */
export function redisLeases(queueClient: Redis, makeBlocking: () => Redis, prefix: string, settings: LeaseSettings): RedisLeases {
  const queue = new Queue<LaneJobData>(QUEUE_NAME, { connection: queueClient, prefix });
  queue.on("error", () => undefined);
  const lockMs = Math.max(1000, Math.ceil(settings.leaseMs / 2));
  let worker: Worker<LaneJobData> | undefined;
  let closing = false;

  const wake = async (laneId: string): Promise<void> => {
    await queue.add("lane", { laneId }, { jobId: laneJobId(laneId), removeOnComplete: true, removeOnFail: true });
  };

  const work: RedisLeases["work"] = (handler, hasWork) => {
    const processor = async (job: Job<LaneJobData>, token?: string): Promise<void> => {
      const lease: LaneLease = {
        laneId: job.data.laneId,
        stillOwned: async () => token !== undefined && (await job.extendLock(token, lockMs)) === 1,
        get closing() {
          return closing;
        },
      };
      const turn = await handler(lease);
      if ("waitMs" in turn) {
        await job.moveToDelayed(Date.now() + turn.waitMs, token);
        throw new DelayedError();
      }
    };
    worker = new Worker<LaneJobData>(QUEUE_NAME, processor, {
      connection: makeBlocking(),
      prefix,
      concurrency: settings.concurrency,
      lockDuration: lockMs,
      stalledInterval: Math.max(500, Math.ceil(settings.leaseMs / 4)),
      // A lane job stalls every time its owner dies; it must never be failed for that.
      maxStalledCount: Number.MAX_SAFE_INTEGER,
      drainDelay: 1,
    });
    worker.on("error", () => undefined);
    const recheck = (job: Job<LaneJobData> | undefined): void => {
      if (!job) return;
      const { laneId } = job.data;
      void hasWork(laneId)
        .then((more) => (more ? wake(laneId) : undefined))
        .catch(() => undefined);
    };
    worker.on("completed", recheck);
    worker.on("failed", recheck);
  };

  return {
    wake,
    work,
    async close() {
      closing = true;
      await worker?.close();
      await queue.close();
    },
  };
}

/** Re-adds a lane job for every lane in `lanes` (ids already present are ignored by BullMQ). */
export async function reconcile(leases: RedisLeases, lanes: readonly string[]): Promise<void> {
  await Promise.all(lanes.map((laneId) => leases.wake(laneId)));
}

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
import type { LaneRun } from "../delivery/state.js";
import { laneJobId } from "./keys.js";

/** One turn on a lane: `renew()` extends the lock (`false` once lost or closing); the turn says what follows. */
export type LaneTurn = (laneId: string, renew: () => Promise<boolean>) => Promise<LaneRun>;

/** Lease settings. */
export interface LeaseSettings {
  /** A dead process's lanes are adopted within about this long. */
  leaseMs: number;
  /** Lanes one process works at once. */
  concurrency: number;
}

/** The leases of one prefix. */
export interface RedisLeases {
  /** Makes sure a lane job exists for the lane (no-op while one exists, in any state). */
  wake(laneId: string): Promise<void>;
  /** Starts taking lanes; `hasWork(laneId)` decides whether a finished lane must be woken again. */
  work(turn: LaneTurn, hasWork: (laneId: string) => Promise<boolean>): void;
  /** Stops taking lanes; `renew()` answers `false` from now on; resolves when every turn has returned. */
  close(): Promise<void>;
}

interface LaneJobData {
  laneId: string;
}

const QUEUE_NAME = "lanes";

/**
 * Leases over `queueClient` (commands) and `blocking` (a connection for the worker, as BullMQ wants).
 * Timings: lock = leaseMs / 2 (BullMQ renews it every leaseMs / 4), stalled check every leaseMs / 4, so a dead
 * process's lanes are adopted within about `leaseMs`.
 */
export function redisLeases(queueClient: Redis, blocking: () => Redis, prefix: string, settings: LeaseSettings): RedisLeases {
  // The events stream is trimmed to a small size: nothing here reads it, and Redis must not grow with traffic.
  const queue = new Queue<LaneJobData>(QUEUE_NAME, { connection: queueClient, prefix, streams: { events: { maxLen: 1000 } } });
  queue.on("error", () => undefined);
  const lockMs = Math.max(500, Math.ceil(settings.leaseMs / 2));
  let worker: Worker<LaneJobData> | undefined;
  let closing = false;
  // Re-checks still running when the worker closes: the queue stays open until they are done, so a lane this
  // process gives back at close is woken for the others, not left to the reconciler.
  const rechecks = new Set<Promise<unknown>>();

  const wake = async (laneId: string): Promise<void> => {
    await queue.add("lane", { laneId }, { jobId: laneJobId(laneId), removeOnComplete: true, removeOnFail: true });
  };

  const work: RedisLeases["work"] = (turn, hasWork) => {
    const processor = async (job: Job<LaneJobData>, token?: string): Promise<void> => {
      const renew = async (): Promise<boolean> => !closing && token !== undefined && (await job.extendLock(token, lockMs)) === 1;
      const result = await turn(job.data.laneId, renew);
      if (result.idle) return;
      await job.moveToDelayed(Date.now() + Math.max(0, result.retryInMs), token);
      throw new DelayedError();
    };
    worker = new Worker<LaneJobData>(QUEUE_NAME, processor, {
      connection: blocking(),
      prefix,
      concurrency: settings.concurrency,
      lockDuration: lockMs,
      stalledInterval: Math.max(250, Math.ceil(settings.leaseMs / 4)),
      // A lane job stalls every time its owner dies; it must never be failed for that.
      maxStalledCount: Number.MAX_SAFE_INTEGER,
      drainDelay: 1,
    });
    worker.on("error", () => undefined);
    const recheck = (job: Job<LaneJobData> | undefined): void => {
      if (!job) return;
      const { laneId } = job.data;
      const check = hasWork(laneId)
        .then((more) => (more ? wake(laneId) : undefined))
        .catch(() => undefined)
        .finally(() => rechecks.delete(check));
      rechecks.add(check);
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
      await Promise.all([...rechecks]);
      await queue.close();
    },
  };
}

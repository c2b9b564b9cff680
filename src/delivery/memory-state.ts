/**
 * The in-process {@link DeliveryState}: queues in arrays, one lease per lane by construction (a lane runs at most
 * once at a time in this process), rate-limit state in maps, outcomes as promises. Lost on exit, one process.
 */
import { wakeDelayMs } from "../options.js";
import { createPending } from "./waiting.js";
import { inProcessLimiter } from "./in-process-limiter.js";
import { memoryOutcomes } from "./memory-outcomes.js";
import { priorityIndex } from "./priority.js";
import type { DeliveryState, LaneRun, LaneRunner, QueuedEmbed } from "./state.js";

/** Options of {@link memoryQueue}. */
export interface MemoryQueueOptions {
  /** Monotonic clock in milliseconds for rate-limit state. Default `performance.now`. */
  now?: () => number;
}

interface Lane {
  /** Jobs from index `start` on are queued; settled ones before it are compacted away now and then. */
  jobs: QueuedEmbed[];
  start: number;
  running: boolean;
  /** A run is due on the next turn of the event loop. */
  soon: boolean;
  /** Work arrived while the runner ran: run again when it returns. */
  rekick: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Parked until its turn in the per-IP window (`InProcessLimiter.park`); `turned`: this run is that turn. */
  parked: boolean;
  turned: boolean;
}

/**
 * The default, in-process delivery state (queue, lane leases, rate limits, outcomes). Memory is bounded by the
 * dispatcher's per-lane cap (`rateLimit.maxQueuePerLane`).
 *
 * @example
 * ```ts
 * createDispatcher({ store, queue: memoryQueue() }) // the same as leaving `queue` out
 * ```
 */
export function memoryQueue(options: MemoryQueueOptions = {}): DeliveryState {
  const now = options.now ?? (() => performance.now());
  const limits = inProcessLimiter(now, () => closed);
  const lanes = new Map<string, Lane>();
  const outcomes = memoryOutcomes();
  /** Runs in progress: close() waits for them. */
  const running = createPending();
  let runner: LaneRunner | undefined;
  let closed = false;

  const laneOf = (id: string): Lane => {
    let lane = lanes.get(id);
    if (!lane) {
      lane = { jobs: [], start: 0, running: false, soon: false, rekick: false, timer: undefined, parked: false, turned: false };
      lanes.set(id, lane);
    }
    return lane;
  };
  const size = (lane: Lane): number => lane.jobs.length - lane.start;

  const schedule = (id: string, lane: Lane): void => {
    if (!runner || closed) return;
    if (lane.running) lane.rekick = true;
    // setImmediate lets every event dispatched in the same tick be queued before the first send, so a burst starts
    // packed, while a quiet lane still sends without measurable delay. A waiting lane's timer picks new work up.
    else if (lane.timer === undefined && !lane.soon && !lane.parked) {
      lane.soon = true;
      setImmediate(() => {
        run(id, lane);
      });
    }
  };

  const renew = (): Promise<boolean> => Promise.resolve(!closed);
  const ran = (lane: Lane): void => {
    lane.running = false;
    running.done();
  };
  // Not an `async` function: a fan-out runs thousands of lanes, each a few times.
  const run = (id: string, lane: Lane, turned = false): void => {
    lane.timer = undefined;
    lane.soon = false;
    lane.parked = false;
    if (!runner || closed || lane.running) return;
    lane.turned = turned;
    lane.running = true;
    lane.rekick = false;
    running.add();
    let result: Promise<LaneRun>;
    try {
      result = runner({ laneId: id, renew });
    } catch {
      ran(lane);
      return;
    }
    result.then(
      (result) => {
        ran(lane);
        if (closed) return;
        const turned = lane.turned;
        lane.turned = false;
        if (!result.idle) {
          // Waiting for its turn in the per-IP window, it runs once a place frees for it; woken a moment early (timers
          // may fire early), it waits the little it is told.
          const turn = (): void => {
            run(id, lane, true);
          };
          lane.parked = result.slotOf !== undefined && !turned && limits.park(result.slotOf, result.retryInMs, turn);
          if (!lane.parked) lane.timer = setTimeout(() => {
            run(id, lane);
          }, wakeDelayMs(result.retryInMs));
        }
        else if (lane.rekick) schedule(id, lane);
        else if (size(lane) === 0) lanes.delete(id);
      },
      () => {
        ran(lane);
      },
    );
  };

  return {
    push(laneId, jobs, capacity) {
      const lane = laneOf(laneId);
      if (size(lane) + jobs.length > capacity) return Promise.resolve(false);
      const first = jobs[0];
      if (first?.urgent === true) lane.jobs.splice(lane.start + priorityIndex(lane.jobs.slice(lane.start), first), 0, ...jobs);
      else lane.jobs.push(...jobs);
      if (first) outcomes.open(first.deliveryId, jobs.length);
      schedule(laneId, lane);
      return Promise.resolve(true);
    },
    head(laneId, limit) {
      const lane = lanes.get(laneId);
      return Promise.resolve(lane ? lane.jobs.slice(lane.start, lane.start + limit) : []);
    },
    remove(laneId, ids) {
      const lane = lanes.get(laneId);
      if (lane && ids.length > 0) removeJobs(lane, ids);
      return Promise.resolve();
    },
    drain(laneId) {
      const lane = lanes.get(laneId);
      if (!lane) return Promise.resolve([]);
      const jobs = lane.jobs.slice(lane.start);
      lane.jobs = [];
      lane.start = 0;
      return Promise.resolve(jobs);
    },

    serve(run) {
      runner = run;
      for (const [id, lane] of lanes) if (size(lane) > 0) schedule(id, lane);
    },
    async close() {
      closed = true;
      for (const lane of lanes.values()) clearTimeout(lane.timer);
      limits.close();
      await running.idle();
    },

    take: (request, policy) => limits.take(request, policy),
    learn: (ticket, answer, policy) => limits.learn(ticket, answer, policy),
    invalidAnswers: () => limits.invalidAnswers(),
    tracked: () => lanes.size + outcomes.size() + limits.tracked(),

    settle: (parts) => Promise.resolve(outcomes.settle(parts)),
    outcome: (deliveryId) => outcomes.outcome(deliveryId),
  };
}

/** Removes settled jobs; they are almost always at the head, which costs nothing however long the queue is. */
function removeJobs(lane: Lane, ids: readonly string[]): void {
  const gone = new Set(ids);
  let i = lane.start;
  while (i < lane.jobs.length && gone.has(lane.jobs[i]?.id ?? "")) {
    gone.delete(lane.jobs[i]?.id ?? "");
    i += 1;
  }
  lane.start = i;
  if (gone.size > 0) lane.jobs = [...lane.jobs.slice(0, lane.start), ...lane.jobs.slice(lane.start).filter((j) => !gone.has(j.id))];
  if (lane.start > 1024 && lane.start * 2 > lane.jobs.length) {
    lane.jobs = lane.jobs.slice(lane.start);
    lane.start = 0;
  }
}

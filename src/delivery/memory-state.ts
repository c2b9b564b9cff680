/**
 * The in-process {@link DeliveryState}: queues in arrays, one lease per lane by construction (a lane runs at most
 * once at a time in this process), rate-limit state in maps, outcomes as promises. Lost on exit, one process.
 */
import { wakeDelayMs } from "../options.js";
import { inProcessLimiter } from "./in-process-limiter.js";
import { emptyOutcome, mergePart, type MergedOutcome } from "./outcome-merge.js";
import { priorityIndex } from "./priority.js";
import type { CompletedDelivery, DeliveryOutcome, DeliveryState, LaneLease, LaneRunner, QueuedEmbed, SettledEmbeds } from "./state.js";

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
}

interface OpenDelivery {
  remaining: number;
  /** Jobs settled so far, kept only for deliveries of several jobs (one job settles at most once by `remaining`). */
  settled: Set<string> | undefined;
  outcome: MergedOutcome<NonNullable<DeliveryOutcome["error"]>>;
  promise: Promise<DeliveryOutcome>;
  resolve: (outcome: DeliveryOutcome) => void;
  /** `outcome()` was called: forget the entry once settled. */
  taken: boolean;
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
  const deliveries = new Map<string, OpenDelivery>();
  const running = new Set<Promise<void>>();
  let runner: LaneRunner | undefined;
  let closed = false;

  const laneOf = (id: string): Lane => {
    let lane = lanes.get(id);
    if (!lane) {
      lane = { jobs: [], start: 0, running: false, soon: false, rekick: false, timer: undefined };
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
    else if (lane.timer === undefined && !lane.soon) {
      lane.soon = true;
      setImmediate(() => void run(id, lane));
    }
  };

  const run = async (id: string, lane: Lane): Promise<void> => {
    lane.timer = undefined;
    lane.soon = false;
    if (!runner || closed || lane.running) return;
    lane.running = true;
    lane.rekick = false;
    const lease: LaneLease = { laneId: id, renew: () => Promise.resolve(!closed) };
    const done = runner(lease).then(
      (result) => {
        lane.running = false;
        if (closed) return;
        if (!result.idle) lane.timer = setTimeout(() => void run(id, lane), wakeDelayMs(result.retryInMs));
        else if (lane.rekick) schedule(id, lane);
        else if (size(lane) === 0) lanes.delete(id);
      },
      () => {
        lane.running = false;
      },
    );
    running.add(done);
    await done;
    running.delete(done);
  };

  return {
    push(laneId, jobs, capacity) {
      const lane = laneOf(laneId);
      if (size(lane) + jobs.length > capacity) return Promise.resolve(false);
      const first = jobs[0];
      if (first?.urgent === true) lane.jobs.splice(lane.start + priorityIndex(lane.jobs.slice(lane.start), first), 0, ...jobs);
      else lane.jobs.push(...jobs);
      if (first) open(first.deliveryId, jobs.length);
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
      await Promise.allSettled([...running]);
    },

    take: (request, policy) => limits.take(request, policy),
    learn: (ticket, answer, policy) => limits.learn(ticket, answer, policy),
    invalidAnswers: () => limits.invalidAnswers(),
    tracked: () => lanes.size + deliveries.size + limits.tracked(),

    settle(parts) {
      const completed: CompletedDelivery[] = [];
      for (const part of parts) {
        const outcome = settlePart(part);
        if (outcome) completed.push({ deliveryId: part.deliveryId, outcome });
      }
      return Promise.resolve(completed);
    },
    outcome(deliveryId) {
      const d = deliveries.get(deliveryId);
      if (!d) return Promise.reject(new Error(`[discord-webhook-dispatcher] unknown delivery ${deliveryId}`));
      d.taken = true;
      if (d.remaining <= 0) deliveries.delete(deliveryId);
      return d.promise;
    },
  };

  function open(deliveryId: string, count: number): void {
    let resolve: (o: DeliveryOutcome) => void = () => undefined;
    const promise = new Promise<DeliveryOutcome>((r) => (resolve = r));
    deliveries.set(deliveryId, { remaining: count, settled: count > 1 ? new Set() : undefined, outcome: emptyOutcome(), promise, resolve, taken: false });
  }

  /** Records one part; gives the outcome when it was the delivery's last. */
  function settlePart(part: SettledEmbeds): DeliveryOutcome | undefined {
    const d = deliveries.get(part.deliveryId);
    if (!d || d.remaining <= 0) return undefined;
    const fresh = d.settled ? part.jobIds.filter((id) => !d.settled?.has(id)) : part.jobIds.slice(0, 1);
    if (fresh.length === 0) return undefined;
    for (const id of fresh) d.settled?.add(id);
    d.remaining -= fresh.length;
    const o = d.outcome;
    mergePart(o, part, (error) => error);
    if (d.remaining > 0) return undefined;
    d.resolve(o);
    if (d.taken) deliveries.delete(part.deliveryId);
    return o;
  }
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

/**
 * The delivery state port: everything the lane algorithm keeps between requests, behind one small async interface,
 * so the same lanes run over process memory ({@link memoryQueue}) or a shared store such as Redis.
 *
 * Four parts, each only as wide as the lanes need (this file holds the port; the jobs are in `state-queue.ts`, the
 * leases in `state-leases.ts`, the rate limits in `state-limits.ts`, the outcomes in `state-outcomes.ts`):
 * - **Queue**: embeds waiting per lane (lane = the webhook's store id), oldest first.
 * - **Lane leases**: the state hands a lane to at most one runner at a time, across every process that shares it.
 * - **Rate-limit state**: budgets keyed as Discord counts them (bucket hash + Discord webhook id, the hidden channel
 *   limit, the per-IP/egress window), blocks set by 429 answers by scope, and the count of invalid answers.
 * - **Outcomes**: how each delivery ended, recorded by whichever runner sent it and awaited by the caller.
 *
 * Jobs are plain JSON: ids, the embed and the message options. They never hold a webhook URL or token; the lane reads
 * the webhook from the store when it sends. Errors in outcomes are `DispatcherError`s; an implementation that crosses
 * processes serialises them (class name, code, message, status fields) and rebuilds them.
 *
 * How a Redis implementation maps (a sketch, not a requirement): queue = one list per lane, `push` one Lua script
 * (length check + RPUSH + mark the lane as having work); leases = one BullMQ job per lane (jobId = lane), whose
 * processor calls `runner` and whose lock is the lease (`renew` = `extendLock`, a `retryInMs` answer =
 * `moveToDelayed`); rate limits = Lua scripts over hashes and sorted sets keyed by bucket and egress; outcomes = a hash
 * per delivery with a TTL, announced on pub/sub.
 */
import type { IncidentState } from "../incidents/port.js";
import type { Outbox } from "./outbox.js";
import type { RateLimiter } from "./state-limits.js";
import type { OutcomeBook } from "./state-outcomes.js";
import type { LaneQueue } from "./state-queue.js";

// The port's parts, each in its own file (jobs, leases, rate limits, outcomes); the port is imported from here.
export type { LaneLease, LaneRun, LaneRunner } from "./state-leases.js";
export type { Learned, LimitAnswer, LimitPolicy, LimitRequest, LimitTicket, RateLimiter } from "./state-limits.js";
export { CHANNEL_LEARN_HOLD_WINDOWS, INVALID_ANSWER_LIMIT, INVALID_WINDOW_MS, routeOf } from "./state-limits.js";
export type { CompletedDelivery, DeliveryOutcome, OutcomeBook, SettledEmbeds } from "./state-outcomes.js";
export type { LaneQueue, LogTag, QueuedEmbed } from "./state-queue.js";

// ---------------------------------------------------------------------------------------------------------------
// The port
// ---------------------------------------------------------------------------------------------------------------

/**
 * The delivery state port: three narrow ports ({@link LaneQueue}, {@link RateLimiter}, {@link OutcomeBook}), each
 * with its contract and conformance suite, plus what a shared state adds (durability, incidents, the outbox).
 * Every method may be asynchronous and MUST NOT reject except where stated. Each delivery's outcome is taken at most
 * once.
 */
export interface DeliveryState extends LaneQueue, RateLimiter, OutcomeBook {
  /**
   * `true` when queued work outlives this process (a shared store such as Redis): `close()` then leaves it queued
   * for other processes instead of failing it. Absent for the in-memory state.
   */
  readonly durable?: boolean;
  /**
   * Where incidents and silences live when this state is shared (Redis). Absent: the dispatcher keeps them in
   * process (`memoryIncidentState()`).
   */
  readonly incidents?: IncidentState;
  /**
   * The most bytes of files one message may carry through this state (they travel in its jobs); a call over it is
   * refused with a `ValidationError`. Absent: only Discord's limits apply (in process).
   */
  readonly maxFileBytes?: number;
  /** Events written inside the host's transaction (`{ tx }` on an event call). Absent: such calls are refused. */
  readonly outbox?: Outbox;
  /**
   * A shared state may be used by several dispatchers of one process (a worker and a producer): each engine calls
   * `retain()` when it starts using the state and `release()` as the last step of its close; the last release frees
   * connections. Absent for the in-memory state.
   */
  retain?(): void;
  release?(): Promise<void>;
  /**
   * Entries this process holds in memory for lanes, deliveries and rate limits (after dropping the idle ones), for
   * `stats().tracked`. Absent for a state that keeps them elsewhere (Redis).
   */
  tracked?(): number;

}

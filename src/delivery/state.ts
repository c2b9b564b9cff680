/**
 * The delivery state port: everything the lane algorithm keeps between requests, behind one small async interface,
 * so the same lanes run over process memory ({@link memoryQueue}) or a shared store such as Redis.
 *
 * Four parts, each only as wide as the lanes need:
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
import type { DiscordEmbed } from "../discord/schemas.js";
import type { DispatcherError } from "../errors.js";
import type { IncidentState } from "../incidents/port.js";
import type { Outbox } from "./outbox.js";
import type { Learned, LimitAnswer, LimitPolicy, LimitRequest, LimitTicket } from "./state-limits.js";
import type { WireMessageOptions } from "./types.js";

export type { Learned, LimitAnswer, LimitPolicy, LimitRequest, LimitTicket } from "./state-limits.js";
export { CHANNEL_LEARN_HOLD_WINDOWS, INVALID_ANSWER_LIMIT, INVALID_WINDOW_MS } from "./state-limits.js";

// ---------------------------------------------------------------------------------------------------------------
// Queue
// ---------------------------------------------------------------------------------------------------------------

/** One embed waiting in a lane. JSON-serialisable; never a URL or token. */
export interface QueuedEmbed {
  /** Unique id of this job. */
  id: string;
  /** The lane: the webhook's store id. */
  laneId: string;
  /** The delivery (one event for one webhook) this embed belongs to. */
  deliveryId: string;
  embed: DiscordEmbed;
  /** Only embeds with equal options share a message. */
  message: WireMessageOptions;
  /** Never packed with other deliveries' embeds (test messages). */
  solo: boolean;
  /**
   * It fires or resolves a problem: `push` MUST place it ahead of the routine jobs waiting in the lane, behind every
   * urgent job and every job of the same `problem` already waiting (src/delivery/priority.ts).
   */
  urgent?: boolean;
  /** The incident key it belongs to: an urgent job never overtakes a job of its own problem. */
  problem?: string;
  /** W3C trace context of the delivery (set by instrumentation), so the process that sends joins its trace. */
  traceparent?: string;
  /** The delivery-log entry this delivery becomes once settled, written by whichever process settles it. */
  log?: LogTag;
}

/**
 * What the process that settles a delivery needs to log it, chosen by the process that queued it: the entry's id
 * (so the caller knows it at once), the event family, the webhook's type, when it was queued (epoch ms) and the
 * entry it re-sends, if any. JSON-serialisable; no token.
 */
export interface LogTag {
  entryId: string;
  family: string;
  type: string;
  queuedAt: number;
  resendOf?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Leases
// ---------------------------------------------------------------------------------------------------------------

/** The right to send for one lane, held while a {@link LaneRunner} runs. */
export interface LaneLease {
  readonly laneId: string;
  /**
   * Deliveries whose message the previous holder may have had in flight when it died (a shared state adopting a
   * crashed process's lane); resending them may post twice. The engine reports each through `onPossibleDuplicate`.
   */
  readonly possibleDuplicates?: readonly string[];
  /**
   * Extends the lease; called right before each send with the ids of the jobs that request carries. `false` once the
   * lease is lost: the holder MUST NOT send and should return at once. An implementation shared by several processes
   * may mark `sending` as in flight, so that a process adopting the lane after a crash can report those jobs as
   * possible duplicates (a settled job is no longer in flight).
   */
  renew(sending?: readonly string[]): Promise<boolean>;
}

/** What a lane run reports when it returns: nothing left, or work that must wait. */
export type LaneRun = { idle: true } | { idle: false; retryInMs: number };

/** Drains one lane while holding its lease. Never rejects. */
export type LaneRunner = (lease: LaneLease) => Promise<LaneRun>;

// ---------------------------------------------------------------------------------------------------------------
// Outcomes
// ---------------------------------------------------------------------------------------------------------------

/** How some embeds of one delivery ended. */
export interface SettledEmbeds {
  deliveryId: string;
  /** Jobs settled by this part (each job is settled exactly once). */
  jobIds: readonly string[];
  status: "delivered" | "failed";
  /** Discord's message id when delivered. */
  messageId?: string | undefined;
  /** Most requests that carried any of these embeds. */
  attempts: number;
  /** HTTP status of the last answer, when one arrived. */
  lastStatus?: number | undefined;
  error?: DispatcherError | undefined;
}

/** A delivery whose last job a `settle` call settled, with how it ended. */
export interface CompletedDelivery {
  deliveryId: string;
  outcome: DeliveryOutcome;
}

/**
 * How a whole delivery ended: every one of its embeds settled. `failed` when any part failed. `queued`: a durable
 * state closed while the delivery waited; it stays queued for the other processes.
 */
export interface DeliveryOutcome {
  status: "delivered" | "failed" | "queued";
  messageIds: string[];
  attempts: number;
  lastStatus?: number;
  /** The first failure's error. */
  error?: DispatcherError;
}

// ---------------------------------------------------------------------------------------------------------------
// The port
// ---------------------------------------------------------------------------------------------------------------

/**
 * The rate-limit port: Discord's budgets as the lanes and probes need them. Every method MUST NOT reject except
 * where the state is unreachable.
 * - `take` MUST atomically check every budget the request counts against (its bucket: hash + Discord webhook id,
 *   the webhook's channel, the egress window, blocks by 429 scope) and, when all have room, take a slot in each and
 *   give a ticket; else give the milliseconds to wait (> 0), finite. No slot is held longer than
 *   `policy.requestTtlMs` without a `learn` for it.
 * - A request that cannot send because another request on its route (method + webhook) is unanswered and no reset
 *   is known MUST NOT be told to poll: `take` MAY hold its answer until that request is learned or its slot expires,
 *   then say 1 ms (the caller checks anew what the answer changed). A window full of requests in flight MUST say one window from now (an answer comes now at
 *   the earliest). A request that does not fit a window MUST queue behind the waiters told to come back before it
 *   (each woken about once, in turn), except a waiter asking again, which keeps its place.
 * - `learn` MUST apply what the answer to a ticket says (bucket headers, channel, 429 blocks by scope, invalid count).
 * The cases are pinned by `runLimitsConformance` (discord-webhook-dispatcher/testing).
 */
export interface RateLimiter {
  /** Takes a slot for one request in every budget it counts against, or says how long to wait. */
  take(request: LimitRequest, policy: LimitPolicy): Promise<LimitTicket | number>;
  /** Learns from the answer to a ticket's request. */
  learn(ticket: LimitTicket, answer: LimitAnswer, policy: LimitPolicy): Promise<Learned>;
  /** Invalid answers (401, 403, non-shared 429) counted in the last 10 minutes. */
  invalidAnswers(): Promise<number>;
}

/**
 * The outcome port: how deliveries ended, recorded by whichever runner sent them and awaited by the caller.
 * `settle` MUST record each job once and give the deliveries whose last job it settled: each delivery is given by
 * exactly one `settle` call across every process sharing the state (the caller logs it). `outcome` MUST resolve once the delivery's every job is settled, also when that
 * happened before the call or in another process. Parts merge as one rule: `failed` when any part failed (the first
 * failure's error), message ids in settling order without repeats, the most attempts of any part, the last status.
 */
export interface OutcomeBook {
  /** Records settled embeds of deliveries; gives the deliveries this call completed. */
  settle(parts: readonly SettledEmbeds[]): Promise<CompletedDelivery[]>;
  /** Resolves with the outcome of a pushed delivery once all its jobs are settled. */
  outcome(deliveryId: string): Promise<DeliveryOutcome>;
}

/**
 * The delivery state port. Every method may be asynchronous and MUST NOT reject except where stated.
 *
 * Contract:
 * - `push` MUST be atomic: all `jobs` (of one lane and one delivery) are appended, in order, or none. It gives `false`
 *   and stores nothing when the lane would then hold more than `capacity` jobs. It registers the delivery, whose
 *   outcome settles once every pushed job is settled. It MAY reject (state unreachable): the caller reports that; a
 *   `StoreError` with code `ENQUEUE_UNCERTAIN` says the jobs may have been queued all the same. With an
 *   `idempotencyKey` already pushed to this lane (and whose delivery is still known), a state MAY store nothing and
 *   give `{ duplicateOf }`, the id of that first delivery; the in-memory state ignores keys.
 * - Per lane, `head` MUST return jobs in push order. `remove` of unknown ids is a no-op.
 * - After `serve(runner)`, the state MUST call `runner` for a lane that holds jobs, and MUST NOT run two runners for
 *   one lane at once (across every process sharing the state). The lease ends when the runner's promise settles.
 *   A run that answers `{ idle: false, retryInMs }` MUST be run again after about `retryInMs`; work pushed while a
 *   runner runs or waits MUST lead to another run (no lost wake-ups). `close()` stops handing out lanes; it resolves
 *   once no runner of this process runs.
 * - The rate limits and the outcomes: see {@link RateLimiter} and {@link OutcomeBook}. Each delivery's outcome is
 *   taken at most once.
 */
export interface DeliveryState extends RateLimiter, OutcomeBook {
  /**
   * `true` when queued work outlives this process (a shared store such as Redis): `close()` then leaves it queued
   * for other processes instead of failing it. Absent for the in-memory state.
   */
  readonly durable?: boolean;
  /** Appends one delivery's jobs to a lane when it then holds at most `capacity` jobs. */
  push(laneId: string, jobs: readonly QueuedEmbed[], capacity: number, idempotencyKey?: string): Promise<boolean | { duplicateOf: string }>;
  /** The first `limit` jobs of the lane, oldest first, without removing them. */
  head(laneId: string, limit: number): Promise<QueuedEmbed[]>;
  /** Removes settled jobs from the lane. */
  remove(laneId: string, ids: readonly string[]): Promise<void>;
  /** Removes and returns every job of the lane (the webhook was disabled, or the dispatcher gave up at close). */
  drain(laneId: string): Promise<QueuedEmbed[]>;

  /** Starts handing lanes with work to `runner`, one lease per lane. Called once. */
  serve(runner: LaneRunner): void;
  /** Stops handing out lanes; resolves when this process's runners have returned. */
  close(): Promise<void>;
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

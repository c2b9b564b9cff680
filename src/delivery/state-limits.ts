/**
 * The rate-limit part of the delivery state port (src/delivery/state.ts): what a request asks, what it gets, and
 * what an answer teaches. Plain JSON throughout, so a shared implementation can keep it in Redis.
 */
import type { HttpMethod } from "../types.js";

/** The budgets a caller wants to respect: the dispatcher's `rateLimit` settings, defaults applied. */
export interface LimitPolicy {
  /** Requests per `globalWindowMs` per egress (Discord's per-IP limit); 0 = none. */
  globalLimit: number;
  globalWindowMs: number;
  /** Messages per `channelWindowMs` per channel; `Infinity` = unknown until a shared 429 teaches it. */
  channelLimit: number;
  channelWindowMs: number;
  /**
   * Added to every learned reset and block, not to a window's wait: a window's entries are stamped with their answer's
   * time, which is after Discord counted them.
   */
  marginMs: number;
  /** Longest a request may stay unanswered; a slot taken for it is given back after this, answer or not. */
  requestTtlMs: number;
}

/** One request about to be sent. */
export interface LimitRequest {
  /** Discord's webhook id (the "major parameter"): budgets are never shared between two Discord webhooks. */
  webhookId: string;
  method: HttpMethod;
}

/** A request's route as every in-process budget keys it: `<method>:<Discord webhook id>`. */
export const routeOf = (r: LimitRequest): string => `${r.method}:${r.webhookId}`;

/** A slot taken by `DeliveryState.take`; hand it back to `DeliveryState.learn`. Plain JSON. */
export interface LimitTicket {
  id: string;
  webhookId: string;
  method: HttpMethod;
}

/** What an answer (or its absence) teaches. Headers have lower-case names. */
export interface LimitAnswer {
  /** HTTP status; `undefined` when no answer arrived. */
  status: number | undefined;
  headers: Readonly<Record<string, string>>;
  /** The channel the webhook posts into (from the message or the webhook object), when known. */
  channelId?: string | undefined;
  /** For 429: its scope and wait. */
  scope?: "user" | "shared" | "global";
  retryAfterMs?: number;
}

/** Returned by `DeliveryState.learn`. */
export interface Learned {
  /** Invalid answers (401, 403, 429 other than scope `shared`) counted in the last 10 minutes, this one included. */
  invalidAnswers: number;
  /** The bucket hash Discord reported for this request's route, if any. */
  bucket: string | undefined;
}

/**
 * A per-channel limit learned from a `shared` 429 holds for this many channel windows after the last such 429,
 * then the channel is back to its configured limit. The count it was learned from may include posts this process
 * never saw (other apps' webhooks in the channel, a burst of theirs): learned for good, one bad window would slow
 * the channel to a crawl until restart. Relearning costs one `shared` 429, which Discord does not count as invalid.
 */
export const CHANNEL_LEARN_HOLD_WINDOWS = 3;

/** Discord bans an IP for a while after this many invalid answers in {@link INVALID_WINDOW_MS}. */
export const INVALID_ANSWER_LIMIT = 10_000;
/** The window of Discord's invalid-request limit: 10 minutes. */
export const INVALID_WINDOW_MS = 600_000;

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

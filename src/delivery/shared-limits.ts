/**
 * The process side of a rate limiter whose budgets live in a shared store (Redis scripts, PostgreSQL functions):
 * what a take and a learn send to the store, and the waiting done here. The store runs the rules of
 * memory-limits.ts on its own clock, so processes on different machines agree on one clock; the rate-limit
 * conformance suite pins every implementation to the same answers.
 */
import { randomUUID } from "node:crypto";
import { answerWaiters } from "./answer-waiters.js";
import { CHANNEL_LEARN_HOLD_WINDOWS, routeOf, type LimitAnswer, type LimitPolicy, type LimitRequest, type LimitTicket, type RateLimiter } from "./state.js";

/** What a take sends to the store. Milliseconds are whole numbers; 0 for a limit means none (or unknown). */
export interface TakeArgs {
  ticketId: string;
  webhookId: string;
  method: string;
  globalLimit: number;
  globalWindowMs: number;
  channelLimit: number;
  channelWindowMs: number;
  marginMs: number;
  requestTtlMs: number;
}

/** What a learn sends to the store. Header values are `""` when absent or not numbers. */
export interface LearnArgs {
  ticketId: string;
  webhookId: string;
  method: string;
  /** 0 when no answer arrived. */
  status: number;
  channelId: string;
  bucket: string;
  remaining: string;
  limit: string;
  /** `x-ratelimit-reset-after` in milliseconds, or `""`. */
  resetAfterMs: string;
  scope: string;
  /** The 429's wait, or `""` (the store then assumes one second). */
  retryAfterMs: string;
  marginMs: number;
  /** 401, 403 or a 429 not of scope `shared`: counted toward Discord's invalid-request limit. */
  invalid: boolean;
  channelLimit: number;
  /** How long a channel limit learned from a `shared` 429 holds. */
  learnedHoldMs: number;
  /**
   * `performance.now()` when the answer arrived (or the request failed). The store computes how long ago that was
   * as late as it can before sending its statement (after waiting for a connection), and stamps the request's window
   * entries that much before the time its server received the statement (before any wait for a lock there): an entry
   * leaves a window one window after its answer, not after the learn got its turn. Measured that way the stamp is
   * never earlier than the answer, whatever the clocks.
   */
  answeredAt: number;
}

/** A lane's lease to renew together with a take that grants a slot (see `LaneLease.takeAndRenew`). */
export interface LeaseMark {
  laneId: string;
  /** The jobs the request will carry, marked in flight. */
  sending: readonly string[];
}

/** The three calls a shared store answers, and optionally a take that renews a lease when it grants. */
export interface LimitStore {
  /** 0: the slot is taken. > 0: wait that long. < 0: wait up to that long for the answer on the route in flight. */
  take(args: TakeArgs): Promise<number>;
  /** As `take`; when it gives 0, also renews `mark`'s lease in the same round trip. `owned`: the renewal held. */
  takeMarking?: (args: TakeArgs, mark: LeaseMark) => Promise<{ wait: number; owned: boolean }>;
  /** Invalid answers in the last 10 minutes and the route's bucket hash (`""` when unknown). */
  learn(args: LearnArgs): Promise<[invalid: number, bucket: string]>;
  invalid(): Promise<number>;
}

/** A {@link RateLimiter} over a shared store, with the take that renews a lease when the store offers one. */
export interface SharedLimiter extends RateLimiter {
  /**
   * `LaneLease.takeAndRenew` for lane `mark.laneId`. Without a `mark` (the lease is not to be renewed any more) or a
   * store's `takeMarking`, a plain take whose `owned` is `false`.
   */
  takeMarking(request: LimitRequest, policy: LimitPolicy, mark: LeaseMark | undefined): Promise<{ slot: LimitTicket | number; owned: boolean }>;
}

/**
 * A {@link RateLimiter} over a shared store. A request that must wait for the answer to another request of this
 * process on its route is woken by that answer; one in flight in another process is waited out until its slot
 * expires (the store says how long).
 */
export function sharedLimiter(store: LimitStore): SharedLimiter {
  const answers = answerWaiters();
  /** What a take sends to the store. */
  const takeArgs = (ticketId: string, request: LimitRequest, policy: LimitPolicy): TakeArgs => ({
    ticketId,
    webhookId: request.webhookId,
    method: request.method,
    globalLimit: policy.globalLimit > 0 ? Math.max(1, Math.floor(policy.globalLimit)) : 0,
    globalWindowMs: Math.ceil(policy.globalWindowMs),
    channelLimit: channelOf(policy),
    channelWindowMs: Math.ceil(policy.channelWindowMs),
    marginMs: Math.ceil(policy.marginMs),
    requestTtlMs: Math.ceil(policy.requestTtlMs),
  });
  /** The ticket for `wait` 0, else the wait; a negative wait is waited here, until the answer on the route or the slot's expiry. */
  const slotOf = async (ticketId: string, request: LimitRequest, wait: number): Promise<LimitTicket | number> => {
    if (wait === 0) return { id: ticketId, webhookId: request.webhookId, method: request.method };
    if (wait > 0) return wait;
    // Woken by the answer (or the slot's expiry); the caller checks anew what that answer changed.
    await answers.wait(routeOf(request), -wait);
    return 1;
  };
  return {
    async take(request: LimitRequest, policy: LimitPolicy) {
      const ticketId = randomUUID();
      return slotOf(ticketId, request, await store.take(takeArgs(ticketId, request, policy)));
    },
    async takeMarking(request, policy, mark) {
      const ticketId = randomUUID();
      const args = takeArgs(ticketId, request, policy);
      const { wait, owned } = mark && store.takeMarking ? await store.takeMarking(args, mark) : { wait: await store.take(args), owned: false };
      return { slot: await slotOf(ticketId, request, wait), owned: wait === 0 && owned };
    },
    async learn(ticket, answer: LimitAnswer, policy) {
      const answeredAt = performance.now();
      const h = answer.headers;
      const status = answer.status;
      const resetAfter = numeric(h["x-ratelimit-reset-after"]);
      const [invalidAnswers, bucket] = await store.learn({
        ticketId: ticket.id,
        webhookId: ticket.webhookId,
        method: ticket.method,
        status: status ?? 0,
        channelId: answer.channelId ?? "",
        bucket: h["x-ratelimit-bucket"] ?? "",
        remaining: numeric(h["x-ratelimit-remaining"]),
        limit: numeric(h["x-ratelimit-limit"]),
        resetAfterMs: resetAfter === "" ? "" : String(Math.ceil(Number(resetAfter) * 1000)),
        scope: answer.scope ?? "",
        retryAfterMs: answer.retryAfterMs === undefined ? "" : String(Math.ceil(answer.retryAfterMs)),
        marginMs: Math.ceil(policy.marginMs),
        invalid: status === 401 || status === 403 || (status === 429 && answer.scope !== "shared"),
        channelLimit: channelOf(policy),
        learnedHoldMs: Math.ceil(policy.channelWindowMs * CHANNEL_LEARN_HOLD_WINDOWS),
        answeredAt,
      });
      answers.answered(routeOf(ticket));
      return { invalidAnswers, bucket: bucket === "" ? undefined : bucket };
    },
    invalidAnswers: () => store.invalid(),
  };
}

/** Whole milliseconds since `answeredAt` (see {@link LearnArgs.answeredAt}), never negative. */
export const answeredAgoMs = (answeredAt: number): number => Math.max(0, Math.floor(performance.now() - answeredAt));

const channelOf = (p: LimitPolicy): number => (Number.isFinite(p.channelLimit) && p.channelLimit > 0 ? p.channelLimit : 0);

function numeric(value: string | undefined): string {
  if (value === undefined || value === "") return "";
  return Number.isFinite(Number(value)) ? value : "";
}

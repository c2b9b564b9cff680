/**
 * The engine's own brakes against Discord's ban for 10,000 invalid requests (401, 403, non-shared 429) per 10
 * minutes per IP: a Discord webhook id that answered 401 or 404 (Unknown Webhook) is not called again before a
 * back-off that doubles with each such answer, whichever record points at it; and as the invalid count of the
 * state (shared across processes in Redis) rises, requests are first spaced out, then refused.
 */
import { InvalidRequestBrakeError } from "../errors.js";
import type { InvalidGuard, Outcome } from "./request.js";
import { INVALID_ANSWER_LIMIT, INVALID_WINDOW_MS } from "./state.js";
import type { RateLimitOptions } from "./tuning.js";

/** Default of `rateLimit.invalidWebhookBackoffMs`. */
export const DEFAULT_INVALID_WEBHOOK_BACKOFF_MS = 30_000;
/** Default of `rateLimit.invalidRequestSlowAt`. */
export const DEFAULT_INVALID_SLOW_AT = 5000;
/** Default of `rateLimit.invalidRequestRefuseAt`. */
export const DEFAULT_INVALID_REFUSE_AT = 8000;
/** How long a count read from the state is trusted before reading it again (other processes add to it). */
const COUNT_FRESH_MS = 1000;
/** Most Discord ids remembered; past it the expired go first, then the oldest. */
const MAX_REMEMBERED = 10_000;

/** A guard over the state's invalid count (`count`) and the clock `now` (milliseconds, monotonic). */
export function invalidGuard(options: RateLimitOptions, count: () => Promise<number>, now: () => number = () => performance.now()): InvalidGuard {
  const baseMs = options.invalidWebhookBackoffMs ?? DEFAULT_INVALID_WEBHOOK_BACKOFF_MS;
  const slowAt = options.invalidRequestSlowAt ?? DEFAULT_INVALID_SLOW_AT;
  const refuseAt = options.invalidRequestRefuseAt ?? DEFAULT_INVALID_REFUSE_AT;
  // Between the levels, at most this pace: all-invalid traffic then needs the whole window to climb from one to the other.
  const slowGapMs = INVALID_WINDOW_MS / Math.max(1, Math.min(refuseAt, INVALID_ANSWER_LIMIT) - slowAt);
  const ids = new Map<string, { until: number; strikes: number }>();
  let known = 0;
  let knownAt = -Infinity;
  let reading: Promise<number> | undefined;
  let nextAt = 0;

  /** Reads the state's count (one read at a time). */
  const read = (): Promise<number> => {
    reading ??= count()
      .then((n) => {
        known = n;
        knownAt = now();
        return n;
      })
      // A state that cannot answer does not stop delivery: the last known count stands.
      .catch(() => known)
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };
  /** What the count `n` says: go on, wait, or refuse. */
  const decide = (n: number): number | InvalidRequestBrakeError | undefined => {
    if (n >= refuseAt) {
      return new InvalidRequestBrakeError(`${n} invalid answers from Discord in 10 minutes (the brake refuses at ${refuseAt}, Discord bans the IP at 10,000); request refused`, { reason: "threshold", invalidRequests: n });
    }
    if (n < slowAt) return undefined;
    const t = now();
    if (t < nextAt) return Math.ceil(nextAt - t);
    nextAt = t + slowGapMs;
    return undefined;
  };

  const backedOff = (discordId: string): InvalidRequestBrakeError | undefined => {
    const entry = ids.get(discordId);
    const left = entry === undefined ? 0 : entry.until - now();
    if (left <= 0) return undefined;
    const seconds = Math.ceil(left / 1000);
    return new InvalidRequestBrakeError(`Discord rejected webhook ${discordId} (401 or 404) moments ago; it is not called again for ${seconds} s`, { reason: "webhook", retryAfterMs: left });
  };

  const strike = (discordId: string): void => {
    const t = now();
    const previous = ids.get(discordId);
    // Strikes are forgotten after a quiet window past the last back-off.
    const strikes = previous !== undefined && t < previous.until + INVALID_WINDOW_MS ? previous.strikes + 1 : 1;
    ids.delete(discordId);
    if (ids.size >= MAX_REMEMBERED) {
      for (const [id, e] of ids) if (t >= e.until + INVALID_WINDOW_MS) ids.delete(id);
      const oldest = ids.keys().next();
      if (ids.size >= MAX_REMEMBERED && oldest.done !== true) ids.delete(oldest.value);
    }
    ids.set(discordId, { until: t + Math.min(baseMs * 2 ** (strikes - 1), INVALID_WINDOW_MS), strikes });
  };

  return {
    admit(discordId) {
      const refused = backedOff(discordId);
      if (refused) return refused;
      // A count read within the last second is trusted: answered at once, without a promise (the usual case).
      return now() - knownAt < COUNT_FRESH_MS ? decide(known) : read().then(decide);
    },
    backedOff,
    learned(discordId, outcome, invalidAnswers) {
      known = invalidAnswers;
      knownAt = now();
      if (outcome.kind === "ok") ids.delete(discordId);
      else if (baseMs > 0 && isInvalidTarget(outcome)) strike(discordId);
    },
  };
}

/** Any 401, or 404 Unknown Webhook (a 404 Unknown Message means the message is gone, the webhook is fine). */
function isInvalidTarget(outcome: Outcome): boolean {
  return outcome.status === 401 || outcome.kind === "disable";
}

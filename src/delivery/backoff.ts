/**
 * Retry timing: the retry settings with their defaults, and exponential backoff with full jitter. Waiting itself (a
 * cancellable sleep, work under a deadline, a count of work in progress) is in waiting.ts.
 */
import type { RetryOptions } from "./tuning.js";

/** {@link RetryOptions} with defaults applied. */
export type RetrySettings = Required<RetryOptions>;

/** Default retry settings. */
export const DEFAULT_RETRY: RetrySettings = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  random: Math.random,
};

/** Applies defaults and checks ranges (bad values fall back to defaults). */
export function retrySettings(options: RetryOptions = {}): RetrySettings {
  const pos = (v: number | undefined, d: number, min: number): number =>
    v !== undefined && Number.isFinite(v) && v >= min ? v : d;
  return {
    attempts: Math.floor(pos(options.attempts, DEFAULT_RETRY.attempts, 1)),
    baseDelayMs: pos(options.baseDelayMs, DEFAULT_RETRY.baseDelayMs, 0),
    maxDelayMs: pos(options.maxDelayMs, DEFAULT_RETRY.maxDelayMs, 0),
    random: options.random ?? DEFAULT_RETRY.random,
  };
}

/**
 * Delay before retry number `attempt` (1 = the first retry): `random() * min(max, base * 2^(attempt-1))`.
 * Full jitter spreads retries of many clients over the whole interval instead of bunching them.
 */
export function backoffDelay(attempt: number, settings: RetrySettings): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const r = Math.min(Math.max(settings.random(), 0), 1);
  return Math.floor(r * ceiling);
}

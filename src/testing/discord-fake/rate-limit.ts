import { makeBucketId } from "./ids.js";
import type { FakeRateLimit } from "./types.js";

/** A fixed window: it opens at the first request after the last reset and lasts `windowMs` real milliseconds. */
export interface Window {
  readonly limit: number;
  readonly windowMs: number;
  count: number;
  /** Real time (ms since epoch) when the window resets; 0 when no window is open. */
  resetAt: number;
}

/** Sub-millisecond wall clock, so scaled windows of a few milliseconds stay accurate. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** A fresh window for `limit` (its `windowMs` already scaled to real time). */
export function createWindow(limit: FakeRateLimit, timeScale: number): Window {
  return { limit: limit.limit, windowMs: limit.windowMs * timeScale, count: 0, resetAt: 0 };
}

/**
 * Node's timers run on a millisecond-truncated loop clock and may fire up to 1 ms before a sub-millisecond clock
 * says the wait is over; a client that waited exactly `reset-after` is on time, not early.
 */
const CLOCK_GRACE_MS = 1;

/** Closes the window when its time is over. */
function refresh(w: Window, now: number): void {
  if (w.resetAt !== 0 && now >= w.resetAt - CLOCK_GRACE_MS) {
    w.count = 0;
    w.resetAt = 0;
  }
}

/** Milliseconds until the window frees a slot, or 0 when a request may go now. */
export function waitMs(w: Window, now: number): number {
  refresh(w, now);
  return w.count < w.limit ? 0 : w.resetAt - now;
}

/** Counts one request (opening the window when none is open). */
export function consume(w: Window, now: number): void {
  refresh(w, now);
  if (w.resetAt === 0) w.resetAt = now + w.windowMs;
  w.count += 1;
}

/** Seconds with millisecond precision, rounded up so a client that waits this long is never early. */
export function seconds(ms: number): string {
  return (Math.ceil(Math.max(0, ms)) / 1000).toFixed(3);
}

/** The `x-ratelimit-*` headers of a bucket, as Discord sends them on every answer of a route. */
export function bucketHeaders(w: Window, bucketId: string, now: number): Record<string, string> {
  refresh(w, now);
  const resetAt = w.resetAt === 0 ? now + w.windowMs : w.resetAt;
  return {
    "x-ratelimit-limit": String(w.limit),
    "x-ratelimit-remaining": String(Math.max(0, w.limit - w.count)),
    "x-ratelimit-reset": seconds(resetAt),
    "x-ratelimit-reset-after": seconds(resetAt - now),
    "x-ratelimit-bucket": bucketId,
  };
}

/** What the hash of a bucket is computed from: the options that decide it, and the ids already handed out. */
export interface BucketHashes {
  readonly options: { readonly uniqueBucketHashes: boolean; readonly shareChannelBuckets: boolean };
  /** Hashes stay stable across `reset()`, as Discord's do. */
  readonly bucketIds: Map<string, string>;
}

/**
 * The `x-ratelimit-bucket` hash a bucket reports. Like Discord, the hash leaves out the webhook id (a "top-level
 * resource"): every webhook reports the same hash while each is counted on its own. With `uniqueBucketHashes` (or
 * `shareChannelBuckets`) each counter reports a hash of its own instead.
 */
export function bucketHash(state: BucketHashes, route: string, counterKey: string): string {
  const key = state.options.uniqueBucketHashes || state.options.shareChannelBuckets ? counterKey : route;
  let id = state.bucketIds.get(key);
  if (id === undefined) {
    id = makeBucketId();
    state.bucketIds.set(key, id);
  }
  return id;
}

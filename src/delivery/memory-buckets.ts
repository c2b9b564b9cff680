/**
 * The bucket rules of the in-memory rate limiter (src/delivery/memory-limits.ts): Discord's per-route budgets as its
 * headers describe them, keyed by bucket hash plus Discord webhook id (a hash alone is shared by every webhook), with
 * a starter slot per webhook and method until the hash is known. A slot whose reset nobody reported expires with its
 * request; a bucket unused and fresh again is forgotten, with its webhook's hash.
 */
import { routeOf, type LimitAnswer, type LimitPolicy, type LimitRequest } from "./state-limits.js";

/**
 * A bucket unused this long (and fresh again) is forgotten, with its webhook's hash. Not sooner: forgetting in the
 * middle of a burst would send the routes back to their starter slots, whose answers race.
 */
const IDLE_MS = 60_000;

interface Bucket {
  limit: number | undefined;
  remaining: number;
  /** When the bucket is fresh again; 0 when unknown. */
  resetAt: number;
  /** `resetAt` is our guess (slot expiry), not Discord's word: an answer replaces it. */
  guessed: boolean;
  /** Requests counted under this bucket; answers older than the newest applied one are ignored. */
  sent: number;
  applied: number;
  /** Last take or answer. */
  usedAt: number;
}

/** The buckets of one process (synchronous). Times are milliseconds on the limiter's monotonic clock. */
export interface MemoryBuckets {
  /** The bucket `request` counts under now: its route's hash plus the webhook id, or the route's starter slot. */
  keyOf(request: LimitRequest): string;
  /**
   * How long bucket `key` makes a request wait: 0 when it has room. A bucket whose reset passed is fresh again; with
   * nothing left and no reset known (a request of the bucket is in flight), its answer or its deadline ends the wait.
   */
  wait(key: string, t: number, policy: LimitPolicy): number;
  /** Takes a slot of bucket `key` (which has room); gives the request's number in the bucket. */
  take(key: string, t: number, policy: LimitPolicy): number;
  /** Gives back a slot of bucket `key` nobody will report on, unless Discord's word set the bucket's reset. */
  giveBack(key: string): void;
  /** Learns from the headers of the answer to request number `seq` of bucket `key`, sent on `route`. */
  learn(route: LimitRequest, key: string, seq: number, answer: LimitAnswer, t: number): void;
  /** A 429 for the route's own bucket: nothing left until `until` (which includes the margin). */
  block(route: LimitRequest, until: number, policy: LimitPolicy): void;
  /** The bucket hash Discord named for `route` (`method:webhookId`), if known. */
  hashOf(route: string): string | undefined;
  /**
   * Forgets buckets unused for {@link IDLE_MS} whose reset passed (or a starter slot given back), except those in
   * `busy`, and the hashes left without a bucket; gives the Discord webhook ids that still have a bucket.
   */
  forgetIdle(t: number, busy: ReadonlySet<string>): Set<string>;
  /** The request waits for the answer to another request on its route (nothing left, no reset known yet). */
  awaitsAnswer(request: LimitRequest): boolean;
  /** Buckets and hashes held now. */
  size(): number;
}

/** Empty buckets over the clock `now`. */
export function memoryBuckets(now: () => number): MemoryBuckets {
  const hashes = new Map<string, string>();
  const buckets = new Map<string, Bucket>();
  const keyOf = (r: LimitRequest): string => {
    const hash = hashes.get(routeOf(r));
    return hash === undefined ? `?${r.method}:${r.webhookId}` : `${hash}:${r.webhookId}`;
  };
  const bucket = (key: string): Bucket => {
    let b = buckets.get(key);
    if (!b) {
      b = { limit: undefined, remaining: 1, resetAt: 0, guessed: false, sent: 0, applied: 0, usedAt: now() };
      buckets.set(key, b);
    }
    return b;
  };
  const giveBack = (b: Bucket): void => {
    if (b.resetAt === 0 || b.guessed) b.remaining = Math.min(b.remaining + 1, b.limit ?? 1);
  };
  return {
    keyOf,
    wait(key, t, policy) {
      const b = bucket(key);
      if (b.resetAt !== 0 && t >= b.resetAt) {
        // The window Discord described (or our guess) is over: assume a fresh one until an answer says otherwise.
        b.remaining = b.limit ?? 1;
        b.resetAt = 0;
        b.guessed = false;
      }
      if (b.remaining > 0) return 0;
      // No reset known (another request of this bucket is in flight): its answer or its deadline ends the wait.
      return b.resetAt === 0 ? policy.requestTtlMs : b.resetAt + policy.marginMs - t;
    },
    take(key, t, policy) {
      const b = bucket(key);
      b.remaining -= 1;
      b.sent += 1;
      b.usedAt = t;
      // Nothing left and no reset known: the answer will say; until then the slot expires with the request.
      if (b.remaining <= 0 && b.resetAt === 0) Object.assign(b, { resetAt: t + policy.requestTtlMs, guessed: true });
      return b.sent;
    },
    giveBack(key) {
      const b = buckets.get(key);
      if (b) giveBack(b);
    },
    learn(route, key, seq, answer, t) {
      const name = answer.headers["x-ratelimit-bucket"];
      const remaining = num(answer.headers["x-ratelimit-remaining"]);
      const old = bucket(key);
      if (name === undefined || remaining === undefined) {
        // No headers (network error, timeout, fault): give back a slot nobody will report on.
        giveBack(old);
        return;
      }
      hashes.set(routeOf(route), name);
      const named = `${name}:${route.webhookId}`;
      let seqNo = seq;
      if (key !== named) {
        // The starter slot is done: the webhook now counts under the bucket Discord named (plus its id).
        buckets.delete(key);
        const b = bucket(named);
        b.sent += 1;
        seqNo = b.sent;
      }
      const b = bucket(named);
      b.usedAt = t;
      if (seqNo < b.applied) return;
      b.applied = seqNo;
      b.limit = num(answer.headers["x-ratelimit-limit"]) ?? b.limit;
      // Requests sent after this one are not counted in its header yet.
      b.remaining = remaining - (b.sent - seqNo);
      const resetAfter = num(answer.headers["x-ratelimit-reset-after"]);
      if (resetAfter !== undefined) Object.assign(b, { resetAt: t + resetAfter * 1000, guessed: false });
    },
    block(route, until, policy) {
      const b = bucket(keyOf(route));
      b.remaining = 0;
      if (b.guessed || b.resetAt < until) Object.assign(b, { resetAt: until - policy.marginMs, guessed: false });
    },
    hashOf: (route) => hashes.get(route),
    forgetIdle(t, busy) {
      for (const [key, b] of buckets) {
        if (busy.has(key) || t - b.usedAt < IDLE_MS) continue;
        if (b.resetAt === 0 ? b.remaining >= (b.limit ?? 1) : t >= b.resetAt) buckets.delete(key);
      }
      const live = new Set<string>();
      for (const key of buckets.keys()) live.add(key.slice(key.lastIndexOf(":") + 1));
      for (const [route, hash] of hashes) if (!buckets.has(`${hash}:${route.slice(route.indexOf(":") + 1)}`)) hashes.delete(route);
      return live;
    },
    awaitsAnswer(request) {
      const b = buckets.get(keyOf(request));
      return b !== undefined && b.remaining <= 0 && b.guessed;
    },
    size: () => hashes.size + buckets.size,
  };
}

function num(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Rate-limit buckets learned from `x-ratelimit-*` headers. A lane starts on a bucket of its own (keyed by the
 * Discord webhook id, so two stored rows of one Discord webhook already share it) and moves onto the bucket
 * Discord names in `x-ratelimit-bucket`; every lane Discord reports under one bucket shares its budget.
 */
/** What a lane tells the limiter about itself. */
export interface LaneKey {
  /** Lane id (store id of the webhook). */
  laneId: string;
  /** Discord's webhook id: the bucket until Discord names one. */
  discordId: string;
}

interface Bucket {
  limit: number | undefined;
  remaining: number;
  /** 0 when unknown. */
  resetAt: number;
  /** Requests sent under this bucket so far; answers older than the newest one applied are ignored. */
  sent: number;
  applied: number;
}

/** A request counted against a bucket. */
export interface BucketTicket {
  bucket: string;
  seq: number;
}

/** The table of buckets. */
export interface BucketTable {
  /** Milliseconds the lane's bucket needs before one more request; 0 when it has one. */
  wait(lane: LaneKey, now: number): number;
  /** Counts a request sent now. */
  reserve(lane: LaneKey): BucketTicket;
  /** Learns from the headers of the answer to `ticket` (all lower-case). */
  learn(lane: LaneKey, ticket: BucketTicket, headers: Readonly<Record<string, string>>, now: number): void;
  /** Nothing remains in the lane's bucket for `ms` (a 429 said so). */
  exhaust(lane: LaneKey, ms: number, now: number): void;
  /** The bucket id Discord reported for a lane. */
  nameOf(laneId: string): string | undefined;
}

/** Creates an empty table. `marginMs` is added to every learned reset. */
export function createBucketTable(marginMs: number): BucketTable {
  const buckets = new Map<string, Bucket>();
  const laneBucket = new Map<string, string>();
  const keyOf = (lane: LaneKey): string => laneBucket.get(lane.laneId) ?? `webhook:${lane.discordId}`;
  const get = (key: string): Bucket => {
    let b = buckets.get(key);
    if (!b) {
      b = { limit: undefined, remaining: 1, resetAt: 0, sent: 0, applied: 0 };
      buckets.set(key, b);
    }
    return b;
  };
  return {
    wait(lane, now) {
      const b = get(keyOf(lane));
      if (b.resetAt !== 0 && now >= b.resetAt) {
        // The window Discord described is over: assume a fresh one until an answer says otherwise.
        b.remaining = b.limit ?? 1;
        b.resetAt = 0;
      }
      if (b.remaining > 0) return 0;
      // Nothing remaining and no known reset: a request is in flight; its answer will tell.
      return b.resetAt === 0 ? Math.max(1, marginMs) : b.resetAt + marginMs - now;
    },
    reserve(lane) {
      const key = keyOf(lane);
      const b = get(key);
      b.remaining -= 1;
      b.sent += 1;
      return { bucket: key, seq: b.sent };
    },
    learn(lane, ticket, headers, now) {
      const name = headers["x-ratelimit-bucket"];
      const remaining = toNumber(headers["x-ratelimit-remaining"]);
      if (name === undefined || remaining === undefined) {
        // No headers (network error, timeout, fault): give back a slot nobody will ever report on.
        const b = get(ticket.bucket);
        if (b.resetAt === 0) b.remaining += 1;
        return;
      }
      const key = `bucket:${name}`;
      if (ticket.bucket !== key) {
        // First answer naming the bucket: move the lane onto it, counting the request we just learned about.
        laneBucket.set(lane.laneId, key);
        get(key).sent += 1;
        ticket = { bucket: key, seq: get(key).sent };
      }
      const b = get(key);
      if (ticket.seq < b.applied) return;
      b.applied = ticket.seq;
      b.limit = toNumber(headers["x-ratelimit-limit"]) ?? b.limit;
      // Requests sent after this one are not counted in its header yet.
      b.remaining = remaining - (b.sent - ticket.seq);
      const resetAfter = toNumber(headers["x-ratelimit-reset-after"]);
      if (resetAfter !== undefined) b.resetAt = now + resetAfter * 1000;
    },
    exhaust(lane, ms, now) {
      const b = get(keyOf(lane));
      b.remaining = 0;
      b.resetAt = Math.max(b.resetAt, now + ms);
    },
    nameOf(laneId) {
      return laneBucket.get(laneId)?.slice("bucket:".length);
    },
  };
}

function toNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

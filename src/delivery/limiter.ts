/**
 * Rate-limit state of the whole process: buckets learned from headers (see buckets.ts), blocks set by 429 answers
 * (per lane, per channel, global), and the two budgets headers do not state (per-IP global, hidden per-channel).
 * All synchronous: `check` + `reserve` run in one tick, so two lanes never take the same slot.
 */
import { createBucketTable, type BucketTicket, type LaneKey } from "./buckets.js";
import { slidingWindow, type SlidingWindow, type WindowEntry } from "./window.js";

export type { LaneKey } from "./buckets.js";

/** Resolved limiter settings (see `RateLimitOptions`). */
export interface LimiterSettings {
  globalLimit: number;
  globalWindowMs: number;
  /** `Infinity`: unknown until a shared 429 teaches it. */
  channelLimit: number;
  channelWindowMs: number;
  marginMs: number;
}

/** Slots taken by {@link RateLimiter.reserve}; give them back to {@link RateLimiter.settle}. */
export interface Reservation {
  ticket: BucketTicket;
  global: WindowEntry;
  channel: { id: string; entry: WindowEntry } | undefined;
}

/** The parts of an answer the limiter learns from. */
export interface LimitAnswer {
  headers: Readonly<Record<string, string>>;
  /** `channel_id` of the created message, when Discord returned one. */
  channelId?: string | undefined;
  /** HTTP status, when an answer arrived. */
  status?: number | undefined;
}

/** Scope of a 429. */
export type LimitScope = "user" | "shared" | "global";

/** The limiter. */
export interface RateLimiter {
  /** Milliseconds the lane must wait before sending; 0 when it may send now. */
  check(lane: LaneKey, now: number): number;
  /** Takes a slot in every budget the lane's request counts against. Call right after `check` gave 0. */
  reserve(lane: LaneKey): Reservation;
  /** Learns from an answer (or its absence) to a reserved request. */
  settle(lane: LaneKey, res: Reservation, answer: LimitAnswer, now: number): void;
  /** Applies a 429: blocks the lane, its channel, or everything for `retryAfterMs`. */
  block(lane: LaneKey, scope: LimitScope, retryAfterMs: number, now: number): void;
  /** The bucket id Discord reported for the lane, if any. */
  bucketOf(laneId: string): string | undefined;
}

/** Creates the process-wide limiter. */
export function createRateLimiter(settings: LimiterSettings): RateLimiter {
  const buckets = createBucketTable(settings.marginMs);
  const laneChannel = new Map<string, string>();
  const laneBlocked = new Map<string, number>();
  const channelBlocked = new Map<string, number>();
  const channelWindows = new Map<string, SlidingWindow>();
  const global = slidingWindow(settings.globalLimit, settings.globalWindowMs);
  let globalBlocked = 0;
  const channelWindow = (channelId: string): SlidingWindow => {
    let w = channelWindows.get(channelId);
    if (!w) {
      w = slidingWindow(settings.channelLimit, settings.channelWindowMs);
      channelWindows.set(channelId, w);
    }
    return w;
  };
  const later = (map: Map<string, number>, key: string, until: number): void => {
    map.set(key, Math.max(map.get(key) ?? 0, until));
  };

  return {
    check(lane, now) {
      const channelId = laneChannel.get(lane.laneId);
      const channelWait = channelId === undefined ? 0 : Math.max((channelBlocked.get(channelId) ?? 0) - now, withMargin(channelWindow(channelId).wait(now), settings.marginMs));
      return Math.max(0, globalBlocked - now, (laneBlocked.get(lane.laneId) ?? 0) - now, channelWait, buckets.wait(lane, now), withMargin(global.wait(now), settings.marginMs));
    },
    reserve(lane) {
      const channelId = laneChannel.get(lane.laneId);
      const channel = channelId === undefined ? undefined : { id: channelId, entry: channelWindow(channelId).take() };
      return { ticket: buckets.reserve(lane), global: global.take(), channel };
    },
    settle(lane, res, answer, now) {
      global.done(res.global, now);
      if (res.channel) {
        // A 429 delivered nothing: it does not count toward the channel's message limit.
        if (answer.status === 429) channelWindow(res.channel.id).release(res.channel.entry);
        else channelWindow(res.channel.id).done(res.channel.entry, now);
      }
      if (answer.channelId !== undefined) laneChannel.set(lane.laneId, answer.channelId);
      buckets.learn(lane, res.ticket, answer.headers, now);
    },
    block(lane, scope, retryAfterMs, now) {
      const until = now + retryAfterMs + settings.marginMs;
      if (scope === "global") {
        globalBlocked = Math.max(globalBlocked, until);
        return;
      }
      later(laneBlocked, lane.laneId, until);
      const channelId = laneChannel.get(lane.laneId);
      if (scope === "shared" && channelId !== undefined) {
        later(channelBlocked, channelId, until);
        // Discord keeps this limit hidden: what got through in this window is what it allows.
        channelWindow(channelId).learn(now);
      }
      // A 429 on a bucket (user or shared) means nothing remains in it until then, for every lane on it.
      buckets.exhaust(lane, retryAfterMs, now);
    },
    bucketOf: (laneId) => buckets.nameOf(laneId),
  };
}

/** The server counts arrivals, we count departures: a wait that is needed at all gets the margin too. */
function withMargin(waitMs: number, marginMs: number): number {
  return waitMs > 0 ? waitMs + marginMs : 0;
}

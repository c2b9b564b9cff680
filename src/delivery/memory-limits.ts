/**
 * The rate-limit part of the in-memory delivery state: a request is checked against its bucket (the bucket rules are
 * in memory-buckets.ts), the hidden per-channel window, one per-egress window and the blocks by 429 scope; invalid
 * answers are counted (invalid-count.ts). Every slot expires (`requestTtlMs`), so a lost answer never holds a budget for good. Nothing
 * is kept for an idle webhook: buckets whose reset passed, ended blocks and empty channel windows are dropped on the
 * next sweep (no timer runs for it).
 */
import { invalidCount } from "./invalid-count.js";
import { memoryBuckets } from "./memory-buckets.js";
import type { Learned, LimitAnswer, LimitPolicy, LimitRequest, LimitTicket } from "./state.js";
import { CHANNEL_LEARN_HOLD_WINDOWS, routeOf } from "./state.js";
import { slidingWindow, type SlidingWindow, type WindowEntry } from "./window.js";

interface InFlight {
  ticket: LimitTicket;
  bucket: string;
  seq: number;
  global: WindowEntry;
  channel: { id: string; entry: WindowEntry } | undefined;
  expiresAt: number;
}

/** The rate-limit state of one process (synchronous; the memory state wraps it in promises). */
export interface MemoryLimits {
  take(request: LimitRequest, policy: LimitPolicy): LimitTicket | number;
  learn(ticket: LimitTicket, answer: LimitAnswer, policy: LimitPolicy): Learned;
  invalidAnswers(): number;
  /** Entries held now (buckets, hashes, channels, windows, blocks, requests in flight), after dropping idle ones. */
  tracked(): number;
  /** The request waits for the answer to another request on its route (nothing left, no reset known yet). */
  awaitsAnswer(request: LimitRequest): boolean;
  /** The last take of `request` was told to wait for its turn in the per-IP window, and it still holds its place. */
  waitsForTurn(request: LimitRequest): boolean;
  /** Keeps the place of `request` among the per-IP window's waiters for `ms` more. */
  holdTurn(request: LimitRequest, ms: number): void;
  /** The first waiter of the per-IP window (`<method>:<webhook id>`) that holds its place and that `accept` takes. */
  nextTurn(accept: (route: string) => boolean): string | undefined;
}

/**
 * Creates empty rate-limit state over the clock `now` (milliseconds, monotonic). `slotFreed(at)` is told, for each
 * request answered (or given up), when its place in the per-IP window frees.
 */
export function memoryLimits(now: () => number, slotFreed?: (at: number) => void): MemoryLimits {
  const buckets = memoryBuckets(now);
  const channels = new Map<string, string>();
  const channelWindows = new Map<string, SlidingWindow>();
  const channelBlocked = new Map<string, number>();
  const inFlight = new Map<string, InFlight>();
  const invalid = invalidCount();
  let global: SlidingWindow | undefined;
  let globalBlocked = 0;
  let seq = 0;
  let nextSweep = 0;
  let lastPolicy: LimitPolicy | undefined;
  /** Routes whose last take waits for the per-IP window (the window they wait for holds their place). */
  const turns = new Set<string>();
  const globalDone = (entry: WindowEntry, t: number, p: LimitPolicy): void => {
    globalWindow(p).done(entry, t);
    if (p.globalLimit > 0) slotFreed?.(t + p.globalWindowMs);
  };

  const globalWindow = (p: LimitPolicy): SlidingWindow => (global ??= slidingWindow(p.globalLimit, p.globalWindowMs));
  const channelWindow = (id: string, p: LimitPolicy): SlidingWindow => {
    let w = channelWindows.get(id);
    if (!w) {
      w = slidingWindow(p.channelLimit, p.channelWindowMs);
      channelWindows.set(id, w);
    }
    return w;
  };
  /** Gives back slots whose answer never came: no budget is held for good. */
  const sweep = (t: number, p: LimitPolicy, force = false): void => {
    if (t < nextSweep && !force) return;
    nextSweep = t + Math.max(10, p.requestTtlMs / 10);
    for (const f of inFlight.values()) if (f.expiresAt <= t) release(f, t, p);
    forgetIdle(t);
  };
  /**
   * Drops what says nothing any more, so memory follows the webhooks in use, not every webhook ever seen: an idle
   * bucket and hash (memory-buckets.ts), an ended block, an empty channel window past its learned hold, and the
   * channel of a webhook left with none of those.
   */
  const forgetIdle = (t: number): void => {
    const busy = new Set<string>();
    for (const f of inFlight.values()) busy.add(f.bucket);
    const live = buckets.forgetIdle(t, busy);
    for (const [id, until] of channelBlocked) if (until <= t) channelBlocked.delete(id);
    for (const [id, w] of channelWindows) if (!channelBlocked.has(id) && w.idle(t)) channelWindows.delete(id);
    for (const [webhookId, id] of channels) if (!live.has(webhookId) && !channelWindows.has(id) && !channelBlocked.has(id)) channels.delete(webhookId);
    for (const route of turns) if (!global?.waiters.holds(t, route)) turns.delete(route);
  };
  const release = (f: InFlight, t: number, p: LimitPolicy): void => {
    inFlight.delete(f.ticket.id);
    globalDone(f.global, t, p);
    if (f.channel) channelWindow(f.channel.id, p).release(f.channel.entry);
    buckets.giveBack(f.bucket);
  };

  return {
    take(request, policy) {
      const t = now();
      lastPolicy = policy;
      sweep(t, policy);
      const key = buckets.keyOf(request);
      const bucketWait = buckets.wait(key, t, policy);
      const channelId = request.method === "POST" ? channels.get(request.webhookId) : undefined;
      const waiter = routeOf(request);
      // Blocks and this webhook's own bucket first: a lane that waits for them takes no place among a window's waiters.
      let own = globalBlocked - t;
      if (channelId !== undefined) own = Math.max(own, (channelBlocked.get(channelId) ?? 0) - t);
      own = Math.max(own, bucketWait);
      // The window that makes the request wait longest binds it (ties: the per-IP one, asked first).
      let wait = Math.max(0, own);
      let binding: SlidingWindow | undefined;
      const ipWait = globalWindow(policy).wait(t, waiter);
      if (ipWait > wait) {
        wait = ipWait;
        binding = global;
      }
      const channel = channelId === undefined ? undefined : channelWindow(channelId, policy);
      const channelWait = channel === undefined ? 0 : channel.wait(t, waiter);
      if (channelWait > wait) {
        wait = channelWait;
        binding = channel;
      }
      if (wait > 0) {
        binding?.reserve(t, wait, waiter);
        if (binding === global) turns.add(waiter);
        else turns.delete(waiter);
        return Math.ceil(wait);
      }
      turns.delete(waiter);
      const seqNo = buckets.take(key, t, policy);
      const ticket: LimitTicket = { id: String(++seq), webhookId: request.webhookId, method: request.method };
      const counted = channel === undefined || channelId === undefined ? undefined : { id: channelId, entry: channel.take(waiter, t) };
      inFlight.set(ticket.id, { ticket, bucket: key, seq: seqNo, global: globalWindow(policy).take(waiter, t), channel: counted, expiresAt: t + policy.requestTtlMs });
      return ticket;
    },

    learn(ticket, answer, policy) {
      const t = now();
      const f = inFlight.get(ticket.id);
      // Counted on every answer: the count it returns feeds the invalid-request brake.
      const invalidAnswers = invalid.add(answer, t);
      if (answer.channelId !== undefined) channels.set(ticket.webhookId, answer.channelId);
      const route = routeOf(ticket);
      if (f) {
        inFlight.delete(ticket.id);
        globalDone(f.global, t, policy);
        // A 429 delivered nothing: it does not count toward the channel's message limit.
        if (f.channel) {
          const w = channelWindow(f.channel.id, policy);
          if (answer.status === 429) w.release(f.channel.entry);
          else w.done(f.channel.entry, t);
        }
        buckets.learn(ticket, f.bucket, f.seq, answer, t);
      }
      if (answer.status === 429) block(ticket, answer, t, policy);
      return { invalidAnswers, bucket: buckets.hashOf(route) };
    },

    invalidAnswers: () => invalid.at(now()),

    tracked() {
      if (lastPolicy) sweep(now(), lastPolicy, true);
      return buckets.size() + channels.size + channelWindows.size + channelBlocked.size + inFlight.size;
    },

    awaitsAnswer: (request) => buckets.awaitsAnswer(request),
    waitsForTurn(request) {
      const route = routeOf(request);
      return turns.has(route) && global !== undefined && global.waiters.holds(now(), route);
    },
    holdTurn(request, ms) {
      global?.reserve(now(), ms, routeOf(request));
    },
    nextTurn: (accept) => global?.waiters.first(now(), accept),
  };

  function block(ticket: LimitTicket, answer: LimitAnswer, t: number, policy: LimitPolicy): void {
    const until = t + (answer.retryAfterMs ?? 1000) + policy.marginMs;
    if (answer.scope === "global") {
      globalBlocked = Math.max(globalBlocked, until);
      return;
    }
    const channelId = channels.get(ticket.webhookId);
    if (answer.scope === "shared" && channelId !== undefined) {
      channelBlocked.set(channelId, Math.max(channelBlocked.get(channelId) ?? 0, until));
      // Discord keeps this limit hidden: what got through in this window is what it allows.
      channelWindow(channelId, policy).learn(t, policy.channelWindowMs * CHANNEL_LEARN_HOLD_WINDOWS);
      return;
    }
    buckets.block(ticket, until, policy);
  }
}

/**
 * The rate-limit part of the in-memory delivery state. Budgets are keyed as Discord counts them: bucket hash plus
 * Discord webhook id (a hash alone is shared by every webhook), a starter slot per webhook and method until the hash
 * is known, the hidden per-channel window, one per-egress window, and blocks by 429 scope. Every slot expires
 * (`requestTtlMs`), so a lost answer never holds a budget for good. Nothing is kept for an idle webhook: buckets
 * whose reset passed, ended blocks and empty channel windows are dropped on the next sweep (no timer runs for it).
 */
import type { Learned, LimitAnswer, LimitPolicy, LimitRequest, LimitTicket } from "./state.js";
import { CHANNEL_LEARN_HOLD_WINDOWS, INVALID_WINDOW_MS } from "./state.js";
import { slidingWindow, type SlidingWindow, type WindowEntry } from "./window.js";

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
}

/** Creates empty rate-limit state over the clock `now` (milliseconds, monotonic). */
export function memoryLimits(now: () => number): MemoryLimits {
  const hashes = new Map<string, string>();
  const buckets = new Map<string, Bucket>();
  const channels = new Map<string, string>();
  const channelWindows = new Map<string, SlidingWindow>();
  const channelBlocked = new Map<string, number>();
  const inFlight = new Map<string, InFlight>();
  const invalid: number[] = [];
  let global: SlidingWindow | undefined;
  let globalBlocked = 0;
  let seq = 0;
  let nextSweep = 0;
  let lastPolicy: LimitPolicy | undefined;

  const bucketKey = (r: LimitRequest): string => {
    const hash = hashes.get(`${r.method}:${r.webhookId}`);
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
  const globalWindow = (p: LimitPolicy): SlidingWindow => (global ??= slidingWindow(p.globalLimit, p.globalWindowMs, p.marginMs));
  const channelWindow = (id: string, p: LimitPolicy): SlidingWindow => {
    let w = channelWindows.get(id);
    if (!w) {
      w = slidingWindow(p.channelLimit, p.channelWindowMs, p.marginMs);
      channelWindows.set(id, w);
    }
    return w;
  };
  const pruneInvalid = (t: number): void => {
    let drop = 0;
    while (drop < invalid.length && (invalid[drop] ?? 0) <= t - INVALID_WINDOW_MS) drop += 1;
    if (drop > 0) invalid.splice(0, drop);
  };
  /** Gives back slots whose answer never came: no budget is held for good. */
  const sweep = (t: number, p: LimitPolicy, force = false): void => {
    if (t < nextSweep && !force) return;
    nextSweep = t + Math.max(10, p.requestTtlMs / 10);
    for (const f of inFlight.values()) if (f.expiresAt <= t) release(f, t, p);
    forgetIdle(t);
  };
  /**
   * Drops what says nothing any more, so memory follows the webhooks in use, not every webhook ever seen: a bucket
   * unused for {@link IDLE_MS} whose reset passed (or a starter slot given back), an ended block, an empty channel window past its learned
   * hold, and the hash and channel of a webhook left with none of those.
   */
  const forgetIdle = (t: number): void => {
    const busy = new Set<string>();
    for (const f of inFlight.values()) busy.add(f.bucket);
    for (const [key, b] of buckets) {
      if (busy.has(key) || t - b.usedAt < IDLE_MS) continue;
      if (b.resetAt === 0 ? b.remaining >= (b.limit ?? 1) : t >= b.resetAt) buckets.delete(key);
    }
    for (const [id, until] of channelBlocked) if (until <= t) channelBlocked.delete(id);
    for (const [id, w] of channelWindows) if (!channelBlocked.has(id) && w.idle(t)) channelWindows.delete(id);
    const live = new Set<string>();
    for (const key of buckets.keys()) live.add(key.slice(key.lastIndexOf(":") + 1));
    for (const [route, hash] of hashes) if (!buckets.has(`${hash}:${route.slice(route.indexOf(":") + 1)}`)) hashes.delete(route);
    for (const [webhookId, id] of channels) if (!live.has(webhookId) && !channelWindows.has(id) && !channelBlocked.has(id)) channels.delete(webhookId);
  };
  const release = (f: InFlight, t: number, p: LimitPolicy): void => {
    inFlight.delete(f.ticket.id);
    globalWindow(p).done(f.global, t);
    if (f.channel) channelWindow(f.channel.id, p).release(f.channel.entry);
    const b = buckets.get(f.bucket);
    if (b && (b.resetAt === 0 || b.guessed)) b.remaining = Math.min(b.remaining + 1, b.limit ?? 1);
  };

  return {
    take(request, policy) {
      const t = now();
      lastPolicy = policy;
      sweep(t, policy);
      const key = bucketKey(request);
      const b = bucket(key);
      if (b.resetAt !== 0 && t >= b.resetAt) {
        // The window Discord described (or our guess) is over: assume a fresh one until an answer says otherwise.
        b.remaining = b.limit ?? 1;
        b.resetAt = 0;
        b.guessed = false;
      }
      const channelId = request.method === "POST" ? channels.get(request.webhookId) : undefined;
      const waiter = `${request.method}:${request.webhookId}`;
      // Blocks and this webhook's own bucket first: a lane that waits for them takes no place among a window's waiters.
      let own = globalBlocked - t;
      if (channelId !== undefined) own = Math.max(own, (channelBlocked.get(channelId) ?? 0) - t);
      // No reset known (another request of this bucket is in flight): its answer or its deadline ends the wait.
      if (b.remaining <= 0) own = Math.max(own, b.resetAt === 0 ? policy.requestTtlMs : b.resetAt + policy.marginMs - t);
      const windows: SlidingWindow[] = [globalWindow(policy)];
      if (channelId !== undefined) windows.push(channelWindow(channelId, policy));
      let wait = Math.max(0, own);
      let binding: SlidingWindow | undefined;
      for (const w of windows) {
        const ms = margin(w.wait(t, waiter), policy);
        if (ms > wait) [wait, binding] = [ms, w];
      }
      if (wait > 0) {
        binding?.reserve(t, wait - policy.marginMs, waiter);
        return Math.ceil(wait);
      }
      b.remaining -= 1;
      b.sent += 1;
      b.usedAt = t;
      // Nothing left and no reset known: the answer will say; until then the slot expires with the request.
      if (b.remaining <= 0 && b.resetAt === 0) Object.assign(b, { resetAt: t + policy.requestTtlMs, guessed: true });
      const ticket: LimitTicket = { id: String(++seq), webhookId: request.webhookId, method: request.method };
      const channel = channelId === undefined ? undefined : { id: channelId, entry: channelWindow(channelId, policy).take(waiter, t) };
      inFlight.set(ticket.id, { ticket, bucket: key, seq: b.sent, global: globalWindow(policy).take(waiter, t), channel, expiresAt: t + policy.requestTtlMs });
      return ticket;
    },

    learn(ticket, answer, policy) {
      const t = now();
      const f = inFlight.get(ticket.id);
      // Pruned on every answer: the count it returns feeds the invalid-request brake.
      pruneInvalid(t);
      if (answer.status === 401 || answer.status === 403 || (answer.status === 429 && answer.scope !== "shared")) invalid.push(t);
      if (answer.channelId !== undefined) channels.set(ticket.webhookId, answer.channelId);
      const route = `${ticket.method}:${ticket.webhookId}`;
      if (f) {
        inFlight.delete(ticket.id);
        globalWindow(policy).done(f.global, t);
        // A 429 delivered nothing: it does not count toward the channel's message limit.
        if (f.channel) {
          const w = channelWindow(f.channel.id, policy);
          if (answer.status === 429) w.release(f.channel.entry);
          else w.done(f.channel.entry, t);
        }
        learnHeaders(f, answer, t);
      }
      if (answer.status === 429) block(ticket, answer, t, policy);
      return { invalidAnswers: invalid.length, bucket: hashes.get(route) };
    },

    invalidAnswers() {
      pruneInvalid(now());
      return invalid.length;
    },

    tracked() {
      if (lastPolicy) sweep(now(), lastPolicy, true);
      return hashes.size + buckets.size + channels.size + channelWindows.size + channelBlocked.size + inFlight.size;
    },

    awaitsAnswer(request) {
      const b = buckets.get(bucketKey(request));
      return b !== undefined && b.remaining <= 0 && b.guessed;
    },
  };

  function learnHeaders(f: InFlight, answer: LimitAnswer, t: number): void {
    const name = answer.headers["x-ratelimit-bucket"];
    const remaining = num(answer.headers["x-ratelimit-remaining"]);
    const old = bucket(f.bucket);
    if (name === undefined || remaining === undefined) {
      // No headers (network error, timeout, fault): give back a slot nobody will report on.
      if (old.resetAt === 0 || old.guessed) old.remaining = Math.min(old.remaining + 1, old.limit ?? 1);
      return;
    }
    hashes.set(`${f.ticket.method}:${f.ticket.webhookId}`, name);
    const key = `${name}:${f.ticket.webhookId}`;
    let seqNo = f.seq;
    if (f.bucket !== key) {
      // The starter slot is done: the webhook now counts under the bucket Discord named (plus its id).
      buckets.delete(f.bucket);
      const b = bucket(key);
      b.sent += 1;
      seqNo = b.sent;
    }
    const b = bucket(key);
    b.usedAt = t;
    if (seqNo < b.applied) return;
    b.applied = seqNo;
    b.limit = num(answer.headers["x-ratelimit-limit"]) ?? b.limit;
    // Requests sent after this one are not counted in its header yet.
    b.remaining = remaining - (b.sent - seqNo);
    const resetAfter = num(answer.headers["x-ratelimit-reset-after"]);
    if (resetAfter !== undefined) Object.assign(b, { resetAt: t + resetAfter * 1000, guessed: false });
  }

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
    const b = bucket(bucketKey(ticket));
    b.remaining = 0;
    if (b.guessed || b.resetAt < until) Object.assign(b, { resetAt: until - policy.marginMs, guessed: false });
  }
}

/** The server counts arrivals, we count departures: a wait that is needed at all gets the margin too. */
function margin(waitMs: number, policy: LimitPolicy): number {
  return waitMs > 0 ? waitMs + policy.marginMs : 0;
}

function num(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * A sliding-window log: at most `limit` requests in any `windowMs`. Used for budgets Discord does not report in
 * headers (the per-IP global limit, the hidden per-channel limit). Discord counts a request when it arrives,
 * somewhere between our send and its answer, so an entry counts as "now" while in flight and is stamped with the
 * time of the answer: that never undercounts a window Discord may open at any moment.
 *
 * Waiting costs nothing: a request that does not fit is told the earliest time it can, and takes a **reservation**
 * (its place) in a queue of waiters. The time is computed from what the window holds now, never from what earlier
 * waiters were told (which goes stale as answers come back later than hoped): an answered entry leaves one window
 * after its answer; one in flight is expected back one round trip (learned from answers, down at once and up
 * slowly) after it was sent, now at the earliest; and the waiters ahead send in turn, a group of `limit` per window
 * at the earliest. A waiter that comes back keeps its place (only those queued before it are ahead). In process the
 * per-IP window's waiters are parked and run once, when an answer frees a place (in-process-limiter.ts).
 * Redis keeps the same queue (src/redis/limits-lua.ts, `windowWait`); the limits conformance suite
 * (src/testing/ports/limits.ts) pins the cases both must agree on. The waiters' queue is in window-waiters.ts.
 */
import { waiterQueue, type WaiterQueue } from "./window-waiters.js";

/** One request counted in a window. */
export interface WindowEntry {
  /** Answer time; `Infinity` while in flight. */
  at: number;
  /** Send time, when the caller gave it: an entry in flight is expected back one round trip after it. */
  sent?: number | undefined;
}

/** One sliding window, as the header says. Synchronous; times in ms on the caller's monotonic clock. */
export interface SlidingWindow {
  /**
   * Milliseconds until one more request fits; 0 when it fits now. For a newcomer, every waiter still queued is
   * ahead; a waiter that holds a reservation under `key` keeps its place (only those queued before it are ahead).
   */
  wait(now: number, key?: string): number;
  /** Queues waiter `key` (or moves its come-back time, keeping its place), told to come back after `waitMs`. */
  reserve(now: number, waitMs: number, key: string): void;
  /** Counts a request sent at `now`; the reservation of `key`, if any, is used up. */
  take(key?: string, now?: number): WindowEntry;
  /** Stamps an entry with the time its request was answered. */
  done(entry: WindowEntry, at: number): void;
  /** Stops counting an entry (the server did not count it either: it answered 429). */
  release(entry: WindowEntry): void;
  /**
   * Lowers the limit to what got through in the current window: the server just said "no more", so this many
   * is what it allows. It holds for `holdMs` after the last `learn`, then the initial limit applies again (what got
   * through may have been cut short by others' posts).
   */
  learn(now: number, holdMs?: number): void;
  /** Nothing counted in the window and no learned limit held: the window can be forgotten and made anew. */
  idle(now: number): boolean;
  /** The requests told to come back later, in the order they came. */
  readonly waiters: WaiterQueue;
}

/** Scratch for {@link leaveTimes}: one buffer for every window, grown when needed (a wait allocates nothing). */
let scratch = new Float64Array(64);

/** The times `entries` leave their window, ascending, in the shared scratch (valid until the next call): no garbage. */
function leaveTimes(entries: readonly WindowEntry[], leaves: (e: WindowEntry) => number): Float64Array {
  if (scratch.length < entries.length) scratch = new Float64Array(2 * entries.length);
  for (let i = 0; i < entries.length; i++) scratch[i] = leaves(entries[i] as WindowEntry);
  return scratch.subarray(0, entries.length).sort();
}

/**
 * A {@link SlidingWindow}. `limit` 0 means unlimited for good; `Infinity` means unlimited until {@link
 * SlidingWindow.learn} sets a limit.
 */
export function slidingWindow(initialLimit: number, windowMs: number): SlidingWindow {
  if (Number.isNaN(initialLimit) || initialLimit <= 0) {
    const entry: WindowEntry = { at: 0 };
    return { wait: () => 0, reserve: () => undefined, take: () => entry, done: () => undefined, release: () => undefined, learn: () => undefined, idle: () => true, waiters: waiterQueue(0) };
  }
  let limit = initialLimit;
  let learnedUntil = Infinity;
  let entries: WindowEntry[] = [];
  const waiters = waiterQueue(windowMs);
  /** Typical time from send to answer, learned from answers: when an entry in flight will be stamped. */
  let roundTrip = 0;
  /** The earliest time an answered entry leaves the window (`Infinity`: none answered); may be early, never late. */
  let nextLeave = Infinity;
  // Every entry that left goes (answers come back out of order); the log is read only once one may have left.
  const prune = (now: number): void => {
    if (now >= nextLeave) {
      const cut = now - windowMs;
      let next = Infinity;
      entries = entries.filter((e) => {
        if (e.at <= cut) return false;
        if (e.at !== Infinity && e.at + windowMs < next) next = e.at + windowMs;
        return true;
      });
      nextLeave = next;
    }
    waiters.prune(now);
  };
  /** When an entry is expected to leave the window: one window after its answer (in flight: one round trip after it was sent, now at the earliest). */
  const leaves = (e: WindowEntry, now: number): number => (e.at === Infinity ? Math.max(now, (e.sent ?? now) + roundTrip) : e.at) + windowMs;
  return {
    waiters,
    wait(now, key) {
      if (now >= learnedUntil) {
        limit = initialLimit;
        learnedUntil = Infinity;
      }
      prune(now);
      const ahead = waiters.ahead(now, key);
      if (entries.length + ahead < limit) return 0;
      // Computed from what the window holds now, not from what earlier waiters were told: the request fits once the
      // entry or waiter `limit` places ahead has left. Waiters send in turn, a group of `limit` per window: the
      // waiter `limit` places ahead sends when the one `limit` places ahead of it left, and leaves a window after
      // that at the earliest. So the request waits `rounds` windows after a slot of the present entries frees: the
      // earliest its turn can come (its round trips are not known yet); one that comes back early asks again.
      const rounds = Math.floor(ahead / limit);
      const slot = entries.length + (ahead % limit) - limit;
      const first = slot < 0 ? now : (leaveTimes(entries, (e) => leaves(e, now))[slot] ?? now + windowMs);
      return Math.max(1, Math.ceil(first + rounds * windowMs - now));
    },
    reserve(now, waitMs, key) {
      waiters.reserve(now, waitMs, key);
    },
    take(key, now) {
      if (key !== undefined) waiters.leave(key);
      const entry: WindowEntry = { at: Infinity, sent: now };
      entries.push(entry);
      return entry;
    },
    done(entry, at) {
      if (entry.at !== Infinity) return;
      entry.at = at;
      if (at + windowMs < nextLeave) nextLeave = at + windowMs;
      if (entry.sent === undefined) return;
      const sample = at - entry.sent;
      // Up slowly from 0 (unknown), down at once: answers read late after a long synchronous stretch of the process
      // (the first answers of a large fan-out too) must not send every waiter back late; one back early asks again.
      roundTrip = sample < roundTrip ? sample : 0.95 * roundTrip + 0.05 * sample;
    },
    release(entry) {
      entries = entries.filter((e) => e !== entry);
    },
    learn(now, holdMs = Infinity) {
      learnedUntil = now + holdMs;
      prune(now);
      // Only answered requests are known to have got through; counting in-flight ones could overshoot.
      limit = Math.max(1, Math.min(limit, entries.filter((e) => e.at !== Infinity).length));
    },
    idle(now) {
      prune(now);
      // `learnedUntil` is Infinity while nothing was learned.
      return entries.length === 0 && (learnedUntil === Infinity || now >= learnedUntil);
    },
  };
}

/**
 * A sliding-window log: at most `limit` requests in any `windowMs`. Used for budgets Discord does not report in
 * headers (the per-IP global limit, the hidden per-channel limit). Discord counts a request when it arrives,
 * somewhere between our send and its answer, so an entry counts as "now" while in flight and is stamped with the
 * time of the answer: that never undercounts a window Discord may open at any moment.
 *
 * Waiting costs nothing: a request that does not fit is told the earliest time it can (an answered entry leaves one
 * window after its answer; one still in flight will be answered now at the earliest, so it leaves a window from now),
 * and takes a **reservation** in a queue of waiters, so the next newcomer is told the time after it. A waiter that
 * comes back (it holds a reservation, by key) is ahead of every newcomer. With thousands of lanes waiting on one
 * window, each is woken about once, when its turn comes, instead of all of them at every slot. The Redis
 * implementation (src/redis/limits-lua.ts, `windowWait`) follows the same rules; the limits conformance suite
 * (src/testing/ports/limits.ts) pins them for both.
 */

/** One request counted in a window. */
export interface WindowEntry {
  /** Answer time; `Infinity` while in flight. */
  at: number;
}

/** The window. */
export interface SlidingWindow {
  /**
   * Milliseconds until one more request fits; 0 when it fits now. For a newcomer, waiters told to come back later
   * (reservations not yet due) are ahead; a waiter that holds a reservation under `key` is ahead of them.
   */
  wait(now: number, key?: string): number;
  /** Queues waiter `key`, told to come back after `waitMs` (what `wait(now, key)` just gave). */
  reserve(now: number, waitMs: number, key: string): void;
  /** Counts a request sent now; the reservation of `key`, if any, is used up. */
  take(key?: string): WindowEntry;
  /** Stamps an entry with the time its request was answered. */
  done(entry: WindowEntry, at: number): void;
  /** Stops counting an entry (the server did not count it either, e.g. it answered 429). */
  release(entry: WindowEntry): void;
  /**
   * Lowers the limit to what got through in the current window: the server just said "no more", so this many
   * is what it allows. Used for limits Discord keeps hidden. The learned limit holds for `holdMs` after the last
   * `learn`, then the initial limit applies again (what got through may have been cut short by others' posts).
   */
  learn(now: number, holdMs?: number): void;
  /** Nothing counted in the window and no learned limit held: the window can be forgotten and made anew. */
  idle(now: number): boolean;
}

/**
 * A {@link SlidingWindow}. `limit` 0 means unlimited for good; `Infinity` means unlimited until {@link
 * SlidingWindow.learn} sets a limit.
 */
export function slidingWindow(initialLimit: number, windowMs: number): SlidingWindow {
  if (Number.isNaN(initialLimit) || initialLimit <= 0) {
    const entry: WindowEntry = { at: 0 };
    return { wait: () => 0, reserve: () => undefined, take: () => entry, done: () => undefined, release: () => undefined, learn: () => undefined, idle: () => true };
  }
  let limit = initialLimit;
  let learnedUntil = Infinity;
  let entries: WindowEntry[] = [];
  /** Times waiters were told to come back, oldest first; from `head` on they are not due yet. */
  let waiters: number[] = [];
  let head = 0;
  /** Who holds a reservation, and until when it is kept for them (a waiter that never came back is forgotten). */
  const holders = new Map<string, number>();
  // Entries are kept in sending order; answers come back roughly in that order, so expired ones sit at the front.
  const prune = (now: number): void => {
    let drop = 0;
    while (drop < entries.length && (entries[drop]?.at ?? Infinity) <= now - windowMs) drop += 1;
    if (drop > 0) entries = entries.slice(drop);
    while (head < waiters.length && (waiters[head] ?? 0) <= now) head += 1;
    if (head > 256 && head * 2 > waiters.length) {
      waiters = waiters.slice(head);
      head = 0;
    }
    if (holders.size > 64 && holders.size > 2 * (waiters.length - head)) for (const [k, until] of holders) if (until <= now) holders.delete(k);
  };
  return {
    wait(now, key) {
      if (now >= learnedUntil) {
        limit = initialLimit;
        learnedUntil = Infinity;
      }
      prune(now);
      const held = key === undefined ? undefined : holders.get(key);
      const returning = held !== undefined && held > now;
      const ahead = returning ? 0 : waiters.length - head;
      const index = entries.length + ahead - limit;
      if (index < 0) return 0;
      // The request fits once `index + 1` of those counted (entries first, then waiters ahead) have left the window.
      // An entry leaves one window after its answer; one in flight is answered now at the earliest.
      let leaves: number;
      if (index < entries.length) {
        const stamps = entries.map((e) => (e.at === Infinity ? now : e.at)).sort((a, b) => a - b);
        leaves = (stamps[index] ?? now) + windowMs;
      } else leaves = (waiters[head + index - entries.length] ?? now) + windowMs;
      return Math.max(1, Math.ceil(leaves - now));
    },
    reserve(now, waitMs, key) {
      // A returning waiter keeps its place at the front; a newcomer joins the queue.
      const held = holders.get(key);
      if (held === undefined || held <= now) waiters.push(now + waitMs);
      holders.set(key, now + waitMs + windowMs);
    },
    take(key) {
      if (key !== undefined) holders.delete(key);
      const entry: WindowEntry = { at: Infinity };
      entries.push(entry);
      return entry;
    },
    done(entry, at) {
      if (entry.at === Infinity) entry.at = at;
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

/**
 * A sliding-window log: at most `limit` requests in any `windowMs`. Used for budgets Discord does not report in
 * headers (the per-IP global limit, the hidden per-channel limit). Discord counts a request when it arrives,
 * somewhere between our send and its answer, so an entry counts as "now" while in flight and is stamped with the
 * time of the answer: that never undercounts a window Discord may open at any moment.
 */

/** One request counted in a window. */
export interface WindowEntry {
  /** Answer time; `Infinity` while in flight. */
  at: number;
}

/** The window. */
export interface SlidingWindow {
  /** Milliseconds until one more request fits; 0 when it fits now. */
  wait(now: number): number;
  /** Counts a request sent now. */
  take(): WindowEntry;
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
    return { wait: () => 0, take: () => entry, done: () => undefined, release: () => undefined, learn: () => undefined, idle: () => true };
  }
  let limit = initialLimit;
  let learnedUntil = Infinity;
  let entries: WindowEntry[] = [];
  // Entries are kept in sending order; answers come back roughly in that order, so expired ones sit at the front.
  const prune = (now: number): void => {
    let drop = 0;
    while (drop < entries.length && (entries[drop]?.at ?? Infinity) <= now - windowMs) drop += 1;
    if (drop > 0) entries = entries.slice(drop);
  };
  return {
    wait(now) {
      if (now >= learnedUntil) {
        limit = initialLimit;
        learnedUntil = Infinity;
      }
      prune(now);
      if (entries.length < limit) return 0;
      // The entry whose expiry brings the count below the limit.
      const stamps = entries.map((e) => e.at).sort((a, b) => a - b);
      const at = stamps[entries.length - limit] ?? 0;
      // Still in flight: no time is known yet; look again shortly (its answer will stamp it).
      if (at === Infinity) return Math.max(1, windowMs / 20);
      return Math.max(0, at + windowMs - now);
    },
    take() {
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

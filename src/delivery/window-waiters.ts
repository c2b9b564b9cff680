/**
 * The waiters' queue of a sliding window (src/delivery/window.ts): the requests that were told to come back later,
 * in the order they came. A waiter's place is kept while it is away (a window past the time it was told, and a little
 * more); a waiter that comes back keeps its place, one that sends or never comes back leaves the queue.
 */

/**
 * How long a waiter's place is kept after the time it was told, beyond one window: a lane on a busy process comes
 * back late, and losing its place would send it to the back of the queue. A place never claimed costs the waiters
 * behind it at most this long, once.
 */
const KEEP_PLACE_MS = 1000;

/** A queued waiter: its place (`seq`), and until when it is kept. */
interface Waiter {
  key: string;
  seq: number;
  until: number;
  gone: boolean;
}

/**
 * The waiters of one window in the order they came: a waiter keeps its place while away (until its kept time) and
 * leaves the queue when it sends or its place expires. Synchronous.
 */
export interface WaiterQueue {
  /** Forgets the waiters at the front that sent or whose place expired by `now`. */
  prune(now: number): void;
  /**
   * How many waiters are ahead of `key`: for a newcomer (or a waiter whose place expired), every waiter still queued;
   * for a waiter that holds its place, only those queued before it.
   */
  ahead(now: number, key?: string): number;
  /** Queues waiter `key` (or moves its come-back time, keeping its place), told to come back after `waitMs`. */
  reserve(now: number, waitMs: number, key: string): void;
  /** Waiter `key` sends: its place, if any, is used up. */
  leave(key: string): void;
  /** Whether `key` holds a place at `now`. */
  holds(now: number, key: string): boolean;
  /** The first waiter, in queue order, that holds its place at `now` and that `accept` takes. */
  first(now: number, accept: (key: string) => boolean): string | undefined;
}

/** An empty queue for a window of `windowMs`. */
export function waiterQueue(windowMs: number): WaiterQueue {
  /** Waiters in the order they came; from `head` on they still wait (or left out of turn: `gone`). */
  let queue: Waiter[] = [];
  let head = 0;
  let nextSeq = 0;
  const holders = new Map<string, Waiter>();
  /** Places of waiters that left out of turn (after `head`), ascending: they are not ahead of anyone. */
  let skipped: number[] = [];
  const forget = (w: Waiter): void => {
    if (w.gone) return;
    w.gone = true;
    if (holders.get(w.key) === w) holders.delete(w.key);
    if (w !== queue[head]) skipped.splice(below(w.seq), 0, w.seq);
  };
  /** How many places in `skipped` are before `seq`. */
  const below = (seq: number): number => {
    let [lo, hi] = [0, skipped.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((skipped[mid] ?? 0) < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const firstSeq = (): number => queue[head]?.seq ?? nextSeq;
  return {
    prune(now) {
      // Waiters leave the queue when they send; one that never came back is forgotten once its place expired.
      for (let w = queue[head]; w !== undefined && (w.gone || w.until <= now); w = queue[head]) {
        forget(w);
        head += 1;
      }
      if (skipped.length > 0 && (skipped[0] ?? 0) < firstSeq()) skipped = skipped.slice(below(firstSeq()));
      if (head > 256 && head * 2 > queue.length) {
        queue = queue.slice(head);
        head = 0;
      }
    },
    ahead(now, key) {
      const held = key === undefined ? undefined : holders.get(key);
      const mine = held !== undefined && held.until > now ? held : undefined;
      const place = mine?.seq ?? nextSeq;
      return place - firstSeq() - below(place);
    },
    reserve(now, waitMs, key) {
      const held = holders.get(key);
      if (held !== undefined && held.until > now) {
        held.until = now + waitMs + windowMs + KEEP_PLACE_MS;
        return;
      }
      const w: Waiter = { key, seq: nextSeq++, until: now + waitMs + windowMs + KEEP_PLACE_MS, gone: false };
      queue.push(w);
      holders.set(key, w);
    },
    leave(key) {
      const held = holders.get(key);
      if (held) forget(held);
    },
    holds(now, key) {
      const held = holders.get(key);
      return held !== undefined && held.until > now;
    },
    first(now, accept) {
      for (let i = head; i < queue.length; i++) {
        const w = queue[i] as Waiter;
        if (!w.gone && w.until > now && accept(w.key)) return w.key;
      }
      return undefined;
    },
  };
}

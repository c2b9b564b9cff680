/**
 * The rate-limit port kept in this process: Discord's budgets in maps (memory-limits.ts). Waiting is woken, never
 * polled: a request that must wait for an answer in flight on its route is woken by that answer (answer-waiters.ts),
 * and a lane that waits for its turn in the per-IP window can be parked (`park`) and is run again when a place frees
 * for it: each answer frees one place one window later, and that place goes to the first parked waiter still queued.
 * So a lane far back in a fan-out of thousands is woken once, when it may send, instead of coming back at estimated
 * times that answers slower than the earliest keep moving.
 */
import { answerWaiters } from "./answer-waiters.js";
import { memoryLimits } from "./memory-limits.js";
import { routeOf, type LimitPolicy, type LimitRequest, type RateLimiter } from "./state.js";

/** A {@link RateLimiter} in this process, plus how many entries it holds (`stats().tracked`). */
export interface InProcessLimiter extends RateLimiter {
  tracked(): number;
  /**
   * Parks `wake` when the last take of `request` was told to wait for its turn in the per-IP window: `wake` is called
   * once, when a place frees for it, or after `waitMs` (the time it was told) plus a request's time to live and a
   * window at the latest. `false` when the request waits for something else (its time is known): nothing is parked.
   */
  park(request: LimitRequest, waitMs: number, wake: () => void): boolean;
  /** Forgets every parked waiter without waking it (the state is closing). */
  close(): void;
}

/** Creates one; `closed()` true makes `take` answer at once instead of waiting for an answer in flight. */
export function inProcessLimiter(now: () => number, closed: () => boolean): InProcessLimiter {
  /** Parked waiters by route (`<method>:<webhook id>`), each with its latest wake-up. */
  const parked = new Map<string, { wake: () => void; timer: ReturnType<typeof setTimeout> }>();
  let policy: LimitPolicy | undefined;
  const unpark = (route: string): void => {
    const p = parked.get(route);
    if (p === undefined) return;
    clearTimeout(p.timer);
    parked.delete(route);
    p.wake();
  };
  const wakeNext = (): void => {
    const route = parked.size === 0 ? undefined : limits.nextTurn((r) => parked.has(r));
    if (route !== undefined) unpark(route);
  };
  // One place frees per answer, one window after it (a millisecond later: timers may fire a little early).
  const limits = memoryLimits(now, (at) => {
    setTimeout(wakeNext, Math.max(0, at - now()) + 1).unref();
  });
  const answers = answerWaiters();
  return {
    async take(request, p) {
      policy = p;
      const slot = limits.take(request, p);
      if (typeof slot !== "number" || !limits.awaitsAnswer(request) || closed()) return slot;
      // Woken by the answer (or the slot's expiry); the caller checks anew what that answer changed.
      await answers.wait(routeOf(request), slot);
      return 1;
    },
    learn(ticket, answer, p) {
      const learned = limits.learn(ticket, answer, p);
      answers.answered(routeOf(ticket));
      return Promise.resolve(learned);
    },
    invalidAnswers: () => Promise.resolve(limits.invalidAnswers()),
    tracked: () => limits.tracked(),
    park(request, waitMs, wake) {
      const route = routeOf(request);
      if (policy === undefined || parked.has(route) || !limits.waitsForTurn(request)) return false;
      const ms = waitMs + policy.requestTtlMs + policy.globalWindowMs;
      // Its place among the window's waiters is kept while it is parked, however long its turn takes.
      limits.holdTurn(request, ms);
      parked.set(route, { wake, timer: setTimeout(() => { unpark(route); }, ms) });
      return true;
    },
    close() {
      for (const p of parked.values()) clearTimeout(p.timer);
      parked.clear();
    },
  };
}

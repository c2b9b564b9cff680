/**
 * Requests waiting for another request's answer: with nothing left in a bucket and no reset known yet, the request
 * in flight on that route will say when the bucket refills. Its waiters are woken by that answer (`answered`), or at
 * the latest when the slot it holds expires: never polled. Used by both rate-limit implementations in process.
 */

import { wakeDelayMs } from "../options.js";

/** Waiters by route (`<method>:<Discord webhook id>`). */
export interface AnswerWaiters {
  /** Resolves when `answered(route)` is called, or once `ms` have passed ({@link wakeDelayMs}). Never rejects. */
  wait(route: string, ms: number): Promise<void>;
  /** Wakes every waiter of `route`. */
  answered(route: string): void;
}

/** Creates an empty set of waiters. */
export function answerWaiters(): AnswerWaiters {
  const byRoute = new Map<string, (() => void)[]>();
  return {
    wait(route, ms) {
      return new Promise((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          const list = byRoute.get(route);
          const i = list?.indexOf(wake) ?? -1;
          if (list && i >= 0) list.splice(i, 1);
          if (list?.length === 0) byRoute.delete(route);
          resolve();
        }, wakeDelayMs(ms));
        const list = byRoute.get(route);
        if (list) list.push(wake);
        else byRoute.set(route, [wake]);
      });
    },
    answered(route) {
      const list = byRoute.get(route);
      if (!list) return;
      byRoute.delete(route);
      for (const wake of list) wake();
    },
  };
}

/**
 * Waiting: a one-way stop switch any number of waiters can watch, a cancellable sleep, work under a deadline, and a
 * count of work in progress that can be waited on until it is zero.
 */
import { MAX_TIMER_MS } from "../options.js";

/**
 * A one-way switch that wakes every waiter when flipped. Unlike an `AbortSignal` it takes any number of waiters
 * (hundreds of lanes) without listener-leak warnings.
 */
export interface Stopper {
  readonly stopped: boolean;
  /** Calls `fn` once when stopped (at once if already); returns a function that cancels the subscription. */
  onStop(fn: () => void): () => void;
}

/** Creates a {@link Stopper} and the function that flips it. */
export function createStopper(): { stopper: Stopper; stop: () => void } {
  const waiters = new Set<() => void>();
  let stopped = false;
  const stopper: Stopper = {
    get stopped() {
      return stopped;
    },
    onStop(fn) {
      if (stopped) {
        fn();
        return () => undefined;
      }
      waiters.add(fn);
      return () => waiters.delete(fn);
    },
  };
  const stop = (): void => {
    stopped = true;
    for (const fn of [...waiters]) fn();
    waiters.clear();
  };
  return { stopper, stop };
}

/**
 * Resolves after `ms`, or early when `stopper` is stopped. Never rejects. `Infinity` waits for the stopper alone; a
 * finite wait longer than a timer takes (2³¹ − 1 ms) is cut to that, never handed to a timer that would fire at once.
 */
export function sleep(ms: number, stopper?: Stopper): Promise<void> {
  if (!(ms > 0) || stopper?.stopped) return Promise.resolve();
  return new Promise((resolve) => {
    const timer =
      ms === Infinity
        ? undefined
        : setTimeout(() => {
            cancel();
            resolve();
          }, Math.min(ms, MAX_TIMER_MS));
    const cancel =
      stopper?.onStop(() => {
        clearTimeout(timer);
        resolve();
      }) ?? (() => undefined);
  });
}

/**
 * `work()`'s result; a rejection with `late()` once `ms` passed; `undefined` once `stopper` stops (the caller gave up
 * waiting, the work may still land): whichever comes first. One promise and one timer, so it suits work done per
 * delivery. `work` throwing at once rejects.
 */
export function withinDeadline<T>(work: () => Promise<T>, ms: number, late: () => Error, stopper?: Stopper): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve, reject) => {
    let cancel = (): void => undefined;
    const timer = setTimeout(() => {
      cancel();
      reject(late());
    }, Math.min(ms, MAX_TIMER_MS));
    const end = (): void => {
      clearTimeout(timer);
      cancel();
    };
    if (stopper) {
      cancel = stopper.onStop(() => {
        clearTimeout(timer);
        resolve(undefined);
      });
    }
    const failed = (error: unknown): void => {
      end();
      reject(error);
    };
    try {
      work().then((value) => {
        end();
        resolve(value);
      }, failed);
    } catch (error) {
      failed(error);
    }
  });
}

/** A count of work in progress, and a way to wait until it is zero (cheaper than a set of promises). */
export interface Pending {
  readonly size: number;
  add(): void;
  done(): void;
  /** Resolves once the count is zero. */
  idle(): Promise<void>;
}

/** Creates a {@link Pending} at zero. */
export function createPending(): Pending {
  let size = 0;
  let waiters: (() => void)[] = [];
  return {
    get size() {
      return size;
    },
    add() {
      size += 1;
    },
    done() {
      size -= 1;
      if (size > 0 || waiters.length === 0) return;
      const ready = waiters;
      waiters = [];
      for (const w of ready) w();
    },
    idle() {
      return size === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
  };
}

/**
 * Timing and waiting: exponential backoff with full jitter, a cancellable sleep, work under a deadline, and a count
 * of work in progress.
 */
import { MAX_TIMER_MS } from "../options.js";
import type { RetryOptions } from "./tuning.js";

/** {@link RetryOptions} with defaults applied. */
export type RetrySettings = Required<RetryOptions>;

/** Default retry settings. */
export const DEFAULT_RETRY: RetrySettings = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  random: Math.random,
};

/** Applies defaults and checks ranges (bad values fall back to defaults). */
export function retrySettings(options: RetryOptions = {}): RetrySettings {
  const pos = (v: number | undefined, d: number, min: number): number =>
    v !== undefined && Number.isFinite(v) && v >= min ? v : d;
  return {
    attempts: Math.floor(pos(options.attempts, DEFAULT_RETRY.attempts, 1)),
    baseDelayMs: pos(options.baseDelayMs, DEFAULT_RETRY.baseDelayMs, 0),
    maxDelayMs: pos(options.maxDelayMs, DEFAULT_RETRY.maxDelayMs, 0),
    random: options.random ?? DEFAULT_RETRY.random,
  };
}

/**
 * Delay before retry number `attempt` (1 = the first retry): `random() * min(max, base * 2^(attempt-1))`.
 * Full jitter spreads retries of many clients over the whole interval instead of bunching them.
 */
export function backoffDelay(attempt: number, settings: RetrySettings): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const r = Math.min(Math.max(settings.random(), 0), 1);
  return Math.floor(r * ceiling);
}

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

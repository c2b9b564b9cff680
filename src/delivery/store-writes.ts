/**
 * The store writes a delivery causes: each under a deadline (`storeTimeoutMs`), never awaited by a lane, and every
 * failure reported (`logger.error`, `hooks.onStoreError`). `markDelivered` is coalesced: whatever arrives while one
 * write runs goes into the next, as one `markDeliveredMany` (per-id `markDelivered` when the store lacks it).
 */
import { redact } from "../discord/redact.js";
import { StoreError } from "../errors.js";
import type { WebhookStore } from "../types.js";
import type { Observer } from "./observe.js";
import type { HookWebhook } from "./hooks.js";
import { createStopper, withinDeadline } from "./waiting.js";

/** The webhook a write is about. */
export interface Written {
  id: string;
  view: HookWebhook;
}

/**
 * The store writes of deliveries: each under the store deadline, failures reported (never thrown to a lane),
 * `markDelivered` coalesced across the deliveries that arrive while one write runs.
 */
export interface StoreWrites {
  /** `run()` under the deadline; `undefined` when close() stopped waiting. Rejects with the failure. */
  bounded<T>(operation: string, run: () => Promise<T>): Promise<T | undefined>;
  /** `run()` under the deadline, failures reported; `true` when it succeeded. */
  write(operation: "markDelivered" | "disableWebhook", targets: readonly Written[], run: () => Promise<void>): Promise<boolean>;
  /** Records a delivery (coalesced); resolves once written or reported failed, never rejects. */
  delivered(target: Written): Promise<void>;
  /** Stops waiting for writes (close): waiters resolve at once, later writes are not awaited. */
  abandon(): void;
  counts(): { storeErrors: number; pendingWrites: number };
}

/** Creates the writer over `store`. */
export function createStoreWrites(store: WebhookStore, observer: Observer, storeTimeoutMs: number, now: () => Date): StoreWrites {
  let batch = new Map<string, Written>();
  let waiters: (() => void)[] = [];
  let writing = false;
  let storeErrors = 0;
  // Flipped by abandon() (close() out of time): nothing waits for a store write any longer.
  const gaveUp = createStopper();

  /** `run()` under the store deadline; close() stops waiting for it (the write may still land). */
  const bounded: StoreWrites["bounded"] = <T>(operation: string, run: () => Promise<T>): Promise<T | undefined> => {
    if (gaveUp.stopper.stopped) {
      // Closed and out of time: still write, but nobody waits for it.
      Promise.resolve().then(run).catch(() => undefined);
      return Promise.resolve(undefined);
    }
    return withinDeadline(run, storeTimeoutMs, () => new StoreError("store", `${operation} did not answer within ${storeTimeoutMs} ms`), gaveUp.stopper);
  };

  const write: StoreWrites["write"] = async (operation, targets, run) => {
    try {
      await bounded(operation, run);
      return true;
    } catch (error) {
      storeErrors += 1;
      const storeError = error instanceof StoreError ? error : new StoreError("store", `${operation} failed`, { cause: error });
      const webhooks = targets.map((t) => t.view);
      observer.log("error", `store.${operation} failed`, { webhooks, error: redact(storeError.message) });
      observer.hook("onStoreError", { operation, webhooks, error: storeError });
      return false;
    }
  };

  const flushDelivered = async (): Promise<void> => {
    if (writing) return;
    writing = true;
    // Whatever arrives while one write runs goes into the next one: a fan-out costs a few statements, not one each.
    while (batch.size > 0) {
      const targets = [...batch.values()];
      const done = waiters;
      batch = new Map();
      waiters = [];
      const ids = targets.map((t) => t.id);
      const at = now();
      await write("markDelivered", targets, () => (store.markDeliveredMany ? store.markDeliveredMany(ids, at) : Promise.all(ids.map((id) => store.markDelivered(id, at))).then(() => undefined)));
      for (const w of done) w();
    }
    writing = false;
  };

  return {
    bounded,
    write,
    delivered(target) {
      batch.set(target.id, target);
      const done = new Promise<void>((resolve) => waiters.push(resolve));
      // The next turn, so answers arriving together share one write.
      if (!writing) setImmediate(() => void flushDelivered());
      return done;
    },
    abandon: gaveUp.stop,
    counts: () => ({ storeErrors, pendingWrites: batch.size + (writing ? 1 : 0) }),
  };
}

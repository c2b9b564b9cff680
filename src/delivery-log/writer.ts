/**
 * Writes log entries off the lanes: batched (what settles within `GATHER_MS`, and whatever settles while one write
 * runs, goes into the next), each batch under a deadline, failures reported through `logger.error` and
 * `hooks.onStoreError` (operation `appendDeliveries`). A failing or hanging log never slows or fails a delivery.
 */
import type { Observer } from "../delivery/observe.js";
import { withinDeadline } from "../delivery/waiting.js";
import { redact } from "../discord/redact.js";
import { StoreError } from "../errors.js";
import type { DeliveryLog, DeliveryLogEntry } from "./types.js";

/** Entries waiting beyond this are dropped (oldest first) and reported: a dead log cannot grow memory. */
const MAX_WAITING = 10_000;

/** How long entries gather before a write. */
const GATHER_MS = 20;

/**
 * Writes delivery-log entries in batches (gathered for a moment), each under the log's deadline; a failed write is
 * reported, never thrown, and never holds up a delivery.
 */
export interface LogWriter {
  /** Queues an entry; never throws, never waits. */
  add(entry: DeliveryLogEntry): void;
  /** Resolves once everything queued so far was written or reported failed. */
  flush(): Promise<void>;
}

/** Creates the writer of `log`, each batch bounded by `timeoutMs`. */
export function createLogWriter(log: DeliveryLog, observer: Observer, timeoutMs: number): LogWriter {
  let waiting: DeliveryLogEntry[] = [];
  let running: Promise<void> | undefined;

  const report = (error: unknown, entries: readonly DeliveryLogEntry[]): void => {
    const storeError = error instanceof StoreError ? error : new StoreError("deliveryLog", "append failed", { cause: error });
    const ids = [...new Set(entries.map((e) => e.webhookId))];
    const webhooks = ids.map((id) => ({ id, name: "", url: "" }));
    observer.log("error", "deliveryLog.append failed", { webhooks: ids, entries: entries.length, error: redact(storeError.message) });
    observer.hook("onStoreError", { operation: "appendDeliveries", webhooks, error: storeError });
  };

  const writeBatch = (batch: DeliveryLogEntry[]): Promise<void> =>
    withinDeadline(() => log.append(batch), timeoutMs, () => new StoreError("deliveryLog", `append did not answer within ${timeoutMs} ms`)).then(
      () => undefined,
      (error: unknown) => {
        report(error, batch);
      },
    );

  const drain = async (): Promise<void> => {
    // A moment first (nobody waits for the log), so deliveries settling about together share one write: a fan-out's
    // answers arrive a few at a time, each batch would otherwise hold one entry.
    await new Promise<void>((resolve) => setTimeout(resolve, GATHER_MS));
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      await writeBatch(batch);
    }
    running = undefined;
  };

  return {
    add(entry) {
      waiting.push(entry);
      if (waiting.length > MAX_WAITING) report(new StoreError("deliveryLog", "too many entries waiting; the oldest were dropped"), waiting.splice(0, waiting.length - MAX_WAITING));
      running ??= drain();
    },
    async flush() {
      while (running) await running;
    },
  };
}

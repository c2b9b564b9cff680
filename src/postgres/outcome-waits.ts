/**
 * The outcome waits of `postgresQueue()`: callers awaiting a delivery's outcome, resolved once its row says every job
 * settled (or `LOST` when the row is gone). A `d:<delivery>` notification, a new wait and a slow poll each ask for a
 * check; the checks asked for in one turn of the event loop are one query. The rows themselves are in outcomes.ts.
 */
import type { Pool } from "pg";
import type { CompletedDelivery, DeliveryOutcome, SettledEmbeds } from "../delivery/state.js";
import { fromRow, lost, settleParts, type OutcomeRow } from "./outcomes.js";
import type { Tables } from "./schema.js";

/** Outcome waiters re-check their row this often, in case a notification was missed. */
export const OUTCOME_POLL_MS = 2000;
/** Deliveries whose outcome one query reads at most. */
const CHECK_BATCH = 500;

const QUEUED: DeliveryOutcome = { status: "queued", messageIds: [], attempts: 0 };

/** The outcome book of one queue, as this process sees it. */
export interface OutcomeWaits {
  /** Records settled parts through `write` (retried through a blip); gives the deliveries this call completed. */
  settle(parts: readonly SettledEmbeds[]): Promise<CompletedDelivery[]>;
  /** Resolves with the delivery's outcome once its row says it settled; `failed`, code `LOST`, when the row is gone. */
  wait(deliveryId: string): Promise<DeliveryOutcome>;
  /** Checks the delivery's row soon, if a caller waits for it. */
  check: (deliveryId: string) => void;
  /** A delivery settled: its waiters get `outcome` (the row's JSON) when the notification carried it, else a check. */
  settled: (deliveryId: string, outcome: string | undefined) => void;
  /** Checks the row of every wait. */
  checkAll(): void;
  /** Stops the poll, lets the settles in flight end, then resolves every wait still open as `queued`. */
  close(): Promise<void>;
}

/** The waits over the queue's tables `t`; `write` is the queue's retried write. */
export function outcomeWaits(pool: Pool, t: Tables, write: <T>(what: string, fn: () => Promise<T>) => Promise<T>): OutcomeWaits {
  const waiters = new Map<string, Array<(o: DeliveryOutcome) => void>>();
  const settling = new Set<Promise<unknown>>();
  const resolveWaiters = (id: string, outcome: DeliveryOutcome): void => {
    const list = waiters.get(id);
    waiters.delete(id);
    for (const resolve of list ?? []) resolve(outcome);
  };
  // Checks asked for in one turn of the event loop (notifications, new waiters, the poll) are one query.
  const toCheck = new Set<string>();
  const checkNow = async (): Promise<void> => {
    const ids = [...toCheck].filter((id) => waiters.has(id));
    toCheck.clear();
    for (let i = 0; i < ids.length; i += CHECK_BATCH) {
      const batch = ids.slice(i, i + CHECK_BATCH);
      try {
        const { rows } = await pool.query<{ delivery_id: string; remaining: number; outcome: OutcomeRow }>(
          `SELECT delivery_id, remaining, outcome FROM ${t.deliveries} WHERE delivery_id = ANY($1::text[])`,
          [batch],
        );
        const found = new Map(rows.map((r) => [r.delivery_id, r]));
        for (const id of batch) {
          const row = found.get(id);
          if (!row) resolveWaiters(id, lost());
          else if (row.remaining <= 0) resolveWaiters(id, fromRow(row.outcome));
        }
      } catch {
        // The database is away: the poll checks again.
      }
    }
  };
  const check = (id: string): void => {
    if (!waiters.has(id)) return;
    if (toCheck.size === 0) setImmediate(() => void checkNow());
    toCheck.add(id);
  };
  const checkAll = (): void => {
    for (const id of waiters.keys()) check(id);
  };
  const outcomePoll = setInterval(checkAll, OUTCOME_POLL_MS);
  outcomePoll.unref();

  return {
    settle(parts) {
      const done = write("settle", () => settleParts(pool, t, parts));
      settling.add(done);
      const forget = (): void => {
        settling.delete(done);
      };
      void done.then(forget, forget);
      return done;
    },
    wait(deliveryId) {
      return new Promise<DeliveryOutcome>((resolve) => {
        const list = waiters.get(deliveryId) ?? [];
        list.push(resolve);
        waiters.set(deliveryId, list);
        check(deliveryId);
      });
    },
    check,
    settled(deliveryId, outcome) {
      if (!waiters.has(deliveryId)) return;
      if (outcome === undefined) {
        check(deliveryId);
        return;
      }
      try {
        resolveWaiters(deliveryId, fromRow(JSON.parse(outcome) as OutcomeRow));
      } catch {
        check(deliveryId);
      }
    },
    checkAll,
    async close() {
      clearInterval(outcomePoll);
      await Promise.allSettled([...settling]);
      for (const id of [...waiters.keys()]) resolveWaiters(id, QUEUED);
    },
  };
}

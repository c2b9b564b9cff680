/**
 * The outcome part of the in-process delivery state (memory-state.ts): each open delivery's parts merged as they
 * settle (outcome-merge.ts, the rule every implementation shares), and a promise that resolves with the outcome.
 */
import { emptyOutcome, mergePart, type MergedOutcome } from "./outcome-merge.js";
import type { CompletedDelivery, DeliveryOutcome, SettledEmbeds } from "./state.js";

interface OpenDelivery {
  remaining: number;
  /** Jobs settled so far, kept only for deliveries of several jobs (one job settles at most once by `remaining`). */
  settled: Set<string> | undefined;
  outcome: MergedOutcome<NonNullable<DeliveryOutcome["error"]>>;
  promise: Promise<DeliveryOutcome>;
  resolve: (outcome: DeliveryOutcome) => void;
  /** `outcome()` was called: forget the entry once settled. */
  taken: boolean;
}

/** The open deliveries of one process. */
export interface MemoryOutcomes {
  /** Opens delivery `deliveryId` of `count` jobs. */
  open(deliveryId: string, count: number): void;
  /** Merges each part into its delivery; the deliveries these parts completed, with their outcomes. */
  settle(parts: readonly SettledEmbeds[]): CompletedDelivery[];
  /** Resolves with the delivery's outcome once every job settled; rejects for a delivery never opened here. */
  outcome(deliveryId: string): Promise<DeliveryOutcome>;
  /** Deliveries held (open, or settled and not yet asked for). */
  size(): number;
}

/** No delivery open yet. */
export function memoryOutcomes(): MemoryOutcomes {
  const deliveries = new Map<string, OpenDelivery>();

  /** Records one part; gives the outcome when it was the delivery's last. */
  const settlePart = (part: SettledEmbeds): DeliveryOutcome | undefined => {
    const d = deliveries.get(part.deliveryId);
    if (!d || d.remaining <= 0) return undefined;
    const fresh = d.settled ? part.jobIds.filter((id) => !d.settled?.has(id)) : part.jobIds.slice(0, 1);
    if (fresh.length === 0) return undefined;
    for (const id of fresh) d.settled?.add(id);
    d.remaining -= fresh.length;
    const o = d.outcome;
    mergePart(o, part, (error) => error);
    if (d.remaining > 0) return undefined;
    d.resolve(o);
    if (d.taken) deliveries.delete(part.deliveryId);
    return o;
  };

  return {
    open(deliveryId, count) {
      let resolve: (o: DeliveryOutcome) => void = () => undefined;
      const promise = new Promise<DeliveryOutcome>((r) => (resolve = r));
      deliveries.set(deliveryId, { remaining: count, settled: count > 1 ? new Set() : undefined, outcome: emptyOutcome(), promise, resolve, taken: false });
    },
    settle(parts) {
      const completed: CompletedDelivery[] = [];
      for (const part of parts) {
        const outcome = settlePart(part);
        if (outcome) completed.push({ deliveryId: part.deliveryId, outcome });
      }
      return completed;
    },
    outcome(deliveryId) {
      const d = deliveries.get(deliveryId);
      if (!d) return Promise.reject(new Error(`[discord-webhook-dispatcher] unknown delivery ${deliveryId}`));
      d.taken = true;
      if (d.remaining <= 0) deliveries.delete(deliveryId);
      return d.promise;
    },
    size: () => deliveries.size,
  };
}

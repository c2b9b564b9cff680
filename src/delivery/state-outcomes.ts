/**
 * The outcome part of the delivery state port (src/delivery/state.ts): how some embeds of a delivery ended, how a
 * whole delivery ended, and the outcome book that records them and hands them to the caller.
 */
import type { DispatcherError } from "../errors.js";

/** How some embeds of one delivery ended. */
export interface SettledEmbeds {
  deliveryId: string;
  /** Jobs settled by this part (each job is settled exactly once). */
  jobIds: readonly string[];
  status: "delivered" | "failed";
  /** Discord's message id when delivered. */
  messageId?: string | undefined;
  /** Most requests that carried any of these embeds. */
  attempts: number;
  /** HTTP status of the last answer, when one arrived. */
  lastStatus?: number | undefined;
  error?: DispatcherError | undefined;
}

/** A delivery whose last job a `settle` call settled, with how it ended. */
export interface CompletedDelivery {
  deliveryId: string;
  outcome: DeliveryOutcome;
}

/**
 * How a whole delivery ended: every one of its embeds settled. `failed` when any part failed. `queued`: a durable
 * state closed while the delivery waited; it stays queued for the other processes.
 */
export interface DeliveryOutcome {
  status: "delivered" | "failed" | "queued";
  messageIds: string[];
  attempts: number;
  lastStatus?: number;
  /** The first failure's error. */
  error?: DispatcherError;
}

/**
 * The outcome port: how deliveries ended, recorded by whichever runner sent them and awaited by the caller.
 * `settle` MUST record each job once and give the deliveries whose last job it settled: each delivery is given by
 * exactly one `settle` call across every process sharing the state (the caller logs it). `outcome` MUST resolve once the delivery's every job is settled, also when that
 * happened before the call or in another process. Parts merge as one rule: `failed` when any part failed (the first
 * failure's error), message ids in settling order without repeats, the most attempts of any part, the last status.
 */
export interface OutcomeBook {
  /** Records settled embeds of deliveries; gives the deliveries this call completed. */
  settle(parts: readonly SettledEmbeds[]): Promise<CompletedDelivery[]>;
  /** Resolves with the outcome of a pushed delivery once all its jobs are settled. */
  outcome(deliveryId: string): Promise<DeliveryOutcome>;
}

/**
 * Types of the manager's delivery log methods: reading a webhook's log and re-sending what it holds.
 */
import type { DeliveryLog, DeliveryLogEntry, DeliveryStatus } from "../delivery-log/types.js";

/** What the dispatcher's `test` / `verify` answers; structural, so any dispatcher-like object fits. */
export interface TesterResult {
  ok: boolean;
  /** Discord's HTTP status, when an answer arrived. */
  status?: number | undefined;
  /** Why it failed: an error, `{ code, message }`, or a string. Tokens are masked again before it leaves. */
  error?: unknown;
}

/** What the manager needs from a dispatcher for the delivery log (`createDispatcher()`'s result has both). */
export interface DeliveryLogTester {
  /** Where the dispatcher logs deliveries. */
  readonly deliveryLog?: DeliveryLog;
  /** Sends a logged body again to one webhook (see `Dispatcher.resendBody`). */
  resendBody?(webhookId: string, body: string, options?: { resendOf?: string; family?: string }): Promise<TesterResult & { entryId?: string | null; messageIds?: string[] }>;
}

/** Narrowing of `manager.deliveries`; values may come straight from a query string. */
export interface DeliveriesQuery {
  status?: DeliveryStatus;
  /** Entries older than this entry id (the last id of the previous page) or time. */
  before?: string | Date;
  /** Most entries. Default 50, at most 500. */
  limit?: number;
}

/** One entry as the manager shows it (token-free; see `DeliveryLogEntry`). */
export type PublicDelivery = DeliveryLogEntry;

/** How one resend went. Token-free. */
export interface ResendOutcome {
  ok: boolean;
  /** The entry that was re-sent. */
  resendOf: string;
  /** The new entry (it points at `resendOf`); `null` when nothing was logged. */
  entryId: string | null;
  /** Discord's HTTP status, when an answer arrived. */
  status: number | null;
  messageIds: string[];
  error: { code: string; message: string } | null;
}

/** Options of `manager.resendFailed`. */
export interface ResendFailedOptions {
  /** Only entries logged at or after this time (a `Date` or an ISO string). Default: the last 24 hours. */
  since?: Date | string;
}

/** What `manager.resendFailed` answers. */
export interface ResendFailedResult {
  /** One outcome per re-sent entry, oldest first. */
  resent: ResendOutcome[];
  /** Failed entries not tried: sending stopped when Discord refused the webhook again or the brake was on. */
  skipped: number;
}

/**
 * What the delivery engine tells the host while it works: the logger it writes to and the observability hooks with
 * their events (delivered, retried, rate-limited, disabled, failed, store errors, possible duplicates).
 */
import type { DispatcherError, StoreError } from "../errors.js";

/** Token-free metadata passed to the logger and hooks. */
export type LogMeta = Readonly<Record<string, unknown>>;

/** A logger; every method is optional. Messages and metadata never contain a token. */
export interface Logger {
  debug?: (message: string, meta?: LogMeta) => void;
  info?: (message: string, meta?: LogMeta) => void;
  warn?: (message: string, meta?: LogMeta) => void;
  error?: (message: string, meta?: LogMeta) => void;
}

/** The webhook a hook event is about; `url` and `name` have every token masked. */
export interface HookWebhook {
  id: string;
  name: string;
  url: string;
}

/** A message reached Discord. */
export interface DeliveredEvent {
  webhook: HookWebhook;
  messageId: string | undefined;
  /** Embeds in the message (after coalescing). */
  embeds: number;
  /** Deliveries the message carried. */
  deliveries: number;
}

/** A transient failure will be retried after `delayMs`. */
export interface RetryEvent {
  webhook: HookWebhook;
  attempt: number;
  delayMs: number;
  error: DispatcherError;
}

/** Discord answered 429, or a learned budget made a lane wait. */
export interface RateLimitedEvent {
  webhook: HookWebhook;
  scope: "user" | "shared" | "global";
  retryAfterMs: number;
  bucket: string | undefined;
}

/** A webhook was disabled in the store (Discord said it is deleted or its token is invalid); sent only once the store accepted the write. */
export interface DisabledEvent {
  webhook: HookWebhook;
  reason: string;
  /**
   * A ready-made, token-free notice in plain words for the webhook's owner or the admins (what happened and what to
   * do). Set by `createDispatcher`.
   */
  notice?: { title: string; text: string };
}

/**
 * A store write after a send failed or passed its deadline (`storeTimeoutMs`). Delivery is not affected: what
 * Discord accepted is reported delivered. A failed `disableWebhook` keeps the webhook refused in this process until a
 * later write succeeds (it is retried on the webhook's next delivery).
 */
export interface StoreErrorEvent {
  /**
   * `appendDeliveries`: a delivery log write (`createDispatcher({ deliveryLog })`); its webhooks carry only `id`.
   * `readSilences`: the silences could not be read, so the event was sent without them.
   */
  operation: "markDelivered" | "disableWebhook" | "appendDeliveries" | "readSilences";
  /** The webhooks the write was about. */
  webhooks: HookWebhook[];
  error: StoreError;
}

/** A delivery failed for good. */
export interface FailedEvent {
  webhook: HookWebhook;
  error: DispatcherError;
}

/** Observability hooks. Thrown errors are caught and logged; hooks never break delivery. */
export interface DeliveryHooks {
  onDelivered?(event: DeliveredEvent): void;
  onRetry?(event: RetryEvent): void;
  onRateLimited?(event: RateLimitedEvent): void;
  onDisabled?(event: DisabledEvent): void;
  onFailed?(event: FailedEvent): void;
  onStoreError?(event: StoreErrorEvent): void;
  /**
   * Durable queue only: this process adopted the lane of a process that died (or lost its lease) while a message
   * may have been on the way; it is sent again and may appear twice in Discord.
   */
  onPossibleDuplicate?(event: PossibleDuplicateEvent): void;
}

/** A lane was adopted with a message possibly in flight (see `onPossibleDuplicate`). */
export interface PossibleDuplicateEvent {
  /** The webhook (store id) whose lane was adopted. */
  webhook: { id: string };
  /** Ids of the deliveries at the head of the lane, of which the dead process may have sent one message. */
  deliveryIds: readonly string[];
}

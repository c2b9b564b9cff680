/**
 * Types of the delivery engine: what goes into a lane, what comes out, and how it is tuned.
 */
import type { AllowedMentions, DiscordComponents, DiscordEmbed } from "../discord/schemas.js";
import type { DispatcherError, StoreError } from "../errors.js";
import type { DeliveryOutcome, LogTag } from "./state.js";

// ---------------------------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------------------------

/**
 * Message-level options of one delivery, in Discord's wire names. Queued embeds are packed together only when
 * these are identical, so two events never share a message with a different username, avatar, thread or content.
 */
export interface WireMessageOptions {
  username?: string;
  avatar_url?: string;
  /** Thread to post into; overrides a `thread_id` carried by the stored URL. */
  thread_id?: string;
  content?: string;
  allowed_mentions: AllowedMentions;
  /** SUPPRESS_NOTIFICATIONS (4096) for a silent message. */
  flags?: number;
  /** Name of a new forum / media post (then `thread_id` is not sent). */
  thread_name?: string;
  /** The forum's tag ids for a new post (at most 5). */
  applied_tags?: string[];
  /** Action rows of link buttons; sent with `?with_components=true`. */
  components?: DiscordComponents;
  /**
   * Files of the message (read once when the call was made; data in base64, so jobs stay plain JSON). Only the
   * delivery's first job carries them: a delivery split over two messages attaches them to the first.
   */
  files?: WireFile[];
}

/** A file as a queued job keeps it. */
export interface WireFile {
  name: string;
  contentType: string;
  description?: string;
  /** The bytes in base64. */
  data: string;
}

/** Flags that change how a delivery is sent. */
export interface DeliveryFlags {
  /** Send this delivery's embeds in their own message, never packed with other deliveries (used by `test()`). */
  solo?: boolean;
  /** `false`: resolve as soon as the delivery is queued (status `queued`), not when it settled. */
  wait?: boolean;
  /** It fires or resolves a problem: queued ahead of routine deliveries waiting in the lane (see `QueuedEmbed.urgent`). */
  urgent?: boolean;
  /** The incident key it belongs to: an urgent delivery never overtakes one of its own problem. */
  problem?: string;
  /** The call's idempotency key, handed to the state's `push` (a durable state queues a key once per lane). */
  idempotencyKey?: string | undefined;
  /** The event family for instrumentation (`serverStateChange`, ...). Default: the webhook's type. */
  event?: string;
  /** Tags the delivery for the delivery log: whichever process settles it hands it to its `onSettled`. */
  log?: LogTag;
}

/**
 * A tagged delivery that settled in this process (its last job, or a refusal before it was queued), for the
 * delivery log. `embeds` are those of its last part (all of them unless Discord got it in several messages).
 */
export interface SettledDelivery {
  tag: LogTag;
  webhookId: string;
  embeds: DiscordEmbed[];
  message: WireMessageOptions;
  outcome: DeliveryOutcome;
}

// ---------------------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------------------

/** How one delivery (all embeds of one event for one webhook) ended. */
export interface DeliveryReport {
  webhook: { id: string; name: string };
  /** `queued`: resolved with `{ wait: false }`, or a durable dispatcher closed while it waited; it will be sent. */
  status: "delivered" | "failed" | "queued";
  /** Ids of the Discord messages that carry this delivery's embeds (several deliveries may share one message). */
  messageIds: string[];
  /** HTTP requests that carried this delivery, including retries. */
  attempts: number;
  /** HTTP status of the last answer, when one arrived. */
  lastStatus?: number;
  /** Why it failed (token-free). */
  error?: DispatcherError;
}

// ---------------------------------------------------------------------------------------------------------------
// Tuning
// ---------------------------------------------------------------------------------------------------------------

/** Retries of transient failures (5xx, network errors, timeouts): exponential backoff with full jitter. */
export interface RetryOptions {
  /** Most HTTP attempts per embed for transient failures, first one included. Default 5. */
  attempts?: number;
  /** Backoff base: attempt n waits `random() * min(maxDelayMs, baseDelayMs * 2^(n-1))`. Default 500 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff delay. Default 30 000 ms. */
  maxDelayMs?: number;
  /** Source of jitter in [0, 1). Default `Math.random`; inject one for deterministic tests. */
  random?: () => number;
}

/**
 * Rate-limit and memory bounds. Discord's own limits are learned from response headers; these are the
 * process-side budgets that cover what headers do not say (per-IP global limit, hidden per-channel limit).
 * Windows are configurable so tests can run against a time-scaled fake.
 */
export interface RateLimitOptions {
  /** Requests per `globalWindowMs` for the whole process (Discord's per-IP global limit). Default 50; 0 = no limit. */
  globalLimit?: number;
  /** Default 1000 ms. */
  globalWindowMs?: number;
  /**
   * Messages per `channelWindowMs` per Discord channel (Discord's hidden limit, observed 30 per 60 s). Default:
   * not assumed. The first 429 with scope `shared` on a channel holds every lane of that channel for its
   * `retry_after` and teaches the limit (what got through in the window), so later windows stay under it. Set 30
   * to avoid even that first 429 (but then tests with `captureTransport`, whose webhooks share one channel, wait
   * after 30 messages).
   */
  channelLimit?: number;
  /** Window of the per-channel limit. Default 60 000 ms. */
  channelWindowMs?: number;
  /** Extra wait after a learned reset, to absorb clock and network jitter. Default 50 ms. */
  marginMs?: number;
  /** Most 429 answers one embed may get before it fails with `RateLimitError`. Default 10. */
  max429Retries?: number;
  /**
   * Most embeds queued per webhook. A delivery that does not fit is refused whole (newest first, the queue is
   * untouched) and reported as failed with `DeliveryRefusedError` code `QUEUE_OVERFLOW`. Default 1000.
   */
  maxQueuePerLane?: number;
  /**
   * First wait before a Discord webhook id that answered 401 or 404 (Unknown Webhook) is called again, through any
   * record that points at it; each further such answer doubles it, up to 10 minutes. Meanwhile its deliveries, tests
   * and verifies fail with `InvalidRequestBrakeError` (`reason: "webhook"`) without a request. Per process. Default
   * 30 000; 0 turns it off.
   */
  invalidWebhookBackoffMs?: number;
  /**
   * Invalid answers from Discord in the last 10 minutes (`stats().invalidRequests`; shared by every process of a
   * Redis queue) from which requests are spaced out: at most one per `600 000 / (invalidRequestRefuseAt -
   * invalidRequestSlowAt)` ms per process (200 ms with the defaults). Default 5000; `Infinity` never.
   */
  invalidRequestSlowAt?: number;
  /**
   * Invalid answers in the last 10 minutes from which every request is refused with `InvalidRequestBrakeError`
   * (`reason: "threshold"`) until the count falls again; Discord bans the IP at 10,000. Default 8000; `Infinity` never.
   */
  invalidRequestRefuseAt?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Observability
// ---------------------------------------------------------------------------------------------------------------

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


// ---------------------------------------------------------------------------------------------------------------
// Stats
// ---------------------------------------------------------------------------------------------------------------

/** What `dispatcher.stats()` answers. Counters since the dispatcher was created, unless stated. */
export interface DispatcherStats {
  /**
   * Invalid answers from Discord (401, 403, and 429 other than scope `shared`) in the last 10 minutes. Discord bans
   * the IP for a while at 10,000; a warning is logged at 5,000. Shared by every process that shares the queue.
   */
  invalidRequests: number;
  /** Requests sent to Discord (POST and GET). */
  requests: number;
  /** 429 answers. */
  rateLimited: number;
  /** Messages Discord accepted. */
  messagesDelivered: number;
  /** Deliveries that failed for good (refusals included). */
  deliveriesFailed: number;
  /** Deliveries queued or in flight now. */
  openDeliveries: number;
  /** Store writes that failed or passed their deadline. */
  storeErrors: number;
  /** Store writes queued or in flight now. */
  pendingStoreWrites: number;
  /**
   * Entries this process holds in memory for webhooks now (lanes, cached store records, rate-limit buckets and
   * windows, open deliveries). It follows the webhooks in use, not every webhook ever seen: an idle webhook's
   * entries are dropped once its bucket reset, its record's few seconds of cache and its channel window passed.
   */
  tracked: number;
}

/**
 * Types of the delivery engine: how a delivery is asked for, what comes out, and the dispatcher's stats. The message
 * options a queued job carries are in `state-queue.ts`, the logger and the hooks in `hooks.ts`, the tuning in
 * `tuning.ts`.
 */
import type { DiscordEmbed } from "../discord/schemas.js";
import type { DispatcherError } from "../errors.js";
import type { DeliveryOutcome } from "./state-outcomes.js";
import type { LogTag, WireMessageOptions } from "./state-queue.js";

// ---------------------------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------------------------

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

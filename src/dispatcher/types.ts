/**
 * Public types of the dispatcher: its options, the routing options of each call, and what calls resolve with.
 */
import type { Instrumentation } from "../delivery/instrumentation.js";
import type { OutboxTransaction } from "../delivery/outbox.js";
import type { FileInput } from "./files.js";
import type { DeliveryState } from "../delivery/state.js";
import type { IncidentEvent, IncidentReport } from "../incidents/desk-types.js";
import type { IncidentCallOptions, IncidentOptions, Silence, SilenceInput } from "../incidents/types.js";
import type { DispatcherStats } from "../delivery/types.js";
import type { DeliveryHooks, Logger } from "../delivery/hooks.js";
import type { RateLimitOptions, RetryOptions } from "../delivery/tuning.js";
import type { AllowedMentionsInput, DiscordEmbed } from "../discord/schemas.js";
import type { Branding } from "../embeds/shared.js";
import type { EventInputs, EventName } from "../embeds/events.js";
import type { DeliveryLog } from "../delivery-log/types.js";
import type { DispatcherError } from "../errors.js";
import type { DeleteMessageOptions, DeleteMessageResult, EditMessageOptions, EditMessageResult, LinkButton } from "./edit-types.js";
export type { LinkButton } from "./edit-types.js";
import type { Transport, WebhookScope, WebhookStore, WebhookType } from "../types.js";

/**
 * Options of `createDispatcher`. Every one is checked at creation: a wrong type or an out-of-range number is a
 * `ConfigError` naming it. Durations are milliseconds from 1 (0 where stated) to 2147483647.
 */
export interface DispatcherOptions {
  /** Where webhooks live (an adapter: memory, Prisma, Drizzle, your own). */
  store: WebhookStore;
  /** Default `fetchTransport()`. */
  transport?: Transport;
  /** Footer, footer icon, username and avatar of every message. */
  branding?: Branding;
  /** Receives token-free log lines. Default: silent. */
  logger?: Logger;
  /** Retries of 5xx, network errors and timeouts. */
  retry?: RetryOptions;
  /** Deadline of one HTTP attempt in ms (the only timer on a request). Default 15 000. */
  timeoutMs?: number;
  /**
   * Deadline in ms of each store call the engine makes after a send (`markDelivered`, `disableWebhook`, the record
   * read before a send). A call that fails or passes it is reported (`logger.error`, `hooks.onStoreError`); delivery
   * goes on. Default 5 000.
   */
  storeTimeoutMs?: number;
  /** Default `allowed_mentions` of every message. Default `{ parse: [] }`: nothing pings. */
  mentions?: AllowedMentionsInput;
  /**
   * The wall clock: embed timestamps, `markDelivered`, the delivery log, incidents and silences. Default
   * `() => new Date()`. Every injected clock of the package is called `now`.
   */
  now?: () => Date;
  /** @deprecated The former name of {@link DispatcherOptions.now}; still read when `now` is not given. */
  clock?: () => Date;
  /** Observability hooks (URLs and names in them are token-free). */
  hooks?: DispatcherHooks;
  /** Process-side budgets and the per-webhook queue cap. */
  rateLimit?: RateLimitOptions;
  /**
   * The delivery state behind the lanes (queue, leases, rate limits, outcomes). Default: in-process (`memoryQueue()`).
   * `redisQueue()` from `discord-webhook-dispatcher/redis` shares it between processes.
   */
  queue?: DeliveryState;
  /**
   * `false`: this dispatcher only enqueues (web tier, serverless); other processes with the same durable `queue`
   * send. Needs a durable queue. Default `true`.
   */
  worker?: boolean;
  /**
   * Where each settled delivery is logged (one entry per webhook per event, test or resend; token-free). Default
   * `memoryDeliveryLog()`: the last 100 per webhook, in this process. Writes are batched off the lanes under
   * `storeTimeoutMs`; a failing log is reported (`hooks.onStoreError`, operation `appendDeliveries`) and never
   * slows or fails a delivery. Each delivery is logged once, by the process that settles it (with a durable queue,
   * the worker that sent it: give every process the same shared log), also when its call resolved `queued`.
   */
  deliveryLog?: DeliveryLog;
  /**
   * Traces and metrics: `openTelemetry()` from `discord-webhook-dispatcher/otel`, or your own implementation of the
   * port. Default: none.
   */
  instrumentation?: Instrumentation;
  /**
   * One living message per problem instead of one per event: repeats edit it, a resolve turns it green, a problem
   * still open after `repeatIntervalMs` is posted again. Events find their problem by the key their family derives
   * (README, builder table) or the call's `incident` option. Its state lives beside the queue: in process by
   * default, in Redis with `redisQueue()`. Default: off (every event posts a message of its own).
   */
  incidents?: IncidentOptions;
}

/** {@link DeliveryHooks} plus the incident hook. Hooks never break delivery (what they throw is ignored). */
export interface DispatcherHooks extends DeliveryHooks {
  /** Every delivery of a problem (and every silenced one of a problem): what happened, the count, the message. */
  onIncident?(event: IncidentEvent): void;
}

/**
 * Message options of one call. Calls whose options are identical may share a Discord message. An unknown key is a
 * `ValidationError`.
 */
export interface MessageOptions {
  /** Name the message posts as (1-80, no "discord"/"clyde"). Default: `branding.username`. */
  username?: string;
  /** Avatar URL. Default: the webhook record's `avatarUrl`, else `branding.avatarUrl`. */
  avatarUrl?: string;
  /** Thread (snowflake) to post into. Default: the `thread_id` stored in the webhook URL, if any. */
  threadId?: string;
  /** Plain text above the embeds (≤ 2000 characters). */
  content?: string;
  /** `allowed_mentions` for this call, e.g. `{ parse: ["users"] }`. Default: the dispatcher's `mentions`, else none. */
  mentions?: AllowedMentionsInput;
  /** `true`: a silent message (flag SUPPRESS_NOTIFICATIONS): no push notification, no sound. */
  silent?: boolean;
  /**
   * A new post in a forum or media channel: `name` (1-100 characters) and the forum's tag ids (`tags`, at most 5
   * snowflakes, sent as `applied_tags`). Mutually exclusive with `threadId` (an existing thread).
   */
  thread?: { name: string; tags?: readonly string[] };
  /**
   * Link buttons under the message (at most 25, 5 rows of 5; `label` 1-80 characters, `url` http(s) ≤ 512), sent
   * with `?with_components=true`. Interactive buttons (a custom id) are refused with a `ValidationError`: they need
   * a webhook an application owns.
   */
  buttons?: readonly LinkButton[];
}


/** Routing and message options of an event call (the second argument). An unknown key is a `ValidationError`. */
export interface DispatchOptions extends MessageOptions {
  /**
   * The customer the event is about: their USER-scope webhooks receive it, and PUBLIC webhooks do not unless
   * `scopes` lists PUBLIC.
   */
  userId?: string | null;
  /**
   * Scopes to reach. ADMIN is always reached. Default: USER (with `userId`), plus PUBLIC for GAME_SERVER, VPS
   * and CUSTOM events without a `userId`. A customer's event (with `userId`), and any SYSTEM, BILLING, SECURITY or
   * SUPPORT event, reaches PUBLIC only when listed here, e.g. `{ userId, scopes: ["USER", "PUBLIC"] }`.
   */
  scopes?: readonly WebhookScope[];
  /**
   * `false`: resolve as soon as every delivery is queued (durably, with a durable queue), each with status
   * `queued`, instead of when they settled. Default `true`.
   */
  wait?: boolean;
  /**
   * Files attached to the message (at most 10, each at most 10 MiB; with a durable queue all together at most its
   * `maxFileBytes`, default 8 MiB), sent as multipart. Read once when the call is made (a stream is consumed then),
   * so every retry and every webhook sends the same bytes. Embeds may show an image file with `attachment://<name>`.
   * A message with files is never packed with other events' embeds. Bad files are a `ValidationError`.
   *
   * @example
   * ```ts
   * await dispatcher.serverStateChange({ serverName: "mc-1", state: "crashed" }, { files: [{ name: "crash.log", data: logText, contentType: "text/plain" }] });
   * ```
   */
  files?: readonly FileInput[];
  /**
   * The host's open database transaction (a `pg` client, a Prisma interactive-transaction client or a Drizzle
   * transaction) on the database of `postgresQueue()`: the event is written to the queue's outbox through it, so it
   * is sent exactly when that transaction commits and never when it rolls back. Routing happens when a worker relays
   * it (the webhooks enabled then). The call resolves once the row is written, with `outboxId` set and no deliveries
   * yet; `wait` must be `false` or absent (a send cannot be awaited before the commit). Without an outbox-capable
   * queue the call rejects with a `ConfigError`.
   *
   * @example
   * ```ts
   * await prisma.$transaction(async (tx) => {
   *   await tx.invoice.update({ where: { id }, data: { paidAt: new Date() } });
   *   await dispatcher.billingEvent({ event: "invoice_paid", invoiceId: id, amount: 19.99, currency: "EUR" }, { tx, wait: false });
   * });
   * ```
   */
  tx?: OutboxTransaction;
  /**
   * Makes retrying this call safe (1-200 characters, e.g. your event's id). With a durable queue (`redisQueue()`), a
   * call whose key was already queued for a webhook does not queue it again: it gets that first delivery's outcome
   * (`queued` with `wait: false`). Keys are kept per webhook as long as the first delivery's outcome is (`outcomeTtlMs`,
   * default 24 h). Retry a call that rejected with `ENQUEUE_UNCERTAIN` with the same key. The in-process queue,
   * whose pushes never fail halfway, ignores it.
   */
  idempotencyKey?: string;
  /**
   * The problem this event is about: `{ key?, status? }` overrides the key and status the event family derives
   * (`status`: `firing`, `resolved` or `update`); `false` posts this event plainly. Used with the dispatcher's
   * `incidents` option. A status without a key where the family has none is a `ValidationError`.
   */
  incident?: IncidentCallOptions | false;
}

/** A failed delivery in a {@link DispatchResult}. */
export interface DispatchError {
  webhook: { id: string; name: string };
  error: DispatcherError;
}

/** What an event call resolves with once every delivery has settled. Token-free. */
export interface DispatchResult {
  /**
   * `true` when no delivery failed. Also `true` when no webhook matched (`matched === 0`): nothing was addressed,
   * so nothing was lost.
   */
  success: boolean;
  /** Webhooks the event was routed to (one delivery each). */
  matched: number;
  /** Deliveries that reached Discord (status `delivered`; `queued` ones are neither sent nor failed yet). */
  sent: number;
  /** Deliveries that failed for good. */
  failed: number;
  errors: DispatchError[];
  /**
   * One report per webhook, in routing order. `action` says what happened in Discord (`posted`, `edited`,
   * `reposted`, `suppressed`, `silenced`); `status` `skipped` (silenced or suppressed) is neither sent nor failed.
   */
  deliveries: IncidentReport[];
  /**
   * Set when the event was written to the outbox inside the caller's transaction (`tx`): the entry's id. Its
   * deliveries are routed and reported (hooks, delivery log) once the transaction committed and a worker relayed it.
   */
  outboxId?: string;
}

/** What `test()` resolves with. Token-free. */
export interface TestResult {
  ok: boolean;
  webhook: { id: string; name: string };
  /** HTTP status of the last answer, when one arrived. */
  status?: number;
  messageId?: string;
  attempts: number;
  error?: DispatcherError;
}

/** What `verify()` resolves with. Never the token. */
export interface VerifyResult {
  ok: boolean;
  webhook: { id: string; name: string };
  status?: number;
  /** Discord's name of the webhook. */
  discordName?: string;
  channelId?: string;
  guildId?: string;
  /** Whether this call disabled the webhook (Discord said deleted or bad token). */
  disabled: boolean;
  error?: DispatcherError;
}

/** Options of `resendBody`. */
export interface ResendBodyOptions {
  /** The log entry being re-sent; the new entry points at it (`resendOf`). */
  resendOf?: string;
  /** The new entry's `family`. Default `"resend"`. */
  family?: string;
}

/** What `resendBody` resolves with. Token-free. */
export interface ResendResult {
  ok: boolean;
  webhook: { id: string; name: string };
  status?: number;
  messageIds: string[];
  attempts: number;
  /** The new log entry's id, chosen when the resend was queued (`null` only when it was refused before that). */
  entryId: string | null;
  error?: DispatcherError;
}

/** One method per event family: `(input, options?) => Promise<DispatchResult>`. */
export type EventMethods = {
  readonly [K in EventName]: (input: EventInputs[K], options?: DispatchOptions) => Promise<DispatchResult>;
};

/** The dispatcher. Event methods reject only with `ValidationError` (bad input) or `StoreError`. */
export interface Dispatcher extends EventMethods {
  /** Sends your own embed(s) (validated, at most 10) to the webhooks of `type`. */
  dispatch(type: WebhookType, embeds: DiscordEmbed | readonly DiscordEmbed[], options?: DispatchOptions): Promise<DispatchResult>;
  /**
   * Sends a test message to one webhook. On success the store records `testSuccessAt`; 404/401 disable it.
   * Rejects with `NotFoundError` (unknown id), `DeliveryRefusedError` (disabled in the store) or `StoreError`.
   * After `close()` it resolves with `ok: false` and a `DeliveryRefusedError` code `CLOSED`.
   */
  test(webhookId: string, options?: MessageOptions): Promise<TestResult>;
  /**
   * Reads the webhook from Discord without posting (works on a webhook disabled in the store, to check it before
   * re-enabling), through the same rate limits as every request. 404/401 disable it. Rejects with `NotFoundError`
   * or `StoreError`. After `close()` it resolves with `ok: false` and a `DeliveryRefusedError` code `CLOSED`.
   */
  verify(webhookId: string): Promise<VerifyResult>;
  /**
   * Sends a logged message body (a `DeliveryLogEntry`'s `body`: JSON of the wire options and embeds) again to
   * one webhook, in a message of its own, through the same lanes, limits and brake as every delivery, and logs it
   * as a new entry. The body is validated as a new call's options would be. Rejects with `NotFoundError`,
   * `DeliveryRefusedError` (`WEBHOOK_DISABLED`), `ValidationError` (a body that is not a whole message, e.g. cut
   * by the log's size bound) or `StoreError`. The manager's `resend` / `resendFailed` add access control and the
   * cooldown on top; prefer them.
   */
  resendBody(webhookId: string, body: string, options?: ResendBodyOptions): Promise<ResendResult>;
  /**
   * Edits a message the webhook `webhookId` (its store id) sent: `PATCH {webhook url}/messages/{messageId}`, through
   * the webhook's rate limits (the edit route's own bucket, shared by every process of a durable queue), with a
   * post's retries and 429 handling. Resolves with a {@link EditMessageResult}, also when Discord refuses
   * (`MESSAGE_GONE` for a deleted message, never disabling the webhook; `EDIT_LIMITED` for 429 code 30046). Rejects
   * only with `ValidationError` (bad id or options; nothing is sent), `NotFoundError` (unknown webhook id) or
   * `StoreError`.
   * @example
   * ```ts
   * const sent = await dispatcher.dispatch("CUSTOM", { title: "Backup running" });
   * const id = sent.deliveries[0]?.messageIds[0];
   * if (id) await dispatcher.editMessage(sent.deliveries[0].webhook.id, id, { embeds: [{ title: "Backup done" }] });
   * ```
   */
  editMessage(webhookId: string, messageId: string, options: EditMessageOptions): Promise<EditMessageResult>;
  /**
   * Deletes a message the webhook `webhookId` sent (`DELETE {webhook url}/messages/{messageId}`), as `editMessage`
   * edits one: same limits, retries, results and rejections. A message already gone resolves `MESSAGE_GONE`.
   */
  deleteMessage(webhookId: string, messageId: string, options?: DeleteMessageOptions): Promise<DeleteMessageResult>;
  /** Where deliveries are logged (the `deliveryLog` option, else the in-memory default). */
  readonly deliveryLog: DeliveryLog;
  /**
   * Drops anything this process remembers about the webhook (its cached record, a disable the store has not
   * accepted yet), so the next event reads it from the store again. The webhook manager calls it after every
   * create, update and delete.
   */
  forgetWebhook(webhookId: string): void;
  /** Counters of this dispatcher, e.g. Discord's invalid answers in the last 10 minutes (bans start at 10,000). */
  stats(): Promise<DispatcherStats>;
  /** Resolves when everything queued so far has settled. */
  flush(): Promise<void>;
  /**
   * Refuses new work, waits up to `timeoutMs` (default 10 000) for queued work, then fails what was not sent with
   * `CLOSED`. What Discord confirmed is always reported delivered. Afterwards event methods, `test()` and `verify()`
   * resolve with `CLOSED` failures (never reject for being closed). With a durable queue, nothing queued is failed:
   * the request in flight finishes, the lanes go back to the other processes, and calls still waiting here resolve
   * with status `queued`. `timeoutMs` is a number of ms from 0 to 2147483647, or `Infinity` to wait for everything
   * however long it takes; anything else (`NaN`, negative) rejects with a `ConfigError`.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
  /**
   * Stops sending deliveries that match for `forMs`: by problem `key`, webhook `type`, `userId` or `webhookId`
   * (exactly one). Matching deliveries are reported with status `skipped` and action `silenced`, never as failures.
   * Shared by every process of a durable queue; ends on its own. Rejects with `ValidationError` on bad input and
   * `StoreError` when the state fails.
   */
  silence(input: SilenceInput): Promise<Silence>;
  /** Ends a silence early; resolves `true` when it was still on. */
  unsilence(id: string): Promise<boolean>;
  /** The silences still on, oldest first. */
  listSilences(): Promise<Silence[]>;
  /** The store given to `createDispatcher`. */
  readonly store: WebhookStore;
}

/**
 * The delivery log port: one entry per delivery (an event for one webhook, a test, a resend), kept per webhook with
 * bounded retention, so a settings panel can answer "did my webhook fire, and why not?" and replay what failed.
 */

/** How a delivery ended. `silenced` and `suppressed` are reserved for incident handling (not written yet). */
export const DELIVERY_STATUSES = ["delivered", "failed", "silenced", "suppressed"] as const;
/** How a delivery ended. */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Default of `maxPerWebhook`: entries kept per webhook. */
export const DEFAULT_LOG_PER_WEBHOOK = 100;
/** Default of `maxBodyBytes`: the logged message body is cut (and flagged) past this many UTF-8 bytes. */
export const DEFAULT_LOG_BODY_BYTES = 16 * 1024;

/**
 * One delivery as logged. Token-free: `body` went through the package's redaction (every webhook URL's token and
 * the webhook's own token are masked) before it was written.
 */
export interface DeliveryLogEntry {
  /** Sortable id: later entries have greater ids (time first, then a counter), so it doubles as a page cursor. */
  id: string;
  /** The webhook's store id. */
  webhookId: string;
  /** What sent it: the event method (`serverStateChange`, ...), `dispatch` (custom embeds), `test` or `resend`. */
  family: string;
  /** The webhook type the delivery was routed by (`GAME_SERVER`, ...). */
  type: string;
  /** Incident key, when the event belongs to an incident. */
  incidentKey: string | null;
  /** Incident action (`open`, `update`, `resolve`, ...), when there is one. */
  incidentAction: string | null;
  status: DeliveryStatus;
  /** HTTP requests that carried it, retries included (0: refused before sending). */
  attempts: number;
  /** HTTP status of Discord's last answer, when one arrived. */
  httpStatus: number | null;
  /** Discord's JSON error code (e.g. 10015 Unknown Webhook), when it gave one. */
  discordCode: number | null;
  /** This package's error code (`WEBHOOK_DISABLED`, `TIMEOUT`, ...), when it failed. */
  errorCode: string | null;
  /** A plain, token-free sentence saying why it failed, when it did. */
  errorMessage: string | null;
  /** Milliseconds from queueing to settling. */
  latencyMs: number | null;
  /** Ids of the Discord messages that carry it. */
  messageIds: string[];
  /** The message body as sent, as JSON text (redacted), cut to the log's byte bound. */
  body: string;
  /** `true` when `body` was cut: it can be read but not resent. */
  bodyTruncated: boolean;
  /** The entry this one re-sent (`manager.resend`, `resendFailed`), else `null`. */
  resendOf: string | null;
  createdAt: Date;
}

/** Narrowing of {@link DeliveryLog.list}. Newest first. */
export interface DeliveryLogQuery {
  status?: DeliveryStatus;
  /** Only entries older than this: an entry id (the last one of the previous page), or a time. */
  before?: string | Date;
  /** Only entries at or after this time. */
  since?: Date;
  /** Most entries returned. Default 50; at most 500. */
  limit?: number;
}

/**
 * Where deliveries are logged. Implementations: `memoryDeliveryLog()` (the default), `drizzleDeliveryLog(db)`,
 * `prismaDeliveryLog(prisma)`, `redisDeliveryLog({ connection })`. `runDeliveryLogConformance` from
 * `discord-webhook-dispatcher/testing` proves one.
 *
 * Contract:
 * - Every method MUST reject only with a `StoreError` whose `cause` is the driver's error, or a `ValidationError`
 *   for a bad query.
 * - `append` MUST write every entry as given (ids are assigned by the caller) and MUST keep at most `maxPerWebhook`
 *   entries per webhook (the newest) and none older than `maxAgeMs` when set; pruning MAY lag by one `append`.
 * - `list` MUST answer newest first (greatest id first), honour every filter, and never return another webhook's
 *   entries. `get` MUST answer `null` for an unknown id, never throw.
 * - Nothing written MAY hold a webhook token: the dispatcher redacts bodies and messages before `append`.
 */
export interface DeliveryLog {
  /** Writes a batch of entries (of any webhooks) and prunes those webhooks to the retention. */
  append(entries: readonly DeliveryLogEntry[]): Promise<void>;
  /** One webhook's entries, newest first. */
  list(webhookId: string, query?: DeliveryLogQuery): Promise<DeliveryLogEntry[]>;
  /** One entry by id, or `null`. */
  get(id: string): Promise<DeliveryLogEntry | null>;
  /** Releases connections this log opened itself (Redis); a no-op elsewhere. */
  close?(): Promise<void>;
}

/** Retention options every implementation takes. */
export interface DeliveryLogRetention {
  /** Entries kept per webhook (the newest). Default 100. */
  maxPerWebhook?: number;
  /** Entries older than this many milliseconds are dropped. Default: kept until pushed out by count. */
  maxAgeMs?: number;
}

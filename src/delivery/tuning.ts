/**
 * How the delivery engine is tuned: retries of transient failures, and the rate-limit and memory bounds
 * (`createDispatcher({ retry, rateLimit })`).
 */

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
  /**
   * Extra wait after a learned reset or a 429's `retry_after`, to absorb clock and network jitter. Default 50 ms.
   * Not added to the per-IP and per-channel windows: their entries are stamped when the answer arrived, after
   * Discord counted the request, so a window that has room by that stamp has room at Discord too.
   */
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

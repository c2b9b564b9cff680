/**
 * Every error this package throws or reports is a {@link DispatcherError}: it has a stable `code`, a message that
 * starts with `[discord-webhook-dispatcher]`, keeps the underlying error as `cause`, and never contains a webhook token.
 */

import { redact } from "./discord/redact.js";

const PREFIX = "[discord-webhook-dispatcher]";

/** Stable machine-readable error codes. */
export type DispatcherErrorCode =
  | "VALIDATION"
  | "INVALID_WEBHOOK_URL"
  | "STORE"
  | "DUPLICATE_WEBHOOK"
  | "TRANSPORT"
  | "TIMEOUT"
  | "DISCORD_HTTP"
  | "RATE_LIMITED"
  | "WEBHOOK_DISABLED"
  | "QUEUE_OVERFLOW"
  | "CLOSED"
  | "CONFIG"
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "COOLDOWN"
  | "WEBHOOK_LIMIT"
  | "INVALID_REQUEST_BRAKE"
  | "ENQUEUE_UNCERTAIN"
  | "LOST";

/** Options shared by every error constructor. */
export interface DispatcherErrorOptions {
  /** The underlying error, kept for debugging. Must already be free of tokens. */
  cause?: unknown;
}

/**
 * Base class of every error of this package.
 *
 * @example
 * ```ts
 * try { await dispatcher.nodeAlert(input) } catch (e) {
 *   if (e instanceof DispatcherError) console.error(e.code, e.message)
 * }
 * ```
 */
export class DispatcherError extends Error {
  /** A stable code for programmatic handling. */
  readonly code: DispatcherErrorCode;

  constructor(code: DispatcherErrorCode, message: string, options?: DispatcherErrorOptions) {
    // Last guard: a message built from caller input (an id that is really a webhook URL) never carries a token.
    const safe = redact(message);
    super(safe.startsWith(PREFIX) ? safe : `${PREFIX} ${safe}`, options);
    this.name = "DispatcherError";
    this.code = code;
  }
}

/** One problem found while validating input: where it is and what is wrong. */
export interface ValidationIssue {
  /** Dotted path to the bad value, e.g. `fields.0.name`; empty for the input as a whole. */
  path: string;
  /** What is wrong with it. */
  message: string;
}

/** Input failed a schema. The message names each bad path; `issues` lists them. */
export class ValidationError extends DispatcherError {
  /** Each bad path with its problem. */
  readonly issues: readonly ValidationIssue[];

  constructor(what: string, issues: readonly ValidationIssue[], options?: DispatcherErrorOptions & { code?: "VALIDATION" | "INVALID_WEBHOOK_URL" }) {
    const detail = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
    super(options?.code ?? "VALIDATION", `Invalid ${what}: ${detail}`, options);
    this.name = "ValidationError";
    this.issues = issues;
  }
}

/** A string is not a Discord webhook URL this package accepts. The message never contains the token. */
export class WebhookUrlError extends ValidationError {
  constructor(reason: string, options?: DispatcherErrorOptions) {
    super("webhook URL", [{ path: "webhookUrl", message: reason }], { ...options, code: "INVALID_WEBHOOK_URL" });
    this.name = "WebhookUrlError";
  }
}

/**
 * Codes of a {@link StoreError}: `STORE` (the call did nothing), `DUPLICATE_WEBHOOK`, `ENQUEUE_UNCERTAIN` (a durable
 * queue did not answer a push in time: the delivery may have been queued and may still be sent; retry with the same
 * `idempotencyKey`), `LOST` (a durable queue lost the delivery's record: its outcome is unknown).
 */
export type StoreErrorCode = "STORE" | "DUPLICATE_WEBHOOK" | "ENQUEUE_UNCERTAIN" | "LOST";

/** A store adapter failed. `adapter` names it; `cause` is the driver's error. */
export class StoreError extends DispatcherError {
  /** The adapter that failed, e.g. `prisma`, `drizzle`, `memory`. */
  readonly adapter: string;

  constructor(adapter: string, message: string, options?: DispatcherErrorOptions & { code?: StoreErrorCode }) {
    super(options?.code ?? "STORE", `[${adapter}] ${message}`, options);
    this.name = "StoreError";
    this.adapter = adapter;
  }
}

/** A webhook with the same URL and owner already exists. */
export class DuplicateWebhookError extends StoreError {
  constructor(adapter: string, options?: DispatcherErrorOptions) {
    super(adapter, "A webhook with this URL already exists for this owner.", { ...options, code: "DUPLICATE_WEBHOOK" });
    this.name = "DuplicateWebhookError";
  }
}

/** The request never got an HTTP answer: network error, connection reset, or timeout (`code: "TIMEOUT"`). */
export class TransportError extends DispatcherError {
  /** The request's URL with the token masked. */
  readonly url: string;

  /** `url` is masked here too (a custom transport may pass the request's URL as it is). */
  constructor(message: string, url: string, options?: DispatcherErrorOptions & { code?: "TRANSPORT" | "TIMEOUT" }) {
    super(options?.code ?? "TRANSPORT", message, options);
    this.name = "TransportError";
    this.url = redact(url);
  }
}

/** Discord answered with an error status. Carries the status, Discord's JSON error code and a redacted URL. */
export class DiscordHTTPError extends DispatcherError {
  /** HTTP status. */
  readonly status: number;
  /** Discord's error code from the body (e.g. 10015 Unknown Webhook), when given. */
  readonly discordCode: number | undefined;
  /** The request's URL with the token masked. */
  readonly url: string;
  /** The request's HTTP method (`GET` for `verify()`). */
  readonly method: "POST" | "GET";

  /** `options.method` is the request's method, named in the message. Default `POST`. */
  constructor(status: number, discordCode: number | undefined, url: string, detail?: string, options?: DispatcherErrorOptions & { code?: "DISCORD_HTTP" | "WEBHOOK_DISABLED"; method?: "POST" | "GET" }) {
    const codePart = discordCode === undefined ? "" : ` (code ${discordCode})`;
    const method = options?.method ?? "POST";
    super(options?.code ?? "DISCORD_HTTP", `[${method}] "${url}": ${status}${codePart}${detail ? ` ${detail}` : ""}`, options);
    this.name = "DiscordHTTPError";
    this.status = status;
    this.discordCode = discordCode;
    this.url = redact(url);
    this.method = method;
  }
}

/** Retries ran out while Discord kept answering 429. */
export class RateLimitError extends DispatcherError {
  /** How long Discord last asked to wait, in milliseconds. */
  readonly retryAfterMs: number;
  /** The 429's scope (`user`, `shared`, `global`) when given. */
  readonly scope: string | undefined;

  constructor(message: string, retryAfterMs: number, scope: string | undefined, options?: DispatcherErrorOptions) {
    super("RATE_LIMITED", message, options);
    this.name = "RateLimitError";
    this.retryAfterMs = retryAfterMs;
    this.scope = scope;
  }
}

/** A delivery was refused or dropped by the dispatcher itself: queue full, dispatcher closed, webhook disabled. */
export class DeliveryRefusedError extends DispatcherError {
  constructor(code: "QUEUE_OVERFLOW" | "CLOSED" | "WEBHOOK_DISABLED", message: string, options?: DispatcherErrorOptions) {
    super(code, message, options);
    this.name = "DeliveryRefusedError";
  }
}

/** The dispatcher or an adapter was configured wrongly. */
export class ConfigError extends DispatcherError {
  constructor(message: string, options?: DispatcherErrorOptions) {
    super("CONFIG", message, options);
    this.name = "ConfigError";
  }
}

/** A webhook was not found (or is not visible to the actor). */
export class NotFoundError extends DispatcherError {
  constructor(message: string, options?: DispatcherErrorOptions) {
    super("NOT_FOUND", message, options);
    this.name = "NotFoundError";
  }
}

/** The actor may not do this. */
export class ForbiddenError extends DispatcherError {
  constructor(message: string, options?: DispatcherErrorOptions) {
    super("FORBIDDEN", message, options);
    this.name = "ForbiddenError";
  }
}

/** The actor tested or verified this webhook too recently (`code: "COOLDOWN"`); try again after `retryAfterMs`. */
export class CooldownError extends DispatcherError {
  /** Milliseconds until the next test of this webhook by this actor is allowed. */
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number, options?: DispatcherErrorOptions) {
    super("COOLDOWN", message, options);
    this.name = "CooldownError";
    this.retryAfterMs = retryAfterMs;
  }
}

/** The owner already has as many webhooks as allowed (`code: "WEBHOOK_LIMIT"`). */
export class WebhookLimitError extends DispatcherError {
  /** The configured maximum per owner. */
  readonly limit: number;

  constructor(message: string, limit: number, options?: DispatcherErrorOptions) {
    super("WEBHOOK_LIMIT", message, options);
    this.name = "WebhookLimitError";
    this.limit = limit;
  }
}

/**
 * The dispatcher refused to call Discord to keep the platform's IP away from Discord's ban for 10,000 invalid
 * requests in 10 minutes (`code: "INVALID_REQUEST_BRAKE"`). `reason` says why: `"webhook"`, this Discord webhook id
 * answered 401 or 404 (Unknown Webhook) moments ago and is backed off (`retryAfterMs` says until when); `"threshold"`,
 * the count of invalid answers reached `rateLimit.invalidRequestRefuseAt` (`invalidRequests`). Nothing was sent.
 */
export class InvalidRequestBrakeError extends DispatcherError {
  readonly reason: "webhook" | "threshold";
  /** Milliseconds until this webhook id may be called again (`reason: "webhook"`); `undefined` for the threshold. */
  readonly retryAfterMs: number | undefined;
  /** Invalid answers counted in the last 10 minutes when refused (`reason: "threshold"`). */
  readonly invalidRequests: number | undefined;

  constructor(message: string, details: { reason: "webhook" | "threshold"; retryAfterMs?: number; invalidRequests?: number }, options?: DispatcherErrorOptions) {
    super("INVALID_REQUEST_BRAKE", message, options);
    this.name = "InvalidRequestBrakeError";
    this.reason = details.reason;
    this.retryAfterMs = details.retryAfterMs;
    this.invalidRequests = details.invalidRequests;
  }
}

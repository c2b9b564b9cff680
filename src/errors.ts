/**
 * Every error this package throws or reports is a {@link DispatcherError}: it has a stable `code`, a technical
 * message for logs that starts with `[discord-webhook-dispatcher]`, a short plain `userMessage` for people, keeps the
 * underlying error as `cause`, and never contains a webhook token (nor does its `cause`: tokens are masked in it).
 */

import { redact, scrubTokens } from "./discord/redact.js";

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
  | "LOST"
  | "WEBHOOK_UNVERIFIED"
  | "MESSAGE_GONE"
  | "EDIT_LIMITED";

/** Options shared by every error constructor. */
export interface DispatcherErrorOptions {
  /** The underlying error, kept for debugging. Webhook tokens in it (its message, stack, properties, causes) are masked. */
  cause?: unknown;
  /** The sentence to show people instead of the default for the error's code (see `userMessage`). */
  userMessage?: string;
}

/** What people are told for each code, unless the error says something more precise. */
const USER_MESSAGES: Record<DispatcherErrorCode, string> = {
  VALIDATION: "Some details are not valid. Check them and try again.",
  INVALID_WEBHOOK_URL: "This webhook URL is not valid. Copy it again in Discord: Channel settings → Integrations → Webhooks → Copy Webhook URL.",
  STORE: "Something went wrong while saving or loading webhooks. Please try again.",
  DUPLICATE_WEBHOOK: "A webhook with this URL already exists.",
  TRANSPORT: "Could not reach Discord. Please try again in a moment.",
  TIMEOUT: "Discord did not answer in time. Please try again in a moment.",
  DISCORD_HTTP: "Discord refused the request.",
  RATE_LIMITED: "Discord is limiting how fast messages can be sent. Please try again shortly.",
  WEBHOOK_DISABLED: "This webhook is disabled. Enable it again, or paste a new webhook URL.",
  QUEUE_OVERFLOW: "Too many messages are waiting to be sent. Please try again later.",
  CLOSED: "Sending is shutting down. Please try again in a moment.",
  CONFIG: "Webhooks are not set up correctly on this site. Please contact its administrators.",
  NOT_FOUND: "This webhook was not found.",
  FORBIDDEN: "You are not allowed to do this.",
  COOLDOWN: "This webhook was tested moments ago. Please wait a few seconds.",
  WEBHOOK_LIMIT: "You have reached the most webhooks allowed. Delete one to add another.",
  INVALID_REQUEST_BRAKE: "Discord refused this webhook moments ago, so it is paused for a while. Check its URL, then try again later.",
  ENQUEUE_UNCERTAIN: "We could not confirm the message was queued. Retry with the same idempotency key.",
  LOST: "The message was lost before it could be sent. Please send it again.",
  WEBHOOK_UNVERIFIED: "Discord does not know this webhook. Copy its URL again in Discord: Channel settings → Integrations → Webhooks → Copy Webhook URL.",
  MESSAGE_GONE: "This message no longer exists in Discord: someone deleted it. The webhook itself still works.",
  EDIT_LIMITED: "Discord allows only a few edits of messages older than an hour. Post a new message, or try again later.",
};

/** The hint for a pasted URL that is not a Discord webhook URL at all (a channel link, a Slack webhook). */
export const NOT_A_WEBHOOK_URL_MESSAGE = "This is not a webhook URL. In Discord: Channel settings → Integrations → Webhooks → Copy Webhook URL.";

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
  /**
   * A short plain sentence for the people using your product (what the HTTP routes answer), without internals:
   * e.g. "A webhook with this URL already exists." where `message` says which adapter failed how. Log `message`
   * (and `cause`); show `userMessage`.
   */
  readonly userMessage: string;

  constructor(code: DispatcherErrorCode, message: string, options?: DispatcherErrorOptions) {
    // Last guard: a message built from caller input (an id that is really a webhook URL) never carries a token,
    // and neither does the error it wraps (a driver echoing the URL it was given).
    const safe = redact(message);
    const cause: unknown = options && Object.hasOwn(options, "cause") ? options.cause : undefined;
    scrubTokens(cause);
    super(safe.startsWith(PREFIX) ? safe : `${PREFIX} ${safe}`, cause === undefined ? undefined : { cause });
    this.name = "DispatcherError";
    this.code = code;
    const given = options && Object.hasOwn(options, "userMessage") ? options.userMessage : undefined;
    this.userMessage = redact(typeof given === "string" && given !== "" ? given : USER_MESSAGES[code]);
  }
}

/** One problem found while validating input: where it is and what is wrong. */
export interface ValidationIssue {
  /** Dotted path to the bad value, e.g. `fields.0.name`; empty for the input as a whole. */
  path: string;
  /** What is wrong with it. */
  message: string;
}

/**
 * Input failed a schema. The message names each bad path; `issues` lists them, with webhook tokens masked (a body
 * key or value that is a webhook URL shows up in paths and messages); `userMessage` lists them for people.
 */
export class ValidationError extends DispatcherError {
  /** Each bad path with its problem. */
  readonly issues: readonly ValidationIssue[];

  constructor(what: string, issues: readonly ValidationIssue[], options?: DispatcherErrorOptions & { code?: "VALIDATION" | "INVALID_WEBHOOK_URL" }) {
    const safe = issues.map((i) => ({ path: redact(i.path), message: redact(i.message) }));
    const listed = safe.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
    const userMessage = options?.userMessage ?? (listed === "" ? undefined : `Please check: ${listed.replace(/\.$/, "")}.`);
    super(options?.code ?? "VALIDATION", `Invalid ${what}: ${listed}`, { ...options, ...(userMessage === undefined ? {} : { userMessage }) });
    this.name = "ValidationError";
    this.issues = safe;
  }
}

/**
 * A string is not a Discord webhook URL this package accepts. The message never contains the token; `userMessage`
 * tells people where Discord shows the real webhook URL.
 */
export class WebhookUrlError extends ValidationError {
  constructor(reason: string, options?: DispatcherErrorOptions) {
    super("webhook URL", [{ path: "webhookUrl", message: reason }], { userMessage: USER_MESSAGES.INVALID_WEBHOOK_URL, ...options, code: "INVALID_WEBHOOK_URL" });
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
  readonly method: "POST" | "GET" | "PATCH" | "DELETE";

  /** `options.method` is the request's method, named in the message. Default `POST`. */
  constructor(status: number, discordCode: number | undefined, url: string, detail?: string, options?: DispatcherErrorOptions & { code?: "DISCORD_HTTP" | "WEBHOOK_DISABLED" | "MESSAGE_GONE"; method?: "POST" | "GET" | "PATCH" | "DELETE" }) {
    const codePart = discordCode === undefined ? "" : ` (code ${discordCode})`;
    const method = options?.method ?? "POST";
    const people = { userMessage: discordUserMessage(status, discordCode), ...options };
    super(options?.code ?? "DISCORD_HTTP", `[${method}] "${url}": ${status}${codePart}${detail ? ` ${detail}` : ""}`, people);
    this.name = "DiscordHTTPError";
    this.status = status;
    this.discordCode = discordCode;
    this.url = redact(url);
    this.method = method;
  }
}

/** What people are told when Discord answered `status` (with its JSON error `code`). */
function discordUserMessage(status: number, code: number | undefined): string {
  if (code === 10008) return "Discord says this message no longer exists: it was deleted.";
  if (status === 404 || code === 10015) return "Discord says this webhook no longer exists. Paste a new webhook URL.";
  if (status === 401 || code === 50027) return "Discord says this webhook's token is not valid. Paste a new webhook URL.";
  if (status === 403) return "Discord refused to let this webhook post.";
  if (status === 413 || code === 40005) return "The message is too large for Discord.";
  if (status === 429) return USER_MESSAGES.RATE_LIMITED;
  if (status >= 500) return "Discord is having trouble right now. Please try again later.";
  return "Discord refused the message.";
}

/**
 * Retries ran out while Discord kept answering 429 (code `RATE_LIMITED`), or (code `EDIT_LIMITED`) Discord refused an
 * edit of a message older than an hour with 429 code 30046: its channel's cap on such edits is spent for
 * `retryAfterMs`. An `EDIT_LIMITED` is never retried: wait that long or post a new message.
 */
export class RateLimitError extends DispatcherError {
  /** How long Discord last asked to wait, in milliseconds. */
  readonly retryAfterMs: number;
  /** The 429's scope (`user`, `shared`, `global`) when given. */
  readonly scope: string | undefined;

  constructor(message: string, retryAfterMs: number, scope: string | undefined, options?: DispatcherErrorOptions & { code?: "RATE_LIMITED" | "EDIT_LIMITED" }) {
    super(options?.code ?? "RATE_LIMITED", message, options);
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
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super("COOLDOWN", message, { userMessage: `This webhook was tested moments ago. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`, ...options });
    this.name = "CooldownError";
    this.retryAfterMs = retryAfterMs;
  }
}

/** The owner already has as many webhooks as allowed (`code: "WEBHOOK_LIMIT"`). */
export class WebhookLimitError extends DispatcherError {
  /** The configured maximum per owner. */
  readonly limit: number;

  constructor(message: string, limit: number, options?: DispatcherErrorOptions) {
    super("WEBHOOK_LIMIT", message, { userMessage: `You already have ${limit} webhooks, the most allowed. Delete one to add another.`, ...options });
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

/**
 * Discord said the webhook of a URL being added does not exist or its token is wrong (`code: "WEBHOOK_UNVERIFIED"`;
 * 422 from the routes): the manager's `verifyOnCreate` refused to keep it. `status` is Discord's answer (404 or 401).
 */
export class WebhookVerificationError extends DispatcherError {
  readonly status: number;

  constructor(message: string, status: number, options?: DispatcherErrorOptions) {
    super("WEBHOOK_UNVERIFIED", message, options);
    this.name = "WebhookVerificationError";
    this.status = status;
  }
}

/**
 * One table of the package's error classes, keyed by error code: what turns an error's JSON form (written by
 * `errorToJson` in another process) back into the same class with every field.
 */
import {
  ConfigError,
  CooldownError,
  DeliveryRefusedError,
  DiscordHTTPError,
  DispatcherError,
  DuplicateWebhookError,
  ForbiddenError,
  InvalidRequestBrakeError,
  NotFoundError,
  RateLimitError,
  StoreError,
  TransportError,
  ValidationError,
  WebhookLimitError,
  WebhookUrlError,
  WebhookVerificationError,
  type DispatcherErrorCode,
} from "./errors.js";

/** A class of {@link DispatcherError}, as the table holds it (only its prototype and `name` are used). */
export type DispatcherErrorClass = abstract new (...args: never[]) => DispatcherError;

/**
 * For each code, the classes that may carry it, the most usual first. A code shared by two classes
 * (`WEBHOOK_DISABLED`: Discord's answer or the dispatcher's refusal) is told apart by the error's `name`.
 */
export const ERROR_CLASSES: Readonly<Record<DispatcherErrorCode, readonly DispatcherErrorClass[]>> = {
  VALIDATION: [ValidationError],
  INVALID_WEBHOOK_URL: [WebhookUrlError, ValidationError],
  STORE: [StoreError],
  DUPLICATE_WEBHOOK: [DuplicateWebhookError, StoreError],
  TRANSPORT: [TransportError],
  TIMEOUT: [TransportError],
  DISCORD_HTTP: [DiscordHTTPError],
  RATE_LIMITED: [RateLimitError],
  WEBHOOK_DISABLED: [DeliveryRefusedError, DiscordHTTPError],
  QUEUE_OVERFLOW: [DeliveryRefusedError],
  CLOSED: [DeliveryRefusedError],
  CONFIG: [ConfigError],
  NOT_FOUND: [NotFoundError],
  FORBIDDEN: [ForbiddenError],
  COOLDOWN: [CooldownError],
  WEBHOOK_LIMIT: [WebhookLimitError],
  INVALID_REQUEST_BRAKE: [InvalidRequestBrakeError],
  ENQUEUE_UNCERTAIN: [StoreError],
  LOST: [StoreError],
  WEBHOOK_UNVERIFIED: [WebhookVerificationError],
  MESSAGE_GONE: [DiscordHTTPError],
  EDIT_LIMITED: [RateLimitError],
};

/**
 * The class for an error of `code` named `name`: the table's class of that name, else the code's first class, else
 * {@link DispatcherError} for a code this version does not know.
 */
export function errorClassOf(code: string, name: string): DispatcherErrorClass {
  const classes: readonly DispatcherErrorClass[] | undefined = Object.hasOwn(ERROR_CLASSES, code) ? ERROR_CLASSES[code as DispatcherErrorCode] : undefined;
  if (classes === undefined || classes.length === 0) return DispatcherError;
  return classes.find((c) => c.name === name) ?? classes[0] ?? DispatcherError;
}

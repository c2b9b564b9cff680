/**
 * Errors cross processes as plain JSON (name, code, message and the typed fields), and come back as the same
 * error classes, so a result awaited in one process reads like one settled in it. Messages are token-free already.
 */
import { redact } from "../discord/redact.js";
import {
  DeliveryRefusedError,
  DiscordHTTPError,
  DispatcherError,
  InvalidRequestBrakeError,
  RateLimitError,
  StoreError,
  TransportError,
  type DispatcherErrorCode,
} from "../errors.js";

/** A {@link DispatcherError} as JSON. */
export interface ErrorJson {
  name: string;
  code: DispatcherErrorCode;
  message: string;
  status?: number;
  discordCode?: number;
  url?: string;
  method?: "POST" | "GET";
  retryAfterMs?: number;
  scope?: string;
  adapter?: string;
  reason?: string;
  invalidRequests?: number;
}

/** The JSON form of an error. Message and URL are redacted once more: nothing unmasked is ever written to Redis. */
export function errorToJson(error: DispatcherError): ErrorJson {
  const json: ErrorJson = { name: error.name, code: error.code, message: redact(error.message) };
  if (error instanceof DiscordHTTPError) Object.assign(json, { status: error.status, discordCode: error.discordCode, url: redact(error.url), method: error.method });
  if (error instanceof TransportError) json.url = redact(error.url);
  if (error instanceof RateLimitError) Object.assign(json, { retryAfterMs: error.retryAfterMs, scope: error.scope });
  if (error instanceof StoreError) json.adapter = error.adapter;
  if (error instanceof InvalidRequestBrakeError) Object.assign(json, { reason: error.reason, retryAfterMs: error.retryAfterMs, invalidRequests: error.invalidRequests });
  return json;
}

/** The error class back from JSON; unknown shapes become a plain {@link DispatcherError} with the same code. */
export function errorFromJson(json: ErrorJson): DispatcherError {
  let error: DispatcherError;
  switch (json.name) {
    case "DeliveryRefusedError":
      error = new DeliveryRefusedError(json.code as "QUEUE_OVERFLOW" | "CLOSED" | "WEBHOOK_DISABLED", json.message);
      break;
    case "DiscordHTTPError":
      error = new DiscordHTTPError(json.status ?? 0, json.discordCode, json.url ?? "", undefined, { code: json.code as "DISCORD_HTTP" | "WEBHOOK_DISABLED", method: json.method === "GET" ? "GET" : "POST" });
      break;
    case "TransportError":
      error = new TransportError(json.message, json.url ?? "", { code: json.code as "TRANSPORT" | "TIMEOUT" });
      break;
    case "RateLimitError":
      error = new RateLimitError(json.message, json.retryAfterMs ?? 0, json.scope);
      break;
    case "StoreError":
      error = new StoreError(json.adapter ?? "store", json.message);
      break;
    case "InvalidRequestBrakeError":
      error = new InvalidRequestBrakeError(json.message, { reason: json.reason === "webhook" ? "webhook" : "threshold", ...(json.retryAfterMs !== undefined && { retryAfterMs: json.retryAfterMs }), ...(json.invalidRequests !== undefined && { invalidRequests: json.invalidRequests }) });
      break;
    default:
      error = new DispatcherError(json.code, json.message);
  }
  // The message is kept exactly as the sending process wrote it.
  Object.defineProperty(error, "message", { value: json.message, enumerable: false, writable: true, configurable: true });
  return error;
}

/**
 * Sends one request through the transport with a deadline, and sorts Discord's answer into what the lane does
 * next: done, wait and retry (429), back off and retry (5xx, network, timeout), disable the webhook, or give up.
 */
import { DISCORD_ERROR_CODES } from "../discord/limits.js";
import { redact } from "../discord/redact.js";
import { DiscordHTTPError, DispatcherError, RateLimitError, TransportError } from "../errors.js";
import type { Transport, TransportRequest, TransportResponse } from "../types.js";
import type { Stopper } from "./backoff.js";
import type { LimitScope } from "./limiter.js";

/** What an answer means for the lane. */
export type Outcome =
  | { kind: "ok"; status: number; messageId: string | undefined; channelId: string | undefined }
  | { kind: "rate-limited"; status: 429; scope: LimitScope; retryAfterMs: number; error: RateLimitError }
  | { kind: "transient"; status: number | undefined; error: DispatcherError }
  | { kind: "disable"; status: number; reason: string; error: DiscordHTTPError }
  | { kind: "rejected"; status: number; error: DiscordHTTPError };

/**
 * Sends `request`, aborting it after `timeoutMs`. Resolves with the answer or rejects with a token-free
 * `TransportError` (code `TIMEOUT` when the deadline passed), whatever the transport threw.
 */
export async function sendWithTimeout(
  transport: Transport,
  request: TransportRequest,
  timeoutMs: number,
  maskedUrl: string,
  stop?: Stopper,
): Promise<TransportResponse> {
  const controller = new AbortController();
  const unsubscribe = stop?.onStop(() => {
    controller.abort();
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new TransportError(`Request to "${maskedUrl}" timed out after ${timeoutMs} ms`, maskedUrl, { code: "TIMEOUT" }));
    }, timeoutMs);
  });
  try {
    return await Promise.race([transport.send({ ...request, signal: controller.signal }), deadline]);
  } catch (error) {
    throw toTransportError(error, maskedUrl, controller.signal.aborted);
  } finally {
    clearTimeout(timer);
    unsubscribe?.();
  }
}

function toTransportError(error: unknown, maskedUrl: string, timedOut: boolean): DispatcherError {
  if (error instanceof TransportError) return error;
  if (timedOut) return new TransportError(`Request to "${maskedUrl}" timed out`, maskedUrl, { code: "TIMEOUT" });
  if (error instanceof DispatcherError) return error;
  const detail = error instanceof Error ? redact(error.message) : "unknown error";
  // The original error may carry the URL with its token: keep only the redacted text, not the object.
  return new TransportError(`Request to "${maskedUrl}" failed: ${detail}`, maskedUrl);
}

/** Sorts an HTTP answer. `maskedUrl` is the token-free URL used in errors. */
export function classify(response: TransportResponse, maskedUrl: string): Outcome {
  const { status } = response;
  const body = asRecord(response.body);
  if (status >= 200 && status < 300) {
    return { kind: "ok", status, messageId: str(body?.id), channelId: str(body?.channel_id) };
  }
  if (status === 429) return rateLimited(response, body, maskedUrl);
  const code = typeof body?.code === "number" ? body.code : undefined;
  const detail = str(body?.message);
  const error = (errorCode?: "WEBHOOK_DISABLED"): DiscordHTTPError =>
    new DiscordHTTPError(status, code, maskedUrl, detail === undefined ? undefined : redact(detail), errorCode ? { code: errorCode } : undefined);
  if (status >= 500 || status === 408) return { kind: "transient", status, error: error() };
  if (status === 404 && code === DISCORD_ERROR_CODES.unknownWebhook) {
    return { kind: "disable", status, reason: `Discord answered 404 Unknown Webhook (code ${code}): the webhook was deleted`, error: error("WEBHOOK_DISABLED") };
  }
  if (status === 401 && code === DISCORD_ERROR_CODES.invalidWebhookToken) {
    return { kind: "disable", status, reason: `Discord answered 401 Invalid Webhook Token (code ${code})`, error: error("WEBHOOK_DISABLED") };
  }
  return { kind: "rejected", status, error: error() };
}

function rateLimited(response: TransportResponse, body: Record<string, unknown> | undefined, maskedUrl: string): Outcome {
  const h = response.headers;
  const headerScope = h["x-ratelimit-scope"];
  const global = body?.global === true || h["x-ratelimit-global"] === "true";
  const scope: LimitScope = global ? "global" : headerScope === "shared" || headerScope === "global" ? headerScope : "user";
  const seconds = num(body?.retry_after) ?? num(h["retry-after"]) ?? num(h["x-ratelimit-reset-after"]) ?? 1;
  const retryAfterMs = Math.max(0, seconds * 1000);
  const error = new RateLimitError(`Rate limited (${scope}) on "${maskedUrl}": retry after ${Math.ceil(retryAfterMs)} ms`, retryAfterMs, scope);
  return { kind: "rate-limited", status: 429, scope, retryAfterMs, error };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function num(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

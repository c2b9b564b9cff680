/**
 * Reading a 429: its scope and how long to wait. Discord's own limiter sends `retry_after` (float seconds) in a JSON
 * body and `X-RateLimit-*` headers; a 429 with neither is Cloudflare's (an HTML page, a 1015 ban) and limits the IP.
 */
import { DISCORD_ERROR_CODES } from "../discord/limits.js";
import { RateLimitError } from "../errors.js";
import type { TransportResponse } from "../types.js";

/** A 429 read: who waits (`scope`) and for how long. */
export interface RateLimited {
  kind: "rate-limited";
  status: 429;
  scope: "user" | "shared" | "global";
  retryAfterMs: number;
  error: RateLimitError;
  /**
   * Discord's code 30046: not a route's budget but the channel's cap on edits of messages older than an hour. Its
   * `error` has code `EDIT_LIMITED`; it is never retried, and it blocks no route (see `request.ts` `answerOf`).
   */
  editCapped?: true;
}

/** A 429 that is not from Discord's rate limiter (Cloudflare's HTML page or a 1015 ban) and says nothing: wait this long. */
const UNEXPLAINED_429_MS = 60_000;

/** Reads a 429 answer; `body` is its parsed JSON object, if any. `maskedUrl` is token-free. */
export function rateLimited(response: TransportResponse, body: Record<string, unknown> | undefined, maskedUrl: string): RateLimited {
  const h = response.headers;
  const headerScope = h["x-ratelimit-scope"];
  // Discord's limiter always answers with its JSON body or its headers. A bare 429 (an HTML page) comes from
  // Cloudflare in front of it, which limits or bans the whole IP: every lane waits, not this webhook alone.
  const fromDiscord = num(body?.retry_after) !== undefined || Object.keys(h).some((name) => name.startsWith("x-ratelimit-"));
  const global = !fromDiscord || body?.global === true || h["x-ratelimit-global"] === "true";
  const scope = global ? "global" : headerScope === "shared" || headerScope === "global" ? headerScope : "user";
  const resetAfter = num(h["x-ratelimit-reset-after"]);
  const waitMs = num(body?.retry_after) !== undefined ? Number(body?.retry_after) * 1000 : (retryAfterHeaderMs(h["retry-after"]) ?? (resetAfter === undefined ? undefined : resetAfter * 1000));
  const retryAfterMs = Math.max(0, waitMs ?? (fromDiscord ? 1000 : UNEXPLAINED_429_MS));
  if (body?.code === DISCORD_ERROR_CODES.oldMessageEdits) {
    const capped = new RateLimitError(`Edit refused on "${maskedUrl}": 429 (code 30046) too many edits of messages older than an hour in this channel; retry after ${Math.ceil(retryAfterMs)} ms`, retryAfterMs, scope, { code: "EDIT_LIMITED" });
    return { kind: "rate-limited", status: 429, scope, retryAfterMs, error: capped, editCapped: true };
  }
  const origin = fromDiscord ? "" : " (not from Discord's rate limiter: Cloudflare or a proxy limits this IP)";
  const error = new RateLimitError(`Rate limited (${scope}) on "${maskedUrl}"${origin}: retry after ${Math.ceil(retryAfterMs)} ms`, retryAfterMs, scope);
  return { kind: "rate-limited", status: 429, scope, retryAfterMs, error };
}

/** `Retry-After` in milliseconds: seconds (Discord, Cloudflare) or an HTTP date (RFC 9110). */
function retryAfterHeaderMs(value: string | undefined): number | undefined {
  const seconds = num(value);
  if (seconds !== undefined) return seconds * 1000;
  const at = value === undefined ? NaN : Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

function num(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Cross-site request protection for the mutating routes, as frameworks do it. A browser lets any page send a
 * "simple" request (a form, `sendBeacon`, a `no-cors` fetch: no JSON content type) with the user's cookies; it
 * never lets a page set `Content-Type: application/json` on another site without a CORS preflight, and it always
 * names the page in `Origin`. So a POST, PATCH or DELETE passes when it is JSON or comes from the app's own origin,
 * and a request naming another origin is refused even with JSON.
 */
import { ConfigError } from "../errors.js";
import { isJsonContentType } from "./body.js";
import { HttpError } from "./responses.js";

/** Options of the cross-site check (`createWebhookRoutes({ csrf })`). */
export interface CsrfOptions {
  /**
   * Origins trusted besides the request's own, e.g. `["https://admin.example.com"]` for a panel on another
   * subdomain. Each must be a bare origin (scheme, host, optional port). Default: none.
   */
  allowedOrigins?: readonly string[];
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The check for one set of routes; `false` turns it off (only for routes no browser can reach with cookies).
 * The returned function throws {@link HttpError}: 403 `CROSS_SITE` for a request whose `Origin` names another
 * origin, 415 for a mutating request that is neither JSON nor from the app's own origin (also a bodiless POST).
 * "The app's own origin" is the host of `request.url`, of `Host` or of `X-Forwarded-Host` (a page cannot set those
 * across sites); behind a proxy that rewrites all three, list the public origin in `allowedOrigins`.
 * Throws `ConfigError` for an entry of `allowedOrigins` that is not an origin.
 */
export function createOriginCheck(options: CsrfOptions | false | undefined): (request: Request, method: string) => void {
  if (options === false) return () => undefined;
  const allowed = new Set((options?.allowedOrigins ?? []).map(toOrigin));
  return (request, method) => {
    if (SAFE_METHODS.has(method)) return;
    const origin = request.headers.get("origin");
    // `Origin: null` (a sandboxed frame, a `no-referrer` page) proves nothing either way: JSON decides.
    const named = origin !== null && origin !== "null";
    const own = named && (allowed.has(origin.toLowerCase()) || sameHost(origin, request));
    if (named && !own) throw new HttpError(403, "CROSS_SITE", "Requests from other sites are refused.");
    if (own || isJsonContentType(request.headers.get("content-type"))) return;
    throw new HttpError(415, "UNSUPPORTED_MEDIA_TYPE", "Send Content-Type: application/json, also when the request has no body.");
  };
}

function sameHost(origin: string, request: Request): boolean {
  let host: string;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    return false;
  }
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim().toLowerCase();
  return host === new URL(request.url).host.toLowerCase() || host === request.headers.get("host")?.toLowerCase() || host === forwarded;
}

function toOrigin(entry: string): string {
  try {
    const url = new URL(entry);
    if (url.origin !== "null" && url.origin === entry.replace(/\/$/, "").toLowerCase()) return url.origin;
  } catch {
    // reported below
  }
  throw new ConfigError(`csrf.allowedOrigins: "${entry}" is not an origin like "https://admin.example.com" (no path).`);
}

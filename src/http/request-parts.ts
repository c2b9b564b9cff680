/**
 * Reading what a request asks for: which route (and webhook id), the list filter, whether a test only verifies.
 * Anything odd is "no such route" or a typed 400, never an exception of another kind.
 */
import type { DeliveriesQuery } from "../webhooks/delivery-types.js";
import { ownProperty } from "../own.js";
import type { ManagerListFilter } from "../webhooks/types.js";
import { HttpError } from "./responses.js";

/** The routes a path can name. */
export type Route =
  | { kind: "collection" }
  | { kind: "item"; id: string }
  | { kind: "test"; id: string }
  | { kind: "deliveries"; id: string }
  | { kind: "resendFailed"; id: string }
  | { kind: "resend"; deliveryId: string };

/** `/api/webhooks/` and `api/webhooks` both become `/api/webhooks`; the root is `""`. */
export function normalizeBase(base: string): string {
  const trimmed = base.replace(/\/+$/, "");
  return trimmed === "" || trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

/** The route `pathname` names under `base`, or `null`. */
export function matchRoute(pathname: string, base: string): Route | null {
  if (base && pathname !== base && !pathname.startsWith(`${base}/`)) return null;
  const rest = pathname.slice(base.length).replace(/\/+$/, "");
  if (rest === "") return { kind: "collection" };
  const parts = rest.slice(1).split("/");
  const id = decodeId(parts[0] ?? "");
  if (id === null) return null;
  if (parts.length === 1) return { kind: "item", id };
  if (parts.length === 2 && parts[1] === "test") return { kind: "test", id };
  if (parts.length === 2 && parts[1] === "deliveries") return { kind: "deliveries", id };
  if (parts.length === 2 && parts[1] === "resend-failed") return { kind: "resendFailed", id };
  if (parts.length === 3 && id === "deliveries" && parts[2] === "resend") {
    const deliveryId = decodeId(parts[1] ?? "");
    return deliveryId === null ? null : { kind: "resend", deliveryId };
  }
  return null;
}

// Ids are opaque strings (UUIDs by default); anything odd cannot name a webhook, so it is simply "not found".
function decodeId(segment: string): string | null {
  if (segment === "" || segment.length > 256) return null;
  try {
    const id = decodeURIComponent(segment);
    return /^[\w.:-]{1,128}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** The list filter from the query string, left for the manager's schema to validate. */
export function listFilter(url: URL): ManagerListFilter {
  const q = url.searchParams;
  const filter: Record<string, unknown> = {};
  for (const key of ["type", "scope", "userId"] as const) {
    const v = q.get(key);
    if (v !== null) filter[key] = key === "userId" && v === "" ? null : v;
  }
  const enabled = q.get("enabled");
  // Anything but "true"/"false" is passed through as a string so the schema refuses it with a field error.
  if (enabled !== null) filter.enabled = enabled === "true" ? true : enabled === "false" ? false : enabled;
  return filter; // validated by the manager
}

/** Whether a test request asks only to verify (`?verify=1` or `{ "verify": true }`). */
export function wantsVerify(body: unknown, url: URL): boolean {
  const q = url.searchParams.get("verify");
  if (q === "1" || q === "true") return true;
  // A typo (`?verify=yes`) must not turn a check into a post to the channel.
  if (q !== null && q !== "0" && q !== "false") throw new HttpError(400, "VALIDATION", "verify must be 1, true, 0 or false.");
  if (body === undefined || body === null) return false;
  if (typeof body !== "object" || Array.isArray(body)) {
    throw new HttpError(400, "VALIDATION", "The test body must be a JSON object like { \"verify\": true }.");
  }
  const v = ownProperty(body, "verify");
  if (v === undefined || typeof v === "boolean") return v === true;
  throw new HttpError(400, "VALIDATION", "verify must be a boolean.");
}

/** The delivery log query from the query string (`?status=&before=&limit=`), left for the log to validate. */
export function deliveriesQuery(url: URL): DeliveriesQuery {
  const q = url.searchParams;
  const query: Record<string, unknown> = {};
  const status = q.get("status");
  const before = q.get("before");
  const limit = q.get("limit");
  if (status !== null) query.status = status;
  if (before !== null) query.before = before;
  // "abc" becomes NaN, which the log refuses with a field error.
  if (limit !== null) query.limit = /^\d{1,4}$/.test(limit) ? Number(limit) : Number.NaN;
  return query; // validated by the log
}

/** `since` of a resend-failed body (`{ "since": "2026-01-01T00:00:00Z" }`), or nothing. */
export function resendFailedBody(body: unknown): { since?: string } {
  if (body === undefined || body === null) return {};
  if (typeof body !== "object" || Array.isArray(body)) throw new HttpError(400, "VALIDATION", 'The body must be a JSON object like { "since": "2026-01-01T00:00:00Z" }.');
  const since = (body as { since?: unknown }).since;
  if (since === undefined) return {};
  if (typeof since !== "string") throw new HttpError(400, "VALIDATION", "since must be an ISO date string.");
  return { since };
}

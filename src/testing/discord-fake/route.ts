import { canonicalPath } from "./request-checks.js";

/** A webhook route: `/api[/vN]/webhooks/{id}/{token}`, or one of its messages: `.../messages/{message_id}`. */
export interface Route {
  id: string;
  token: string;
  /** The message of a Get / Edit / Delete Webhook Message route; `null` for the webhook itself. */
  messageId: string | null;
  query: URLSearchParams;
}

const ROUTE = /^\/api(?:\/v\d{1,2})?\/webhooks\/(\d{1,25})\/([^/]+?)(?:\/messages\/([^/]+))?\/?$/;

/**
 * Parses the request target; `null` for anything but a webhook route, and for a path that is not canonical (a dot
 * segment, a backslash, an encoded slash or dot): Discord answers those 404 and never reads a token from them.
 */
export function parseRoute(target: string): Route | null {
  if (!canonicalPath(target)) return null;
  const url = new URL(target, "http://fake.invalid");
  const m = ROUTE.exec(url.pathname);
  if (!m) return null;
  return { id: m[1] ?? "", token: decodeSegment(m[2] ?? ""), messageId: m[3] === undefined ? null : decodeSegment(m[3]), query: url.searchParams };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

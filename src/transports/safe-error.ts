import { redact } from "../discord/redact.js";

/**
 * Token-free copies and summaries of errors from the HTTP stack, whose messages and properties carry request URLs.
 */

/** The messages of an error chain (a wrapper named `FetchError` left out), the request URL replaced by `<url>`. */
export function describeError(error: unknown, url: string): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (current.name !== "FetchError" && current.message && !parts.includes(current.message)) parts.push(current.message);
    current = current.cause;
  }
  return (parts.join(": ") || "unknown error").split(url).join("<url>");
}

/**
 * A copy of an error chain with every message and stack redacted. HTTP stacks put the request URL (with the token)
 * in messages and properties, so the original is never kept.
 */
export function scrubError(error: unknown, secrets: readonly string[], depth = 0): unknown {
  if (error === undefined || depth > 5) return undefined;
  if (!(error instanceof Error)) return typeof error === "string" ? redact(error, secrets) : undefined;
  const inner = scrubError(error.cause, secrets, depth + 1);
  const copy = new Error(redact(error.message, secrets), inner === undefined ? undefined : { cause: inner });
  copy.name = error.name;
  copy.stack = redact(error.stack ?? `${error.name}: ${error.message}`, secrets);
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") Object.assign(copy, { code });
  return copy;
}

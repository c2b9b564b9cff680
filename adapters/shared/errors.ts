import { DuplicateWebhookError, StoreError } from "../../src/errors.js";
import { redact, scrubTokens } from "../../src/discord/redact.js";

/**
 * Turns whatever a driver threw into the port's error: a {@link DuplicateWebhookError} for a unique violation,
 * else a {@link StoreError} naming the adapter and the action. The driver error stays as `cause`, with webhook
 * tokens masked in its text first, because drivers echo query parameters (the URL) in messages and details.
 */
export function toStoreError(adapter: string, action: string, error: unknown, isDuplicate: (error: unknown) => boolean): StoreError {
  if (error instanceof StoreError) return error;
  scrubTokens(error);
  if (isDuplicate(error)) return new DuplicateWebhookError(adapter, { cause: error });
  const line = error instanceof Error ? meaningfulLine(error.message) : "";
  return new StoreError(adapter, `${action} failed${line ? `: ${truncate(line)}` : ""}`, { cause: error });
}

/**
 * Runs `fn`, converting any rejection (or synchronous throw) with {@link toStoreError}. Not an `async` function: every
 * store call passes here, and a `.then` costs one promise where an `async` wrapper costs a frame and two.
 */
export function guard<T>(adapter: string, action: string, isDuplicate: (error: unknown) => boolean, fn: () => Promise<T>): Promise<T> {
  const fail = (error: unknown): never => {
    throw toStoreError(adapter, action, error, isDuplicate);
  };
  try {
    return Promise.resolve(fn()).then(undefined, fail);
  } catch (error) {
    return Promise.reject(toStoreError(adapter, action, error, isDuplicate));
  }
}

/** Masks webhook tokens in an error and its causes, in place (re-exported from `src/discord/redact.ts`). */
export { scrubTokens };

/**
 * The line of a driver's message that says what failed. Most drivers put it first. Prisma's start with a newline,
 * then "Invalid `prisma.x.create()` invocation in", the caller's file and a code frame, and end with the reason.
 */
export function meaningfulLine(message: string): string {
  const lines = message.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
  const first = lines[0] ?? "";
  if (/^Invalid `[^`]*` invocation/.test(first)) return lines.at(-1) === first ? "" : (lines.at(-1) ?? "");
  return first;
}

function truncate(text: string): string {
  const clean = redact(text);
  return clean.length > 300 ? `${clean.slice(0, 299)}…` : clean;
}

/** Reads a string `code` property, if any, from an error or its causes. */
export function errorCodes(error: unknown): (string | number)[] {
  const out: (string | number)[] = [];
  let current: unknown = error;
  for (let i = 0; i < 5 && typeof current === "object" && current !== null; i++) {
    const record = current as { code?: unknown; errno?: unknown; cause?: unknown };
    if (typeof record.code === "string" || typeof record.code === "number") out.push(record.code);
    if (typeof record.errno === "number") out.push(record.errno);
    current = record.cause;
  }
  return out;
}

import { DuplicateWebhookError, StoreError } from "../../src/errors.js";
import { redact } from "../../src/discord/redact.js";

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

/** Runs `fn`, converting any rejection with {@link toStoreError}. */
export async function guard<T>(adapter: string, action: string, isDuplicate: (error: unknown) => boolean, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toStoreError(adapter, action, error, isDuplicate);
  }
}

/** Walks an error, its `cause` chain and nested errors, masking webhook tokens in every string property. */
export function scrubTokens(error: unknown, depth = 0): void {
  if (depth > 4 || typeof error !== "object" || error === null) return;
  const target = error as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(target)) {
    const value = target[key];
    if (typeof value === "string") {
      const clean = redact(value);
      if (clean !== value) trySet(target, key, clean);
    } else if (typeof value === "object" && value !== null) {
      scrubTokens(value, depth + 1);
    }
  }
  // Drizzle keeps the parameters as an array; pg keeps them on the error too.
  if (Array.isArray(target.params)) target.params = (target.params as unknown[]).map((p) => (typeof p === "string" ? redact(p) : p));
}

function trySet(target: Record<string, unknown>, key: string, value: string): void {
  try {
    target[key] = value;
  } catch {
    // A frozen or getter-only property cannot be cleaned; the wrapping message never includes it.
  }
}

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

/**
 * The rules every factory's options share (durations, counts, functions), written once, and the one way options
 * are parsed: a schema per factory, a {@link ConfigError} that names each bad option.
 */
import * as z from "zod";
import { ConfigError } from "./errors.js";

/** The longest delay a timer takes (2³¹ − 1 ms, about 24.8 days): a larger one fires after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * The timer delay that ends a wait of `ms` (measured on `performance.now`, `Date.now` or a server's clock): one
 * millisecond more, at most {@link MAX_TIMER_MS}. Node runs timers on the event loop's cached millisecond clock, so a
 * timer may fire up to a millisecond before the clock the wait was measured on has moved `ms` on; a lane woken then
 * would find 1 ms still to wait and sleep again.
 */
export function wakeDelayMs(ms: number): number {
  return Math.min(MAX_TIMER_MS, Math.max(0, ms) + 1);
}

/** Default bound of a durable queue on the bytes of files one message carries through it (8 MiB). */
export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;

/** Bounds of a rule; `noLimit: true` also accepts `Infinity`, the spelling of "no limit". */
interface Range {
  min?: number;
  max?: number;
  noLimit?: boolean;
}

/**
 * A duration in milliseconds: a finite number in `[min, max]` (default `[1, MAX_TIMER_MS]`, never more), or
 * `Infinity` when `noLimit` is set. `NaN`, strings and out-of-range values are refused.
 */
export function durationMs({ min = 1, max = MAX_TIMER_MS, noLimit = false }: Range = {}): z.ZodType<number> {
  const top = Math.min(max, MAX_TIMER_MS);
  return numberRule((v) => Number.isFinite(v) && v >= min && v <= top, `must be a finite number between ${min} and ${top}`, noLimit);
}

/** A whole number in `[min, max]` (default `[0, Number.MAX_SAFE_INTEGER]`), or `Infinity` when `noLimit` is set. */
export function count({ min = 0, max = Number.MAX_SAFE_INTEGER, noLimit = false }: Range = {}): z.ZodType<number> {
  return numberRule((v) => Number.isInteger(v) && v >= min && v <= max, `must be a whole number between ${min} and ${max}`, noLimit);
}

/** A function (a clock, a hook, a source of randomness). */
export function fn<T>(): z.ZodType<T> {
  return z.custom<T>((v) => typeof v === "function", { error: "must be a function" });
}

/** An object whose named methods, when present, are functions (a logger, hooks). */
export function methods<T>(): z.ZodType<T> {
  return z.custom<T>(
    (v) => typeof v === "object" && v !== null && Object.values(v).every((m) => m === undefined || typeof m === "function"),
    { error: "must be an object of functions" },
  );
}

/**
 * Parses `value` with `schema`; throws one {@link ConfigError} naming every bad option (`what: path message`),
 * e.g. `createDispatcher: timeoutMs must be a finite number between 1 and 2147483647`.
 */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.map(String).join(".") : "options"} ${ruleMessage(i)}`).join("; ");
  throw new ConfigError(`${what}: ${detail}`, { cause: new Error(detail) });
}

function numberRule(ok: (v: number) => boolean, message: string, noLimit: boolean): z.ZodType<number> {
  return z.custom<number>((v) => typeof v === "number" && (ok(v) || (noLimit && v === Infinity)), { error: noLimit ? `${message}, or Infinity (no limit)` : message });
}

/** Our own rules read as a sentence already; zod's (e.g. "Invalid input: expected string") get "is invalid:". */
function ruleMessage(issue: z.core.$ZodIssue): string {
  return issue.code === "custom" ? issue.message : `is invalid: ${issue.message}`;
}

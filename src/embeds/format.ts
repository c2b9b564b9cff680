import { codeSpan, escapeMarkdown, neutralizeMentions, truncate } from "../discord/text.js";

/**
 * Turning user text and numbers into embed text. User text is data: it is cleaned, cut to a budget and shown so it
 * cannot change the layout around it. Numbers are formatted with the fixed locale "en-US" so output is deterministic.
 */

// C0/C1 controls (except tab, line feed, carriage return). Python's strip(), which Discord uses to measure text,
// treats U+001C-U+001F and U+0085 as whitespace while JavaScript's trim() does not: a value made of them would
// look non-empty here and empty at Discord, so they are removed.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// Explicit bidi embeddings, overrides and isolates: an unterminated one would reorder the text that follows it.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2068]/;
const FSI = "\u2068";
const PDI = "\u2069";

/** Removes control characters that Discord would count differently or render as junk. */
export function sanitize(text: string): string {
  return text.replace(CONTROL, "");
}

/** True when `text` has nothing to show once cleaned and trimmed. */
export function isBlank(text: string): boolean {
  return sanitize(text).trim() === "";
}

/** Wraps text in a first-strong isolate when it carries bidi controls, so they end where the user text ends. */
function isolate(text: string): { text: string; extra: number } {
  return BIDI_CONTROL.test(text) ? { text: `${FSI}${text}${PDI}`, extra: 2 } : { text, extra: 0 };
}

// An odd run of backslashes before the ellipsis means the cut split an escape: drop the dangling one.
const DANGLING_ESCAPE = /(?<!\\)((?:\\\\)*)\\…$/;

/**
 * User text shown inline (in a description or field): markdown escaped, `@everyone`/`@here` and mention syntax
 * neutralised, cut to `max` code points. Returns `""` when nothing is left.
 */
export function inline(text: string, max: number): string {
  const cleaned = sanitize(text);
  const extra = isolate(cleaned).extra;
  const escaped = escapeMarkdown(neutralizeMentions(cleaned));
  const cut = truncate(escaped, Math.max(1, max - extra)).replace(DANGLING_ESCAPE, "$1…");
  return cut === "" ? "" : isolate(cut).text;
}

/** Like {@link inline} but on one line (titles, field names, list items). */
export function inlineLine(text: string, max: number): string {
  return inline(text.replace(/\s+/g, " "), max);
}

/** User text shown verbatim inside an inline code span, at most `max` code points including the backticks. */
export function code(text: string, max: number): string {
  const cleaned = sanitize(text).replace(/\s+/g, " ");
  const extra = isolate(cleaned).extra;
  const cut = truncate(cleaned, Math.max(1, max - 2 - extra));
  return codeSpan(cut === "" ? "" : isolate(cut).text);
}

/** User text shown verbatim in a fenced code block, at most `max` code points including the fences. */
export function codeBlock(text: string, max: number): string {
  // A run of backticks could close the fence early; the modifier letter grave looks the same and cannot.
  const cleaned = sanitize(text).replace(/`/g, "ˋ");
  const fence = "```\n";
  const end = "\n```";
  const extra = isolate(cleaned).extra;
  const cut = truncate(cleaned, Math.max(1, max - fence.length - end.length - extra));
  return `${fence}${cut === "" ? " " : isolate(cut).text}${end}`;
}

/** An error as text: `Name: message` for an `Error`, the string itself otherwise. */
export function describeError(error: Error | string): string {
  if (typeof error === "string") return error;
  const name = error.name || "Error";
  return error.message ? `${name}: ${error.message}` : name;
}

const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const countFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const plainAmount = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `97.5` → `"97.5%"`. */
export function formatPercent(value: number): string {
  return `${numberFormat.format(value)}%`;
}

/** `12345` → `"12,345"`. */
export function formatCount(value: number): string {
  return countFormat.format(value);
}

/**
 * An amount in major units with its ISO 4217 currency: `(12.5, "usd")` → `"$12.50"`. Without a currency the
 * number is shown with two decimals.
 */
export function formatAmount(amount: number, currency?: string): string {
  if (currency === undefined) return plainAmount.format(amount);
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(amount);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Milliseconds as a short duration: `850 ms`, `12.3 s`, `4m 05s`, `1h 02m 03s`, `2d 03h 04m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${String(Math.floor(ms))} ms`;
  if (ms < 60_000) return `${numberFormat.format(Math.floor(ms / 100) / 10)} s`;
  const totalSeconds = Math.floor(ms / 1000);
  const s = totalSeconds % 60;
  const totalMinutes = Math.floor(totalSeconds / 60);
  const m = totalMinutes % 60;
  const totalHours = Math.floor(totalMinutes / 60);
  if (totalHours === 0) return `${m}m ${pad(s)}s`;
  const h = totalHours % 24;
  const days = Math.floor(totalHours / 24);
  if (days === 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  return `${countFormat.format(days)}d ${pad(h)}h ${pad(m)}m`;
}

/** A ten-cell bar for a percentage (clamped to 0-100). */
export function usageBar(percent: number): string {
  const filled = Math.round(Math.min(100, Math.max(0, percent)) / 10);
  return "█".repeat(filled) + "░".repeat(10 - filled);
}

import { codeSpan, escapeMarkdown, neutralizeMentions, TRUNCATE_LOOKAHEAD, truncate } from "../discord/text.js";

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

// A character that is neither whitespace (what trim() removes) nor a control character sanitize() removes.
// eslint-disable-next-line no-control-regex
const VISIBLE = /[^\s\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// A run of control characters sanitize() removes, where it starts.
// eslint-disable-next-line no-control-regex
const CONTROL_RUN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]+/y;

/** Index of the first visible character of `text` at or after `from`, or `text.length` when there is none. */
function nextVisible(text: string, from: number): number {
  VISIBLE.lastIndex = from;
  // Without the `u` flag a character class matches one UTF-16 unit: the match starts one unit before lastIndex.
  return VISIBLE.test(text) ? VISIBLE.lastIndex - 1 : text.length;
}

/** True when `text` has nothing to show once cleaned and trimmed. Stops at the first visible character. */
export function isBlank(text: string): boolean {
  return nextVisible(text, 0) === text.length;
}

/**
 * Code points of user text read past a budget: the cut's grapheme lookahead, plus room for a markdown escape,
 * `@everyone` or a mention to be recognised whole on either side of the cut.
 */
const HEAD_MARGIN = TRUNCATE_LOOKAHEAD + 32;

function isControlUnit(c: number): boolean {
  return c <= 0x08 || c === 0x0b || c === 0x0c || (c >= 0x0e && c <= 0x1f) || (c >= 0x7f && c <= 0x9f);
}

// What String.prototype.trim() and /\s/ treat as whitespace (WhiteSpace and LineTerminator).
function isSpaceUnit(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * The beginning of user text, cleaned as {@link sanitize} does (with `oneLine`, each whitespace run also becomes one
 * space) and without leading whitespace: the first `max` + a margin code points of it, and, when more content
 * follows, one further character standing for it (so a cut still knows the text goes on). Cutting this to `max`
 * gives what cleaning and cutting the whole text would, but reads only as much of the input as the budget needs
 * (runs of whitespace and control characters are skipped natively): formatting a megabyte of user text costs
 * about what formatting a few kilobytes does.
 */
export function head(text: string, max: number, oneLine = false): string {
  const need = Math.max(0, max) + HEAD_MARGIN;
  const n = text.length;
  let i = nextVisible(text, 0);
  let out = "";
  let from = i;
  let kept = 0;
  while (i < n && kept < need) {
    const c = text.charCodeAt(i);
    if (isControlUnit(c)) {
      out += text.slice(from, i);
      CONTROL_RUN.lastIndex = i;
      CONTROL_RUN.test(text);
      from = i = CONTROL_RUN.lastIndex;
    } else if (oneLine && isSpaceUnit(c)) {
      // Controls inside a run are removed before runs are collapsed, so the run around them is one run.
      out += `${text.slice(from, i)} `;
      kept++;
      from = i = nextVisible(text, i);
    } else {
      const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      i += pair ? 2 : 1;
      kept++;
    }
  }
  out += text.slice(from, i);
  if (i >= n) return out;
  // Stopped on the budget: the next visible character (if any) tells a cut that the text goes on.
  const j = nextVisible(text, i);
  return j < n ? out + String.fromCodePoint(text.codePointAt(j) ?? 0xfffd) : out;
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
  return inlineHead(head(text, max), max);
}

function inlineHead(cleaned: string, max: number): string {
  const extra = isolate(cleaned).extra;
  const escaped = escapeMarkdown(neutralizeMentions(cleaned));
  const cut = truncate(escaped, Math.max(1, max - extra)).replace(DANGLING_ESCAPE, "$1…");
  return cut === "" ? "" : isolate(cut).text;
}

/** Like {@link inline} but on one line (titles, field names, list items). */
export function inlineLine(text: string, max: number): string {
  return inlineHead(head(text, max, true), max);
}

/** User text shown verbatim inside an inline code span, at most `max` code points including the backticks. */
export function code(text: string, max: number): string {
  const cleaned = head(text, max, true);
  const extra = isolate(cleaned).extra;
  const cut = truncate(cleaned, Math.max(1, max - 2 - extra));
  return codeSpan(cut === "" ? "" : isolate(cut).text);
}

/** User text shown verbatim in a fenced code block, at most `max` code points including the fences. */
export function codeBlock(text: string, max: number): string {
  // A run of backticks could close the fence early; the modifier letter grave looks the same and cannot.
  const cleaned = head(text, max).replace(/`/g, "ˋ");
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

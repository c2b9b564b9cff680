/**
 * Text as Discord counts it: in Unicode code points after trimming. JavaScript's `.length` counts UTF-16 units,
 * so an emoji is 2 here and 1 at Discord. Cuts happen on grapheme boundaries so no emoji is split in half.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ELLIPSIS = "…";

let segmenter: Intl.Segmenter | undefined;
function graphemeSegments(text: string): Intl.Segments {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  return segmenter.segment(text);
}

/**
 * Code points read past the cut before segmenting. Whether a grapheme boundary falls at a position depends only on
 * the text before it and the one code point after it (UAX #29), so a prefix that reaches past the cut segments the
 * cut exactly as the whole text would; the margin is slack on top of that single code point.
 */
export const TRUNCATE_LOOKAHEAD = 32;

/** UTF-16 index just after the first `count` code points of `text` (or `text.length` when it has fewer). */
function indexAfterCodePoints(text: string, count: number): number {
  let i = 0;
  for (let n = 0; n < count && i < text.length; n++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Number of Unicode code points in `text` (what Discord counts). */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point: skip the low half.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Length as Discord validates it: code points of the trimmed text. */
export function discordLength(text: string): number {
  return codePointLength(text.trim());
}

/** Replaces lone (unpaired) surrogates, which make an invalid JSON payload for Discord, with U+FFFD. */
export function replaceLoneSurrogates(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}

/**
 * Makes user text safe to send: lone surrogates become U+FFFD, surrounding whitespace is trimmed,
 * and the result is cut to `max` code points with an ellipsis on a grapheme boundary.
 *
 * @example
 * ```ts
 * truncate("🔥".repeat(300), 256) // 255 flames and "…"
 * ```
 */
export function truncate(text: string, max: number, ellipsis: string = ELLIPSIS): string {
  // Work is bounded by `max`, not by the input: only a prefix of max + TRUNCATE_LOOKAHEAD code points is ever
  // cleaned or segmented (Intl.Segmenter is slow on long strings: V8's iterator costs time in the whole input per
  // step). Trimming and replacing lone surrogates commute (neither a surrogate nor U+FFFD is whitespace), and a
  // prefix is cut between code points, so the prefix is cleaned exactly as the whole text would be.
  const trimmed = text.trim();
  const fits = indexAfterCodePoints(trimmed, max) === trimmed.length;
  if (fits) return replaceLoneSurrogates(trimmed);
  // An ellipsis longer than the room itself would overshoot `max`: cut without one then.
  const mark = codePointLength(ellipsis) <= max ? ellipsis : "";
  const room = Math.max(0, max - codePointLength(mark));
  const cut = indexAfterCodePoints(trimmed, room);
  const prefix = replaceLoneSurrogates(trimmed.slice(0, indexAfterCodePoints(trimmed, room + TRUNCATE_LOOKAHEAD)));
  // The grapheme that holds the cut position is kept only when it ends there; otherwise the cut moves to its start.
  const at = cut === 0 || cut >= prefix.length ? cut : (graphemeSegments(prefix).containing(cut)?.index ?? cut);
  // Trim again so the cut never leaves trailing whitespace before the ellipsis.
  return prefix.slice(0, at).trimEnd() + mark;
}

/** Escapes Discord markdown so user text is shown as written and cannot change the layout around it. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_~|>#[\]()-])/g, "\\$1");
}

/**
 * Puts user text inside an inline code span safely: backticks cannot close the span early,
 * and an empty value still renders.
 */
export function codeSpan(text: string): string {
  const safe = replaceLoneSurrogates(text).replace(/`/g, "ˋ").replace(/\r\n|[\r\n]/g, " ").trim();
  return `\`${safe === "" ? " " : safe}\``;
}

/** Neutralises mention syntax (`@everyone`, `<@id>`, `<@&id>`) so it renders as text and can never ping. */
export function neutralizeMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, "@\u200b$1").replace(/<@([!&]?\d+)>/g, "<@\u200b$1>");
}

/**
 * Text as Discord counts it: in Unicode code points after trimming. JavaScript's `.length` counts UTF-16 units,
 * so an emoji is 2 here and 1 at Discord. Cuts happen on grapheme boundaries so no emoji is split in half.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ELLIPSIS = "…";

let segmenter: Intl.Segmenter | undefined;
function graphemes(text: string): Iterable<Intl.SegmentData> {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  return segmenter.segment(text);
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
  const clean = replaceLoneSurrogates(text).trim();
  if (codePointLength(clean) <= max) return clean;
  // An ellipsis longer than the room itself would overshoot `max`: cut without one then.
  const mark = codePointLength(ellipsis) <= max ? ellipsis : "";
  const room = Math.max(0, max - codePointLength(mark));
  let out = "";
  let used = 0;
  for (const { segment } of graphemes(clean)) {
    const len = codePointLength(segment);
    if (used + len > room) break;
    out += segment;
    used += len;
  }
  // Trim again so the cut never leaves trailing whitespace before the ellipsis.
  return out.trimEnd() + mark;
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

/**
 * A strict reader of the inbox's markup, for injection tests: every tag must be one the renderer writes, with only
 * the attributes it writes, quoted, and links only to http(s). Escaped user text can contain neither `<` nor `"`,
 * so anything a hostile string smuggled in shows up as an unknown tag, an unknown attribute or a stray `<`.
 */
const TAGS = new Set(["article", "div", "span", "header", "time", "a", "strong", "em", "u", "s", "code", "pre", "blockquote", "br"]);
const ATTRIBUTES = new Set(["class", "style", "href", "target", "rel", "title", "datetime", "aria-hidden", "data-color", "data-kind", "data-status", "data-message-id", "data-group", "data-at"]);
const TAG = /<(\/?)([a-z0-9]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/g;
const ATTRIBUTE = /\s+([a-z-]+)="([^"<>]*)"/g;

/** Throws when `html` holds anything the renderer does not write. Returns the text content (entities kept). */
export function assertSafeMarkup(html: string): string {
  const text = html.replace(TAG, (whole: string, _close: string, tag: string, attrs: string) => {
    if (!TAGS.has(tag)) throw new Error(`unexpected tag <${tag}> in ${html}`);
    for (const [, name, value] of attrs.matchAll(ATTRIBUTE)) {
      if (!ATTRIBUTES.has(name!)) throw new Error(`unexpected attribute ${name!} in ${whole}`);
      if (name === "href" && !/^https?:\/\//.test(value!)) throw new Error(`non-http link ${value!}`);
      if (name === "style" && !/^(border-left-color:(#[0-9a-f]{6}|var\(--embed-border\))|background:#[0-9a-f]{6}|grid-column:\d+ \/ \d+)$/.test(value!)) {
        throw new Error(`unexpected style ${value!}`);
      }
    }
    return "";
  });
  if (/[<>"]/.test(text)) throw new Error(`unescaped markup left after removing the renderer's tags: ${text}`);
  if (/&(?!(amp|lt|gt|quot|#39);)/.test(text)) throw new Error(`a bare & in ${text}`);
  return text;
}

/** The text a browser would show (tags removed, entities decoded). */
export function visibleText(html: string): string {
  return html
    .replace(/<br>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

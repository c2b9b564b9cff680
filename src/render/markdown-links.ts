/**
 * Links in the renderer's markdown: masked links, `<url>` and bare URLs. Only http(s) URLs become links, never inside
 * a link's own text. Each span end is found by the forward-only searches of `./markdown-scan.ts`.
 */
import { escapeHtml, safeHttpUrl } from "./escape.js";
import { startsWithHttp, type Piece, type Scan } from "./markdown-scan.js";

const SPACE = /\s/;
const URL_TAIL = ".,:;\"')]";

function link(href: string, inner: string): string {
  return `<a class="md-link" href="${escapeHtml(href)}" target="_blank" rel="noreferrer noopener">${inner}</a>`;
}

/** A link's visible URL: a link unless unsafe or inside a link text. */
function urlPiece(url: string, length: number, inLink: boolean): Piece {
  const href = safeHttpUrl(url);
  const text = escapeHtml(url);
  return { html: href === null || inLink ? text : link(href, text), length };
}

function skipSpaces(scan: Scan, from: number): number {
  let k = from;
  while (k < scan.src.length && SPACE.test(scan.src.charAt(k))) k += 1;
  scan.spend(k - from);
  return k;
}

function afterScheme(s: string, i: number): number {
  return i + (s.startsWith("https://", i) ? 8 : 7);
}

/** `[text](url)`, also `[text](<url>)`: `\[([^[\]\n]+)\]\(\s*<?(https?:\/\/[^\s<>)]+)>?\s*\)`. */
export function maskedLink(scan: Scan, p: number, inLink: boolean, text: (inner: string) => string): Piece | null {
  const s = scan.src;
  const close = scan.nextWhere("link-text", p + 1, (c) => c === "[" || c === "]" || c === "\n");
  if (close === p + 1 || s[close] !== "]" || s[close + 1] !== "(") return null;
  let from = skipSpaces(scan, close + 2);
  if (s[from] === "<") from += 1;
  if (!startsWithHttp(s, from)) return null;
  const host = afterScheme(s, from);
  const urlEnd = scan.nextWhere("link-url", host, (c) => c === "<" || c === ">" || c === ")" || SPACE.test(c));
  if (urlEnd === host) return null;
  const end = skipSpaces(scan, s[urlEnd] === ">" ? urlEnd + 1 : urlEnd);
  if (s[end] !== ")") return null;
  const href = safeHttpUrl(s.slice(from, urlEnd));
  if (href === null || inLink) return { html: escapeHtml(s.slice(p, end + 1)), length: end + 1 - p };
  return { html: link(href, text(s.slice(p + 1, close))), length: end + 1 - p };
}

/** `<https://…>`: `<(https?:\/\/[^\s>]+)>`. */
export function autolink(scan: Scan, p: number, inLink: boolean): Piece | null {
  const s = scan.src;
  if (!startsWithHttp(s, p + 1)) return null;
  const host = afterScheme(s, p + 1);
  const end = scan.nextWhere("autolink", host, (c) => c === ">" || SPACE.test(c));
  if (end === host || s[end] !== ">") return null;
  return urlPiece(s.slice(p + 1, end), end + 1 - p, inLink);
}

/** A bare URL, without trailing punctuation: `https?:\/\/[^\s<]+[^<.,:;"')\]\s]`. */
export function bareUrl(scan: Scan, p: number, inLink: boolean): Piece | null {
  const s = scan.src;
  if (!startsWithHttp(s, p)) return null;
  const host = afterScheme(s, p);
  const runEnd = scan.nextWhere("url", host, (c) => c === "<" || SPACE.test(c));
  let end = runEnd;
  while (end >= host + 2 && URL_TAIL.includes(s.charAt(end - 1))) end -= 1;
  scan.spend(runEnd - end);
  return end < host + 2 ? null : urlPiece(s.slice(p, end), end - p, inLink);
}

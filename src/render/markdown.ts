/**
 * The markdown subset Discord renders in message content, embed descriptions and field values: bold, italic,
 * underline, strike, spoilers, inline code, code blocks, masked and bare links, block quotes, headings, subtext,
 * list items, mentions, timestamps and backslash escapes. Every piece of text is HTML-escaped; only http(s) URLs
 * become links. Rendering takes time linear in the text (see `./markdown-scan.ts`): a hostile message cannot stall
 * the fake that renders it.
 */
import { escapeHtml } from "./escape.js";
import { lineBlock, mention } from "./markdown-lines.js";
import { autolink, bareUrl, maskedLink } from "./markdown-links.js";
import { Scan, type Piece, type Work } from "./markdown-scan.js";

interface Ctx {
  depth: number;
  /** Inside a block quote (Discord does not nest them) or a link text (no links in links). */
  inQuote: boolean;
  inLink: boolean;
  work: Work;
}

const MAX_DEPTH = 16;
const MENTION = /<(?:@!?|@&|#)\d{1,25}>|<t:-?\d{1,13}(?::[tTdDfFR])?>/y;
const QUOTE_REST = /^ *>>> ([\s\S]*)/;
const QUOTE_LINES = /^ *> [^\n]*(?:\n *> [^\n]*)*\n?|^ *>\n/;

function nested(src: string, ctx: Ctx, extra: Partial<Ctx> = {}): string {
  return parse(src, { ...ctx, ...extra, depth: ctx.depth + 1 });
}

function wrapped(tag: string, cls: string, inner: string, length: number): Piece {
  return { html: `<${tag} class="${cls}">${inner}</${tag}>`, length };
}

/** `<@id>`, `<@&id>`, `<#id>` or `<t:…>`. */
function mentionAt(scan: Scan, p: number): Piece | null {
  MENTION.lastIndex = p;
  const m = MENTION.exec(scan.src);
  return m ? { html: mention(m[0]), length: m[0].length } : null;
}

/** `dd…dd` spans (bold, underline, strike, spoiler). */
function pair(scan: Scan, p: number, ctx: Ctx, d: string, noThird: boolean, tag: string, cls: string): Piece | null {
  if (scan.src[p + 1] !== d) return null;
  const closer = scan.pairCloser(p, d, noThird);
  return closer < 0 ? null : wrapped(tag, cls, nested(scan.src.slice(p + 2, closer), ctx), closer + 2 - p);
}

function emphasis(scan: Scan, p: number, ctx: Ctx, mark: "*" | "_"): Piece | null {
  const end = scan.emphasisEnd(p, mark);
  return end < 0 ? null : wrapped("em", "md-italic", nested(scan.src.slice(p + 1, end - 1), ctx), end - p);
}

/** The inline rules, by the character they start with, in Discord's priority order. */
function inline(scan: Scan, p: number, ctx: Ctx): Piece | null {
  const s = scan.src;
  switch (s[p]) {
    case "\\":
      return p + 1 < s.length && !/[0-9A-Za-z\s]/.test(s.charAt(p + 1)) ? { html: escapeHtml(s.charAt(p + 1)), length: 2 } : null;
    case "[":
      return maskedLink(scan, p, ctx.inLink, (text) => nested(text, ctx, { inLink: true }));
    case "<":
      return mentionAt(scan, p) ?? autolink(scan, p, ctx.inLink);
    case "h":
      return bareUrl(scan, p, ctx.inLink);
    case "*":
      return pair(scan, p, ctx, "*", true, "strong", "md-bold") ?? emphasis(scan, p, ctx, "*");
    case "_":
      return pair(scan, p, ctx, "_", true, "u", "md-underline") ?? emphasis(scan, p, ctx, "_");
    case "~":
      return pair(scan, p, ctx, "~", false, "s", "md-strike");
    case "|":
      return pair(scan, p, ctx, "|", false, "span", "md-spoiler");
    case "\n":
      return { html: "<br>", length: 1 };
    default:
      return null;
  }
}

/**
 * A fenced code block (```` ```lang\ncode``` ````) or inline code. The fence is found by a forward search, not a
 * regex: a pattern with optional newlines around lazy content backtracks cubically on an unclosed fence.
 */
function code(scan: Scan, p: number): Piece | null {
  const s = scan.src;
  if (s.startsWith("```", p)) {
    const end = scan.seek("fence", p + 3, (j) => s.startsWith("```", j));
    if (end !== -1) {
      let body = s.slice(p + 3, end);
      scan.spend(body.length);
      const lang = /^[A-Za-z0-9_+#.-]+\n/.exec(body);
      if (lang) body = body.slice(lang[0].length);
      let from = 0;
      let to = body.length;
      while (from < to && body[from] === "\n") from += 1;
      while (to > from && body[to - 1] === "\n") to -= 1;
      if (from < to) return { html: `<pre class="md-codeblock"><code>${escapeHtml(body.slice(from, to))}</code></pre>`, length: end + 3 - p };
    }
  }
  const inlineCode = scan.inlineCode(p);
  if (!inlineCode) return null;
  const text = s.slice(inlineCode.from, inlineCode.to).trim();
  return { html: `<code class="md-code">${escapeHtml(text)}</code>`, length: inlineCode.end - p };
}

/** A block quote at the start of a line: `> line` lines, or `>>> ` quoting everything after it. */
function quote(rest: string, ctx: Ctx): Piece | null {
  if (ctx.inQuote) return null;
  const all = QUOTE_REST.exec(rest);
  const lines = all ? null : QUOTE_LINES.exec(rest);
  if (!all && !lines) return null;
  const length = (all ?? lines)?.[0].length ?? 0;
  const body = all ? (all[1] ?? "") : (lines?.[0] ?? "").replace(/^ *> ?/gm, "").replace(/\n$/, "");
  return { html: `<blockquote class="md-quote">${nested(body, ctx, { inQuote: true })}</blockquote>`, length };
}

function lineStart(scan: Scan, i: number, ctx: Ctx): Piece | null {
  const rest = scan.src.slice(i);
  const piece = quote(rest, ctx) ?? lineBlock(rest, (inner) => nested(inner, ctx));
  scan.spend(piece?.length ?? 1);
  return piece;
}

function parse(src: string, ctx: Ctx): string {
  if (ctx.depth > MAX_DEPTH) {
    ctx.work.steps += src.length;
    return escapeHtml(src);
  }
  const scan = new Scan(src, ctx.work);
  let out = "";
  let i = 0;
  while (i < src.length) {
    ctx.work.steps += 1;
    const atLineStart = i === 0 || src[i - 1] === "\n";
    const piece = (atLineStart ? lineStart(scan, i, ctx) : null) ?? (src.charCodeAt(i) === 96 ? code(scan, i) : null) ?? inline(scan, i, ctx);
    if (piece) {
      out += piece.html;
      i += piece.length;
      continue;
    }
    const end = scan.textEnd(i);
    out += escapeHtml(src.slice(i, end));
    i = end;
  }
  return out;
}

/**
 * Renders Discord markdown as HTML. The result is safe to insert into a page: every character of `text` is
 * escaped, and links point only at http(s) URLs. Takes time linear in `text`.
 *
 * @example
 * ```ts
 * markdownToHtml("**Crashed** on `node-3`"); // '<strong class="md-bold">Crashed</strong> on <code class="md-code">node-3</code>'
 * ```
 */
export function markdownToHtml(text: string): string {
  return parse(text, { depth: 0, inQuote: false, inLink: false, work: { steps: 0 } });
}

/**
 * The characters {@link markdownToHtml} visits for `text`, all nesting levels summed: a deterministic cost measure
 * for tests and benchmarks (twice the text must cost about twice the steps).
 */
export function markdownSteps(text: string): number {
  const work = { steps: 0 };
  parse(text, { depth: 0, inQuote: false, inLink: false, work });
  return work.steps;
}
